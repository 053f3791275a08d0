//! Tests for exercise interface-7 (`src/ex7_bitmap.rs`), the capstone.

use allocator_interface::testing::{FailingAllocator, TestingAllocator};
use allocator_interface::{Allocator, CountingAllocator, OutOfMemory, conformance};
use allocator_interface_exercises::ex7_bitmap::BitmapAllocator;
use core::alloc::Layout;
use core::ptr::NonNull;

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

/// Offset of `ptr` from `base`, in slots of `slot` bytes.
fn slot_of(base: NonNull<u8>, ptr: NonNull<u8>, slot: usize) -> usize {
    (ptr.addr().get() - base.addr().get()) / slot
}

#[test]
fn the_region_is_one_child_block_aligned_to_a_slot_and_goes_back_on_drop() {
    let child = CountingAllocator::new(TestingAllocator::new());
    {
        let bitmap = BitmapAllocator::new(&child, 64, 100).expect("6,400 bytes");
        assert_eq!((bitmap.slot_size(), bitmap.slot_count(), bitmap.used_slots()), (64, 100, 0));
        assert_eq!(bitmap.map(), ".".repeat(100));
        let stats = child.stats();
        assert_eq!((stats.allocs, stats.live_bytes), (1, 6400), "one region, nothing else from the child");
        let first = bitmap.alloc(layout(1, 1)).unwrap();
        assert_eq!(first.addr().get() % 64, 0, "slot 0 is aligned to the slot size");
        assert!(bitmap.owns(first));
    }
    assert_eq!(child.stats().live_bytes, 0, "drop gives the region back");
    assert_eq!(child.inner().leaks(), None);
}

#[test]
fn blocks_take_the_lowest_run_that_fits() {
    let bitmap = BitmapAllocator::new(TestingAllocator::new(), 16, 12).unwrap();
    let a = bitmap.alloc(layout(16, 8)).unwrap();
    let b = bitmap.alloc(layout(40, 8)).unwrap(); // 3 slots
    let c = bitmap.alloc(layout(1, 1)).unwrap();
    assert_eq!(bitmap.map(), "##++#.......");
    assert_eq!((slot_of(a, b, 16), slot_of(a, c, 16)), (1, 4));
    // SAFETY: a live block with its layout.
    unsafe { bitmap.free(a, layout(16, 8)) };
    assert_eq!(bitmap.map(), ".#++#.......");
    let d = bitmap.alloc(layout(32, 16)).unwrap();
    assert_eq!(slot_of(a, d, 16), 5, "slot 0 alone is too small for two slots: the next run that fits");
    let e = bitmap.alloc(layout(8, 8)).unwrap();
    assert_eq!(e, a, "the lowest free slot");
    assert_eq!(bitmap.map(), "##++##+.....");
    assert_eq!(bitmap.used_slots(), 7);
}

#[test]
fn a_free_clears_the_whole_run_and_it_is_used_again() {
    let bitmap = BitmapAllocator::new(TestingAllocator::new(), 8, 200).unwrap();
    let blocks: Vec<NonNull<u8>> = (0..20).map(|_| bitmap.alloc(layout(24, 8)).unwrap()).collect();
    assert_eq!(bitmap.used_slots(), 60);
    for &block in blocks.iter().step_by(2) {
        // SAFETY: live blocks with their layout, each freed once.
        unsafe { bitmap.free(block, layout(24, 8)) };
    }
    assert_eq!(bitmap.used_slots(), 30);
    assert_eq!(&bitmap.map()[..12], "...#++...#++");
    let again: Vec<NonNull<u8>> = (0..10).map(|_| bitmap.alloc(layout(17, 1)).unwrap()).collect();
    let freed: Vec<NonNull<u8>> = blocks.iter().step_by(2).copied().collect();
    assert_eq!(again, freed, "each hole, lowest first");
    assert_eq!(bitmap.refused_frees(), 0);
}

