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
        // TODO: Compare the mapped lengths (your `mapped_len`, with
        // `self.os.page_size()`) of the old and the new size:
        //   - equal: nothing to do, `true` — no system call;
        //   - smaller: unmap the tail pages, from `ptr.add(new_len)`, and `true`;
        //   - larger: `self.os.remap(ptr, old_len, new_len, false, None)` —
        //     `may_move: false` means "here or nowhere"; `Some` is success.
        // Both OS calls are `unsafe`: write the `// SAFETY:` comments.
        todo!("resize {ptr:?} from {layout:?} to {new_size} bytes in place")
    }
}
