//! Exercise fixed-4: resize, remap and free — bumping down.
//!
//! Going down, the last block is the *lowest* one: it starts at the mark.
//! Its end is fixed by the block above it, so it can never grow in place;
//! but it can move down — keeping its bytes — into the free space, which
//! is what `remap` is for. The price of bumping down: a growing `Vec` is
//! copied where an upward bump allocator just moves its end index.

use crate::ex2_new::Bump;
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::ptr::NonNull;

impl Bump<'_> {
    /// `true` if the block at `ptr` is the last one: it starts at the mark.
    pub fn is_last_allocation(&self, ptr: NonNull<u8>) -> bool {
        // TODO: compare offsets, not addresses: the mark is an offset.
        todo!("is {ptr:?} the last block?")
    }

    /// Resizes a block in place: any block can shrink (its tail stays
    /// unused until a reset), none can grow.
    pub fn resize_in_place(&self, old_len: usize, new_len: usize) -> bool {
        // TODO: why can the last block not grow here, when in the chapter's
        // allocator it can? Where is the free space, and where is its end?
        todo!("resize a block from {old_len} to {new_len} bytes in place")
    }

    /// Moves the last block so that it ends where it ends now: down to grow
    /// (if the space below is free), up to shrink (giving space back),
    /// keeping the bytes that survive. `None`, with nothing changed, if it
    /// is not the last block or does not fit.
    ///
    /// # Safety
    /// `ptr`/`layout` is a live block of this allocator.
    pub unsafe fn move_last(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // TODO: only the last block moves. Its new place is found the way a
        // new block's is, but below the block's own end instead of the mark,
        // with the block's alignment. The old and the new place may overlap:
        // pick the copy that allows it, and copy only what survives. The
        // SAFETY comment says why both places are inside the buffer and why
        // nothing else is overwritten.
        todo!("move {ptr:?} ({layout:?}) to {new_size} bytes")
    }

    /// Gives the block back if it is the last one: the mark moves up to its
    /// end (the padding above it stays until a reset).
    pub fn free_last(&self, ptr: NonNull<u8>, len: usize) {
        // TODO: only the last block gives its bytes back.
        todo!("free {ptr:?} ({len} bytes) if it is the last block")
    }
}

// The allocator interface, built from your methods (nothing to do here).
// SAFETY: `bump` hands out blocks below every live one, inside the buffer,
// aligned as asked; the mark only moves up over the last block, which the
// caller gives up (free), or to a moved last block whose bytes were copied
// (remap). Blocks shrink in place and never grow there. The buffer is
// borrowed for `'buf` and does not move with the allocator.
// A zero size is refused, as the interface's contract says.
unsafe impl Allocator for Bump<'_> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        self.bump(layout)
    }

    unsafe fn resize(&self, _ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        new_size != 0 && self.resize_in_place(layout.size(), new_size)
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        if new_size == 0 {
            return None;
        }
        // SAFETY: the caller's contract, passed on.
        if let Some(moved) = unsafe { self.move_last(ptr, layout, new_size) } {
            return Some(moved);
        }
        self.resize_in_place(layout.size(), new_size).then_some(ptr)
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        self.free_last(ptr, layout.size());
    }
}

allocator_interface::impl_allocator_api2!(['buf] Bump<'buf>);
