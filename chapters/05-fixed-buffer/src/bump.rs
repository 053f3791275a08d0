//! The bump arithmetic, shared by every allocator in this crate.
//!
//! A buffer of `capacity` bytes starts at `base`; its first `end` bytes are
//! taken. These functions work on offsets, so the single-threaded and the
//! thread-safe allocators (and the stack-fallback one) run the same code.

use allocator_interface::layout::align_up;
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

// ANCHOR: place
/// Where a block for `layout` goes: its first byte and the new end, both as
/// offsets from `base`. `None` if it does not fit (or an address overflows),
/// and for a zero size, which the contract rules out: refused, not placed.
///
/// ```text
///  base                 base+end   start          new end        capacity
///   |####### taken #######|..pad..|#### layout.size() ####|   free   |
/// ```
#[inline]
pub(crate) fn place(base: usize, end: usize, capacity: usize, layout: Layout) -> Option<(usize, usize)> {
    if layout.size() == 0 {
        return None;
    }
    let next = base.checked_add(end)?;
    // Align the *address*, not the offset: the buffer itself may start anywhere.
    let start = align_up(next, layout.align())? - base;
    let new_end = start.checked_add(layout.size())?;
    (new_end <= capacity).then_some((start, new_end))
}
// ANCHOR_END: place

/// The end index after a resize of the block `[start, start + old)` to `new`
/// bytes, if the block is the last one (it ends at `end`) and the result fits;
/// `None` otherwise.
#[inline]
pub(crate) fn resized_end(end: usize, capacity: usize, start: usize, old: usize, new: usize) -> Option<usize> {
    let is_last = start + old == end;
    let new_end = start.checked_add(new)?;
    (is_last && new_end <= capacity).then_some(new_end)
}

// ANCHOR: region
/// A buffer and its end index: the whole state of a single-threaded bump
/// allocator. `FixedBufferAllocator` and the stack-fallback allocator both
/// run their blocks through this (and so does lesson 06's arena, one chunk
/// at a time).
#[derive(Debug)]
pub struct Region<'a> {
    pub(crate) start: NonNull<u8>,
    pub(crate) capacity: usize,
    pub(crate) end: &'a Cell<usize>,
}

impl<'a> Region<'a> {
    /// The region of `capacity` bytes at `start`, of which the first `end`
    /// are taken.
    ///
    /// # Safety
    /// `start..start + capacity` must be one live allocation (or `capacity`
    /// must be 0), valid for as long as the region and the blocks it hands
    /// out are used, and `end` must never exceed `capacity`.
    #[inline]
    pub const unsafe fn new(start: NonNull<u8>, capacity: usize, end: &'a Cell<usize>) -> Self {
        Region { start, capacity, end }
    }

    /// A block for `layout` at the end, or `None` (and no change) if full.
    #[inline]
    pub fn alloc(&self, layout: Layout) -> Option<NonNull<u8>> {
        let (start, new_end) = place(self.start.addr().get(), self.end.get(), self.capacity, layout)?;
        debug_assert!(start < new_end && new_end <= self.capacity);
        self.end.set(new_end);
        // SAFETY: `start < new_end <= capacity` (`place` refuses zero sizes):
        // inside the buffer.
        Some(unsafe { self.start.add(start) })
    }

    /// Resizes in place: the last block can grow into free space or shrink
    /// (giving the tail back); any other block can only shrink, and keeps
    /// its tail until a reset. As Zig's `FixedBufferAllocator.resize`.
    #[inline]
    pub fn resize(&self, ptr: NonNull<u8>, old: usize, new: usize) -> bool {
        if new == 0 {
            return false; // the contract rules it out: refused
        }
        match resized_end(self.end.get(), self.capacity, self.offset_of(ptr), old, new) {
            Some(new_end) => {
                self.end.set(new_end);
                true
            }
            None => new <= old,
        }
    }

    /// Gives the block back if it is the last one; otherwise does nothing.
    #[inline]
    pub fn free(&self, ptr: NonNull<u8>, len: usize) {
        if self.is_last(ptr, len) {
            self.end.set(self.end.get() - len);
        }
    }

    /// `true` if the block ends where the free space begins.
    #[inline]
    pub fn is_last(&self, ptr: NonNull<u8>, len: usize) -> bool {
        self.offset_of(ptr) + len == self.end.get()
    }

    /// `true` if `ptr` points into the buffer.
    #[inline]
    pub fn owns(&self, ptr: *const u8) -> bool {
        let start = self.start.as_ptr().addr();
        (start..start + self.capacity).contains(&ptr.addr())
    }

    #[inline]
    fn offset_of(&self, ptr: NonNull<u8>) -> usize {
        debug_assert!(self.owns(ptr.as_ptr()), "a block of another allocator");
        ptr.addr().get() - self.start.addr().get()
    }
}
// ANCHOR_END: region

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn place_aligns_the_address_and_checks_the_capacity() {
        assert_eq!(place(0x1000, 0, 64, layout(8, 8)), Some((0, 8)));
        assert_eq!(place(0x1000, 1, 64, layout(8, 8)), Some((8, 16)));
        // A buffer that starts at an odd address: offset 3 is address 0x1004.
        assert_eq!(place(0x1001, 0, 64, layout(4, 4)), Some((3, 7)));
        assert_eq!(place(0x1000, 60, 64, layout(4, 4)), Some((60, 64)));
        assert_eq!(place(0x1000, 61, 64, layout(4, 4)), None);
        assert_eq!(place(usize::MAX - 3, 0, 64, layout(1, 8)), None);
    }

    #[test]
    fn only_the_last_block_moves_the_end() {
        assert_eq!(resized_end(16, 64, 8, 8, 32), Some(40));
        assert_eq!(resized_end(16, 64, 8, 8, 2), Some(10));
        assert_eq!(resized_end(16, 64, 0, 8, 32), None, "not the last block");
        assert_eq!(resized_end(16, 64, 8, 8, 57), None, "past the capacity");
    }
}
