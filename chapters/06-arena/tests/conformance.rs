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
#[cfg_attr(miri, ignore = "real system calls: the simulated kernel below runs under Miri")]
fn arena_over_the_page_allocator() {
    // Lesson 04's allocator as the child: chunks straight from `mmap`.
    conformance::check(|| Arena::new(page_allocator::PageAllocator::new()));
}

#[test]
#[cfg_attr(miri, ignore = "composition only: the arena's own code is checked by the tests above")]
fn arena_over_a_simulated_kernel() {
    conformance::check_scoped(|test| {
        let os = page_allocator::SimulatedOs::new(4096, 1024);
        test(&Arena::new(page_allocator::PageAllocator::with_os(&os)));
    });
}

#[test]
#[cfg_attr(miri, ignore = "composition only: the arena's own code is checked by the tests above")]
fn arena_over_an_arena() {
    // Allocators compose: an arena's chunks can come from another arena.
    conformance::check_scoped(|test| {
        let outer = Arena::new(SystemAllocator);
        test(&Arena::new(&outer));
    });
}
