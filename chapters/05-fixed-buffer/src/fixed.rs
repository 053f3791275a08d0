//! Zig's `FixedBufferAllocator`, line for line, with the buffer's lifetime in
//! the type.

use crate::bump::Region;
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::Cell;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ptr::NonNull;

// ANCHOR: struct
/// Hands out blocks from a buffer it borrows, front to back.
///
/// Two numbers are the whole state: where the buffer is, and how much of it
/// is taken (`end_index`). Allocation aligns the end and moves it forward;
/// only the *last* block can be resized or freed (anything else is reclaimed
/// by [`reset`](Self::reset)). `'buf` ties every block to the buffer: the
/// buffer cannot be used, moved or dropped while the allocator lives.
#[derive(Debug)]
pub struct FixedBufferAllocator<'buf> {
    start: NonNull<u8>,
    capacity: usize,
    end_index: Cell<usize>,
    _buffer: PhantomData<&'buf mut [MaybeUninit<u8>]>,
}
// ANCHOR_END: struct

// SAFETY: the allocator is an exclusive borrow of its buffer plus an index,
// like `&'buf mut [u8]`, which is `Send`. It is not `Sync` (`Cell`): sharing
// it between threads needs `ThreadSafeFixedBufferAllocator`.
unsafe impl Send for FixedBufferAllocator<'_> {}

impl<'buf> FixedBufferAllocator<'buf> {
    // ANCHOR: new
    /// An allocator over `buffer`, with nothing allocated.
    pub fn new(buffer: &'buf mut [u8]) -> Self {
        let len = buffer.len();
        let start = NonNull::from(buffer).cast::<u8>();
        Self { start, capacity: len, end_index: Cell::new(0), _buffer: PhantomData }
    }
    // ANCHOR_END: new

    /// An allocator over a buffer that need not be initialised — a
    /// `[MaybeUninit<u8>; N]` on the stack costs nothing to create.
    pub fn from_uninit(buffer: &'buf mut [MaybeUninit<u8>]) -> Self {
        let len = buffer.len();
        let start = NonNull::from(buffer).cast::<u8>();
        Self { start, capacity: len, end_index: Cell::new(0), _buffer: PhantomData }
    }

    /// The buffer's size in bytes.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Bytes taken from the front of the buffer, padding included.
    pub fn end_index(&self) -> usize {
        self.end_index.get()
    }

    /// Bytes still free at the end of the buffer.
    pub fn remaining(&self) -> usize {
        self.capacity - self.end_index.get()
    }

    // ANCHOR: reset
    /// Frees everything at once. `&mut self` proves no block is still in use:
    /// every collection that allocates from `self` borrows it.
    pub fn reset(&mut self) {
        self.end_index.set(0);
    }
    // ANCHOR_END: reset

    // ANCHOR: owns
    /// `true` if `ptr` points into the buffer.
    pub fn owns_ptr(&self, ptr: *const u8) -> bool {
        self.region().owns(ptr)
    }

    /// `true` if the whole of `slice` lies inside the buffer.
    pub fn owns_slice(&self, slice: *const [u8]) -> bool {
        let start = self.start.as_ptr().addr();
        let (ptr, len) = (slice.cast::<u8>().addr(), slice.len());
        ptr >= start && ptr.checked_add(len).is_some_and(|end| end <= start + self.capacity)
    }
    // ANCHOR_END: owns

    /// `true` if the block `ptr`..`ptr + len` is the last one handed out, the
    /// only one that `resize` and `free` can give back.
    pub fn is_last_allocation(&self, ptr: NonNull<u8>, len: usize) -> bool {
        self.region().is_last(ptr, len)
    }

    fn region(&self) -> Region<'_> {
        Region { start: self.start, capacity: self.capacity, end: &self.end_index }
    }
}

// ANCHOR: impl
// SAFETY: `Region` hands out `[start, new_end)` inside the buffer, past every
// live block (they all end at or before `end_index`), aligned as asked. The
// end only moves back over the last block when it is resized or freed, so no
// live byte is handed out twice. Blocks point into the borrowed buffer, which
// outlives `'buf`; moving the allocator does not move the buffer.
unsafe impl Allocator for FixedBufferAllocator<'_> {
    #[inline]
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        self.region().alloc(layout).ok_or(OutOfMemory)
    }

    #[inline]
    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        self.region().resize(ptr, layout.size(), new_size)
    }

    #[inline]
    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // Nothing can move in a bump allocator: remap is resize.
        self.region().resize(ptr, layout.size(), new_size).then_some(ptr)
    }

    #[inline]
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        self.region().free(ptr, layout.size());
    }
}
// ANCHOR_END: impl

allocator_interface::impl_allocator_api2!(['buf] FixedBufferAllocator<'buf>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_memory_changes_nothing() {
        let mut buffer = [0u8; 16];
        let fba = FixedBufferAllocator::new(&mut buffer);
        fba.alloc(Layout::new::<[u8; 10]>()).unwrap();
        assert_eq!(fba.alloc(Layout::new::<[u8; 7]>()), Err(OutOfMemory));
        assert_eq!(fba.end_index(), 10);
        assert!(fba.alloc(Layout::new::<[u8; 6]>()).is_ok(), "an exact fit still works");
    }

    /// Offsets in these tests assume an 8-aligned buffer (a plain `[u8; N]`
    /// may start anywhere: Miri places it at random).
    #[repr(C, align(8))]
    struct Aligned<const N: usize>([u8; N]);

    #[test]
    fn only_the_last_block_is_reclaimed() {
        let mut buffer = Aligned([0u8; 64]);
        let fba = FixedBufferAllocator::new(&mut buffer.0);
        let word = Layout::new::<u64>();
        let a = fba.alloc(word).unwrap();
        let b = fba.alloc(word).unwrap();
        // SAFETY: `a` and `b` are live blocks of `fba` with layout `word`.
        unsafe {
            fba.free(a, word);
            assert_eq!(fba.end_index(), 16, "`a` is not last: nothing reclaimed");
            fba.free(b, word);
            assert_eq!(fba.end_index(), 8, "`b` is last: reclaimed");
        }
    }

    #[test]
    fn ownership_is_by_address() {
        let mut buffer = [0u8; 32];
        let outside = [0u8; 4];
        let fba = FixedBufferAllocator::new(&mut buffer);
        let p = fba.alloc(Layout::new::<[u8; 8]>()).unwrap();
        assert!(fba.owns_ptr(p.as_ptr()));
        assert!(fba.owns_slice(core::ptr::slice_from_raw_parts(p.as_ptr(), 8)));
        assert!(!fba.owns_slice(core::ptr::slice_from_raw_parts(p.as_ptr(), 64)));
        assert!(!fba.owns_ptr(outside.as_ptr()));
    }
}
