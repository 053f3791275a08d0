//! A wrapper that counts what passes through it.
//!
//! Composition is the point: `CountingAllocator<A>` is an allocator built from
//! another allocator, exactly like Zig's wrappers (`LoggingAllocator`,
//! `FailingAllocator`, `ArenaAllocator`'s child). The counters are atomics, so
//! the same type also works as a `#[global_allocator]` to count the hidden
//! allocations of ordinary Rust code.

use crate::interface::{Allocator, OutOfMemory};
use core::alloc::{GlobalAlloc, Layout};
use core::ptr::NonNull;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

// ANCHOR: stats
/// A snapshot of a [`CountingAllocator`]'s counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Successful `alloc` calls.
    pub allocs: usize,
    /// `free` calls.
    pub frees: usize,
    /// Successful in-place `resize` calls.
    pub resizes: usize,
    /// Successful `remap` calls.
    pub remaps: usize,
    /// Requests the inner allocator refused (`alloc` errors, `false`/`None` answers).
    pub refused: usize,
    /// Bytes in live blocks now.
    pub live_bytes: usize,
    /// The most bytes ever live at once.
    pub peak_bytes: usize,
}

impl Stats {
    /// Blocks allocated and not yet freed.
    pub fn live_blocks(&self) -> usize {
        self.allocs - self.frees
    }
}
// ANCHOR_END: stats

// ANCHOR: counting
/// Counts allocations, frees and bytes, and forwards everything to `inner`.
#[derive(Debug, Default)]
pub struct CountingAllocator<A> {
    inner: A,
    allocs: AtomicUsize,
    frees: AtomicUsize,
    resizes: AtomicUsize,
    remaps: AtomicUsize,
    refused: AtomicUsize,
    live_bytes: AtomicUsize,
    peak_bytes: AtomicUsize,
}

impl<A> CountingAllocator<A> {
    /// Wraps `inner` with all counters at zero. `const`, for use in a `static`.
    pub const fn new(inner: A) -> Self {
        Self {
            inner,
            allocs: AtomicUsize::new(0),
            frees: AtomicUsize::new(0),
            resizes: AtomicUsize::new(0),
            remaps: AtomicUsize::new(0),
            refused: AtomicUsize::new(0),
            live_bytes: AtomicUsize::new(0),
            peak_bytes: AtomicUsize::new(0),
        }
    }

    /// The counters as they are now.
    pub fn stats(&self) -> Stats {
        Stats {
            allocs: self.allocs.load(Relaxed),
            frees: self.frees.load(Relaxed),
            resizes: self.resizes.load(Relaxed),
            remaps: self.remaps.load(Relaxed),
            refused: self.refused.load(Relaxed),
            live_bytes: self.live_bytes.load(Relaxed),
            peak_bytes: self.peak_bytes.load(Relaxed),
        }
    }

    /// The wrapped allocator.
    pub fn inner(&self) -> &A {
        &self.inner
    }

    fn grew(&self, bytes: usize) {
        let live = self.live_bytes.fetch_add(bytes, Relaxed) + bytes;
        self.peak_bytes.fetch_max(live, Relaxed);
    }

    fn shrank(&self, bytes: usize) {
        self.live_bytes.fetch_sub(bytes, Relaxed);
    }

    fn resized(&self, old: usize, new: usize) {
        if new >= old {
            self.grew(new - old);
        } else {
            self.shrank(old - new);
        }
    }

    fn refuse(&self) {
        self.refused.fetch_add(1, Relaxed);
    }
}

// SAFETY: every block comes from `inner` and every call is forwarded to it
// unchanged; the wrapper only counts.
unsafe impl<A: Allocator> Allocator for CountingAllocator<A> {
    #[track_caller]
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        let result = self.inner.alloc(layout);
        match result {
            Ok(_) => {
                self.allocs.fetch_add(1, Relaxed);
                self.grew(layout.size());
            }
            Err(_) => self.refuse(),
        }
        result
    }

    #[track_caller]
    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        let resized = unsafe { self.inner.resize(ptr, layout, new_size) };
        if resized {
            self.resizes.fetch_add(1, Relaxed);
            self.resized(layout.size(), new_size);
        } else {
            self.refuse();
        }
        resized
    }

    #[track_caller]
    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        let moved = unsafe { self.inner.remap(ptr, layout, new_size) };
        if moved.is_some() {
            self.remaps.fetch_add(1, Relaxed);
            self.resized(layout.size(), new_size);
        } else {
            self.refuse();
        }
        moved
    }

    #[track_caller]
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        self.frees.fetch_add(1, Relaxed);
        self.shrank(layout.size());
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        unsafe { self.inner.free(ptr, layout) }
    }
}
// ANCHOR_END: counting

crate::impl_allocator_api2!([A: Allocator] CountingAllocator<A>);

// ANCHOR: global
// `#[global_allocator] static A: CountingAllocator<SystemAllocator> = ...;`
// counts every `Box`, `Vec` and `String` of a whole program.
//
// SAFETY: forwards to the course interface, whose contract is `GlobalAlloc`'s
// for non-zero sizes; zero-sized requests are never made through
// `GlobalAlloc` (its contract forbids them, as ours does).
unsafe impl<A: Allocator + Sync> GlobalAlloc for CountingAllocator<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Allocator::alloc(self, layout).map_or(core::ptr::null_mut(), NonNull::as_ptr)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `GlobalAlloc` callers pass a live, non-null block of ours.
        unsafe { Allocator::free(self, NonNull::new_unchecked(ptr), layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: a live, non-null block of ours and a non-zero size, as
        // `GlobalAlloc::realloc` promises.
        unsafe { crate::interface::realloc(self, NonNull::new_unchecked(ptr), layout, new_size) }
            .map_or(core::ptr::null_mut(), NonNull::as_ptr)
    }
}
// ANCHOR_END: global

#[cfg(all(test, feature = "std"))]
mod tests {
    use super::*;
    use crate::SystemAllocator;

    #[test]
    fn counts_blocks_bytes_and_peak() {
        let counting = CountingAllocator::new(SystemAllocator);
        let mut v = allocator_api2::vec::Vec::new_in(&counting);
        v.extend_from_slice(&[1u64; 4]);
        v.extend_from_slice(&[2u64; 60]);
        drop(v);
        let stats = counting.stats();
        assert_eq!(stats.live_blocks(), 0);
        assert_eq!(stats.live_bytes, 0);
        assert!(stats.allocs >= 1);
        assert!(stats.peak_bytes >= 64 * 8, "{stats:?}");
    }
}
