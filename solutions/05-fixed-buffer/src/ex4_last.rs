//! Exercise fixed-4: resize, remap and free — bumping down.
//!
//! Going down, the last block is the *lowest* one: it starts at the mark.
//! Its end is fixed by the block above it, so it can never grow in place;
//! but it can move down — keeping its bytes — into the free space, which
//! is what `remap` is for. The price of bumping down: a growing `Vec` is
//! copied where an upward bump allocator just moves its end index.

use crate::ex1_place::place_down;
use crate::ex2_new::Bump;
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::ptr::NonNull;

impl Bump<'_> {
    fn offset_of(&self, ptr: NonNull<u8>) -> usize {
        ptr.addr().get() - self.start.addr().get()
    }

    /// `true` if the block at `ptr` is the last one: it starts at the mark.
    pub fn is_last_allocation(&self, ptr: NonNull<u8>) -> bool {
        self.offset_of(ptr) == self.mark.get()
    }

    /// Resizes a block in place: any block can shrink (its tail stays
    /// unused until a reset), none can grow.
    pub fn resize_in_place(&self, old_len: usize, new_len: usize) -> bool {
        new_len <= old_len
    }

    /// Moves the last block so that it ends where it ends now: down to grow
    /// (if the space below is free), up to shrink (giving space back),
    /// keeping the bytes that survive. `None`, with nothing changed, if it
    /// is not the last block or does not fit.
    ///
    /// # Safety
    /// `ptr`/`layout` is a live block of this allocator.
    pub unsafe fn move_last(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        if !self.is_last_allocation(ptr) {
            return None;
        }
        let end = self.offset_of(ptr) + layout.size();
        let new_layout = Layout::from_size_align(new_size, layout.align()).ok()?;
        let start = place_down(self.start.addr().get(), end, new_layout)?;
        self.mark.set(start);
        // SAFETY: `start` is inside the buffer (from `place_down`), and the
        // new block lies between it and the block's end, in free space or in
        // the block itself. The old and new places may overlap: `copy` is
        // memmove.
        unsafe {
            let moved = self.start.add(start);
            core::ptr::copy(ptr.as_ptr(), moved.as_ptr(), layout.size().min(new_size));
            Some(moved)
        }
    }

    /// Gives the block back if it is the last one: the mark moves up to its
    /// end (the padding above it stays until a reset).
    pub fn free_last(&self, ptr: NonNull<u8>, len: usize) {
        if self.is_last_allocation(ptr) {
            self.mark.set(self.offset_of(ptr) + len);
        }
    }
}

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
