//! Tests for exercise ownership-3 (`src/ex3_no_hidden_allocations.rs`).
//!
//! Every allocation of this test program is counted, per thread, by the
//! global allocator from the chapter (`ownership::counter::ThreadCounter`).

use ownership::counter::{ThreadCounter, count_allocations};
use ownership_exercises::ex3_no_hidden_allocations::{render_into, render_naive};

#[global_allocator]
static COUNTER: ThreadCounter = ThreadCounter;

fn scores() -> Vec<(String, u32)> {
    [("ada", 1200), ("grace", 990), ("linus", 12), ("zig", 7)].map(|(name, points)| (name.to_owned(), points)).to_vec()
}

#[test]
fn the_same_text() {
    let scores = scores();
    let mut out = String::new();
    render_into(&scores, &mut out);
    assert_eq!(out, render_naive(&scores));
    render_into(&scores[..1], &mut out);
    assert_eq!(out, "1. ada: 1200", "the buffer is cleared first");
}

#[test]
fn no_allocation_with_a_big_enough_buffer() {
    let scores = scores();
    let (_, naive) = count_allocations(|| render_naive(&scores));
    let mut out = String::with_capacity(1024);
    let ((), lean) = count_allocations(|| render_into(&scores, &mut out));
    assert!(naive > scores.len(), "the naive version allocates {naive} times");
    assert_eq!(lean, 0, "render_into allocated {lean} times");
    assert!(!out.is_empty());
}

#[test]
fn a_reused_buffer_stops_allocating() {
    let scores = scores();
    let mut out = String::new();
    let ((), first) = count_allocations(|| render_into(&scores, &mut out));
    let ((), second) = count_allocations(|| render_into(&scores, &mut out));
    assert!(first >= 1, "an empty buffer has to grow");
    assert_eq!(second, 0, "the second time the capacity is already there");
}
