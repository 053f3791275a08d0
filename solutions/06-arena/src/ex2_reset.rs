//! Exercise arena-2: reset — free everything, or keep the memory for the
//! next round.

use crate::ex1_chunks::{CHUNK_ALIGN, ChunkArena};
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;

/// What [`ChunkArena::reset`] keeps (Zig's `ArenaAllocator.ResetMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResetMode {
    /// Give every chunk back.
    FreeAll,
    /// Keep one chunk as large as all of them together.
    RetainCapacity,
    /// As `RetainCapacity`, but at most this many bytes.
    RetainWithLimit(usize),
}

impl<A: Allocator> ChunkArena<A> {
    /// Frees every block. Afterwards the arena holds no chunk (`FreeAll`, or
    /// nothing to keep) or exactly one, of the retained size. `&mut self`: no
    /// block of the arena can still be in use.
    pub fn reset(&mut self, mode: ResetMode) -> Result<(), OutOfMemory> {
        let total: usize = self.chunk_sizes().iter().sum();
        let keep = match mode {
            ResetMode::FreeAll => 0,
            ResetMode::RetainCapacity => total,
            ResetMode::RetainWithLimit(limit) => limit.min(total),
        };
        self.end.set(0);
        let chunks = self.chunks.get_mut();
        // One chunk of exactly the right size already: keep it as it is.
        if chunks.len() == 1 && chunks[0].1 == keep {
            return Ok(());
        }
        for (chunk, len) in chunks.drain(..) {
            // SAFETY: a chunk of `child` with this layout; no block is in use.
            unsafe { self.child.free(chunk, chunk_layout(len)) };
        }
        if keep > 0 {
            let chunk = self.child.alloc(chunk_layout(keep))?;
            chunks.push((chunk, keep));
        }
        Ok(())
    }
}

fn chunk_layout(len: usize) -> Layout {
    Layout::from_size_align(len, CHUNK_ALIGN).expect("chunk sizes are valid layouts")
}
