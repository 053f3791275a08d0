//! Exercise ownership-4: out of memory is an answer, not a crash.
//!
//! `Vec::push` aborts the process when the allocator says no. With
//! `try_reserve` first, the "no" becomes an `Err` you return — and lesson
//! 03's `check_all_allocation_failures` can prove you return it on every
//! path, without leaking.

use allocator_api2::alloc::Allocator;
use allocator_api2::vec::Vec;
use allocator_interface::OutOfMemory;

/// Each distinct word of `text` (split on whitespace) with how often it
/// occurs, in order of first appearance, in a vector from `allocator`. The
/// words are borrowed from `text` (lifetime elision: the only reference in).
pub fn word_counts<A: Allocator>(text: &str, allocator: A) -> Result<Vec<(&str, usize), A>, OutOfMemory> {
    // TODO: count each word, in order of first appearance, in a vector of
    // `allocator`. A `push` with no room aborts the whole program when the
    // allocator says no, so before every push, ask for the room in the way that
    // returns an error instead (the `try_` methods of 02/fallible.md), and turn
    // that error into `OutOfMemory`.
    let _ = allocator;
    todo!("count the words of {text:?}")
}
