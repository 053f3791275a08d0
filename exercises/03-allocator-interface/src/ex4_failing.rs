//! Exercise interface-4: inject allocation failures.
//!
//! Code that handles out-of-memory is code that never runs — unless a test
//! makes allocation fail on purpose. This wrapper refuses the N-th allocation
//! and every one after it, like Zig's `std.testing.FailingAllocator`.

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

/// Refuses allocation number `fail_index` (counting from 0) and all later
/// ones; everything else is forwarded to `inner` and counted.
#[derive(Debug)]
pub struct FailAfter<A> {
    inner: A,
    fail_index: usize,
    attempts: Cell<usize>,
    frees: Cell<usize>,
    failed: Cell<bool>,
}

impl<A: Allocator> FailAfter<A> {
    /// Lets `fail_index` allocations through, then refuses.
    pub fn new(inner: A, fail_index: usize) -> Self {
        Self { inner, fail_index, attempts: Cell::new(0), frees: Cell::new(0), failed: Cell::new(false) }
    }

    /// Allocations attempted so far, refused ones included.
    pub fn attempts(&self) -> usize {
        self.attempts.get()
    }

    /// Blocks freed so far.
    pub fn frees(&self) -> usize {
        self.frees.get()
    }

    /// `true` once an allocation was refused on purpose.
    pub fn has_failed(&self) -> bool {
        self.failed.get()
    }
}

// SAFETY: blocks come from `inner` and calls are forwarded unchanged;
// refusing an allocation is always allowed.
unsafe impl<A: Allocator> Allocator for FailAfter<A> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        // TODO: this is allocation number `attempts`, counting from 0, and it
        // counts. From number `fail_index` on, every allocation fails on purpose,
        // without asking `inner`, and the failure is remembered; before that,
        // `inner` decides.
        todo!("allocate {layout:?} unless it is time to fail")
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // TODO: forward to `inner` unchanged (with a SAFETY comment).
        todo!("resize {ptr:?} from {layout:?} to {new_size} bytes")
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // TODO: Forward to `inner` unchanged.
        todo!("remap {ptr:?} from {layout:?} to {new_size} bytes")
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // TODO: Count the free, then forward to `inner`.
        todo!("free {ptr:?} ({layout:?})")
    }
}

allocator_interface::impl_allocator_api2!([A: Allocator] FailAfter<A>);
