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
    //
    // TODO (1): `'static` promises bytes that live forever, but `Drop` unmaps
    // them: the cases in tests/ui/ex5_pages use the slice after that, and they
    // compile. Let the signature say where the slice comes from, so that the
    // compiler rejects both.
    pub fn as_mut_slice(&mut self) -> &'static mut [u8] {
        // TODO (2): the slice over the mapping, with the SAFETY argument: who owns
        // these bytes, and for how long?
        todo!("the {} bytes at {:?}", self.len, self.ptr)
    }
}

impl Drop for Pages {
    fn drop(&mut self) {
        let layout = Layout::from_size_align(self.len, 1).expect("valid when allocated");
        // SAFETY: our block, with the layout it was allocated with.
        unsafe { PageAllocator::new().free(self.ptr, layout) };
    }
}
