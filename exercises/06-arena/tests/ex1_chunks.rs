//! Tests for exercise arena-1 (`src/ex1_chunks.rs`).

use allocator_interface::testing::TestingAllocator;
use allocator_interface::{Allocator, CountingAllocator, SystemAllocator, conformance};
use arena_exercises::ex1_chunks::{ChunkArena, MIN_CHUNK};
use core::alloc::Layout;

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

#[test]
fn the_first_block_brings_the_first_chunk() {
    let arena = ChunkArena::new(TestingAllocator::new());
    assert!(arena.chunk_sizes().is_empty(), "no memory until it is needed");
    arena.alloc_bytes(layout(10, 1)).unwrap();
    assert_eq!(arena.chunk_sizes(), [MIN_CHUNK]);
}

#[test]
fn blocks_are_bumped_aligned_and_distinct() {
    let arena = ChunkArena::new(TestingAllocator::new());
    let a = arena.alloc_bytes(layout(3, 1)).unwrap();
    let b = arena.alloc_bytes(layout(8, 8)).unwrap();
    assert_eq!(b.addr().get() % 8, 0);
    assert!(b.addr().get() >= a.addr().get() + 3);
    // SAFETY: two live blocks.
    unsafe {
        a.write_bytes(1, 3);
        b.write_bytes(2, 8);
        assert_eq!(a.read(), 1);
    }
}

#[test]
fn chunks_double_and_fit_big_requests() {
    let arena = ChunkArena::new(TestingAllocator::new());
    for _ in 0..100 {
        arena.alloc_bytes(layout(40, 8)).unwrap();
    }
    assert_eq!(arena.chunk_sizes(), [256, 512, 1024, 2048, 4096], "4000 bytes in five doubling chunks");
    arena.alloc_bytes(layout(100_000, 8)).unwrap();
    assert_eq!(arena.chunk_sizes().last(), Some(&100_008), "a big request gets a chunk of its own size");
}

#[test]
fn every_chunk_goes_back_to_the_child() {
    let child = CountingAllocator::new(TestingAllocator::new());
    {
        let arena = ChunkArena::new(&child);
        for _ in 0..1000 {
            arena.alloc_bytes(layout(24, 8)).unwrap();
        }
        assert!(child.stats().allocs <= 8, "chunks, not blocks, come from the child");
    }
    assert_eq!(child.stats().live_blocks(), 0, "dropping the arena frees every chunk");
}

#[test]
fn a_refusing_child_is_out_of_memory() {
    let failing = allocator_interface::testing::FailingAllocator::new(SystemAllocator, 1);
    let arena = ChunkArena::new(&failing);
    arena.alloc_bytes(layout(200, 1)).unwrap();
    assert!(arena.alloc_bytes(layout(100, 1)).is_err(), "the second chunk is refused");
    assert!(arena.alloc_bytes(layout(50, 1)).is_ok(), "but the first still has room");
}

#[test]
fn passes_the_conformance_suite() {
    conformance::check(|| ChunkArena::new(SystemAllocator));
    let arena = ChunkArena::new(SystemAllocator);
    let p = arena.alloc(layout(8, 8)).unwrap();
    // SAFETY: a live block of 8 bytes.
    assert!(!unsafe { arena.resize(p, layout(8, 8), 16) }, "a pure arena never grows a block");
}
