//! Tests for exercise page-2 (`src/ex2_alloc.rs`).

use core::alloc::Layout;
use page_allocator::SimulatedOs;
use page_allocator_exercises::ex2_alloc::PageAlloc;

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

#[test]
fn a_block_is_whole_pages() {
    let os = SimulatedOs::new(4096, 64);
    let pages = PageAlloc::new(&os);
    let small = pages.alloc_pages(layout(1, 1)).unwrap();
    let big = pages.alloc_pages(layout(10_000, 8)).unwrap();
    assert_eq!(os.mapped_pages(), 1 + 3);
    assert_eq!(os.page_of(big) - os.page_of(small), 1, "each block its own mapping, back to back");
    assert_eq!(os.calls(), 2, "one system call per block");
    // SAFETY: both live with these layouts.
    unsafe {
        pages.free_pages(small, layout(1, 1));
        pages.free_pages(big, layout(10_000, 8));
    }
    assert_eq!(os.mapped_pages(), 0, "free unmaps every page of the block");
}

#[test]
fn fresh_pages_are_zeroed_and_page_aligned() {
    let os = SimulatedOs::new(4096, 16);
    let pages = PageAlloc::new(&os);
    let block = pages.alloc_pages(layout(8192, 4096)).unwrap();
    assert_eq!(block.addr().get() % 4096, 0);
    // SAFETY: a live block of 8192 bytes.
    unsafe {
        assert!(core::slice::from_raw_parts(block.as_ptr(), 8192).iter().all(|&b| b == 0));
        pages.free_pages(block, layout(8192, 4096));
    }
}

#[test]
fn a_full_address_space_is_out_of_memory() {
    let os = SimulatedOs::new(4096, 4);
    let pages = PageAlloc::new(&os);
    let block = pages.alloc_pages(layout(4 * 4096, 8)).unwrap();
    assert!(pages.alloc_pages(layout(1, 1)).is_err());
    // SAFETY: live with this layout.
    unsafe { pages.free_pages(block, layout(4 * 4096, 8)) };
}
