//! Tests for exercise interface-3 (`src/ex3_trace.rs`).

use allocator_api2::vec::Vec;
use allocator_interface::testing::TestingAllocator;
use allocator_interface::{Allocator, SystemAllocator};
use allocator_interface_exercises::ex3_trace::{Event, TraceAllocator};
use core::alloc::Layout;

#[test]
fn events_name_blocks_by_allocation_order() {
    let trace = TraceAllocator::new(TestingAllocator::new());
    let small = Layout::new::<u32>();
    let a = trace.alloc(small).unwrap();
    let b = trace.alloc(Layout::new::<[u64; 2]>()).unwrap();
    // SAFETY: each block is live with the layout passed.
    unsafe {
        assert!(!trace.resize(a, small, 8) || trace.resize(a, Layout::new::<u64>(), 4));
        trace.free(b, Layout::new::<[u64; 2]>());
        trace.free(a, small);
    }
    let events = trace.events();
    assert_eq!(events[0], Event::Alloc { id: Some(0), size: 4, align: 4 });
    assert_eq!(events[1], Event::Alloc { id: Some(1), size: 16, align: 8 });
    assert_eq!(events.last(), Some(&Event::Free { id: 0, size: 4 }));
    assert!(events.contains(&Event::Free { id: 1, size: 16 }));
}

#[test]
fn a_moved_block_keeps_its_id() {
    let trace = TraceAllocator::new(TestingAllocator::new());
    let layout = Layout::new::<[u8; 8]>();
    let first = trace.alloc(layout).unwrap();
    // SAFETY: `first` is live with `layout`; then `moved` with 4096 bytes.
    unsafe {
        let moved = trace.remap(first, layout, 4096).expect("the system allocator can realloc");
        trace.free(moved, Layout::from_size_align(4096, 1).unwrap());
    }
    assert_eq!(trace.render(), "#0 alloc 8 bytes (align 1)\n#0 remap 8 -> 4096 bytes\n#0 free 4096 bytes\n");
}

#[test]
fn refused_requests_are_recorded() {
    let failing = allocator_interface::testing::FailingAllocator::new(SystemAllocator, 0);
    let trace = TraceAllocator::new(&failing);
    assert!(trace.alloc(Layout::new::<u64>()).is_err());
    assert_eq!(trace.render(), "alloc 8 bytes (align 8): refused\n");
}

/// What does a `Vec` ask of its allocator as it grows to 20 elements, and a
/// `String` to 30 bytes? The snapshot is the answer; read it.
#[test]
#[cfg_attr(miri, ignore = "reads files and runs the compiler: not under Miri")]
fn vec_growth_trace() {
    let trace = TraceAllocator::new(SystemAllocator);
    {
        let mut numbers = Vec::new_in(&trace);
        for n in 0..20u32 {
            numbers.push(n);
        }
        numbers.shrink_to_fit();
        let mut text = allocator_api2::vec::Vec::new_in(&trace);
        text.extend_from_slice(b"explicit allocators, ");
        text.extend_from_slice(b"no hidden");
    }
    insta::assert_snapshot!(trace.render());
}
