//! Tests for exercise interface-2 (`src/ex2_budget.rs`).

use allocator_interface::testing::TestingAllocator;
use allocator_interface::{Allocator, CountingAllocator, OutOfMemory, SystemAllocator, conformance};
use allocator_interface_exercises::ex2_budget::BudgetAllocator;
use core::alloc::Layout;

fn bytes(n: usize) -> Layout {
    Layout::from_size_align(n, 1).unwrap()
}

#[test]
fn allocations_within_the_budget_succeed_and_are_counted() {
    let budget = BudgetAllocator::new(TestingAllocator::new(), 100);
    let a = budget.alloc(bytes(60)).expect("60 of 100");
    let b = budget.alloc(bytes(40)).expect("100 of 100");
    assert_eq!((budget.used(), budget.remaining()), (100, 0));
    // SAFETY: both blocks are live with these layouts.
    unsafe {
        budget.free(a, bytes(60));
        budget.free(b, bytes(40));
    }
    assert_eq!((budget.used(), budget.remaining()), (0, 100));
}

#[test]
fn over_budget_fails_without_asking_the_inner_allocator() {
    let counting = CountingAllocator::new(TestingAllocator::new());
    let budget = BudgetAllocator::new(&counting, 100);
    let a = budget.alloc(bytes(80)).expect("80 of 100");
    assert_eq!(budget.alloc(bytes(21)), Err(OutOfMemory));
    assert_eq!(budget.used(), 80, "a refused request must not change the budget");
    let stats = counting.stats();
    assert_eq!((stats.allocs, stats.refused), (1, 0), "the over-budget request reached the inner allocator");
    // SAFETY: `a` is live with this layout.
    unsafe { budget.free(a, bytes(80)) };
}

#[test]
fn freeing_gives_the_budget_back() {
    let budget = BudgetAllocator::new(TestingAllocator::new(), 64);
    for _ in 0..10 {
        let block = budget.alloc(bytes(64)).expect("the whole budget, again and again");
        // SAFETY: live with this layout.
        unsafe { budget.free(block, bytes(64)) };
    }
    assert_eq!(budget.used(), 0);
}

#[test]
fn remap_and_resize_respect_the_budget() {
    let budget = BudgetAllocator::new(TestingAllocator::new(), 100);
    let block = budget.alloc(bytes(50)).unwrap();
    // SAFETY: `block` is live with the layout passed at each step.
    unsafe {
        assert_eq!(budget.remap(block, bytes(50), 101), None, "growing past the budget");
        assert_eq!(budget.used(), 50);
        let block = budget.remap(block, bytes(50), 100).expect("growing up to the budget");
        assert_eq!(budget.used(), 100);
        assert!(!budget.resize(block, bytes(100), 200));
        assert_eq!(budget.used(), 100);
        let block = budget.remap(block, bytes(100), 30).expect("shrinking");
        assert_eq!(budget.used(), 30);
        budget.free(block, bytes(30));
    }
    assert_eq!(budget.used(), 0);
}

#[test]
fn collections_see_out_of_memory_as_a_value() {
    let budget = BudgetAllocator::new(TestingAllocator::new(), 1024);
    let mut numbers = allocator_api2::vec::Vec::<u64, _>::new_in(&budget);
    numbers.try_reserve(100).expect("800 bytes fit");
    assert!(numbers.try_reserve(200).is_err(), "1600 bytes do not");
    numbers.extend(0..100);
    assert_eq!(numbers.iter().sum::<u64>(), 4950);
}

#[test]
fn passes_the_conformance_suite() {
    conformance::check(|| BudgetAllocator::new(SystemAllocator, 1 << 30));
}
