//! Tests for exercise general-purpose-3 (`src/ex3_bad_frees.rs`).

use core::alloc::Layout;
use general_purpose_exercises::ex3_bad_frees::{FreeError, FreeTable};

const ADDR: usize = 0x1000;

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

#[test]
fn a_good_free_marks_the_entry_freed() {
    let mut table = FreeTable::new();
    table.record_alloc(ADDR, layout(16, 8));
    let line = line!() + 1;
    assert_eq!(table.free(ADDR, layout(16, 8)), Ok(()));
    let entry = table.entry(ADDR).expect("freed entries are kept");
    assert_eq!(entry.freed_at.map(|site| site.line()), Some(line));
}

#[test]
fn double_free_names_all_three_sites() {
    let mut table = FreeTable::new();
    let alloc_line = line!() + 1;
    let id = table.record_alloc(ADDR, layout(16, 8));
    let first_line = line!() + 1;
    table.free(ADDR, layout(16, 8)).unwrap();
    let second_line = line!() + 1;
    let error = table.free(ADDR, layout(16, 8)).unwrap_err();
    let FreeError::DoubleFree { id: reported, allocated_at, first_free, second_free } = error else {
        panic!("expected a double free, got {error:?}");
    };
    assert_eq!(reported, id);
    assert_eq!([allocated_at.line(), first_free.line(), second_free.line()], [alloc_line, first_line, second_line]);
}

#[test]
fn a_pointer_never_handed_out_is_not_ours() {
    let mut table = FreeTable::new();
    table.record_alloc(ADDR, layout(16, 8));
    assert_eq!(table.free(ADDR + 8, layout(16, 8)), Err(FreeError::NotOurs));
    assert_eq!(table.free(0x9000, layout(16, 8)), Err(FreeError::NotOurs));
    assert_eq!(table.entry(ADDR).unwrap().freed_at, None, "refused frees change nothing");
}

#[test]
fn wrong_size_or_alignment_is_refused() {
    let mut table = FreeTable::new();
    let id = table.record_alloc(ADDR, layout(16, 8));
    assert_eq!(
        table.free(ADDR, layout(32, 8)),
        Err(FreeError::WrongLayout { id, expected: layout(16, 8), given: layout(32, 8) })
    );
    assert_eq!(
        table.free(ADDR, layout(16, 16)),
        Err(FreeError::WrongLayout { id, expected: layout(16, 8), given: layout(16, 16) })
    );
    assert_eq!(table.entry(ADDR).unwrap().freed_at, None, "refused frees change nothing");
    assert_eq!(table.free(ADDR, layout(16, 8)), Ok(()), "the right layout still frees it");
}

#[test]
fn reused_addresses_get_a_fresh_entry() {
    let mut table = FreeTable::new();
    table.record_alloc(ADDR, layout(16, 8));
    table.free(ADDR, layout(16, 8)).unwrap();
    let second = table.record_alloc(ADDR, layout(64, 8));
    assert_eq!(second, 2);
    assert_eq!(table.free(ADDR, layout(64, 8)), Ok(()), "the new block, not a double free");
}
