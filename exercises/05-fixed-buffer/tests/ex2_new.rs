//! Tests for exercise fixed-2 (`src/ex2_new.rs`).

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

/// The cases in `tests/ui/ex2_new/` must NOT compile: each uses the buffer
/// while the allocator still borrows it. The `.stderr` files hold the errors
/// the compiler must give.
#[test]
#[cfg_attr(miri, ignore = "runs the compiler: not under Miri")]
fn misuse_does_not_compile() {
    let cases = concat!(env!("CARGO_MANIFEST_DIR"), "/../../exercises/05-fixed-buffer/tests/ui/ex2_new/*.rs");
    trybuild::TestCases::new().compile_fail(cases);
}
