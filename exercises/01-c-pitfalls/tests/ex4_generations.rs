//! Tests for exercise c-pitfalls-4 (`src/ex4_generations.rs`).

use c_pitfalls_exercises::ex4_generations::{GenHeap, UseAfterFree};

#[test]
fn a_live_handle_reads_and_writes() {
    let mut heap = GenHeap::new(128);
    let session = heap.alloc(16).expect("room");
    assert_eq!(heap.write(session, b"user=alice"), Ok(()));
    assert_eq!(heap.read(session, 10), Ok(b"user=alice".to_vec()));
    assert_eq!(heap.free(session), Ok(()));
    assert!(heap.heap().leaks().is_empty());
}

#[test]
fn a_stale_handle_is_caught_after_the_block_is_reused() {
    let mut heap = GenHeap::new(128);
    let session = heap.alloc(16).expect("room");
    heap.write(session, b"user=alice").unwrap();
    heap.free(session).unwrap();
    let admin = heap.alloc(16).expect("room");
    assert_eq!(admin.ptr(), session.ptr(), "the toy heap reuses the block (LIFO)");
    heap.write(admin, b"user=root").unwrap();

    let stale = UseAfterFree { ptr: session.ptr(), handle_generation: 0, block_generation: 1 };
    assert_eq!(heap.read(session, 9), Err(stale));
    assert_eq!(heap.write(session, b"user=eve"), Err(stale));
    assert_eq!(heap.read(admin, 9), Ok(b"user=root".to_vec()), "the new owner's data is untouched");
}

#[test]
fn a_double_free_is_caught_and_the_heap_stays_sound() {
    let mut heap = GenHeap::new(128);
    let token = heap.alloc(16).expect("room");
    heap.free(token).unwrap();
    assert_eq!(heap.free(token), Err(UseAfterFree { ptr: token.ptr(), handle_generation: 0, block_generation: 1 }));
    let first = heap.alloc(16).expect("room");
    let second = heap.alloc(16).expect("room");
    assert_ne!(first.ptr(), second.ptr(), "two allocations share a block");
}

#[test]
fn generations_keep_counting() {
    let mut heap = GenHeap::new(128);
    let mut handles = Vec::new();
    for round in 0..3 {
        let handle = heap.alloc(16).expect("room");
        heap.write(handle, &[round]).unwrap();
        heap.free(handle).unwrap();
        handles.push(handle);
    }
    let current = heap.alloc(16).expect("room");
    for (generation, &old) in handles.iter().enumerate() {
        assert_eq!(old.ptr(), current.ptr());
        assert_eq!(
            heap.read(old, 1),
            Err(UseAfterFree { ptr: old.ptr(), handle_generation: generation as u32, block_generation: 3 })
        );
    }
    assert!(heap.write(current, b"fresh").is_ok() && heap.free(current).is_ok(), "the current handle works");
}