#[test]
fn the_region_finds_runs_past_full_stretches() {
    // More than 64 slots, so the bitmap spans several words.
    let bitmap = BitmapAllocator::new(TestingAllocator::new(), 8, 300).unwrap();
    let full: Vec<NonNull<u8>> = (0..150).map(|_| bitmap.alloc(layout(8, 8)).unwrap()).collect();
    // SAFETY: a live block with its layout.
    unsafe { bitmap.free(full[100], layout(8, 8)) };
    let run = bitmap.alloc(layout(80, 8)).unwrap(); // 10 slots: only after slot 149
    assert_eq!(slot_of(full[0], run, 8), 150);
    let single = bitmap.alloc(layout(8, 8)).unwrap();
    assert_eq!(single, full[100], "the one hole fits one slot");
    let last = bitmap.alloc(layout(140 * 8, 8)).unwrap();
    assert_eq!(slot_of(full[0], last, 8), 160, "a run up to the very last slot");
    assert_eq!(bitmap.used_slots(), 300);
}

#[test]
fn hostile_frees_are_refused_and_change_nothing() {
    let bitmap = BitmapAllocator::new(TestingAllocator::new(), 16, 16).unwrap();
    let a = bitmap.alloc(layout(48, 8)).unwrap(); // slots 0..3
    let b = bitmap.alloc(layout(16, 8)).unwrap(); // slot 3
    let before = bitmap.map();
    assert_eq!(before, "#++#............");
    // SAFETY: none of these frees is allowed by the contract; each must be
    // refused before anything is touched.
    unsafe {
        bitmap.free(a.add(16), layout(32, 8)); // the middle of a's run
        bitmap.free(a.add(4), layout(16, 8)); // inside a slot
        bitmap.free(a, layout(16, 8)); // a's start, but a's size is 3 slots
        bitmap.free(a, layout(64, 8)); // a's start, one slot too many (b's)
        bitmap.free(b.add(16), layout(16, 8)); // a slot never handed out
        bitmap.free(a, layout(0, 8)); // a zero size names no block
    }
    assert_eq!(bitmap.refused_frees(), 6);
    assert_eq!(bitmap.map(), before, "nothing changed");
    // SAFETY: a live block with its layout, then the same free again.
    unsafe {
        bitmap.free(b, layout(16, 8));
        bitmap.free(b, layout(16, 8));
    }
    assert_eq!(bitmap.refused_frees(), 7, "a double free is refused");
    assert_eq!(bitmap.map(), "#++.............");
    // SAFETY: a live block with its layout.
    unsafe { bitmap.free(a, layout(48, 8)) };
    assert_eq!((bitmap.used_slots(), bitmap.refused_frees()), (0, 7));
}

#[test]
fn what_the_region_cannot_hold_goes_to_the_child_and_back() {
    let child = CountingAllocator::new(TestingAllocator::new());
    let bitmap = BitmapAllocator::new(&child, 32, 8).unwrap();
    let region_only = child.stats().allocs;
    let too_big = bitmap.alloc(layout(257, 8)).unwrap(); // the region is 256 bytes
    let over_aligned = bitmap.alloc(layout(8, 64)).unwrap(); // slots are only 32-aligned
    assert_eq!(over_aligned.addr().get() % 64, 0);
    let fills: Vec<NonNull<u8>> = (0..8).map(|_| bitmap.alloc(layout(32, 8)).unwrap()).collect();
    let no_room = bitmap.alloc(layout(1, 1)).unwrap();
    assert!(!bitmap.owns(too_big) && !bitmap.owns(over_aligned) && !bitmap.owns(no_room));
    assert!(fills.iter().all(|&f| bitmap.owns(f)));
    assert_eq!(child.stats().allocs - region_only, 3, "three blocks from the child");
    // SAFETY: live blocks with their layouts; the child's go back to the child.
    unsafe {
        bitmap.free(too_big, layout(257, 8));
        bitmap.free(over_aligned, layout(8, 64));
        bitmap.free(no_room, layout(1, 1));
    }
    assert_eq!(child.stats().frees, 3);
    assert_eq!(bitmap.refused_frees(), 0);
    for &f in &fills {
        // SAFETY: live blocks with their layout.
        unsafe { bitmap.free(f, layout(32, 8)) };
    }
}

