//! Tests for exercise general-purpose-4 (`src/ex4_poison.rs`).

use allocator_interface::testing::TestingAllocator;
use allocator_interface::{Allocator, CountingAllocator, SystemAllocator};
use core::alloc::Layout;
use general_purpose_exercises::ex4_poison::{Corruption, POISON, Quarantine};

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, 8).unwrap()
}

#[test]
fn freed_memory_is_poisoned() {
    let quarantine = Quarantine::new(SystemAllocator, 4);
    let block = quarantine.alloc(layout(16)).unwrap();
    // SAFETY: a live 16-byte block, then freed with its layout.
    unsafe {
        block.write_bytes(7, 16);
        quarantine.free(block, layout(16));
    }
    // SAFETY: quarantined memory is still allocated from the child: reading
    // it is defined (for the test; a program must not).
    let bytes = unsafe { block.cast::<[u8; 16]>().read() };
    assert_eq!(bytes, [POISON; 16]);
    assert_eq!(quarantine.held(), 1);
}

#[test]
fn quarantined_addresses_are_not_reused() {
    let quarantine = Quarantine::new(SystemAllocator, 8);
    let first = quarantine.alloc(layout(32)).unwrap();
    // SAFETY: a live block with its layout.
    unsafe { quarantine.free(first, layout(32)) };
    for _ in 0..8 {
        let block = quarantine.alloc(layout(32)).unwrap();
        assert_ne!(block, first, "a quarantined block was handed out again");
        // SAFETY: a live block with its layout.
        unsafe { quarantine.free(block, layout(32)) };
    }
}

#[test]
fn a_write_after_free_is_reported_once() {
    let quarantine = Quarantine::new(SystemAllocator, 4);
    let block = quarantine.alloc(layout(32)).unwrap();
    // SAFETY: a live block with its layout.
    unsafe { quarantine.free(block, layout(32)) };
    // The bug under test: a write through a dangling pointer. The block is
    // still the quarantine's, so the write is observable.
    // SAFETY: the memory is still allocated from the child.
    unsafe { block.add(5).write(42) };
    assert_eq!(quarantine.check(), [Corruption { freed: 1, offset: 5, value: 42 }]);
    assert_eq!(quarantine.check(), [], "re-poisoned after reporting");
}

#[test]
fn the_oldest_leaves_quarantine_when_full() {
    let child = CountingAllocator::new(SystemAllocator);
    let quarantine = Quarantine::new(&child, 2);
    let blocks: Vec<_> = (0..3).map(|_| quarantine.alloc(layout(8)).unwrap()).collect();
    for &block in &blocks {
        // SAFETY: live blocks with their layouts.
        unsafe { quarantine.free(block, layout(8)) };
    }
    assert_eq!(quarantine.held(), 2);
    assert_eq!(child.stats().live_blocks(), 2, "one block went back to the child");
}

#[test]
fn corruption_is_caught_when_a_block_leaves_quarantine() {
    let quarantine = Quarantine::new(SystemAllocator, 1);
    let a = quarantine.alloc(layout(16)).unwrap();
    let b = quarantine.alloc(layout(16)).unwrap();
    // SAFETY: live blocks with their layouts; the write to `a` after its free
    // is the bug under test, made while `a` is still quarantined.
    unsafe {
        quarantine.free(a, layout(16));
        a.add(15).write(1);
        quarantine.free(b, layout(16)); // `a` leaves quarantine here
    }
    assert_eq!(quarantine.check(), [Corruption { freed: 1, offset: 15, value: 1 }]);
}

#[test]
fn dropping_gives_every_block_back() {
    let child = TestingAllocator::new();
    {
        let quarantine = Quarantine::new(&child, 16);
        for size in 1..10 {
            let block = quarantine.alloc(layout(size)).unwrap();
            // SAFETY: a live block with its layout.
            unsafe { quarantine.free(block, layout(size)) };
        }
    }
    child.finish().expect("no block left behind");
}
