//! Exercise fixed-7 (capstone): a double-ended stack.
//!
//! One buffer, two stacks growing towards each other: the *low* end bumps up
//! from the start, the *high* end bumps down from the end. A program keeps
//! its results at one end and its temporaries at the other, and throws the
//! temporaries away (`reset_low`) without touching the results. Games and
//! compilers use this shape for per-frame and per-pass scratch memory.
//!
//! ```text
//!  start                                                          end
//!  | low blocks → |            free              | ← high blocks |
//!  0            low                             high        capacity
//! ```
//!
//! The book's exercises page (05, "fixed-7") describes the design. The low
//! end goes up like the chapter's allocator; the high end goes down like
//! yours from fixed-1 to fixed-4.

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::marker::PhantomData;
use core::ptr::NonNull;

/// Two bump stacks in one borrowed buffer: `[0, low)` is the low end's,
/// `[high, capacity)` the high end's, and `low <= high` always.
#[derive(Debug)]
pub struct DoubleEnded<'buf> {
    // TODO: the state. The buffer (where it starts, how long it is) and a
    // mark per end. Both handles share the stack through a shared reference, so the
    // marks change through a shared reference: choose the cell that page
    // 05/bump.md uses for the same reason. Keep the marker: it is what
    // keeps the buffer borrowed while the stack lives.
    _buffer: PhantomData<&'buf mut [u8]>,
}

/// The low end as an allocator: blocks go up from the start of the buffer.
#[derive(Clone, Copy, Debug)]
pub struct Low<'a, 'buf>(&'a DoubleEnded<'buf>);

/// The high end as an allocator: blocks go down from the end of the buffer.
#[derive(Clone, Copy, Debug)]
pub struct High<'a, 'buf>(&'a DoubleEnded<'buf>);

impl<'buf> DoubleEnded<'buf> {
    /// Both stacks empty, over `buffer`, which stays borrowed while they live.
    pub fn new(buffer: &'buf mut [u8]) -> Self {
        // TODO: both ends empty: the low mark at the start, the high mark at
        // the end. An empty buffer is allowed (every request is refused).
        todo!("a double-ended stack over {} bytes", buffer.len())
    }

    /// The allocator for the low end.
    pub fn low(&self) -> Low<'_, 'buf> {
        Low(self)
    }

    /// The allocator for the high end.
    pub fn high(&self) -> High<'_, 'buf> {
        High(self)
    }

    /// Bytes used by the low end (from the start of the buffer), padding
    /// included.
    pub fn used_low(&self) -> usize {
        todo!("bytes used at the low end")
    }

    /// Bytes used by the high end (up to the end of the buffer), padding
    /// included.
    pub fn used_high(&self) -> usize {
        todo!("bytes used at the high end")
    }

    /// Bytes still free between the two ends.
    pub fn free_bytes(&self) -> usize {
        todo!("bytes between the ends")
    }

    /// Frees every block of the low end; the high end's stay.
    pub fn reset_low(&mut self) {
        // TODO: why does this take the stack exclusively, when allocating shares it?
        // (What could still point into the low end otherwise?)
        todo!("empty the low end")
    }

    /// Frees every block of the high end; the low end's stay.
    pub fn reset_high(&mut self) {
        todo!("empty the high end")
    }
}

// TODO: the low end. It is the chapter's bump allocator with one change: its
// limit is the high mark, not the end of the buffer. Contract, as for every
// allocator of the course (03/interface.md, "The four operations"):
// - alloc: the block starts at the first address at or above the low mark
//   that has the requested alignment (align the *address*, not the offset),
//   and ends at or below the high mark; otherwise refuse and change nothing.
//   A zero size is refused. Mind overflow: a huge size or alignment must be
//   a refusal, never a wrap-around.
// - resize: the last block (it ends at the low mark) may grow up to the high
//   mark or shrink, moving the mark; any other block may only shrink.
// - remap: nothing to move here — succeed exactly when resize would.
// - free: only the last block gives its bytes back; any other waits for a
//   reset. Its alignment padding stays used (as in Zig's
//   FixedBufferAllocator, see the book).
//
// SAFETY: write here why your blocks never overlap each other or a high
// block, and why they stay inside the buffer while in use.
unsafe impl Allocator for Low<'_, '_> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        todo!("a low block for {layout:?}")
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        todo!("resize the low block {ptr:?} ({layout:?}) to {new_size} bytes")
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        todo!("remap the low block {ptr:?} ({layout:?}) to {new_size} bytes")
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        todo!("free the low block {ptr:?} ({layout:?})")
    }
}

// TODO: the high end: your downward Bump, with the low mark as its floor.
// - alloc: the block *ends* at or below the high mark and starts at an
//   aligned address, so you go down by the size and then round the address
//   *down* to the alignment. It must not start below the low mark. The same
//   refusals as the low end.
// - resize: the block just above a high block is another block (or the end
//   of the buffer), so in place a high block can only shrink.
// - remap: here a move pays. The last high block (it starts at the high
//   mark) can move so that it still ends where it ends: down to grow, up to
//   shrink, giving space back. Keep the bytes that survive — the old and the
//   new place may overlap, so choose the copy that allows it. Any other
//   block: as resize.
// - free: the last high block gives its bytes back; its padding (above it)
//   stays until a reset.
//
// SAFETY: as for the low end, plus why the copy in remap is sound.
unsafe impl Allocator for High<'_, '_> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        todo!("a high block for {layout:?}")
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        todo!("resize the high block {ptr:?} ({layout:?}) to {new_size} bytes")
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        todo!("remap the high block {ptr:?} ({layout:?}) to {new_size} bytes")
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        todo!("free the high block {ptr:?} ({layout:?})")
    }
}

allocator_interface::impl_allocator_api2!(['a, 'buf] Low<'a, 'buf>);
allocator_interface::impl_allocator_api2!(['a, 'buf] High<'a, 'buf>);