#[test]
fn resize_grows_into_free_neighbours_and_shrinks_in_place() {
    let bitmap = BitmapAllocator::new(TestingAllocator::new(), 16, 8).unwrap();
    let a = bitmap.alloc(layout(16, 8)).unwrap();
    let b = bitmap.alloc(layout(16, 8)).unwrap();
    // SAFETY: live blocks, each with the layout it was last given.
    unsafe {
        bitmap.free(b, layout(16, 8));
        assert!(bitmap.resize(a, layout(16, 8), 40), "slots 1 and 2 are free");
        assert_eq!(bitmap.map(), "#++.....");
        let c = bitmap.alloc(layout(16, 8)).unwrap();
        assert_eq!(bitmap.map(), "#++#....");
        assert!(!bitmap.resize(a, layout(40, 8), 60), "slot 3 is c's");
        assert_eq!(bitmap.remap(a, layout(40, 8), 60), None, "a region block does not move");
        assert!(bitmap.resize(a, layout(40, 8), 48), "still three slots");
        assert!(bitmap.resize(a, layout(48, 8), 10), "shrinks to one slot");
        assert_eq!(bitmap.map(), "#..#....");
        assert_eq!(bitmap.remap(c, layout(16, 8), 64), Some(c), "slots 4..7 are free");
        assert!(!bitmap.resize(c, layout(64, 8), 96), "past the end of the region");
        assert!(!bitmap.resize(a, layout(10, 8), 0), "zero is refused");
        assert_eq!(bitmap.map(), "#..#+++.");
        bitmap.free(a, layout(10, 8));
        bitmap.free(c, layout(64, 8));
    }
    assert_eq!(bitmap.refused_frees(), 0);
}

#[test]
fn zero_and_impossible_requests_are_refused() {
    // The region is the child's first allocation; it refuses every later one.
    let bitmap = BitmapAllocator::new(FailingAllocator::new(TestingAllocator::new(), 1), 8, 4).unwrap();
    assert_eq!(bitmap.alloc(layout(0, 1)), Err(OutOfMemory));
    assert_eq!(bitmap.alloc(layout(isize::MAX as usize - 7, 8)), Err(OutOfMemory), "the child says no");
    assert_eq!(bitmap.alloc(layout(8, 64)), Err(OutOfMemory), "over-aligned: the child's, and it says no");
    assert_eq!(bitmap.map(), "....");
    let refused = BitmapAllocator::new(FailingAllocator::new(TestingAllocator::new(), 0), 8, 4);
    assert_eq!(refused.err(), Some(OutOfMemory), "no region, no allocator");
    let huge = BitmapAllocator::new(TestingAllocator::new(), 1 << 20, usize::MAX / 1024);
    assert_eq!(huge.err(), Some(OutOfMemory), "a region that overflows usize is refused, not wrapped");
}

#[test]
#[should_panic(expected = "power of two")]
fn slots_are_a_power_of_two() {
    let _ = BitmapAllocator::new(TestingAllocator::new(), 24, 4);
}

#[test]
fn passes_the_conformance_suite() {
    // Small slots over several bitmap words, then large slots (under Miri,
    // which interprets every access, the first only).
    let geometries: &[(usize, usize)] = if cfg!(miri) { &[(8, 130)] } else { &[(8, 130), (64, 40)] };
    for &(slot, slots) in geometries {
        conformance::check(|| BitmapAllocator::new(TestingAllocator::new(), slot, slots).unwrap());
    }
}

#[test]
fn passes_the_model_check() {
    conformance::model_check(|| BitmapAllocator::new(TestingAllocator::new(), 16, 48).unwrap());
}
