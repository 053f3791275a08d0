//! Exercise page-3: resizing without moving.

use crate::ex1_rounding::mapped_len;
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
        let page = self.os.page_size();
        let (Some(old_len), Some(new_len)) = (mapped_len(layout.size(), page), mapped_len(new_size, page)) else {
            return false;
        };
        if new_len == old_len {
            return true;
        }
        if new_len < old_len {
            // SAFETY: the tail pages are this block's own (caller's contract).
            unsafe { self.os.unmap(ptr.add(new_len), old_len - new_len) };
            return true;
        }
        // SAFETY: `ptr`/`old_len` is this block's mapping.
        unsafe { self.os.remap(ptr, old_len, new_len, false, None) }.is_some()
    }
}
