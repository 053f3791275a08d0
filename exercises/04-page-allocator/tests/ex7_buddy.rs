//! Tests for exercise page-7 (`src/ex7_buddy.rs`), a capstone.

use allocator_interface::testing::{FailingAllocator, TestingAllocator};
use allocator_interface::{Allocator, CountingAllocator, OutOfMemory, conformance};
use core::alloc::Layout;
use core::ptr::NonNull;
use page_allocator_exercises::ex7_buddy::BuddyAllocator;

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

/// Free blocks per order, lowest order first.
fn free_lists<A: Allocator>(buddy: &BuddyAllocator<A>, max_order: u32) -> Vec<usize> {
    (0..=max_order).map(|order| buddy.free_blocks(order)).collect()
}

fn offset(base: NonNull<u8>, ptr: NonNull<u8>) -> usize {
    ptr.addr().get() - base.addr().get()
}

#[test]
fn the_region_starts_as_one_free_block_aligned_to_its_size() {
    let child = CountingAllocator::new(TestingAllocator::new());
    {
        let buddy = BuddyAllocator::new(&child, 64, 4).expect("1 KiB");
        assert_eq!(buddy.min_block(), 64);
        assert_eq!(free_lists(&buddy, 4), [0, 0, 0, 0, 1]);
        assert_eq!((child.stats().allocs, child.stats().live_bytes), (1, 1024));
        let first = buddy.alloc(layout(1, 1)).unwrap();
        assert_eq!(first.addr().get() % 1024, 0, "the region is aligned to its whole size");
        assert!(buddy.owns(first));
        assert_eq!(free_lists(&buddy, 4), [1, 1, 1, 1, 0], "splitting leaves one free buddy per order");
    }
    assert_eq!(child.stats().live_bytes, 0, "drop gives the region back");
}

#[test]
fn a_block_takes_the_smallest_order_that_holds_it_splitting_the_lowest_free_block() {
    let buddy = BuddyAllocator::new(TestingAllocator::new(), 64, 4).unwrap();
    let a = buddy.alloc(layout(64, 8)).unwrap(); // order 0
    let b = buddy.alloc(layout(65, 8)).unwrap(); // order 1: 128 bytes
    let c = buddy.alloc(layout(10, 8)).unwrap(); // order 0: a's buddy
    let d = buddy.alloc(layout(200, 8)).unwrap(); // order 2
    assert_eq!([a, b, c, d].map(|p| offset(a, p)), [0, 128, 64, 256]);
    assert_eq!(free_lists(&buddy, 4), [0, 0, 0, 1, 0], "only 512..1024 is left");
    let e = buddy.alloc(layout(128, 128)).unwrap();
    assert_eq!(offset(a, e), 512, "the order-3 block is split for an order-1 request");
    assert_eq!(free_lists(&buddy, 4), [0, 1, 1, 0, 0]);
    // SAFETY: live blocks with their layouts.
    unsafe {
        for (ptr, size, align) in [(a, 64, 8), (b, 65, 8), (c, 10, 8), (d, 200, 8), (e, 128, 128)] {
            buddy.free(ptr, layout(size, align));
        }
    }
    assert_eq!(free_lists(&buddy, 4), [0, 0, 0, 0, 1]);
}

#[test]
fn freed_buddies_merge_back_into_bigger_blocks() {
    let buddy = BuddyAllocator::new(TestingAllocator::new(), 32, 3).unwrap();
    let blocks: Vec<NonNull<u8>> = (0..8).map(|_| buddy.alloc(layout(32, 8)).unwrap()).collect();
    assert_eq!(free_lists(&buddy, 3), [0, 0, 0, 0], "eight order-0 blocks fill the region");
    let ninth = buddy.alloc(layout(32, 8)).unwrap();
    assert!(!buddy.owns(ninth), "the ninth comes from the child");
    // SAFETY: a live block of the child, with its layout.
    unsafe { buddy.free(ninth, layout(32, 8)) };
    let free = |i: usize| {
        // SAFETY: each block is live with this layout and freed once.
        unsafe { buddy.free(blocks[i], layout(32, 8)) }
    };
    free(1);
    free(2);
    assert_eq!(free_lists(&buddy, 3), [2, 0, 0, 0], "1 and 2 are not buddies: 0 and 1 are, 2 and 3 are");
    free(3);
    assert_eq!(free_lists(&buddy, 3), [1, 1, 0, 0], "2 and 3 merged");
    free(0);
    assert_eq!(free_lists(&buddy, 3), [0, 0, 1, 0], "0 and 1 merged, then with 2..4");
    for i in [7, 5, 6, 4] {
        free(i);
    }
    assert_eq!(free_lists(&buddy, 3), [0, 0, 0, 1], "the whole region is one block again");
    let whole = buddy.alloc(layout(256, 8)).unwrap();
    assert_eq!(whole, blocks[0]);
    // SAFETY: a live block with its layout.
    unsafe { buddy.free(whole, layout(256, 8)) };
    assert_eq!(buddy.refused_frees(), 0);
}

#[test]
fn alignment_comes_from_the_block_size() {
    let buddy = BuddyAllocator::new(TestingAllocator::new(), 16, 8).unwrap();
    let small = buddy.alloc(layout(16, 8)).unwrap();
    let aligned = buddy.alloc(layout(16, 512)).unwrap();
    assert_eq!(aligned.addr().get() % 512, 0);
    assert_eq!(offset(small, aligned), 512, "an order-5 block: the first one free");
    // SAFETY: live blocks with their layouts.
    unsafe {
        buddy.free(aligned, layout(16, 512));
        buddy.free(small, layout(16, 8));
    }
    assert_eq!(free_lists(&buddy, 8)[8], 1);
}

