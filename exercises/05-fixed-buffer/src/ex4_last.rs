//! Exercise fixed-4: resize and free — the last block only.
//!
//! A bump allocator does not know where its blocks are, only where the free
//! space begins. So it can give back exactly one block: the one that ends
//! there. That is enough for a growing `Vec`, and it is what Zig does.

use crate::ex2_new::Bump;
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::ptr::NonNull;

impl Bump<'_> {
    /// `true` if the block `ptr`..`ptr + len` ends where the free space begins.
    pub fn is_last_allocation(&self, ptr: NonNull<u8>, len: usize) -> bool {
        // TODO: a block is the last one when it ends exactly where the taken part
        // of the buffer ends. Its offset is its distance from the buffer's start.
        todo!("is {ptr:?} ({len} bytes) the last block?")
    }

    /// Resizes a block in place. The last block can grow into the free space
    /// (if it fits) or shrink, moving the end; any other block can shrink
    /// (its tail stays unused until a reset) but never grow.
    pub fn resize_in_place(&self, ptr: NonNull<u8>, old_len: usize, new_len: usize) -> bool {
        // TODO: a block that is not the last can only shrink (its tail just stays
        // unused). The last block can also grow, up to the capacity, by moving the
        // end of the taken part: checked, and a refusal changes nothing. This is
        // Zig's FixedBufferAllocator.resize.
        todo!("resize {ptr:?} from {old_len} to {new_len} bytes")
    }

    /// Gives the block back if it is the last one; otherwise nothing happens
    /// until a reset.
    pub fn free_last(&self, ptr: NonNull<u8>, len: usize) {
        // TODO: only the last block gives its bytes back.
        todo!("free {ptr:?} ({len} bytes) if it is the last block")
    }
}

// The allocator interface, built from your methods (nothing to do here).
// SAFETY: `bump` hands out blocks after every live one, inside the buffer,
// aligned as asked; the end only moves back over the last block, which the
// caller gives up (free) or keeps with its new size (resize). The buffer is
// borrowed for `'buf` and does not move with the allocator.
// A zero size is refused, as the interface's contract says.
unsafe impl Allocator for Bump<'_> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        self.bump(layout)
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        new_size != 0 && self.resize_in_place(ptr, layout.size(), new_size)
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // A bump allocator cannot move a block more cheaply than its caller.
        (new_size != 0 && self.resize_in_place(ptr, layout.size(), new_size)).then_some(ptr)
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        self.free_last(ptr, layout.size());
    }
}

allocator_interface::impl_allocator_api2!(['buf] Bump<'buf>);
