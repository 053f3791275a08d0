//! Tests for exercise arena-2 (`src/ex2_reset.rs`).

use allocator_interface::testing::TestingAllocator;
use allocator_interface::{CountingAllocator, SystemAllocator};
use arena_exercises::ex1_chunks::ChunkArena;
use arena_exercises::ex2_reset::ResetMode;
use core::alloc::Layout;

fn fill(arena: &ChunkArena<impl allocator_interface::Allocator>, blocks: usize) {
    for _ in 0..blocks {
        arena.alloc_bytes(Layout::new::<[u64; 5]>()).unwrap();
    }
}

#[test]
fn free_all_gives_every_chunk_back() {
    let child = CountingAllocator::new(TestingAllocator::new());
    let mut arena = ChunkArena::new(&child);
    fill(&arena, 100);
    arena.reset(ResetMode::FreeAll).unwrap();
    assert!(arena.chunk_sizes().is_empty());
    assert_eq!(child.stats().live_blocks(), 0);
}

#[test]
fn retain_capacity_keeps_one_chunk_as_big_as_all() {
    let child = CountingAllocator::new(TestingAllocator::new());
    let mut arena = ChunkArena::new(&child);
    fill(&arena, 100);
    let total: usize = arena.chunk_sizes().iter().sum();
    arena.reset(ResetMode::RetainCapacity).unwrap();
    assert_eq!(arena.chunk_sizes(), [total]);
    let before = child.stats().allocs;
    fill(&arena, 100);
    arena.reset(ResetMode::RetainCapacity).unwrap();
    assert_eq!(child.stats().allocs, before, "the same work again needs no new chunk");
}

#[test]
fn retain_with_limit_caps_what_is_kept() {
    let mut arena = ChunkArena::new(TestingAllocator::new());
    fill(&arena, 100);
    arena.reset(ResetMode::RetainWithLimit(1000)).unwrap();
    assert_eq!(arena.chunk_sizes(), [1000]);
    arena.reset(ResetMode::RetainWithLimit(1_000_000)).unwrap();
    assert_eq!(arena.chunk_sizes(), [1000], "never more than there was");
    arena.reset(ResetMode::RetainWithLimit(0)).unwrap();
    assert!(arena.chunk_sizes().is_empty());
}

#[test]
fn a_reset_arena_hands_out_its_memory_again() {
    let mut arena = ChunkArena::new(SystemAllocator);
    let first = arena.alloc_bytes(Layout::new::<u64>()).unwrap().addr();
    arena.reset(ResetMode::RetainCapacity).unwrap();
    let again = arena.alloc_bytes(Layout::new::<u64>()).unwrap().addr();
    assert_eq!(first, again, "one chunk, kept: the same first block");
}

/// The chunk sizes through a day of work. Read the snapshot first.
#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn chunk_sizes_through_the_modes() {
    let mut arena = ChunkArena::new(TestingAllocator::new());
    let mut log = String::new();
    let mut note = |what: &str, arena: &ChunkArena<_>| log.push_str(&format!("{what:<32} {:?}\n", arena.chunk_sizes()));
    fill(&arena, 50);
    note("50 blocks of 40 bytes", &arena);
    fill(&arena, 50);
    note("50 more", &arena);
    arena.reset(ResetMode::RetainCapacity).unwrap();
    note("reset(RetainCapacity)", &arena);
    fill(&arena, 150);
    note("150 blocks", &arena);
    arena.reset(ResetMode::RetainWithLimit(4096)).unwrap();
    note("reset(RetainWithLimit(4096))", &arena);
    arena.reset(ResetMode::FreeAll).unwrap();
    note("reset(FreeAll)", &arena);
    insta::assert_snapshot!(log);
}
