//! Tests for exercise fixed-2 (`src/ex2_new.rs`).

// Which receivers borrow mutably is the exercise: with the stub's, these
// `mut`s are not needed yet.
#![allow(unused_mut)]

use fixed_buffer_exercises::ex2_new::Bump;

#[test]
fn a_new_allocator_has_the_whole_buffer() {
    let mut buffer = [0u8; 100];
    let bump = Bump::new(&mut buffer);
    assert_eq!(bump.capacity(), 100);
    assert_eq!((bump.mark(), bump.taken()), (100, 0), "everything below the mark is free");
}

#[test]
fn the_buffer_can_be_anywhere() {
    let mut on_the_heap = vec![0u8; 4096];
    assert_eq!(Bump::new(&mut on_the_heap).capacity(), 4096);
    let mut empty: [u8; 0] = [];
    assert_eq!(Bump::new(&mut empty).capacity(), 0);
}

#[test]
fn a_nested_allocator_lends_the_free_part_and_gives_it_back() {
    let mut buffer = [0u8; 100];
    let mut outer = Bump::new(&mut buffer);
    {
        let mut inner = outer.nested();
        assert_eq!((inner.capacity(), inner.mark(), inner.taken()), (100, 100, 0), "all of it is free");
        let innermost = inner.nested();
        assert_eq!(innermost.capacity(), 100, "nesting again lends the same free part");
    }
    assert_eq!((outer.capacity(), outer.mark(), outer.taken()), (100, 100, 0), "the parent is untouched");
    let mut empty: [u8; 0] = [];
    assert_eq!(Bump::new(&mut empty).nested().capacity(), 0);
}

/// The cases in `tests/ui/ex2_new/` must NOT compile: each uses the buffer,
/// or a parent allocator, while something else still borrows it. The `.stderr` files hold the errors
/// the compiler must give.
#[test]
#[cfg_attr(miri, ignore = "runs the compiler: not under Miri")]
fn misuse_does_not_compile() {
    let cases = concat!(env!("CARGO_MANIFEST_DIR"), "/../../exercises/05-fixed-buffer/tests/ui/ex2_new/*.rs");
    trybuild::TestCases::new().compile_fail(cases);
}
