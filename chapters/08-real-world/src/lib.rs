//! # Lesson 08: measure everything
//!
//! The course's allocators against `System`, mimalloc, bumpalo and
//! typed-arena on the same workloads, and the binary-size ladder — hello
//! world, a minimal HTTP server and a JSON + SQLite server, from a debug
//! build down to `#![no_std]`, next to Zig's — with startup time and system
//! calls. `cargo xtask bench` and `cargo xtask sizes` run the `measure`
//! binary, which writes `results/`; the book includes those files.
//!
//! - [`divan_output`]: reading divan's results table.
//! - [`shootout`]: bench results as JSON, CSV, a markdown table, an SVG chart.
//! - [`ladder`]: size results and the popular claims next to them.
//! - [`trace`] and [`fragmentation`]: allocation traces recorded from real
//!   programs, replayed against each allocator (`cargo xtask fragmentation`).
//! - [`machine`]: what the numbers were measured on.

pub mod divan_output;
pub mod fragmentation;
pub mod ladder;
pub mod machine;
pub mod shootout;
pub mod trace;

/// `items` without repeats, in the order they first appear.
pub(crate) fn first_seen<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}
