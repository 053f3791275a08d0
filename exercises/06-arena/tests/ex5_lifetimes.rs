//! Tests for exercise arena-5 (`src/ex5_lifetimes.rs`).

// Which receivers borrow mutably is the exercise: with the stub's, these
// `mut`s are not needed yet.
#![allow(unused_mut)]

use arena_exercises::ex5_lifetimes::Scratchpad;

#[test]
fn keeps_copies() {
    let mut pad = Scratchpad::new();
    let request = pad.request();
    let mut owned = String::from("request body");
    let copy = request.keep(&owned);
    owned.clear();
    assert_eq!(copy, "request body", "the copy does not depend on the original");
    assert_eq!(request.keep(""), "");
}

#[test]
fn the_end_of_a_request_empties_the_arena_and_keeps_its_memory() {
    let mut pad = Scratchpad::new();
    {
        let request = pad.request();
        for _ in 0..100 {
            request.keep("some text for this request");
        }
    }
    let capacity = pad.capacity();
    assert!(capacity >= 100 * 26, "100 copies needed {capacity} bytes");
    assert_eq!(pad.in_use(), 0, "the request's copies are gone");
    for round in 0..3 {
        let request = pad.request();
        for _ in 0..100 {
            assert_eq!(request.keep("some text for this request"), "some text for this request");
        }
        drop(request);
        assert_eq!(pad.capacity(), capacity, "round {round}: the next requests reuse the memory");
        assert_eq!(pad.in_use(), 0, "round {round}");
    }
}

/// The cases in `tests/ui/ex5_lifetimes/` must NOT compile: a copy used after
/// its request, two requests at once, and a request that outlives its
/// scratchpad.
#[test]
#[cfg_attr(miri, ignore = "runs the compiler: not under Miri")]
fn misuse_does_not_compile() {
    let cases = concat!(env!("CARGO_MANIFEST_DIR"), "/../../exercises/06-arena/tests/ui/ex5_lifetimes/*.rs");
    trybuild::TestCases::new().compile_fail(cases);
}
