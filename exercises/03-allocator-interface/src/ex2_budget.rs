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
}

// SAFETY: blocks come from `inner` and calls are forwarded unchanged; the
// wrapper only refuses requests, which the contract always allows.
unsafe impl<A: Allocator> Allocator for BudgetAllocator<A> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        // TODO: a block that would take `used` past `limit` is refused without
        // asking `inner` at all. Otherwise `inner` decides, and `used` counts the
        // block only if it succeeded. (One helper — the bytes used after a block of
        // old bytes becomes one of new bytes, if that fits — serves all four methods.)
        todo!("allocate {layout:?} within the budget")
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // TODO: a block that would grow past the budget is refused, and nothing
        // changes. Otherwise `inner` decides (an unsafe call: the SAFETY comment says
        // why the caller's guarantees carry over), and `used` follows only on success.
        todo!("resize {ptr:?} from {layout:?} to {new_size} bytes within the budget")
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // TODO: The same rule as `resize`, for `remap`.
        todo!("remap {ptr:?} from {layout:?} to {new_size} bytes within the budget")
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // TODO: the block's bytes go back to the budget, the block to `inner`.
        todo!("free {ptr:?} ({layout:?})")
    }
}

allocator_interface::impl_allocator_api2!([A: Allocator] BudgetAllocator<A>);
