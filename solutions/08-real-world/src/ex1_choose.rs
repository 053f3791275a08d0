//! Exercise real-world-1: pick the allocator, prove it by counting.
//!
//! Three jobs, three choices from the "choosing an allocator" guide. The
//! tests do not look at which types you used: they count heap allocations
//! and check failure paths, which is how you would prove the choice in a
//! real code base.

use allocator_api2::alloc::Allocator as Api2;
use allocator_api2::vec::Vec;
use allocator_interface::OutOfMemory;
use arena::{Arena, ResetMode};
use fixed_buffer::FixedBufferAllocator;

// ANCHOR: bounded
/// Bounded work → a fixed buffer. The number of distinct words in `text`
/// (case-sensitive), using only `scratch` for memory: no heap at all, and
/// `Err(OutOfMemory)` when `scratch` is too small for the word list.
pub fn distinct_words(text: &str, scratch: &mut [u8]) -> Result<usize, OutOfMemory> {
    let fixed = FixedBufferAllocator::new(scratch);
    let mut words: Vec<&str, _> = Vec::new_in(&fixed);
    for word in text.split_whitespace() {
        words.try_reserve(1).map_err(|_| OutOfMemory)?;
        words.push(word);
    }
    words.sort_unstable();
    words.dedup();
    Ok(words.len())
}
// ANCHOR_END: bounded

// ANCHOR: batch
/// A batch of requests → an arena, reset between requests. Each request's
/// header names, lower-cased, are collected and counted; the total over the
/// batch is returned. The heap is asked for memory a few times at the start,
/// however long the batch is.
pub fn header_bytes(requests: &[String]) -> usize {
    let mut arena = Arena::new(allocator_interface::SystemAllocator);
    let mut total = 0;
    for request in requests {
        {
            let mut names: Vec<Vec<u8, &Arena<_>>, _> = Vec::new_in(&arena);
            for line in request.lines().skip(1) {
                if let Some((name, _)) = line.split_once(':') {
                    let mut lower = Vec::new_in(&arena);
                    lower.extend(name.bytes().map(|b| b.to_ascii_lowercase()));
                    names.push(lower);
                }
            }
            total += names.iter().map(Vec::len).sum::<usize>();
        }
        arena.reset(ResetMode::RetainCapacity);
    }
    total
}
// ANCHOR_END: batch

// ANCHOR: library
/// A library function → take an allocator, and fail cleanly. Parses
/// `key=value` lines (blank lines and `#` comments skipped) into pairs
/// allocated with `allocator`; every allocation failure is returned as
/// `Err(OutOfMemory)`, with nothing leaked.
pub fn parse_pairs<A: Api2>(text: &str, allocator: A) -> Result<Vec<(&str, &str), A>, OutOfMemory> {
    let mut pairs = Vec::new_in(allocator);
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        pairs.try_reserve(1).map_err(|_| OutOfMemory)?;
        pairs.push((key.trim(), value.trim()));
    }
    Ok(pairs)
}
// ANCHOR_END: library
