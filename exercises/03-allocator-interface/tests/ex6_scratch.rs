//! Tests for exercise interface-6 (`src/ex6_scratch.rs`).

use allocator_interface_exercises::ex6_scratch::Scratch;

#[test]
fn hands_out_zeroed_disjoint_slices() {
    let scratch = Scratch::<16>::new();
    let a = scratch.alloc(4).expect("4 of 16");
    let b = scratch.alloc(8).expect("12 of 16");
    assert_eq!(a, [0; 4]);
    assert_eq!(b, [0; 8]);
    a.fill(0xAA);
    b.fill(0xBB);
    assert_eq!(a, [0xAA; 4], "writing to one slice must not touch the other");
    assert_eq!(scratch.used(), 12);
}

#[test]
fn says_none_when_full() {
    let scratch = Scratch::<16>::new();
    assert!(scratch.alloc(10).is_some());
    assert!(scratch.alloc(7).is_none(), "10 + 7 > 16");
    assert_eq!(scratch.used(), 10, "a refused request changes nothing");
    assert_eq!(scratch.alloc(6).map(|s| s.len()), Some(6), "exactly full is fine");
    assert!(scratch.alloc(usize::MAX).is_none(), "no overflow");
}

#[test]
fn reset_makes_room_and_zeroes_again() {
    let mut scratch = Scratch::<8>::new();
    scratch.alloc(8).expect("all of it").fill(0xFF);
    scratch.reset();
    assert_eq!(scratch.used(), 0);
    assert_eq!(scratch.alloc(8).expect("all of it again"), [0; 8]);
}

/// The cases in `tests/ui/ex6_scratch/` must NOT compile: each misuses a
/// slice after its buffer is gone or reset. `.stderr` files hold the errors
/// the compiler must give.
#[test]
#[cfg_attr(miri, ignore = "reads files and runs the compiler: not under Miri")]
fn misuse_does_not_compile() {
    let cases =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../exercises/03-allocator-interface/tests/ui/ex6_scratch/*.rs");
    trybuild::TestCases::new().compile_fail(cases);
}
