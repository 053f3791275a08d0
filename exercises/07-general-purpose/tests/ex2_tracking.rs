//! Tests for exercise general-purpose-2 (`src/ex2_tracking.rs`).

use allocator_interface::{Allocator, SystemAllocator};
use core::alloc::Layout;
use general_purpose_exercises::ex2_tracking::{Librarian, short_file};

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, 8).unwrap()
}

#[test]
fn cards_follow_the_blocks() {
    let librarian = Librarian::new(SystemAllocator);
    let a = librarian.alloc(layout(24)).unwrap();
    let b = librarian.alloc(layout(100)).unwrap();
    let live: Vec<(u64, usize)> = librarian.live().iter().map(|card| (card.id, card.size)).collect();
    assert_eq!(live, [(1, 24), (2, 100)]);
    // SAFETY: live blocks with their layouts.
    unsafe {
        librarian.free(a, layout(24));
        assert!(librarian.resize(b, layout(100), 100));
    }
    let live: Vec<(u64, usize)> = librarian.live().iter().map(|card| (card.id, card.size)).collect();
    assert_eq!(live, [(2, 100)]);
    // SAFETY: a live block with its layout.
    unsafe { librarian.free(b, layout(100)) };
    assert!(librarian.live().is_empty());
    assert_eq!(librarian.leak_report(), None);
}

#[test]
fn cards_know_where_the_block_was_allocated() {
    let librarian = Librarian::new(SystemAllocator);
    let line = line!() + 1;
    let block = librarian.alloc(layout(8)).unwrap();
    let card = librarian.live()[0];
    assert_eq!((short_file(card.allocated_at.file()), card.allocated_at.line()), ("tests/ex2_tracking.rs", line));
    // SAFETY: a live block with its layout.
    unsafe { librarian.free(block, layout(8)) };
}

#[test]
fn remap_moves_the_card_with_the_block() {
    let librarian = Librarian::new(SystemAllocator);
    let block = librarian.alloc(layout(16)).unwrap();
    // SAFETY: a live block with its layout; the system allocator's remap is `realloc`.
    let moved = unsafe { librarian.remap(block, layout(16), 4000) }.expect("realloc succeeds");
    assert_eq!(librarian.live()[0].size, 4000);
    // SAFETY: the block now lives at `moved` with the new size.
    unsafe { librarian.free(moved, layout(4000)) };
    assert!(librarian.live().is_empty(), "the card followed the block to its new address");
}

#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn leak_report() {
    let librarian = Librarian::new(SystemAllocator);
    let name = librarian.alloc(layout(24)).unwrap();
    let scratch = librarian.alloc(layout(64)).unwrap();
    let table = librarian.alloc(layout(16)).unwrap();
    // SAFETY: a live block with its layout.
    unsafe { librarian.free(scratch, layout(64)) };
    insta::assert_snapshot!(librarian.leak_report().expect("two blocks leaked"));
    // SAFETY: live blocks with their layouts.
    unsafe {
        librarian.free(name, layout(24));
        librarian.free(table, layout(16));
    }
}

#[test]
fn one_leak_is_singular() {
    let librarian = Librarian::new(SystemAllocator);
    let block = librarian.alloc(layout(5)).unwrap();
    let report = librarian.leak_report().unwrap();
    assert!(report.starts_with("1 leaked block, 5 bytes\n  block #1: 5 bytes, allocated at "), "{report}");
    // SAFETY: a live block with its layout.
    unsafe { librarian.free(block, layout(5)) };
}
