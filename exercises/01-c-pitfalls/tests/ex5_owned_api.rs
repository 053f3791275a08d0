//! Tests for exercise c-pitfalls-5 (`src/ex5_owned_api.rs`).

use c_pitfalls_exercises::ex5_owned_api::Heap;

#[test]
fn blocks_are_allocated_read_and_freed() {
    let heap = Heap::new(128);
    let name = heap.alloc(b"alice").expect("room");
    let role = heap.alloc(b"admin").expect("room");
    assert_eq!(heap.read(&name), b"alice");
    assert_eq!(heap.read(&role), b"admin");
    assert_eq!(heap.live_blocks(), 2);
    heap.free(name);
    heap.free(role);
    assert_eq!(heap.live_blocks(), 0);
}

#[test]
fn a_full_heap_says_so() {
    let heap = Heap::new(32);
    let big = heap.alloc(&[1; 24]).expect("room for one block");
    assert!(heap.alloc(b"x").is_none());
    heap.free(big);
    assert!(heap.alloc(b"x").is_some());
}

/// The cases in `tests/ui/ex5_owned_api/` must NOT compile: each is a bug
/// that the types in `src/ex5_owned_api.rs` should rule out.
#[test]
#[cfg_attr(miri, ignore = "runs the compiler: not under Miri")]
fn misuse_does_not_compile() {
    let cases = concat!(env!("CARGO_MANIFEST_DIR"), "/../../exercises/01-c-pitfalls/tests/ui/ex5_owned_api/*.rs");
    trybuild::TestCases::new().compile_fail(cases);
}
