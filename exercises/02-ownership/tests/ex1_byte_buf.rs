//! Tests for exercise ownership-1 (`src/ex1_byte_buf.rs`).

use allocator_interface::testing::{FailingAllocator, TestingAllocator};
use ownership_exercises::ex1_byte_buf::{ByteBuf, FIRST_CAPACITY};

#[test]
fn pushes_grow_by_doubling() {
    let mut buf = ByteBuf::new(allocator_interface::SystemAllocator);
    let mut capacities = Vec::new();
    for byte in 0..100u8 {
        buf.push(byte).unwrap();
        if capacities.last() != Some(&buf.capacity()) {
            capacities.push(buf.capacity());
        }
    }
    assert_eq!(capacities, [FIRST_CAPACITY, 16, 32, 64, 128]);
    assert_eq!(buf.as_slice(), (0..100).collect::<Vec<u8>>());
}

#[test]
fn the_last_owner_frees_it_once() {
    let testing = TestingAllocator::new();
    {
        let mut buf = ByteBuf::new(&testing);
        for byte in b"ownership" {
            buf.push(*byte).unwrap();
        }
        let moved = buf; // the duty to free moves with the value
        assert_eq!(moved.as_slice(), b"ownership");
    }
    testing.finish().expect("dropped, so freed — exactly once");
}

#[test]
fn an_empty_buffer_allocates_nothing() {
    let testing = TestingAllocator::new();
    drop(ByteBuf::new(&testing));
    assert_eq!(testing.blocks_allocated(), 0);
    let mut buf = ByteBuf::new(&testing);
    buf.push(1).unwrap();
    assert_eq!(testing.blocks_allocated(), 1);
}

#[test]
fn out_of_memory_leaves_the_buffer_as_it_was() {
    let testing = TestingAllocator::new();
    {
        // The first block, then nothing: no second block, no resize, no remap.
        let failing = FailingAllocator::with_resize_fail_index(&testing, 1, 0);
        let mut buf = ByteBuf::new(&failing);
        for byte in 0..8 {
            buf.push(byte).unwrap();
        }
        assert!(buf.push(8).is_err(), "growing needs a second block");
        assert_eq!(buf.as_slice(), [0, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(buf.capacity(), FIRST_CAPACITY);
    }
    testing.finish().expect("the failed growth leaked nothing");
}

#[test]
fn forgetting_it_is_a_leak() {
    let testing = TestingAllocator::new();
    let mut buf = ByteBuf::new(&testing);
    buf.push(42).unwrap();
    std::mem::forget(buf); // safe Rust: no free, ever
    assert!(testing.finish().is_err(), "a forgotten owner leaks");
}
