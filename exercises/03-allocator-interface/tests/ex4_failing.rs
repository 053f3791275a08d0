//! Tests for exercise interface-4 (`src/ex4_failing.rs`).

use allocator_interface::testing::TestingAllocator;
use allocator_interface::{Allocator, OutOfMemory};
use allocator_interface_exercises::ex4_failing::FailAfter;
use core::alloc::Layout;

const WORD: Layout = Layout::new::<usize>();

#[test]
fn lets_the_first_allocations_through() {
    let failing = FailAfter::new(TestingAllocator::new(), 2);
    let a = failing.alloc(WORD).expect("allocation 0");
    let b = failing.alloc(WORD).expect("allocation 1");
    assert!(!failing.has_failed());
    // SAFETY: both blocks are live with `WORD`.
    unsafe {
        failing.free(a, WORD);
        failing.free(b, WORD);
    }
    assert_eq!((failing.attempts(), failing.frees()), (2, 2));
}

#[test]
fn refuses_from_the_fail_index_on() {
    let failing = FailAfter::new(TestingAllocator::new(), 1);
    let a = failing.alloc(WORD).expect("allocation 0");
    assert_eq!(failing.alloc(WORD), Err(OutOfMemory));
    assert_eq!(failing.alloc(WORD), Err(OutOfMemory), "and every one after it");
    assert!(failing.has_failed());
    assert_eq!(failing.attempts(), 3, "refused attempts count too");
    // SAFETY: `a` is live with `WORD`.
    unsafe { failing.free(a, WORD) };
}

#[test]
fn fail_index_zero_refuses_everything() {
    let failing = FailAfter::new(TestingAllocator::new(), 0);
    let mut v = allocator_api2::vec::Vec::<u8, _>::new_in(&failing);
    assert!(v.try_reserve(1).is_err());
    assert!(failing.has_failed());
}

/// Builds three blocks, cleaning up on failure: the pattern every function
/// that allocates more than once needs.
fn three_blocks(a: &dyn Allocator) -> Result<(), OutOfMemory> {
    let first = a.alloc(WORD)?;
    let second = match a.alloc(WORD) {
        Ok(p) => p,
        Err(e) => {
            // SAFETY: `first` is live with `WORD`.
            unsafe { a.free(first, WORD) };
            return Err(e);
        }
    };
    let third = a.alloc(WORD);
    // SAFETY: all live blocks are freed exactly once with `WORD`.
    unsafe {
        if let Ok(third) = third {
            a.free(third, WORD);
        }
        a.free(second, WORD);
        a.free(first, WORD);
    }
    third.map(drop)
}

#[test]
fn visits_every_failure_path_of_a_function() {
    for fail_index in 0..3 {
        let testing = TestingAllocator::new();
        let failing = FailAfter::new(&testing, fail_index);
        assert_eq!(three_blocks(&failing), Err(OutOfMemory), "fail_index {fail_index}");
        assert_eq!(failing.attempts(), fail_index + 1, "stops at the first refusal");
        assert_eq!(failing.frees(), fail_index, "frees what it got");
        testing.finish().expect("no leak");
    }
    let failing = FailAfter::new(TestingAllocator::new(), 3);
    assert_eq!(three_blocks(&failing), Ok(()));
}
