//! Exercise ownership-3: a loop that allocates nothing.
//!
//! `render_naive` is correct and idiomatic — and allocates several times
//! per row: `to_string`, `format!`, `collect`, `join`. Rewrite it so that,
//! given a buffer with room, it allocates nothing at all.

use std::fmt::Write as _;

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
    out.clear();
    for (rank, (name, points)) in scores.iter().enumerate() {
        if rank > 0 {
            out.push('\n');
        }
        // `write!` to a String cannot fail.
        let _ = write!(out, "{}. {name}: {points}", rank + 1);
    }
}
