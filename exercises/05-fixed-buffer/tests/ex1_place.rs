//! Tests for exercise fixed-1 (`src/ex1_place.rs`).

use core::alloc::Layout;
use fixed_buffer_exercises::ex1_place::{padding_for, place};

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

#[test]
fn padding_reaches_the_next_multiple() {
    assert_eq!(padding_for(0x1000, 8), 0);
    assert_eq!(padding_for(0x1001, 8), 7);
    assert_eq!(padding_for(0x1007, 8), 1);
    assert_eq!(padding_for(0x1003, 1), 0, "alignment 1 never pads");
    assert_eq!(padding_for(0x1010, 4096), 4096 - 0x10);
    assert_eq!(padding_for(usize::MAX, 2), 1, "no overflow at the top of the address space");
}

#[test]
fn place_puts_a_block_after_the_taken_bytes() {
    assert_eq!(place(0x1000, 0, 64, layout(8, 8)), Some((0, 8)));
    assert_eq!(place(0x1000, 8, 64, layout(4, 4)), Some((8, 12)));
    assert_eq!(place(0x1000, 12, 64, layout(16, 8)), Some((16, 32)), "4 bytes of padding first");
}

#[test]
fn place_aligns_the_address_not_the_offset() {
    // The buffer starts at an odd address: offset 3 is address 0x1004.
    assert_eq!(place(0x1001, 0, 64, layout(4, 4)), Some((3, 7)));
    assert_eq!(place(0x1001, 0, 64, layout(1, 1)), Some((0, 1)));
}

#[test]
fn place_says_none_when_it_does_not_fit() {
    assert_eq!(place(0x1000, 60, 64, layout(4, 4)), Some((60, 64)), "an exact fit fits");
    assert_eq!(place(0x1000, 61, 64, layout(4, 4)), None, "padding pushes it past the end");
    assert_eq!(place(0x1000, 0, 64, layout(65, 1)), None);
    assert_eq!(place(usize::MAX - 3, 0, 64, layout(1, 8)), None, "an address that would overflow");
}
