//! How an arena grows and what each reset mode keeps, drawn from the real
//! arena. Chunk sizes depend only on the requests, never on addresses.

use allocator_interface::testing::TestingAllocator;
use allocator_interface::{Allocator, CountingAllocator};
use arena::{Arena, ChunkInfo, ResetMode, report};
use core::alloc::Layout;

// ANCHOR: story
fn fill(arena: &Arena<impl Allocator>, blocks: usize, size: usize) {
    for _ in 0..blocks {
        arena.alloc(Layout::from_size_align(size, 8).unwrap()).unwrap();
    }
}

/// The chunks after a round of work, and after each reset mode.
fn reset_story() -> (String, Vec<(&'static str, Vec<ChunkInfo>)>) {
    let child = CountingAllocator::new(TestingAllocator::new());
    let mut arena = Arena::new(&child);
    let mut text = String::new();
    let mut states = Vec::new();
    let mut record = |title: &'static str, arena: &Arena<_>, text: &mut String| {
        let chunks = arena.chunks();
        let asked = child.stats().allocs;
        text.push_str(&format!("{title} (child allocations so far: {asked})\n{}\n", report::ascii(&chunks)));
        states.push((title, chunks));
    };

    fill(&arena, 100, 40);
    record("after 100 blocks of 40 bytes", &arena, &mut text);
    fill(&arena, 100, 40);
    record("after 100 more", &arena, &mut text);
    arena.reset(ResetMode::RetainCapacity);
    record("reset(RetainCapacity): one chunk as big as all of them", &arena, &mut text);
    fill(&arena, 200, 40);
    record("the same 200 blocks again: no new chunk", &arena, &mut text);
    arena.reset(ResetMode::RetainWithLimit(2048));
    record("reset(RetainWithLimit(2048))", &arena, &mut text);
    arena.reset(ResetMode::FreeAll);
    record("reset(FreeAll)", &arena, &mut text);
    (text, states)
}
// ANCHOR_END: story

#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn chunks_through_the_reset_modes() {
    insta::assert_snapshot!(reset_story().0);
}

#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn chunks_picture() {
    let (_, states) = reset_story();
    let states: Vec<(&str, &[ChunkInfo])> = states.iter().map(|(t, c)| (*t, c.as_slice())).collect();
    let svg = report::svg(&states);
    assert!(!svg.contains("\n\n"));
    insta::assert_snapshot!(svg);
}

#[test]
fn a_warm_arena_asks_its_child_nothing() {
    let child = CountingAllocator::new(TestingAllocator::new());
    let mut arena = Arena::new(&child);
    fill(&arena, 500, 32);
    arena.reset(ResetMode::RetainCapacity);
    let before = child.stats().allocs;
    for _ in 0..10 {
        fill(&arena, 500, 32);
        arena.reset(ResetMode::RetainCapacity);
    }
    assert_eq!(child.stats().allocs, before, "ten rounds, no child allocation");
}

/// Over the page allocator a full chunk grows where it is (`mremap` without
/// permission to move), as Zig's arena does: one chunk, its blocks intact.
/// Over `malloc` it cannot, and every growth is a new chunk.
#[test]
fn a_full_chunk_grows_in_place_when_the_child_can() {
    let os = page_allocator::SimulatedOs::new(4096, 256);
    let arena = Arena::new(page_allocator::PageAllocator::with_os(&os));
    let first = arena.alloc(Layout::from_size_align(64, 8).unwrap()).unwrap();
    // SAFETY: a fresh 64-byte block of the arena.
    unsafe { first.write_bytes(0x5A, 64) };
    fill(&arena, 400, 256); // 100 KiB: far past the first chunk
    assert_eq!(arena.chunks().len(), 1, "one chunk, grown in place:\n{}", os.log());
    assert!(arena.chunks()[0].capacity >= 400 * 256);
    assert!(os.log().contains("mremap"), "{}", os.log());
    // SAFETY: the first block is still live, and was never moved.
    assert!(unsafe { core::slice::from_raw_parts(first.as_ptr(), 64) }.iter().all(|&b| b == 0x5A));

    let over_malloc = Arena::new(TestingAllocator::new());
    fill(&over_malloc, 400, 256);
    assert!(over_malloc.chunks().len() > 1, "`malloc` cannot grow a block in place");
}
