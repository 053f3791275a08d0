//! Tests for exercise general-purpose-6 (`src/ex6_slabs.rs`), the capstone.

use allocator_api2::vec::Vec;
use allocator_interface::testing::{FailingAllocator, TestingAllocator};
use allocator_interface::{Allocator, SystemAllocator, conformance};
use core::alloc::Layout;
use core::ptr::NonNull;
use general_purpose_exercises::ex6_slabs::{MAX_SLOT, MIN_SLOT, SLAB_LEN, SizeClasses};

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

fn offset_in_slab(block: NonNull<u8>) -> usize {
    block.addr().get() % SLAB_LEN
}

#[test]
fn a_slot_is_the_next_power_of_two_from_a_word_to_max_slot() {
    let slot = |size, align| SizeClasses::<SystemAllocator>::slot_size(layout(size, align));
    assert_eq!(MIN_SLOT, size_of::<usize>(), "room for a free-list link");
    assert_eq!(
        (slot(1, 1), slot(MIN_SLOT + 1, 1), slot(32, 1), slot(33, 1)),
        (Some(MIN_SLOT), Some(2 * MIN_SLOT), Some(32), Some(64))
    );
    assert_eq!(slot(8, 256), Some(256), "a slot as aligned as the block: slots are aligned to their size");
    assert_eq!(slot(MAX_SLOT, 1), Some(MAX_SLOT));
    assert_eq!(slot(MAX_SLOT + 1, 1), None, "large: the child's");
    assert_eq!(slot(8, 2 * MAX_SLOT), None, "over-aligned: the child's");
    assert_eq!(slot(isize::MAX as usize - 7, 8), None, "no power of two holds it: the child's, not a panic");
}

#[test]
fn a_slab_is_bumped_through_then_a_new_one_is_taken() {
    let child = TestingAllocator::new();
    let sizes = SizeClasses::new(&child);
    let per_slab = SLAB_LEN / 32 - 1; // the first slot holds the slab's link
    let blocks: std::vec::Vec<_> = (0..per_slab).map(|_| sizes.alloc(layout(20, 4)).unwrap()).collect();
    assert_eq!((sizes.slabs(), child.blocks_allocated()), (1, 1), "{per_slab} blocks, one slab");
    let offsets: std::vec::Vec<_> = blocks.iter().map(|&b| offset_in_slab(b)).collect();
    assert_eq!(offsets[..3], [32, 64, 96], "slot 0 is the header; then slot after slot");
    assert_eq!(offsets[per_slab - 1], SLAB_LEN - 32, "the last slot");
    let next = sizes.alloc(layout(20, 4)).unwrap();
    assert_eq!((sizes.slabs(), offset_in_slab(next)), (2, 32), "a full slab: a fresh one");
}

#[test]
fn freed_slots_are_reused_last_in_first_out() {
    let sizes = SizeClasses::new(SystemAllocator);
    let l = layout(48, 16);
    let [a, b, c] = [(); 3].map(|()| sizes.alloc(l).unwrap());
    // SAFETY: live blocks of `sizes` with this layout, freed once each.
    unsafe {
        sizes.free(a, l);
        sizes.free(b, l);
    }
    assert_eq!(sizes.alloc(l).unwrap(), b, "the last one freed first");
    assert_eq!(sizes.alloc(l).unwrap(), a);
    let fresh = sizes.alloc(l).unwrap();
    assert_eq!(offset_in_slab(fresh), offset_in_slab(c) + 64, "then the slab again, after c");
    assert_eq!(sizes.slabs(), 1);
}

#[test]
fn each_class_has_slabs_of_its_own() {
    let sizes = SizeClasses::new(SystemAllocator);
    let small = sizes.alloc(layout(8, 8)).unwrap();
    let bigger = sizes.alloc(layout(16, 8)).unwrap();
    assert_eq!(sizes.slabs(), 2);
    assert_ne!(small.addr().get() / SLAB_LEN, bigger.addr().get() / SLAB_LEN);
    // A freed 16-byte slot is not handed out for 8 bytes: its class is its size.
    // SAFETY: live, with this layout.
    unsafe { sizes.free(bigger, layout(16, 8)) };
    assert_ne!(sizes.alloc(layout(8, 8)).unwrap(), bigger);
}

#[test]
fn small_blocks_cost_the_child_one_call_per_slab() {
    let child = TestingAllocator::new();
    let sizes = SizeClasses::new(&child);
    let count: usize = if cfg!(miri) { 3_000 } else { 10_000 };
    for _ in 0..count {
        sizes.alloc(layout(24, 8)).unwrap();
    }
    let slabs = count.div_ceil(SLAB_LEN / 32 - 1);
    assert_eq!((sizes.slabs(), child.blocks_allocated()), (slabs, slabs), "no record, no call per block");
}

