//! Tests for exercise page-1 (`src/ex1_rounding.rs`).

use page_allocator_exercises::ex1_rounding::{mapped_len, pages_for, waste};

#[test]
fn counts_pages() {
    assert_eq!(pages_for(0, 4096), Some(0));
    assert_eq!(pages_for(1, 4096), Some(1));
    assert_eq!(pages_for(4096, 4096), Some(1));
    assert_eq!(pages_for(4097, 4096), Some(2));
    assert_eq!(pages_for(40_000, 16_384), Some(3), "16 KiB pages");
    assert_eq!(pages_for(usize::MAX, 4096), None, "no overflow");
}

#[test]
fn rounds_to_whole_pages() {
    assert_eq!(mapped_len(1, 4096), Some(4096));
    assert_eq!(mapped_len(10_000, 4096), Some(12_288));
    assert_eq!(mapped_len(usize::MAX - 10, 4096), None);
}

#[test]
fn one_byte_wastes_almost_a_page() {
    assert_eq!(waste(1, 4096), Some(4095));
    assert_eq!(waste(4096, 4096), Some(0));
    assert_eq!(waste(4097, 4096), Some(4095));
    assert_eq!(waste(1, 16_384), Some(16_383));
}
