//! Tests for exercise general-purpose-1 (`src/ex1_size_classes.rs`).

use general_purpose_exercises::ex1_size_classes::{is_small, size_class, slot_count, slot_of};

#[test]
fn size_class_holds_the_size() {
    for (size, class) in [(0, 0), (1, 0), (2, 1), (3, 2), (8, 3), (9, 4), (32, 5), (33, 6), (4096, 12), (4097, 13)] {
        assert_eq!(size_class(size, 1), class, "size {size}");
    }
}

#[test]
fn size_class_satisfies_the_alignment() {
    assert_eq!(size_class(1, 8), 3, "a 1-byte block aligned to 8 needs an 8-byte slot");
    assert_eq!(size_class(24, 64), 6);
    assert_eq!(size_class(100, 16), 7, "128-byte slots are 16-aligned already");
}

#[test]
fn small_means_at_least_four_slots_per_bucket() {
    let bucket = 128 * 1024;
    assert!(is_small(0, bucket));
    assert!(is_small(15, bucket), "32 KiB slots: four per 128 KiB bucket");
    assert!(!is_small(16, bucket), "64 KiB would fit only two");
    assert!(is_small(4, 64) && !is_small(5, 64));
}

#[test]
fn slots_per_bucket() {
    assert_eq!(slot_count(5, 128 * 1024), 4096);
    assert_eq!(slot_count(0, 256), 256);
    assert_eq!(slot_count(6, 256), 4);
}

#[test]
fn addresses_name_slots() {
    let (start, size) = (0x10000, 4096);
    assert_eq!(slot_of(start, size, 5, start), Some(0));
    assert_eq!(slot_of(start, size, 5, start + 32 * 7), Some(7));
    assert_eq!(slot_of(start, size, 5, start + 4064), Some(127), "the last slot");
}

#[test]
fn bad_addresses_name_no_slot() {
    let (start, size) = (0x10000, 4096);
    assert_eq!(slot_of(start, size, 5, start + 8), None, "inside a slot, not at its start");
    assert_eq!(slot_of(start, size, 5, start - 32), None, "before the bucket");
    assert_eq!(slot_of(start, size, 5, start + 4096), None, "just past its end");
}
