//! Exercise page-2: a block is a mapping.

// You will need `crate::ex1_rounding::mapped_len`.
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
        // TODO: an alignment larger than a page is not for this function (that is
        // exercise page-4): refuse it. Otherwise the block is a fresh mapping of its
        // size rounded up to pages (your `mapped_len`; an overflow is a refusal),
        // and the kernel may say no.
        todo!("map pages for {layout:?}")
    }

    /// Unmaps a block: all the pages its size rounds up to.
    ///
    /// # Safety
    /// `ptr`/`layout` is a live block of this allocator.
    pub unsafe fn free_pages(&self, ptr: NonNull<u8>, layout: Layout) {
        // TODO: the block is its own mapping, of its size rounded up to pages:
        // unmap exactly that (an unsafe call: say why it is sound in a SAFETY comment).
        todo!("unmap {ptr:?} ({layout:?})")
    }
}
