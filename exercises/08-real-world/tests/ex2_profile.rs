//! Tests for exercise real-world-2 (`src/ex2_profile.rs`).

use allocator_api2::vec::Vec as Api2Vec;
use allocator_interface::testing::{FailingAllocator, TestingAllocator};
use allocator_interface::{Allocator, OutOfMemory, conformance};
use core::alloc::Layout;
use core::ptr::NonNull;
use fixed_buffer::FixedBufferAllocator;
use real_world_exercises::ex2_profile::{BUCKETS, Profiler, bucket};

fn bytes(n: usize) -> Layout {
    Layout::from_size_align(n, 8).unwrap()
}

/// A histogram with `counts` at the given buckets.
fn histogram(counts: &[(usize, u64)]) -> [u64; BUCKETS] {
    let mut h = [0; BUCKETS];
    for &(k, count) in counts {
        h[k] = count;
    }
    h
}

#[test]
fn buckets_are_powers_of_two() {
    let cases = [(0, 0), (1, 0), (2, 1), (3, 2), (4, 2), (5, 3), (8, 3), (9, 4), (4096, 12), (4097, 13)];
    for (value, k) in cases {
        assert_eq!(bucket(value), k, "bucket({value})");
    }
    assert_eq!(bucket(u64::MAX), 64);
}

#[test]
fn counts_blocks_bytes_and_the_peak() {
    let profiler = Profiler::new(TestingAllocator::new());
    let a = profiler.alloc(bytes(8)).unwrap();
    let b = profiler.alloc(bytes(24)).unwrap();
    let c = profiler.alloc(bytes(100)).unwrap();
    // SAFETY: live blocks with their layouts.
    unsafe { profiler.free(b, bytes(24)) };
    let p = profiler.profile();
    assert_eq!((p.allocs, p.bytes_allocated, p.frees), (3, 132, 1));
    assert_eq!((p.live_blocks, p.live_bytes), (2, 108));
    assert_eq!((p.peak_bytes, p.peak_blocks, p.peak_at), (132, 3, 3));
    assert_eq!(p.sizes, histogram(&[(3, 1), (5, 1), (7, 1)]));
    assert_eq!(p.lifetimes, histogram(&[(0, 1)]), "b saw one allocation (c) while it lived");
    // A later, lower high-water mark is not a peak; a higher one is.
    let d = profiler.alloc(bytes(20)).unwrap();
    assert_eq!(profiler.profile().peak_at, 3);
    let e = profiler.alloc(bytes(10)).unwrap();
    let p = profiler.profile();
    assert_eq!((p.peak_bytes, p.peak_blocks, p.peak_at), (138, 4, 5));
    // SAFETY: live blocks with their layouts.
    unsafe {
        for (ptr, size) in [(a, 8), (c, 100), (d, 20), (e, 10)] {
            profiler.free(ptr, bytes(size));
        }
    }
    let p = profiler.profile();
    assert_eq!((p.live_blocks, p.live_bytes, p.frees), (0, 0, 5));
}

#[test]
fn lifetimes_count_the_allocations_made_while_a_block_lived() {
    let profiler = Profiler::new(TestingAllocator::new());
    let blocks: Vec<NonNull<u8>> = (0..10).map(|_| profiler.alloc(bytes(16)).unwrap()).collect();
    for &block in blocks.iter().rev() {
        // SAFETY: live blocks with their layout.
        unsafe { profiler.free(block, bytes(16)) };
    }
    // Block i saw the 9 - i allocations after it: 0, 1 | 2 | 3, 4 | 5..8 | 9.
    assert_eq!(profiler.profile().lifetimes, histogram(&[(0, 2), (1, 1), (2, 2), (3, 4), (4, 1)]));
    assert_eq!(profiler.profile().sizes, histogram(&[(4, 10)]));
}

