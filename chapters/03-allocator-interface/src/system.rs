//! The operating system's allocator (`malloc`/`free` on Linux), behind the
//! course interface. Between Zig's two: any alignment, like `c_allocator`;
//! no `malloc_usable_size`, like `raw_c_allocator`.

use crate::interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::ptr::NonNull;
use std::alloc::{GlobalAlloc, System};

// ANCHOR: system
/// `std::alloc::System` as a course allocator.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemAllocator;

// SAFETY: `System` upholds `GlobalAlloc`'s contract, which is the course
// contract for `alloc`/`free`; `resize` only succeeds when nothing changes, and
// `remap` is `realloc`, which keeps the contents and the alignment.
unsafe impl Allocator for SystemAllocator {
    #[inline]
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory); // refused: `GlobalAlloc` forbids zero sizes
        }
        // SAFETY: a non-zero size.
        NonNull::new(unsafe { System.alloc(layout) }).ok_or(OutOfMemory)
    }

    #[inline]
    unsafe fn resize(&self, _ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // `GlobalAlloc` has no in-place resize: `free` must later be given the
        // exact layout `malloc` was asked for, so only "no change" succeeds.
        new_size == layout.size()
    }

    #[inline]
    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // `realloc` needs the new size to be a valid, non-zero layout size.
        if new_size == 0 {
            return None;
        }
        Layout::from_size_align(new_size, layout.align()).ok()?;
        // SAFETY: `ptr`/`layout` describe a live `System` block (caller's
        // contract) and `new_size` is non-zero and fits a layout.
        NonNull::new(unsafe { System.realloc(ptr.as_ptr(), layout, new_size) })
    }

    #[inline]
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: `ptr`/`layout` describe a live `System` block.
        unsafe { System.dealloc(ptr.as_ptr(), layout) }
    }
}
// ANCHOR_END: system

crate::impl_allocator_api2!(SystemAllocator);
