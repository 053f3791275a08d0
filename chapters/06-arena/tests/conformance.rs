//! The arena passes the course conformance suite over different children.

use allocator_interface::testing::TestingAllocator;
use allocator_interface::{SystemAllocator, conformance};
use arena::Arena;

#[test]
fn arena_over_the_system_allocator() {
    conformance::check(|| Arena::new(SystemAllocator));
}

#[test]
fn arena_over_a_leak_checking_child() {
    // Every chunk must go back to the child when the arena is dropped.
    conformance::check(|| Arena::new(TestingAllocator::new()));
}

#[test]
fn arena_over_an_arena() {
    // Allocators compose: an arena's chunks can come from another arena.
    conformance::check_scoped(|test| {
        let outer = Arena::new(SystemAllocator);
        test(&Arena::new(&outer));
    });
}
