//! JSON into an arena against `serde_json::Value`: how many times does each
//! ask the global allocator? (One test per binary: libtest allocates between
//! tests, and every allocation of this process is counted.)

use allocator_interface::{CountingAllocator, SystemAllocator};
use arena::json::{self, Json};
use arena::{Arena, ResetMode};

#[global_allocator]
static HEAP: CountingAllocator<SystemAllocator> = CountingAllocator::new(SystemAllocator);

fn heap_allocs_in<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = HEAP.stats().allocs;
    let result = f();
    (HEAP.stats().allocs - before, result)
}

// ANCHOR: compare
#[test]
fn the_arena_asks_the_heap_a_few_times_serde_json_thousands() {
    let text = json::sample_document(if cfg!(miri) { 5 } else { 200 });

    let (serde_allocs, value) = heap_allocs_in(|| serde_json::from_str::<serde_json::Value>(&text).unwrap());
    // The arena's chunks come from the same counted heap.
    let mut arena = Arena::new(&HEAP);
    let (arena_allocs, events) = heap_allocs_in(|| match json::parse(&arena, &text).unwrap() {
        Json::Array(events) => events.len(),
        _ => 0,
    });
    assert_eq!(Some(events), value.as_array().map(Vec::len), "both see every event");
    assert!(arena_allocs > 0, "the chunks are counted");
    assert!(arena_allocs * 20 < serde_allocs, "arena: {arena_allocs} heap allocations, serde_json: {serde_allocs}");

    // Parsing the next document into the reset arena needs no heap at all.
    arena.reset(ResetMode::RetainCapacity);
    let (again, _) = heap_allocs_in(|| json::parse(&arena, &text).unwrap().get("x").is_some());
    assert_eq!(again, 0, "a warm arena parses without the heap");

    // Nor does resetting an arena of one chunk (lesson 08's counting
    // exercise found `reset` collecting the chunk list into a `Vec`).
    let (reset, _) = heap_allocs_in(|| arena.reset(ResetMode::RetainCapacity));
    assert_eq!(reset, 0, "reset asked the heap for memory");
}
// ANCHOR_END: compare
