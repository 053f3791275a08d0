//! Exercise page-3: resizing without moving.

// You will need `crate::ex1_rounding::mapped_len`.
use crate::ex2_alloc::PageAlloc;
use core::alloc::Layout;
use core::ptr::NonNull;
use page_allocator::Os;

impl<O: Os> PageAlloc<O> {
    /// Resizes a block in place: free when the page count stays the same;
    /// shrinking unmaps the tail pages; growing asks the kernel to extend the
    /// mapping where it is (`mremap` without `MAYMOVE`), which works only if
    /// the following pages are free.
    ///
    /// # Safety
    /// `ptr`/`layout` is a live block of this allocator.
    pub unsafe fn resize_in_place(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // TODO: compare the pages the old and the new size occupy:
        //   - the same pages: nothing to do, and no system call;
        //   - fewer: the tail pages go back to the kernel;
        //   - more: ask the kernel to grow the mapping where it is, and only there
        //     (the Os trait's remap has a flag for "here or nowhere").
        // Both kernel calls are unsafe: write their SAFETY comments.
        todo!("resize {ptr:?} from {layout:?} to {new_size} bytes in place")
    }
}
