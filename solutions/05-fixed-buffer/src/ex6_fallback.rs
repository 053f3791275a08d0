//! Exercise fixed-6: a stack buffer first, another allocator after.
//!
//! Most messages are small; a few are not. Zig's `stackFallback` serves the
//! small ones from a buffer on the stack and sends the rest to another
//! allocator. The trick is in `free`: each block must go back to whoever
//! handed it out, and the only way to tell is the address.

use crate::ex2_new::Bump;
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::ptr::NonNull;

/// Allocates from `stack` while it has room, then from `fallback`.
#[derive(Debug)]
pub struct Fallback<'buf, F> {
    stack: Bump<'buf>,
    fallback: F,
}

impl<'buf, F: Allocator> Fallback<'buf, F> {
    /// `stack` first, then `fallback`.
    pub fn new(stack: Bump<'buf>, fallback: F) -> Self {
        Self { stack, fallback }
    }

    /// The stack allocator, to look at.
    pub fn stack(&self) -> &Bump<'buf> {
        &self.stack
    }
}

// SAFETY: every block comes from `stack` or `fallback`, and every call about
// a block goes to the one whose memory holds it (by address: a block is in
// the stack buffer or it is not), so each allocator only sees its own blocks.
unsafe impl<F: Allocator> Allocator for Fallback<'_, F> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        self.stack.alloc(layout).or_else(|_| self.fallback.alloc(layout))
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        if self.stack.owns_ptr(ptr.as_ptr()) {
            // SAFETY: a live block of `stack`.
            unsafe { self.stack.resize(ptr, layout, new_size) }
        } else {
            // SAFETY: not in the stack buffer, so a live block of `fallback`.
            unsafe { self.fallback.resize(ptr, layout, new_size) }
        }
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        if self.stack.owns_ptr(ptr.as_ptr()) {
            // SAFETY: a live block of `stack`.
            unsafe { self.stack.remap(ptr, layout, new_size) }
        } else {
            // SAFETY: not in the stack buffer, so a live block of `fallback`.
            unsafe { self.fallback.remap(ptr, layout, new_size) }
        }
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        if self.stack.owns_ptr(ptr.as_ptr()) {
            // SAFETY: a live block of `stack`.
            unsafe { self.stack.free(ptr, layout) }
        } else {
            // SAFETY: not in the stack buffer, so a live block of `fallback`.
            unsafe { self.fallback.free(ptr, layout) }
        }
    }
}

allocator_interface::impl_allocator_api2!(['buf, F: Allocator] Fallback<'buf, F>);
