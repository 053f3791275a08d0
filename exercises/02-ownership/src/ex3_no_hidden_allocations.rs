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
    // TODO: the same text as `render_naive`, written straight into `out`, with
    // no allocation of its own: no temporary string per row or per number, no
    // collected rows joined at the end. Emptying `out` keeps its capacity, and
    // the formatting macros can write into a `String` once the fmt module's
    // `Write` trait is in scope.
    todo!("render {} rows into a buffer of {} bytes", scores.len(), out.capacity())
}
