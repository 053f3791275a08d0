//! Exercise ownership-3: a loop that allocates nothing.
//!
//! `render_naive` is correct and idiomatic — and allocates several times
//! per row: `to_string`, `format!`, `collect`, `join`. Rewrite it so that,
//! given a buffer with room, it allocates nothing at all.

// (`std::fmt::Write` lets `write!` format straight into a `String`.)

/// The scoreboard the naive way: the reference for what the text must be.
pub fn render_naive(scores: &[(String, u32)]) -> String {
    let rows: Vec<String> = scores
        .iter()
        .enumerate()
        .map(|(rank, (name, points))| {
            let points = points.to_string();
            format!("{}. {name}: {points}", rank + 1)
        })
        .collect();
    rows.join("\n")
}

/// The same text, written into `out` (cleared first, its capacity kept).
pub fn render_into(scores: &[(String, u32)], out: &mut String) {
    // TODO: the text of `render_naive`, with no `to_string`, `format!`,
    // `collect` or `join`: `clear` the buffer (it keeps its capacity), push
    // the newline between rows yourself, and `write!` each row straight into
    // `out` (add `use std::fmt::Write as _;` at the top).
    todo!("render {} rows into a buffer of {} bytes", scores.len(), out.capacity())
}
