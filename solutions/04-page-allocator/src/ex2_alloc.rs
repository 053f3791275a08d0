//! Exercise page-2: a block is a mapping.

use crate::ex1_rounding::mapped_len;
use allocator_interface::OutOfMemory;
use core::alloc::Layout;
use core::ptr::NonNull;
use page_allocator::Os;

/// A page allocator over any source of pages (`page_allocator::Linux` for
/// real, `page_allocator::SimulatedOs` in the tests).
#[derive(Debug)]
pub struct PageAlloc<O: Os> {
    pub(crate) os: O,
}

impl<O: Os> PageAlloc<O> {
    /// A page allocator over `os`.
    pub fn new(os: O) -> Self {
        Self { os }
    }

    /// A fresh mapping for `layout` (alignment up to a page: the kernel's
    /// pages are page-aligned already).
    pub fn alloc_pages(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.align() > self.os.page_size() {
            return Err(OutOfMemory);
        }
        let len = mapped_len(layout.size(), self.os.page_size()).ok_or(OutOfMemory)?;
        self.os.map(len).ok_or(OutOfMemory)
    }

    /// Unmaps a block: all the pages its size rounds up to.
    ///
    /// # Safety
    /// `ptr`/`layout` is a live block of this allocator.
    pub unsafe fn free_pages(&self, ptr: NonNull<u8>, layout: Layout) {
        let len = mapped_len(layout.size(), self.os.page_size()).expect("a live block's size rounds up");
        // SAFETY: the block is its own mapping of `len` bytes (caller's contract).
        unsafe { self.os.unmap(ptr, len) };
    }
}
