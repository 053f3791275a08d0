//! Tests for exercise c-pitfalls-2 (`src/ex2_bounds.rs`).

use c_pitfalls::heap::ToyHeap;
use c_pitfalls_exercises::ex2_bounds::{Overflow, append_str, copy_str};

#[test]
fn copy_writes_the_text_and_its_terminator() {
    let mut heap = ToyHeap::new(64);
    let name = heap.malloc(8).unwrap();
    assert_eq!(copy_str(&mut heap, name, "Bart"), Ok(()));
    assert_eq!(heap.read(name, 5), b"Bart\0");
    assert_eq!(copy_str(&mut heap, name, "Bartho!"), Ok(()), "7 bytes and a NUL fill the block exactly");
}

#[test]
fn a_copy_that_does_not_fit_is_refused_and_writes_nothing() {
    let mut heap = ToyHeap::new(64);
    let name = heap.malloc(8).unwrap();
    let balance = heap.malloc(8).unwrap();
    heap.write(balance, b"100 EUR\0");
    heap.write(name, b"........");
    assert_eq!(copy_str(&mut heap, name, "Bartholomew"), Err(Overflow { capacity: 8, needed: 12 }));
    assert_eq!(heap.read(name, 8), b"........", "a refused copy must not write at all");
    assert_eq!(heap.walk().1, None, "the next block's header was trampled");
    assert_eq!(heap.read(balance, 8), b"100 EUR\0");
}

#[test]
fn append_checks_the_whole_result() {
    let mut heap = ToyHeap::new(64);
    let line = heap.malloc(16).unwrap();
    copy_str(&mut heap, line, "GET ").unwrap();
    assert_eq!(append_str(&mut heap, line, "/index"), Ok(()));
    assert_eq!(heap.read(line, 11), b"GET /index\0");
    assert_eq!(append_str(&mut heap, line, ".html"), Ok(()), "15 bytes and a NUL fill the block exactly");
    assert_eq!(append_str(&mut heap, line, "?q=rust"), Err(Overflow { capacity: 16, needed: 23 }));
    assert_eq!(heap.read(line, 16), b"GET /index.html\0");
    assert_eq!(heap.walk().1, None);
}

#[test]
fn a_block_without_a_terminator_cannot_be_appended_to() {
    let mut heap = ToyHeap::new(64);
    let raw = heap.malloc(8).unwrap();
    heap.write(raw, b"12345678");
    assert_eq!(append_str(&mut heap, raw, "9"), Err(Overflow { capacity: 8, needed: 10 }));
    assert_eq!(heap.read(raw, 8), b"12345678");
}

#[test]
#[cfg_attr(miri, ignore = "insta reads snapshot files: not under Miri's isolation")]
fn the_neighbours_survive() {
    let mut heap = ToyHeap::new(64);
    let name = heap.malloc(8).unwrap();
    let balance = heap.malloc(8).unwrap();
    heap.write(balance, b"100 EUR\0");
    let refused = copy_str(&mut heap, name, "Bartholomew");
    let kept = copy_str(&mut heap, name, "Bart");
    insta::assert_snapshot!(format!("{refused:?}\n{kept:?}\n{}", heap.map()));
}