#[test]
fn a_block_that_grows_in_place_or_moves_is_followed() {
    let mut buffer = [0u8; 1024];
    let fixed = FixedBufferAllocator::new(&mut buffer);
    let profiler = Profiler::new(&fixed);
    let a = profiler.alloc(bytes(16)).unwrap();
    // SAFETY: `a` is live with the layout it was last given.
    unsafe {
        assert!(profiler.resize(a, bytes(16), 64), "the last block of a fixed buffer grows in place");
        assert_eq!(profiler.remap(a, bytes(64), 32), Some(a));
    }
    let p = profiler.profile();
    assert_eq!((p.in_place, p.moved, p.live_bytes, p.peak_bytes), (2, 0, 32, 64));
    assert_eq!(p.sizes, histogram(&[(4, 1)]), "sizes are what alloc was asked for");

    // A block the system allocator must move: 16 bytes cannot become 1 MiB where they are.
    let profiler = Profiler::new(TestingAllocator::new());
    let small = profiler.alloc(bytes(16)).unwrap();
    // SAFETY: `small` is live with this layout; afterwards the moved block is.
    unsafe {
        let big = profiler.remap(small, bytes(16), 1 << 20).expect("the system allocator can move it");
        let p = profiler.profile();
        assert_eq!(p.in_place + p.moved, 1);
        assert_eq!((p.live_blocks, p.live_bytes, p.peak_bytes), (1, 1 << 20, 1 << 20));
        profiler.free(big, bytes(1 << 20));
    }
    let p = profiler.profile();
    assert_eq!((p.unknown, p.frees, p.live_bytes), (0, 1, 0), "the free found the block at its new address");
}

#[test]
fn refusals_are_counted_and_change_nothing_else() {
    let profiler = Profiler::new(FailingAllocator::new(TestingAllocator::new(), 1));
    let a = profiler.alloc(bytes(40)).unwrap();
    assert_eq!(profiler.alloc(bytes(40)), Err(OutOfMemory));
    assert_eq!(profiler.alloc(bytes(0)), Err(OutOfMemory), "a zero size is the inner allocator's to refuse");
    // SAFETY: `a` is live with this layout.
    unsafe {
        assert!(!profiler.resize(a, bytes(40), 0));
        profiler.free(a, bytes(40));
    }
    let p = profiler.profile();
    assert_eq!((p.allocs, p.refused, p.frees, p.live_blocks), (1, 3, 1, 0));
    assert_eq!(p.sizes, histogram(&[(6, 1)]), "refused requests are not sizes that were allocated");
}

#[test]
fn pointers_it_never_handed_out_are_not_passed_on() {
    let profiler = Profiler::new(TestingAllocator::new());
    let mut local = [0u64; 4];
    let stranger = NonNull::from(&mut local).cast::<u8>();
    let a = profiler.alloc(bytes(32)).unwrap();
    // SAFETY: none of these is allowed by the contract: the profiler must
    // catch them before the inner allocator (which would panic) sees them.
    unsafe {
        profiler.free(stranger, bytes(32));
        assert!(!profiler.resize(stranger, bytes(32), 64));
        assert_eq!(profiler.remap(stranger, bytes(32), 64), None);
        profiler.free(a, bytes(32));
        profiler.free(a, bytes(32)); // a double free
    }
    let p = profiler.profile();
    assert_eq!((p.unknown, p.frees, p.refused, p.live_blocks), (4, 1, 0, 0));
}

#[test]
fn the_report_of_a_growing_vector() {
    let mut buffer = [0u8; 4096];
    let fixed = FixedBufferAllocator::new(&mut buffer);
    let profiler = Profiler::new(&fixed);
    {
        let mut squares = Api2Vec::new_in(&profiler);
        for i in 0..100u64 {
            squares.push(i * i);
        }
        let mut words = Api2Vec::new_in(&profiler);
        words.extend_from_slice(b"hello");
        assert_eq!(squares.len() + words.len(), 105);
    }
    let expected = "\
allocations  2 (40 bytes)
frees        2 (0 blocks still live, 0 bytes)
peak         1032 bytes in 2 blocks, at allocation 2
grown/shrunk 5 in place, 0 moved, 0 refused, 0 unknown
sizes (bytes):
  <= 8             1 ####################
  <= 32            1 ####################
lifetimes (allocations):
  <= 1             2 ####################
";
    assert_eq!(profiler.report(), expected);
}

#[test]
fn passes_the_conformance_suite() {
    conformance::check(|| Profiler::new(TestingAllocator::new()));
}

#[test]
fn passes_the_model_check() {
    conformance::model_check(|| Profiler::new(TestingAllocator::new()));
}
