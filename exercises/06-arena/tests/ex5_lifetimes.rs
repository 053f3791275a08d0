//! Tests for exercise arena-5 (`src/ex5_lifetimes.rs`).

use arena_exercises::ex5_lifetimes::Scratchpad;

#[test]
fn keeps_copies() {
    let pad = Scratchpad::new();
    let mut owned = String::from("request body");
    let copy = pad.keep(&owned);
    owned.clear();
    assert_eq!(copy, "request body", "the copy does not depend on the original");
}

#[test]
fn clear_keeps_the_memory() {
    let mut pad = Scratchpad::new();
    for _ in 0..100 {
        pad.keep("some text for this request");
    }
    let capacity = pad.capacity();
    pad.clear();
    assert_eq!(pad.capacity(), capacity);
    assert_eq!(pad.keep("next request"), "next request");
}

/// The cases in `tests/ui/ex5_lifetimes/` must NOT compile: each uses a copy
/// after its arena is cleared or gone.
#[test]
#[cfg_attr(miri, ignore = "runs the compiler: not under Miri")]
fn misuse_does_not_compile() {
    let cases = concat!(env!("CARGO_MANIFEST_DIR"), "/../../exercises/06-arena/tests/ui/ex5_lifetimes/*.rs");
    trybuild::TestCases::new().compile_fail(cases);
}
