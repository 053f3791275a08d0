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
        // TODO: the stack first; only when it refuses, the fallback.
        todo!("allocate {layout:?} from the stack, else the fallback")
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // TODO: route by address: a block inside the stack's buffer is the stack's
        // (it can tell you), any other is the fallback's. Forward the call to its
        // owner (an unsafe call: say why in a SAFETY comment). Handing a stack block
        // to the fallback frees memory malloc never gave out: the tests use a
        // fallback that catches exactly that.
        todo!("resize {ptr:?} from {layout:?} to {new_size} bytes, at its owner")
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // TODO: The same routing as `resize`.
        todo!("remap {ptr:?} from {layout:?} to {new_size} bytes, at its owner")
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // TODO: The same routing as `resize`.
        todo!("free {ptr:?} ({layout:?}) at its owner")
    }
}

allocator_interface::impl_allocator_api2!(['buf, F: Allocator] Fallback<'buf, F>);
