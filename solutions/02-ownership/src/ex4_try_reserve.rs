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
    let mut counts: Vec<(&str, usize), A> = Vec::new_in(allocator);
    for word in text.split_whitespace() {
        match counts.iter_mut().find(|(seen, _)| *seen == word) {
            Some((_, count)) => *count += 1,
            None => {
                counts.try_reserve(1).map_err(|_| OutOfMemory)?;
                counts.push((word, 1));
            }
        }
    }
    Ok(counts)
}
