//! What the page allocator does when the kernel hands it an awkward mapping.

use allocator_interface::Allocator;
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;
use page_allocator::{Os, PageAllocator};

/// A kernel stand-in that breaks its contract: every mapping it returns
/// starts in the last page of the address space, whatever its length, so no
/// aligned address lies above it. It never touches the memory, and counts
/// what is mapped and unmapped.
#[derive(Default)]
struct TopOfAddressSpace {
    mapped: Cell<usize>,
    unmapped: Cell<usize>,
}

const PAGE: usize = 4096;

// SAFETY: it hands out no memory anyone may use; the test below only
// counts calls and never dereferences a pointer it returns.
unsafe impl Os for TopOfAddressSpace {
    fn page_size(&self) -> usize {
        PAGE
    }
    fn map(&self, len: usize) -> Option<NonNull<u8>> {
        self.mapped.set(self.mapped.get() + len);
        NonNull::new(core::ptr::without_provenance_mut(usize::MAX - PAGE + 1))
    }
    unsafe fn unmap(&self, _: NonNull<u8>, len: usize) {
        self.unmapped.set(self.unmapped.get() + len);
    }
    unsafe fn remap(&self, _: NonNull<u8>, _: usize, _: usize, _: bool, _: Option<NonNull<u8>>) -> Option<NonNull<u8>> {
        None
    }
}

#[test]
fn an_alignment_past_the_end_of_memory_leaks_nothing() {
    let os = TopOfAddressSpace::default();
    let pages = PageAllocator::with_os(&os);
    let layout = Layout::from_size_align(PAGE, 1 << 20).unwrap();
    assert!(pages.alloc(layout).is_err());
    assert!(os.mapped.get() > 0, "the allocator asked for a mapping");
    assert_eq!(os.unmapped.get(), os.mapped.get(), "every byte mapped was given back");
}