#[test]
fn hostile_frees_are_refused_and_change_nothing() {
    let buddy = BuddyAllocator::new(TestingAllocator::new(), 32, 4).unwrap();
    let a = buddy.alloc(layout(100, 8)).unwrap(); // order 2: 128 bytes at 0
    let b = buddy.alloc(layout(32, 8)).unwrap(); // order 0 at 128
    let before = free_lists(&buddy, 4);
    // SAFETY: none of these is allowed by the contract; each must be refused
    // before anything is touched.
    unsafe {
        buddy.free(a.add(32), layout(32, 8)); // inside a
        buddy.free(a.add(8), layout(100, 8)); // not on a block boundary
        buddy.free(a, layout(32, 8)); // a's start, but a is order 2, not 0
        buddy.free(b.add(32), layout(32, 8)); // b's buddy: a free block
        buddy.free(b.add(128), layout(32, 8)); // never handed out
        buddy.free(a, layout(0, 8)); // a zero size names no block
    }
    assert_eq!(buddy.refused_frees(), 6);
    assert_eq!(free_lists(&buddy, 4), before, "nothing changed");
    // SAFETY: live blocks with their layouts, then b again.
    unsafe {
        buddy.free(b, layout(32, 8));
        buddy.free(b, layout(32, 8)); // a double free
        buddy.free(a, layout(100, 8));
    }
    assert_eq!(buddy.refused_frees(), 7);
    assert_eq!(free_lists(&buddy, 4), [0, 0, 0, 0, 1], "the double free did not break the merge");
}

#[test]
fn what_the_region_cannot_hold_goes_to_the_child_and_back() {
    let child = CountingAllocator::new(TestingAllocator::new());
    let buddy = BuddyAllocator::new(&child, 64, 2).unwrap(); // 256 bytes
    let region_only = child.stats().allocs;
    let too_big = buddy.alloc(layout(257, 8)).unwrap();
    let too_aligned = buddy.alloc(layout(8, 512)).unwrap();
    let whole = buddy.alloc(layout(256, 8)).unwrap();
    let no_room = buddy.alloc(layout(1, 1)).unwrap();
    assert_eq!(too_aligned.addr().get() % 512, 0);
    assert!(buddy.owns(whole));
    assert!([too_big, too_aligned, no_room].iter().all(|&p| !buddy.owns(p)));
    assert_eq!(child.stats().allocs - region_only, 3);
    // SAFETY: live blocks with their layouts: three go back to the child.
    unsafe {
        buddy.free(too_big, layout(257, 8));
        buddy.free(too_aligned, layout(8, 512));
        buddy.free(no_room, layout(1, 1));
        buddy.free(whole, layout(256, 8));
    }
    assert_eq!((child.stats().frees, buddy.refused_frees()), (3, 0));
}

#[test]
fn a_block_resizes_in_place_within_its_order_only() {
    let buddy = BuddyAllocator::new(TestingAllocator::new(), 64, 3).unwrap();
    let a = buddy.alloc(layout(70, 8)).unwrap(); // order 1: 128 bytes
    // SAFETY: `a` is live with the layout it was last given.
    unsafe {
        assert!(buddy.resize(a, layout(70, 8), 128), "up to the block's size");
        assert!(buddy.resize(a, layout(128, 8), 65), "down, still order 1");
        assert!(!buddy.resize(a, layout(65, 8), 129), "order 2 would be another block");
        assert!(!buddy.resize(a, layout(65, 8), 64), "order 0 would leave a half to track");
        assert_eq!(buddy.remap(a, layout(65, 8), 100), Some(a));
        assert_eq!(buddy.remap(a, layout(100, 8), 300), None, "a region block never moves");
        assert!(!buddy.resize(a, layout(100, 8), 0), "zero is refused");
        buddy.free(a, layout(100, 8));
    }
    assert_eq!((free_lists(&buddy, 3), buddy.refused_frees()), (vec![0, 0, 0, 1], 0));
}

#[test]
fn impossible_regions_and_requests_are_refused() {
    assert_eq!(BuddyAllocator::new(TestingAllocator::new(), 1 << 40, 31).err(), Some(OutOfMemory), "overflow");
    let refused = BuddyAllocator::new(FailingAllocator::new(TestingAllocator::new(), 0), 64, 2);
    assert_eq!(refused.err(), Some(OutOfMemory), "no region, no allocator");
    let buddy = BuddyAllocator::new(FailingAllocator::new(TestingAllocator::new(), 1), 64, 2).unwrap();
    assert_eq!(buddy.alloc(layout(0, 1)), Err(OutOfMemory));
    assert_eq!(buddy.alloc(layout(1 << 20, 8)), Err(OutOfMemory), "the child's to refuse");
    assert_eq!(free_lists(&buddy, 2), [0, 0, 1]);
}

#[test]
#[should_panic(expected = "power of two")]
fn the_smallest_block_is_a_power_of_two() {
    let _ = BuddyAllocator::new(TestingAllocator::new(), 48, 3);
}

#[test]
#[should_panic(expected = "two links")]
fn the_smallest_block_holds_the_free_list_links() {
    let _ = BuddyAllocator::new(TestingAllocator::new(), 8, 3);
}

#[test]
fn passes_the_conformance_suite() {
    // Small blocks in a deep region; under Miri a shallower one.
    let max_order = if cfg!(miri) { 10 } else { 14 };
    conformance::check(|| BuddyAllocator::new(TestingAllocator::new(), 16, max_order).unwrap());
}

#[test]
fn passes_the_model_check() {
    conformance::model_check(|| BuddyAllocator::new(TestingAllocator::new(), 32, 8).unwrap());
}
