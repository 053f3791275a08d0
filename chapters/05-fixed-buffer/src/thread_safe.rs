//! The fixed-buffer allocator for many threads: the end index is an atomic,
//! and bumping it is a compare-and-swap loop — Zig's `threadSafeAllocator()`.

use crate::bump::{place, resized_end};
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicUsize, Ordering};

/// A [`FixedBufferAllocator`](crate::FixedBufferAllocator) that any number of
/// threads can allocate from at once, without a lock.
#[derive(Debug)]
pub struct ThreadSafeFixedBufferAllocator<'buf> {
    start: NonNull<u8>,
    capacity: usize,
    end_index: AtomicUsize,
    _buffer: PhantomData<&'buf mut [MaybeUninit<u8>]>,
}

// SAFETY: all shared state is the atomic end index; the buffer is borrowed
// exclusively for `'buf`, and each block is handed to exactly one caller.
unsafe impl Send for ThreadSafeFixedBufferAllocator<'_> {}
// SAFETY: as above; every `&self` method only touches the atomic.
unsafe impl Sync for ThreadSafeFixedBufferAllocator<'_> {}

impl<'buf> ThreadSafeFixedBufferAllocator<'buf> {
    /// An allocator over `buffer`, with nothing allocated.
    pub fn new(buffer: &'buf mut [u8]) -> Self {
        let capacity = buffer.len();
        let start = NonNull::from(buffer).cast::<u8>();
        Self { start, capacity, end_index: AtomicUsize::new(0), _buffer: PhantomData }
    }

    /// Bytes taken from the front of the buffer, padding included.
    pub fn end_index(&self) -> usize {
        self.end_index.load(Ordering::Acquire)
    }

    /// Frees everything (no thread can be allocating: `&mut self`).
    pub fn reset(&mut self) {
        *self.end_index.get_mut() = 0;
    }

    fn offset_of(&self, ptr: NonNull<u8>) -> usize {
        ptr.addr().get() - self.start.addr().get()
    }
}

// ANCHOR: cas
// SAFETY: a block is handed out only by the compare-and-swap that moved the
// end over it, so two threads never get overlapping blocks; the end moves back
// only by a compare-and-swap from exactly the end of the block being resized
// or freed, which therefore is the last block and belongs to the caller.
unsafe impl Allocator for ThreadSafeFixedBufferAllocator<'_> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        let base = self.start.addr().get();
        let mut end = self.end_index.load(Ordering::Acquire);
        loop {
            let (start, new_end) = place(base, end, self.capacity, layout).ok_or(OutOfMemory)?;
            // Acquire pairs with the Release of a `free` or shrink that gave
            // these bytes back: the previous owner's writes happen before ours.
            match self.end_index.compare_exchange_weak(end, new_end, Ordering::AcqRel, Ordering::Acquire) {
                // SAFETY: `start < new_end <= capacity` (`place` refuses zero
                // sizes): inside the buffer.
                Ok(_) => return Ok(unsafe { self.start.add(start) }),
                // Another thread moved the end first: place again after it.
                Err(current) => end = current,
            }
        }
    }
    // ANCHOR_END: cas

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        if new_size == 0 {
            return false; // the contract rules it out: refused
        }
        let start = self.offset_of(ptr);
        let end = start + layout.size();
        let Some(new_end) = resized_end(end, self.capacity, start, layout.size(), new_size) else {
            return new_size <= layout.size();
        };
        // Succeeds only if the block is still the last one.
        self.end_index.compare_exchange(end, new_end, Ordering::AcqRel, Ordering::Acquire).is_ok()
            || new_size <= layout.size()
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // SAFETY: the caller's guarantees for `remap` are those of `resize`.
        unsafe { self.resize(ptr, layout, new_size) }.then_some(ptr)
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        let start = self.offset_of(ptr);
        // Give the block back only if it is (still) the last one.
        let _ = self.end_index.compare_exchange(start + layout.size(), start, Ordering::Release, Ordering::Relaxed);
    }
}

allocator_interface::impl_allocator_api2!(['buf] ThreadSafeFixedBufferAllocator<'buf>);
