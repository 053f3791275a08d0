//! The allocations ordinary Rust code makes without saying so — counted.
//!
//! Zig has no hidden allocations: a function that allocates takes an
//! allocator parameter, and you can see it at every call. Rust's `String`,
//! `Vec`, `format!` and `collect` allocate from the global allocator
//! silently. To see them, count them, with the lesson's
//! [`ThreadCounter`](crate::counter::ThreadCounter).

use std::fmt::Write as _;

/// One line of an invoice.
#[derive(Clone, Debug)]
pub struct Item {
    pub name: String,
    pub quantity: u32,
    pub cents: u64,
}

// ANCHOR: naive
/// The invoice, written the way Rust is usually written. Every line of it is
/// fine; together they allocate several times per item.
pub fn invoice_naive(items: &[Item]) -> String {
    let lines: Vec<String> = items
        .iter()
        .map(|item| {
            let name = item.name.to_uppercase(); // a new String
            let price = format!("{}.{:02}", item.cents / 100, item.cents % 100); // another
            format!("{name:<12}{:>4} x {price:>8}", item.quantity) // and the line itself
        })
        .collect(); // the Vec, grown as it goes
    lines.join("\n") // and the result
}
// ANCHOR_END: naive

// ANCHOR: lean
/// The same invoice, written into a buffer the caller keeps: no allocation
/// at all once the buffer is big enough.
pub fn invoice_lean(items: &[Item], out: &mut String) {
    out.clear(); // keeps the capacity
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let start = out.len();
        for c in item.name.chars().flat_map(char::to_uppercase) {
            out.push(c); // uppercase without a temporary String
        }
        let width = out[start..].chars().count();
        out.extend(core::iter::repeat_n(' ', 12usize.saturating_sub(width)));
        // `write!` formats straight into `out`: no intermediate String.
        let _ = write!(out, "{:>4} x {:>5}.{:02}", item.quantity, item.cents / 100, item.cents % 100);
    }
}
// ANCHOR_END: lean
