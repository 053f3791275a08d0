//! Exercise page-5: an owner for a mapping.
//!
//! `Pages` owns some pages from the page allocator and gives them back when
//! it is dropped. The pages are reachable only through it — if its methods
//! say so.

use allocator_interface::Allocator;
use core::alloc::Layout;
use core::ptr::NonNull;
use page_allocator::PageAllocator;

/// Pages of zeroed memory, unmapped on drop.
#[derive(Debug)]
pub struct Pages {
    ptr: NonNull<u8>,
    len: usize,
}

impl Pages {
    /// At least `len` bytes (`len > 0`) of fresh, zeroed pages.
    pub fn new(len: usize) -> Option<Pages> {
        let ptr = PageAllocator::new().alloc(Layout::from_size_align(len, 1).ok()?).ok()?;
        Some(Pages { ptr, len })
    }

    /// The bytes, borrowed from `self`: they cannot outlive it.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: `len` zeroed bytes that only `self` owns, for as long as
        // the `&mut self` borrow lasts.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for Pages {
    fn drop(&mut self) {
        let layout = Layout::from_size_align(self.len, 1).expect("valid when allocated");
        // SAFETY: our block, with the layout it was allocated with.
        unsafe { PageAllocator::new().free(self.ptr, layout) };
    }
}
