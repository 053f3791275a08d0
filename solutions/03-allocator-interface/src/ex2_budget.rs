//! Exercise interface-2: a memory budget, as a wrapper.
//!
//! Zig's `DebugAllocator` can enforce a limit on requested bytes; servers and
//! embedded programs want the same. Because allocators compose, the limit does
//! not have to be built into any particular allocator: it wraps any of them.

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

/// Forwards to `inner` while the bytes in live blocks stay within `limit`;
/// a request that would exceed it fails without reaching `inner`.
#[derive(Debug)]
pub struct BudgetAllocator<A> {
    inner: A,
    limit: usize,
    used: Cell<usize>,
}

impl<A: Allocator> BudgetAllocator<A> {
    /// Wraps `inner` with a budget of `limit` bytes.
    pub fn new(inner: A, limit: usize) -> Self {
        Self { inner, limit, used: Cell::new(0) }
    }

    /// Bytes in live blocks.
    pub fn used(&self) -> usize {
        self.used.get()
    }

    /// Bytes that can still be allocated.
    pub fn remaining(&self) -> usize {
        self.limit - self.used.get()
    }

    /// The bytes in use if a block of `old` bytes became `new` bytes, or
    /// `None` if that breaks the budget.
    fn used_after(&self, old: usize, new: usize) -> Option<usize> {
        let used = self.used.get() - old + new;
        (used <= self.limit).then_some(used)
    }
}

// SAFETY: blocks come from `inner` and calls are forwarded unchanged; the
// wrapper only refuses requests, which the contract always allows.
unsafe impl<A: Allocator> Allocator for BudgetAllocator<A> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        let used = self.used_after(0, layout.size()).ok_or(OutOfMemory)?;
        let ptr = self.inner.alloc(layout)?;
        self.used.set(used);
        Ok(ptr)
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        let Some(used) = self.used_after(layout.size(), new_size) else {
            return false;
        };
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        let resized = unsafe { self.inner.resize(ptr, layout, new_size) };
        if resized {
            self.used.set(used);
        }
        resized
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        let used = self.used_after(layout.size(), new_size)?;
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        let moved = unsafe { self.inner.remap(ptr, layout, new_size) }?;
        self.used.set(used);
        Some(moved)
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        self.used.set(self.used.get() - layout.size());
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        unsafe { self.inner.free(ptr, layout) }
    }
}

allocator_interface::impl_allocator_api2!([A: Allocator] BudgetAllocator<A>);