#[test]
fn large_and_over_aligned_blocks_go_to_the_child() {
    let child = TestingAllocator::new();
    let sizes = SizeClasses::new(&child);
    for l in [layout(MAX_SLOT + 1, 8), layout(64, 2 * MAX_SLOT)] {
        let block = sizes.alloc(l).unwrap();
        assert_eq!(block.addr().get() % l.align(), 0);
        assert_eq!(child.leaks().unwrap().blocks.len(), 1, "one block of the child's: {l:?}");
        // SAFETY: live, with this layout.
        unsafe { sizes.free(block, l) };
        assert!(child.leaks().is_none(), "given straight back");
    }
    assert_eq!(sizes.slabs(), 0);
}

#[test]
fn a_block_resizes_only_within_its_class() {
    let sizes = SizeClasses::new(TestingAllocator::new());
    let block = sizes.alloc(layout(20, 4)).unwrap();
    // SAFETY: `block` is live throughout, and each call is given its
    // current size: the one of the last resize that succeeded.
    unsafe {
        assert!(sizes.resize(block, layout(20, 4), 32), "up to the slot: free");
        assert!(sizes.resize(block, layout(32, 4), 17), "down within the class");
        assert!(!sizes.resize(block, layout(17, 4), 33), "a bigger class is another slot");
        assert!(!sizes.resize(block, layout(17, 4), 16), "so is a smaller one: free would file it wrongly");
        assert!(!sizes.resize(block, layout(17, 4), 0));
        assert_eq!(sizes.remap(block, layout(17, 4), 30), Some(block));
        assert_eq!(sizes.remap(block, layout(30, 4), 64), None, "the caller copies instead");
        assert!(!sizes.resize(block, layout(30, 4), MAX_SLOT + 1), "nor out to the child");
        sizes.free(block, layout(30, 4));
        let large = layout(2 * MAX_SLOT, 8);
        let big = sizes.alloc(large).unwrap();
        assert!(!sizes.resize(big, large, 8), "nor in from the child");
        let moved = sizes.remap(big, large, 4 * MAX_SLOT).expect("the child's remap");
        sizes.free(moved, layout(4 * MAX_SLOT, 8));
    }
}

#[test]
fn zero_and_huge_sizes_are_refused() {
    // A huge block is the child's, which refuses it (a FailingAllocator
    // here: under Miri a real heap would abort the test instead).
    let sizes = SizeClasses::new(FailingAllocator::new(SystemAllocator, 1));
    let block = sizes.alloc(layout(8, 8)).unwrap(); // the one slab the child gives
    assert!(sizes.alloc(layout(0, 1)).is_err());
    assert!(sizes.alloc(layout(isize::MAX as usize - 64, 8)).is_err());
    assert!(sizes.alloc(layout(16, 8)).is_err(), "a new class needs a slab: refused too");
    assert!(sizes.alloc(layout(8, 8)).is_ok(), "the refusals left the class as it was");
    // SAFETY: live, with this layout.
    unsafe { sizes.free(block, layout(8, 8)) };
}

#[test]
fn dropping_gives_every_slab_back() {
    let child = TestingAllocator::new();
    {
        let sizes = SizeClasses::new(&child);
        for size in [8, 100, 1000, MAX_SLOT] {
            sizes.alloc(layout(size, 8)).unwrap();
        }
        assert_eq!(child.leaks().unwrap().blocks.len(), 4);
    } // the allocator goes here
    assert!(child.leaks().is_none(), "{:?}", child.leaks());
}

#[test]
fn a_vec_grows_through_the_classes_into_the_child() {
    let sizes = SizeClasses::new(TestingAllocator::new());
    let mut numbers = Vec::new_in(&sizes);
    let count: u64 = if cfg!(miri) { 3_000 } else { 100_000 };
    numbers.extend(0..count);
    assert_eq!(numbers.iter().sum::<u64>(), count * (count - 1) / 2);
    let mut words: Vec<Vec<u8, _>, _> = Vec::new_in(&sizes);
    for i in 0..200 {
        let mut word = Vec::new_in(&sizes);
        word.extend(core::iter::repeat_n(i as u8, i));
        words.push(word);
    }
    assert!(words.iter().enumerate().all(|(i, w)| w.len() == i && w.iter().all(|&b| b == i as u8)));
}

#[test]
fn passes_the_conformance_suite() {
    conformance::check(|| SizeClasses::new(TestingAllocator::new()));
}
