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
        // TODO: Decide how many bytes to keep: none (`FreeAll`), the total of
        // all chunk sizes (`RetainCapacity`), or the smaller of that and the
        // limit. Then:
        //   - set `end` to 0: every block is freed;
        //   - if there is exactly one chunk and it already has that size,
        //     keep it (no child call at all — the common case in a loop);
        //   - otherwise free every chunk (`self.child.free(chunk,
        //     chunk_layout(len))`, unsafe: say why) and, if anything is to be
        //     kept, allocate one chunk of that size from the child.
        // `self.chunks.get_mut()` gives the `Vec` without a `RefCell` borrow:
        // `&mut self` already proves nobody else is looking.
        todo!("reset {:?} with {mode:?}", self.chunk_sizes())
    }
}

fn chunk_layout(len: usize) -> Layout {
    Layout::from_size_align(len, CHUNK_ALIGN).expect("chunk sizes are valid layouts")
}
