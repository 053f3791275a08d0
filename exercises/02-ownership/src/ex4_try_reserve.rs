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
    // TODO: count each word, in order of first appearance. A `push` with no
    // room aborts the whole program when the allocator says no, so before
    // every push that needs room, ask for it in the way that returns an error
    // instead (02/fallible.md) and pass that error up. A word seen before
    // needs no room at all.
    todo!("count the words of {text:?}")
}
