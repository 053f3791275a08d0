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
    // TODO: the words of `text`, in a vector that lives in `scratch` (lesson
    // 05's fixed buffer allocator over it), sorted, duplicates removed, counted.
    // Zero heap allocations: the test counts them. A full buffer must be
    // `OutOfMemory`, not an abort: grow the vector only in the way that can fail.
    todo!("count the distinct words of {text:?} in {} bytes of scratch", scratch.len())
}

/// A batch of requests → an arena, reset between requests. Each request's
/// header names, lower-cased, are collected and counted; the total over the
/// batch is returned. The heap is asked for memory a few times at the start,
/// however long the batch is.
pub fn header_bytes(requests: &[String]) -> usize {
    // TODO: one arena for the whole batch, reset (keeping its memory) after
    // each request. Per request: the names of the lines after the first that
    // hold a colon, lower-cased, in vectors in the arena; add up their lengths.
    // The borrow checker decides when the reset may happen: everything in the
    // arena must be gone by then.
    todo!("count the header-name bytes of {} requests", requests.len())
}

/// A library function → take an allocator, and fail cleanly. Parses
/// `key=value` lines (blank lines and `#` comments skipped) into pairs
/// allocated with `allocator`; every allocation failure is returned as
/// `Err(OutOfMemory)`, with nothing leaked.
pub fn parse_pairs<A: Api2>(text: &str, allocator: A) -> Result<Vec<(&str, &str), A>, OutOfMemory> {
    // TODO: a vector of `allocator` with the key and value of each line that is
    // not empty and not a comment (a leading #), both trimmed; no equals sign
    // means an empty value. Every push may fail: ask for the room the way that
    // can fail, first.
    let _ = allocator;
    todo!("parse the key=value lines of {text:?}")
}
