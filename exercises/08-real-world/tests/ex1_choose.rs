//! Tests for exercise real-world-1 (`src/ex1_choose.rs`). The allocation
//! counts come from lesson 02's `ThreadCounter`, this test binary's global
//! allocator.

use allocator_interface::OutOfMemory;
use allocator_interface::testing::{TestingAllocator, check_all_allocation_failures};
use ownership::counter::{ThreadCounter, count_allocations};
use real_world_exercises::ex1_choose::{distinct_words, header_bytes, parse_pairs};

#[global_allocator]
static COUNTER: ThreadCounter = ThreadCounter;

#[test]
fn bounded_work_uses_no_heap() {
    let text = "the quick brown fox jumps over the lazy dog the end";
    let mut scratch = [0u8; 1024];
    let (distinct, allocations) = count_allocations(|| distinct_words(text, &mut scratch));
    assert_eq!(distinct, Ok(9));
    assert_eq!(allocations, 0, "the heap was used");
}

#[test]
fn bounded_work_says_when_the_bound_is_too_small() {
    let mut scratch = [0u8; 64]; // room for 4 words (16 bytes each), not 11
    let text = "the quick brown fox jumps over the lazy dog the end";
    let (result, allocations) = count_allocations(|| distinct_words(text, &mut scratch));
    assert_eq!(result, Err(OutOfMemory));
    assert_eq!(allocations, 0);
}

fn requests(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("GET /{i} HTTP/1.1\r\nHost: example.org\r\nUser-Agent: course/{i}\r\nAccept: */*\r\n\r\n"))
        .collect()
}

#[test]
fn a_batch_costs_the_same_few_allocations_however_long() {
    let (small, large) = (requests(10), requests(1_000));
    let expected = "host".len() + "user-agent".len() + "accept".len();
    let (total_small, allocations_small) = count_allocations(|| header_bytes(&small));
    let (total_large, allocations_large) = count_allocations(|| header_bytes(&large));
    assert_eq!((total_small, total_large), (10 * expected, 1_000 * expected));
    assert!(allocations_large <= 4, "{allocations_large} heap allocations for 1,000 requests");
    assert_eq!(allocations_large, allocations_small, "the count grew with the batch");
}

const CONFIG: &str = "# server\nport = 8080\n\nhost=example.org\nverbose\n";

#[test]
fn the_library_uses_the_allocator_it_is_given() {
    let testing = TestingAllocator::new();
    let pairs = parse_pairs(CONFIG, &testing).map(|pairs| pairs.to_vec());
    assert_eq!(pairs, Ok(vec![("port", "8080"), ("host", "example.org"), ("verbose", "")]));
    assert!(testing.blocks_allocated() >= 1, "the given allocator was not used");
    testing.finish().expect("no leaks");
}

#[test]
fn the_library_fails_cleanly_at_every_allocation() {
    let checked = check_all_allocation_failures(|allocator| parse_pairs(CONFIG, allocator).map(drop));
    assert!(checked.expect("every failure is an error, nothing leaks") >= 1);
}
