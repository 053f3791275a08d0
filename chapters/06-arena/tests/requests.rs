//! One arena per server, reset after every request — and what a reset arena
//! leaves behind.

use allocator_interface::testing::TestingAllocator;
use allocator_interface::{Allocator, CountingAllocator};
use arena::{Arena, ResetMode, json};
use core::alloc::Layout;

// ANCHOR: loop
/// Handles a request: parse its JSON body, answer with one field of it.
fn handle(arena: &Arena<impl Allocator>, body: &str) -> Option<String> {
    let doc = json::parse(arena, body).ok()?;
    match doc.get("user") {
        Some(json::Json::String(name)) => Some(format!("hello, {name}")),
        _ => None,
    }
}

#[test]
fn one_arena_serves_every_request() {
    let child = CountingAllocator::new(TestingAllocator::new());
    let mut arena = Arena::new(&child);
    for n in 0..100 {
        let body = format!(r#"{{"user": "user{n}", "items": [1, 2, 3], "note": "{}"}}"#, "x".repeat(n % 10));
        assert_eq!(handle(&arena, &body), Some(format!("hello, user{n}")));
        arena.reset(ResetMode::RetainCapacity);
    }
    assert!(child.stats().allocs <= 5, "chunks are kept between requests: {:?}", child.stats());
}
// ANCHOR_END: loop

// ANCHOR: leak
/// The bytes of the previous request are still in the chunk after a reset;
/// the next request's fresh block holds them until it writes its own.
fn leftover_after(reset: impl FnOnce(&mut Arena<TestingAllocator>)) -> Vec<u8> {
    let mut arena = Arena::new(TestingAllocator::new());
    let secret = arena.alloc_str("password=hunter2").unwrap();
    assert_eq!(secret.len(), 16);
    reset(&mut arena);
    let fresh = arena.alloc(Layout::new::<[u8; 16]>()).unwrap();
    // SAFETY: the 16 bytes were written (by the previous request or by the
    // zeroing reset) and the chunk was never given back, so they are
    // initialised; they are only read, through the block we now own.
    unsafe { core::slice::from_raw_parts(fresh.as_ptr(), 16).to_vec() }
}

#[test]
fn a_plain_reset_leaves_the_previous_request_readable() {
    assert_eq!(leftover_after(|a| assert!(a.reset(ResetMode::RetainCapacity))), b"password=hunter2");
}

#[test]
fn a_zeroing_reset_does_not() {
    assert_eq!(leftover_after(|a| assert!(a.reset_zeroed(ResetMode::RetainCapacity))), [0u8; 16]);
}
// ANCHOR_END: leak
