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
        // TODO: first decide how many bytes to keep: none (FreeAll), all the chunks
        // together (RetainCapacity), or that but at most the limit. Then every block
        // is freed, and the chunks become at most one chunk of that size:
        //   - one chunk already of that size is kept as it is, with no child call
        //     (the common case in a loop);
        //   - otherwise every chunk goes back to the child (an unsafe call: say
        //     why), and one chunk of the kept size, if any, comes from it.
        // Taking the arena exclusively (this method's receiver) proves nobody else
        // is looking: the RefCell has a way to reach its value without a borrow.
        todo!("reset {:?} with {mode:?}", self.chunk_sizes())
    }
}

fn chunk_layout(len: usize) -> Layout {
    Layout::from_size_align(len, CHUNK_ALIGN).expect("chunk sizes are valid layouts")
}
