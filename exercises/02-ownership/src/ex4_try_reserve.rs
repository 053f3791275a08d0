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
    // TODO: `Vec::new_in(allocator)`, then for each word either bump the
    // count of its entry or add `(word, 1)`. Before every `push`, ask for the
    // room with `try_reserve(1)`: a `push` without room aborts the whole
    // program when the allocator says no; `try_reserve` returns an error you
    // can turn into `OutOfMemory` and return with `?`.
    let _ = allocator;
    todo!("count the words of {text:?}")
}
