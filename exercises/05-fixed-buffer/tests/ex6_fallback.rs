//! Tests for exercise fixed-6 (`src/ex6_fallback.rs`).

use allocator_api2::vec::Vec;
use allocator_interface::testing::TestingAllocator;
use allocator_interface::{Allocator, CountingAllocator, SystemAllocator, conformance};
use core::alloc::Layout;
use fixed_buffer_exercises::ex2_new::Bump;
use fixed_buffer_exercises::ex6_fallback::Fallback;

/// The stack buffer at a known alignment, so the offsets below do not depend
/// on where the compiler puts it.
#[repr(C, align(64))]
struct Aligned<const N: usize>([u8; N]);

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

#[test]
fn small_blocks_stay_on_the_stack() {
    let mut stack = Aligned([0u8; 128]);
    let heap = CountingAllocator::new(TestingAllocator::new());
    let alloc = Fallback::new(Bump::new(&mut stack.0), &heap);
    let a = alloc.alloc(layout(32, 8)).unwrap();
    let b = alloc.alloc(layout(64, 8)).unwrap();
    assert_eq!(heap.stats().allocs, 0, "96 of 128 bytes: no heap yet");
    assert!(alloc.stack().owns_ptr(a.as_ptr()) && alloc.stack().owns_ptr(b.as_ptr()));
    // SAFETY: both live with these layouts.
    unsafe {
        alloc.free(b, layout(64, 8));
        alloc.free(a, layout(32, 8));
    }
}

#[test]
fn what_does_not_fit_goes_to_the_fallback_and_back() {
    let mut stack = Aligned([0u8; 64]);
    // The testing allocator panics if it is handed a stack block.
    let heap = CountingAllocator::new(TestingAllocator::new());
    let alloc = Fallback::new(Bump::new(&mut stack.0), &heap);
    let small = alloc.alloc(layout(48, 8)).unwrap();
    let big = alloc.alloc(layout(48, 8)).unwrap();
    assert_eq!(heap.stats().allocs, 1, "the second block did not fit");
    assert!(!alloc.stack().owns_ptr(big.as_ptr()));
    // SAFETY: both live with these layouts; `big` grows through the fallback.
    unsafe {
        let big = allocator_interface::realloc(&alloc, big, layout(48, 8), 4096).unwrap();
        alloc.free(big, layout(4096, 8));
        alloc.free(small, layout(48, 8));
    }
    assert_eq!(heap.stats().live_blocks(), 0, "every heap block went back to the heap");
    assert_eq!(alloc.stack().taken(), 0, "and the stack block to the stack");
}

#[test]
fn a_vector_spills_from_the_stack_to_the_heap() {
    let mut stack = [0u8; 256];
    let heap = CountingAllocator::new(TestingAllocator::new());
    let alloc = Fallback::new(Bump::new(&mut stack), &heap);
    let mut v = Vec::new_in(&alloc);
    for i in 0..1000u64 {
        v.push(i);
    }
    assert_eq!(v.iter().sum::<u64>(), 499_500, "contents survive the move");
    assert!(heap.stats().allocs >= 1);
    drop(v);
    assert_eq!(heap.stats().live_blocks(), 0);
}

#[test]
fn passes_the_conformance_suite() {
    conformance::check_scoped(|test| {
        conformance::with_guarded_buffer(4096, |stack| test(&Fallback::new(Bump::new(stack), SystemAllocator)));
    });
}
