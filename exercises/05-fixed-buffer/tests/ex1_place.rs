//! Tests for exercise fixed-1 (`src/ex1_place.rs`).

use core::alloc::Layout;
use fixed_buffer_exercises::ex1_place::{align_down, place_down};

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

#[test]
fn align_down_reaches_the_multiple_below() {
    assert_eq!(align_down(0x1000, 8), 0x1000, "already a multiple");
    assert_eq!(align_down(0x1007, 8), 0x1000);
    assert_eq!(align_down(0x1003, 1), 0x1003, "alignment 1 never moves");
    assert_eq!(align_down(0x1fff, 4096), 0x1000);
    assert_eq!(align_down(7, 8), 0);
    assert_eq!(align_down(usize::MAX, 2), usize::MAX - 1, "the top of the address space is fine");
}

#[test]
fn place_down_puts_a_block_just_below_the_mark() {
    assert_eq!(place_down(0x1000, 64, layout(8, 8)), Some(56));
    assert_eq!(place_down(0x1000, 56, layout(4, 4)), Some(52));
    assert_eq!(place_down(0x1000, 52, layout(16, 8)), Some(32), "4 bytes of padding above it");
}

#[test]
fn place_down_aligns_the_address_not_the_offset() {
    // The buffer starts at an odd address: offset 59 is address 0x103c.
    assert_eq!(place_down(0x1001, 64, layout(4, 4)), Some(59));
    assert_eq!(place_down(0x1001, 64, layout(1, 1)), Some(63));
}

#[test]
fn place_down_says_none_when_it_does_not_fit() {
    assert_eq!(place_down(0x1000, 4, layout(4, 4)), Some(0), "an exact fit fits");
    assert_eq!(place_down(0x1000, 5, layout(2, 4)), Some(0), "two bytes below offset 5, aligned down to 0");
    assert_eq!(place_down(0x1000, 3, layout(4, 4)), None, "it would start below the buffer");
    assert_eq!(place_down(0x1000, 64, layout(65, 1)), None, "bigger than what is free");
    assert_eq!(place_down(3, 64, layout(64, 8)), None, "an address that would go below zero");
    assert_eq!(place_down(usize::MAX - 3, 8, layout(1, 1)), None, "an address that would overflow");
}
