//! Exercise real-world-1: pick the allocator, prove it by counting.
//!
//! Three jobs, three choices from the "choosing an allocator" guide. The
//! tests do not look at which types you used: they count heap allocations
//! and check failure paths, which is how you would prove the choice in a
//! real code base.

use allocator_api2::alloc::Allocator as Api2;
use allocator_api2::vec::Vec;
use allocator_interface::OutOfMemory;
// (The solution also imports `arena::{Arena, ResetMode}` and
// `fixed_buffer::FixedBufferAllocator`.)

/// Bounded work → a fixed buffer. The number of distinct words in `text`
/// (case-sensitive), using only `scratch` for memory: no heap at all, and
/// `Err(OutOfMemory)` when `scratch` is too small for the word list.
pub fn distinct_words(text: &str, scratch: &mut [u8]) -> Result<usize, OutOfMemory> {
    // TODO: `let fixed = FixedBufferAllocator::new(scratch);` and a
    // `Vec::new_in(&fixed)` of the words (`text.split_whitespace()`). Grow it
    // with `try_reserve(1)` before each `push`, turning its error into
    // `OutOfMemory` — a plain `push` would abort when the buffer is full.
    // Then `sort_unstable()`, `dedup()`, and count.
    todo!("count the distinct words of {text:?} in {} bytes of scratch", scratch.len())
}

/// A batch of requests → an arena, reset between requests. Each request's
/// header names, lower-cased, are collected and counted; the total over the
/// batch is returned. The heap is asked for memory a few times at the start,
/// however long the batch is.
pub fn header_bytes(requests: &[String]) -> usize {
    // TODO: one `Arena::new(allocator_interface::SystemAllocator)` for the
    // whole batch. Per request: a `Vec::new_in(&arena)` of lower-cased names
    // (each itself a `Vec::new_in(&arena)`), for every line after the first
    // that has a `:` (`line.split_once(':')`); add up their lengths. Then
    // `arena.reset(ResetMode::RetainCapacity)` — after the vectors are gone
    // (a block `{ ... }` ends their borrow of the arena).
    todo!("count the header-name bytes of {} requests", requests.len())
}

/// A library function → take an allocator, and fail cleanly. Parses
/// `key=value` lines (blank lines and `#` comments skipped) into pairs
/// allocated with `allocator`; every allocation failure is returned as
/// `Err(OutOfMemory)`, with nothing leaked.
pub fn parse_pairs<A: Api2>(text: &str, allocator: A) -> Result<Vec<(&str, &str), A>, OutOfMemory> {
    // TODO: `Vec::new_in(allocator)`; for each trimmed line that is not
    // empty and does not start with '#': `split_once('=')` (no '=' means an
    // empty value), trim both sides, `try_reserve(1)` then `push`.
    let _ = allocator;
    todo!("parse the key=value lines of {text:?}")
}
