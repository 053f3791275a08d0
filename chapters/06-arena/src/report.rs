//! Pictures of an arena's chunks: how many, how big, how full.

use crate::ChunkInfo;
use std::fmt::Write;

// ANCHOR: ascii
/// One line per chunk, oldest first, with a bar 40 characters wide for the
/// largest chunk: `#` used, `.` free.
pub fn ascii(chunks: &[ChunkInfo]) -> String {
    let widest = chunks.iter().map(|c| c.capacity).max().unwrap_or(1).max(1);
    let mut out = String::new();
    for (n, chunk) in chunks.iter().rev().enumerate() {
        let width = (chunk.capacity * 40).div_ceil(widest);
        let used = (chunk.used * 40).div_ceil(widest).min(width);
        let _ = writeln!(
            out,
            "chunk {n}: {:>7} bytes, {:>7} used |{}{}|",
            chunk.capacity,
            chunk.used,
            "#".repeat(used),
            ".".repeat(width - used)
        );
    }
    let capacity: usize = chunks.iter().map(|c| c.capacity).sum();
    let used: usize = chunks.iter().map(|c| c.used).sum();
    let _ = writeln!(out, "{} chunk(s), {capacity} bytes, {used} used", chunks.len());
    out
}
// ANCHOR_END: ascii

/// Several arena states side by side as an SVG picture, one bar per chunk
/// scaled to the largest chunk in any state (no blank lines: it can be
/// included straight into a Markdown page).
pub fn svg(states: &[(&str, &[ChunkInfo])]) -> String {
    const WIDTH: usize = 520;
    const LEFT: usize = 150;
    const BAR: usize = 16;
    let widest = states.iter().flat_map(|(_, c)| c.iter()).map(|c| c.capacity).max().unwrap_or(1).max(1);
    let rows: usize = states.iter().map(|(_, chunks)| chunks.len().max(1) + 1).sum();
    let height = rows * (BAR + 6) + 10;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {height}" width="{}" height="{height}" font-family="monospace" font-size="11" role="img">"#,
        LEFT + WIDTH + 10,
        LEFT + WIDTH + 10
    );
    let mut y = 16;
    for (title, chunks) in states {
        let _ = writeln!(out, r#"<text x="4" y="{y}" font-weight="bold">{title}</text>"#);
        y += BAR + 6;
        if chunks.is_empty() {
            let _ = writeln!(out, r#"<text x="{LEFT}" y="{}">no chunks: nothing held</text>"#, y - 6);
        }
        for (n, chunk) in chunks.iter().rev().enumerate() {
            let width = (chunk.capacity * WIDTH).div_ceil(widest);
            let used = (chunk.used * WIDTH).div_ceil(widest).min(width);
            let top = y - BAR + 2;
            let _ = writeln!(
                out,
                r##"<text x="4" y="{}">chunk {n}: {} B</text><rect x="{LEFT}" y="{top}" width="{width}" height="{BAR}" fill="#ffffff" stroke="#555"/><rect x="{LEFT}" y="{top}" width="{used}" height="{BAR}" fill="#8ecae6" stroke="#555"/>"##,
                y - 2,
                chunk.capacity
            );
            y += BAR + 6;
        }
    }
    out.push_str("</svg>");
    out
}
