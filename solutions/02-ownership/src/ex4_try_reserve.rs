//! Exercise ownership-4: out of memory is an answer, not a crash.
//!
//! `Vec::push` aborts the process when the allocator says no. With
//! `try_reserve` first, the "no" becomes an `Err` you return — and the
//! chapter's `check_every_failure` can prove you return it on every path,
//! without leaking.

use std::collections::TryReserveError;

/// Each distinct word of `text` (split on whitespace) with how often it
/// occurs, in order of first appearance. The words are borrowed from `text`
/// (lifetime elision: the only reference in).
pub fn word_counts(text: &str) -> Result<Vec<(&str, usize)>, TryReserveError> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for word in text.split_whitespace() {
        match counts.iter_mut().find(|(seen, _)| *seen == word) {
            Some((_, count)) => *count += 1,
            None => {
                counts.try_reserve(1)?;
                counts.push((word, 1));
            }
        }
    }
    Ok(counts)
}
