//! Tests for exercise c-pitfalls-3 (`src/ex3_double_free.rs`).

use c_pitfalls::heap::ToyHeap;
use c_pitfalls_exercises::ex3_double_free::{FreeError, checked_free};

#[test]
fn a_block_in_use_is_freed() {
    let mut heap = ToyHeap::new(64);
    let token = heap.malloc(16).unwrap();
    assert_eq!(checked_free(&mut heap, token), Ok(()));
    assert_eq!(heap.header(token), Some((16, false)));
    assert_eq!(heap.malloc(16), Some(token), "the freed block is on the free list");
}

#[test]
fn a_second_free_is_refused_and_the_free_list_stays_a_list() {
    let mut heap = ToyHeap::new(64);
    let token = heap.malloc(16).unwrap();
    checked_free(&mut heap, token).unwrap();
    let list = heap.free_list();
    assert_eq!(checked_free(&mut heap, token), Err(FreeError::DoubleFree(token)));
    assert_eq!(heap.free_list(), list, "a refused free must not touch the free list");
    let first = heap.malloc(16).unwrap();
    let second = heap.malloc(16).unwrap();
    assert_ne!(first, second, "two mallocs returned the same block");
}

#[test]
fn a_pointer_that_is_not_a_block_is_refused() {
    let mut heap = ToyHeap::new(64);
    let token = heap.malloc(16).unwrap();
    assert_eq!(checked_free(&mut heap, token.plus(8)), Err(FreeError::NotABlock(token.plus(8))));
    assert_eq!(checked_free(&mut heap, token.plus(4000)), Err(FreeError::NotABlock(token.plus(4000))));
    assert_eq!(heap.header(token), Some((16, true)), "the block is still in use");
    assert_eq!(heap.walk().1, None);
}

#[test]
#[cfg_attr(miri, ignore = "insta reads snapshot files: not under Miri's isolation")]
fn the_double_free_scene_with_checks() {
    let mut heap = ToyHeap::new(64);
    let token = heap.malloc(16).unwrap();
    let outcomes = [checked_free(&mut heap, token), checked_free(&mut heap, token)];
    let first = heap.malloc(16).unwrap();
    let second = heap.malloc(16).unwrap();
    heap.write(first, b"token:alice");
    heap.write(second, b"token:mallory");
    let trace = heap.trace().join("\n");
    insta::assert_snapshot!(format!("{outcomes:?}\n{trace}\n{}", heap.map()));
}
