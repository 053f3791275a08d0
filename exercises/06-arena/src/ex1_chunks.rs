//! Exercise arena-1: bump allocation in chunks that grow.
//!
//! A fixed buffer runs out; an arena does not: when its current chunk is
//! full, it asks its child allocator for a bigger one and carries on. Old
//! chunks stay where they are — their blocks are still in use — until the
//! whole arena is reset or dropped.

// You will need `allocator_interface::layout::align_up`.
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::{Cell, RefCell};
use core::ptr::NonNull;

/// The smallest chunk the arena asks for.
pub const MIN_CHUNK: usize = 256;
/// Chunks are this aligned (blocks up to this alignment need no padding at
/// the start of a chunk).
pub const CHUNK_ALIGN: usize = 16;

/// An arena that keeps its chunks in a list (oldest first) and bumps in the
/// newest one.
#[derive(Debug)]
pub struct ChunkArena<A: Allocator> {
    pub(crate) child: A,
    /// Every chunk: where it starts and how many bytes it has.
    pub(crate) chunks: RefCell<Vec<(NonNull<u8>, usize)>>,
    /// Bytes taken in the newest chunk.
    pub(crate) end: Cell<usize>,
}

impl<A: Allocator> ChunkArena<A> {
    /// An arena with no chunks yet.
    pub fn new(child: A) -> Self {
        Self { child, chunks: RefCell::new(Vec::new()), end: Cell::new(0) }
    }

    /// The size of every chunk, oldest first.
    pub fn chunk_sizes(&self) -> Vec<usize> {
        self.chunks.borrow().iter().map(|&(_, len)| len).collect()
    }

    /// A block for `layout`: bumped in the newest chunk if it fits, else in a
    /// new chunk of `max(MIN_CHUNK, 2 × newest chunk, size + align)` bytes.
    pub fn alloc_bytes(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        // TODO: two paths.
        //   Fast: bump in the newest chunk: the first aligned *address* after the
        //   taken part, if the block still ends inside the chunk (unsafe pointer
        //   arithmetic: say why it stays in bounds).
        //   Slow (no chunk yet, or the block does not fit): a new chunk from the
        //   child, aligned to CHUNK_ALIGN, big enough for this block even at its
        //   worst alignment, never under MIN_CHUNK, and twice the newest chunk so
        //   that n blocks cost log n chunks. Then the fast path must succeed.
        //   A refusal from the child is the arena's refusal.
        // The chunks are in a RefCell: a shared borrow still alive when you take an
        // exclusive one panics.
        todo!("allocate {layout:?} in chunks {:?}", self.chunk_sizes())
    }
}

impl<A: Allocator> Drop for ChunkArena<A> {
    fn drop(&mut self) {
        for (chunk, len) in self.chunks.get_mut().drain(..) {
            let layout = Layout::from_size_align(len, CHUNK_ALIGN).expect("it was valid when allocated");
            // SAFETY: every chunk came from `child` with this layout, and the
            // arena (so every block in it) is gone.
            unsafe { self.child.free(chunk, layout) };
        }
    }
}

// SAFETY: blocks come from `alloc_bytes`, inside a chunk, after every earlier
// block of that chunk; chunks are freed only when the arena is dropped.
// A pure arena: nothing is resized in place or freed on its own.
// A zero size is refused, as the interface's contract says.
unsafe impl<A: Allocator> Allocator for ChunkArena<A> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        self.alloc_bytes(layout)
    }

    unsafe fn resize(&self, _ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        new_size != 0 && new_size <= layout.size()
    }

    unsafe fn remap(&self, _ptr: NonNull<u8>, _layout: Layout, _new_size: usize) -> Option<NonNull<u8>> {
        None
    }

    unsafe fn free(&self, _ptr: NonNull<u8>, _layout: Layout) {}
}

allocator_interface::impl_allocator_api2!([A: Allocator] ChunkArena<A>);
