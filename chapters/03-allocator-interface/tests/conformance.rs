//! Every allocator in this chapter passes the conformance suite: Zig's
//! `std.heap` tests and the model check.

use allocator_interface::testing::{FailingAllocator, TestingAllocator, ValidatingAllocator};
use allocator_interface::{CountingAllocator, SystemAllocator, conformance};

#[test]
fn system_allocator() {
    conformance::check(|| SystemAllocator);
}

#[test]
fn testing_allocator() {
    conformance::check(TestingAllocator::new);
}

#[test]
#[cfg_attr(miri, ignore = "covered under Miri by `wrappers_stack`, which includes it")]
fn counting_allocator() {
    conformance::check(|| CountingAllocator::new(SystemAllocator));
}

#[test]
#[cfg_attr(miri, ignore = "plain forwarding, checked under Miri by the testing module's own tests")]
fn failing_allocator_that_never_fails() {
    conformance::check(|| FailingAllocator::new(SystemAllocator, usize::MAX));
}

#[test]
fn wrappers_stack() {
    conformance::check(|| ValidatingAllocator(CountingAllocator::new(TestingAllocator::new())));
}

#[test]
fn through_a_trait_object() {
    let system = SystemAllocator;
    let dynamic: &dyn allocator_interface::Allocator = &system;
    conformance::test_allocator(dynamic);
    conformance::test_allocator_aligned(dynamic);
}
