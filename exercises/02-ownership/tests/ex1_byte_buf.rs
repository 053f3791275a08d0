//! Tests for exercise ownership-1 (`src/ex1_byte_buf.rs`).
//!
//! The test program's global allocator is the chapter's `ThreadCounter`: it
//! sees every block of the test's thread, and can refuse one on purpose.

use ownership::counter::{ThreadCounter, Usage, measure, refusing_allocation};
use ownership_exercises::ex1_byte_buf::{ByteBuf, FIRST_CAPACITY, OutOfMemory};

#[global_allocator]
static COUNTER: ThreadCounter = ThreadCounter;

#[test]
fn pushes_grow_by_doubling() {
    let mut buf = ByteBuf::new();
    let mut capacities = Vec::new();
    for byte in 0..100u8 {
        buf.push(byte).unwrap();
        if capacities.last() != Some(&buf.capacity()) {
            capacities.push(buf.capacity());
        }
    }
    assert_eq!(capacities, [FIRST_CAPACITY, 16, 32, 64, 128]);
    assert_eq!(buf.as_slice(), (0..100).collect::<Vec<u8>>());
    assert_eq!(buf.len(), 100);
}

#[test]
fn the_last_owner_frees_it_once() {
    let ((), usage) = measure(|| {
        let mut buf = ByteBuf::new();
        for byte in b"ownership" {
            buf.push(*byte).unwrap();
        }
        let moved = buf; // the duty to free moves with the value
        assert_eq!(moved.as_slice(), b"ownership");
    });
    // Nine bytes: a block of 8, grown once to 16 — then freed.
    assert_eq!(usage, Usage { allocations: 2, live_blocks: 0, live_bytes: 0 }, "dropped, so freed — exactly once");
}

#[test]
fn an_empty_buffer_allocates_nothing() {
    let ((), usage) = measure(|| drop(ByteBuf::new()));
    assert_eq!(usage.allocations, 0);
    let (buf, usage) = measure(|| {
        let mut buf = ByteBuf::new();
        buf.push(1).unwrap();
        buf
    });
    assert_eq!(usage, Usage { allocations: 1, live_blocks: 1, live_bytes: FIRST_CAPACITY as isize });
    assert!(!buf.is_empty());
}

#[test]
fn out_of_memory_leaves_the_buffer_as_it_was() {
    let ((), usage) = measure(|| {
        let mut buf = ByteBuf::new();
        for byte in 0..8 {
            buf.push(byte).unwrap();
        }
        // The next allocation of this thread — the growth — is refused.
        let (result, refused) = refusing_allocation(0, || buf.push(8));
        assert!(refused, "a full buffer must grow before it takes a ninth byte");
        assert_eq!(result, Err(OutOfMemory));
        assert_eq!(buf.as_slice(), [0, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(buf.capacity(), FIRST_CAPACITY);
        buf.push(8).unwrap(); // and it still works
        assert_eq!(buf.as_slice(), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    });
    assert_eq!(usage.live_blocks, 0, "the failed growth leaked nothing, and the buffer was freed");
}

#[test]
fn the_first_block_can_be_refused_too() {
    let (result, refused) = refusing_allocation(0, || {
        let mut buf = ByteBuf::new();
        let pushed = buf.push(1);
        (pushed, buf.len(), buf.capacity())
    });
    assert!(refused);
    assert_eq!(result, (Err(OutOfMemory), 0, 0));
}

#[test]
#[cfg_attr(miri, ignore = "leaks on purpose, and Miri reports every leak at exit")]
fn forgetting_it_is_a_leak() {
    let ((), usage) = measure(|| {
        let mut buf = ByteBuf::new();
        buf.push(42).unwrap();
        std::mem::forget(buf); // safe Rust: no free, ever
    });
    assert_eq!(usage.live_blocks, 1, "a forgotten owner leaks");
}
