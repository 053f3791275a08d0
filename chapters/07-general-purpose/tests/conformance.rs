//! The debug allocator is a real allocator: lesson 03's conformance suite
//! (Zig's allocator tests + the model check) over several children and configs.

use allocator_interface::testing::TestingAllocator;
use allocator_interface::{SystemAllocator, conformance};
use general_purpose::{Config, DebugAllocator, SingleThreadedDebugAllocator};
use page_allocator::{PageAllocator, SimulatedOs};

const QUIET: Config = Config { log_problems: false, ..Config::DEFAULT };
/// Small buckets: many buckets fill up and are released during the tests.
const SMALL_BUCKETS: Config = Config { bucket_size: 4096, ..QUIET };

fn finish_clean<A: allocator_interface::Allocator>(allocator: DebugAllocator<A>) {
    if let Err(report) = allocator.finish() {
        panic!("the suite misused nothing, yet:\n{report}");
    }
}

#[test]
fn over_the_system_allocator() {
    conformance::check_scoped(|test| {
        let allocator = DebugAllocator::with_config(SystemAllocator, SMALL_BUCKETS);
        test(&allocator);
        finish_clean(allocator);
    });
}

#[test]
#[cfg_attr(miri, ignore = "real mmap; the simulated kernel below runs under Miri")]
fn over_the_page_allocator() {
    conformance::check(|| DebugAllocator::with_config(PageAllocator::new(), QUIET));
}

#[test]
#[cfg_attr(
    miri,
    ignore = "composition only: the debug allocator's code is checked over System, the page allocator's in lesson 04"
)]
fn over_a_simulated_kernel() {
    conformance::check_scoped(|test| {
        let os = SimulatedOs::new(4096, 2048);
        let allocator =
            DebugAllocator::with_config(PageAllocator::with_os(&os), Config { bucket_size: 16 * 1024, ..QUIET });
        test(&allocator);
        finish_clean(allocator);
    });
}

#[test]
fn single_threaded_with_every_option_on() {
    let config = Config { never_unmap: true, retain_metadata: true, memory_limit: Some(1 << 30), ..SMALL_BUCKETS };
    conformance::check_scoped(|test| {
        let allocator = SingleThreadedDebugAllocator::single_threaded(SystemAllocator, config);
        test(&allocator);
        assert!(allocator.take_problems().is_empty());
        assert!(allocator.leaks().is_none());
    });
}

#[test]
fn without_safety_checks() {
    conformance::check(|| DebugAllocator::with_config(SystemAllocator, Config { safety: false, ..SMALL_BUCKETS }));
}

/// The child sees every byte come back — even the bytes of leaked blocks,
/// which the debug allocator reports and then returns when it is dropped.
#[test]
fn gives_everything_back_to_its_child() {
    let child = TestingAllocator::new();
    {
        let allocator = DebugAllocator::with_config(&child, SMALL_BUCKETS);
        conformance::test_allocator(&allocator);
        let layout = core::alloc::Layout::new::<[u64; 4]>();
        let _leaked = allocator_interface::Allocator::alloc(&allocator, layout).unwrap();
        let large = core::alloc::Layout::from_size_align(10_000, 8).unwrap();
        let _leaked_large = allocator_interface::Allocator::alloc(&allocator, large).unwrap();
        assert_eq!(allocator.leaks().unwrap().blocks.len(), 2);
    }
    child.finish().expect("no leak in the child");
}
