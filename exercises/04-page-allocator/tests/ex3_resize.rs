//! Tests for exercise page-3 (`src/ex3_resize.rs`).

use core::alloc::Layout;
use page_allocator::SimulatedOs;
use page_allocator_exercises::ex2_alloc::PageAlloc;

const PAGE: usize = 4096;

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, 8).unwrap()
}

#[test]
fn the_same_page_count_needs_no_system_call() {
    let os = SimulatedOs::new(PAGE, 16);
    let pages = PageAlloc::new(&os);
    let block = pages.alloc_pages(layout(100)).unwrap();
    let calls = os.calls();
    // SAFETY: `block` is live with the layout passed each time.
    unsafe {
        assert!(pages.resize_in_place(block, layout(100), PAGE));
        assert!(pages.resize_in_place(block, layout(PAGE), 1));
        pages.free_pages(block, layout(1));
    }
    assert_eq!(os.calls(), calls + 1, "only the free");
}

#[test]
fn shrinking_unmaps_the_tail() {
    let os = SimulatedOs::new(PAGE, 16);
    let pages = PageAlloc::new(&os);
    let block = pages.alloc_pages(layout(5 * PAGE)).unwrap();
    // SAFETY: as above.
    unsafe {
        assert!(pages.resize_in_place(block, layout(5 * PAGE), 2 * PAGE - 1));
        assert_eq!(os.mapped_pages(), 2);
        pages.free_pages(block, layout(2 * PAGE - 1));
    }
    assert_eq!(os.mapped_pages(), 0);
}

#[test]
fn growing_works_only_into_free_pages() {
    let os = SimulatedOs::new(PAGE, 16);
    let pages = PageAlloc::new(&os);
    let block = pages.alloc_pages(layout(PAGE)).unwrap();
    // SAFETY: as above.
    unsafe {
        block.write(9);
        assert!(pages.resize_in_place(block, layout(PAGE), 3 * PAGE), "pages 1 and 2 are free");
        assert_eq!(block.read(), 9, "in place: same address, same contents");
        let neighbour = pages.alloc_pages(layout(PAGE)).unwrap();
        assert!(!pages.resize_in_place(block, layout(3 * PAGE), 4 * PAGE), "page 3 is taken now");
        assert_eq!(os.mapped_pages(), 4, "a refused resize changes nothing");
        pages.free_pages(neighbour, layout(PAGE));
        pages.free_pages(block, layout(3 * PAGE));
    }
}
