//! The allocations ordinary Rust code makes without saying so — counted.
//!
//! Zig has no hidden allocations: a function that allocates takes an
//! allocator parameter, and you can see it at every call. Rust's `String`,
//! `Vec`, `format!` and `collect` allocate from the global allocator
//! silently. To see them, count them.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;
use std::alloc::System;
use std::fmt::Write as _;

// ANCHOR: counter
/// A global allocator that counts the allocations of each thread separately
/// (so the test harness's other threads do not disturb a test), then
/// forwards to the system allocator.
///
/// ```no_run
/// #[global_allocator]
/// static COUNTER: ownership::hidden::ThreadCounter = ownership::hidden::ThreadCounter;
///
/// let (text, allocations) = ownership::hidden::count_allocations(|| 42.to_string());
/// assert_eq!((text.as_str(), allocations), ("42", 1));
/// ```
#[derive(Debug)]
pub struct ThreadCounter;

thread_local! {
    // `const` initialisation, no destructor: reading it never allocates.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: a thread being torn down may still allocate; don't count then.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

// SAFETY: forwards every call to `System`, which upholds `GlobalAlloc`;
// counting has no effect on the memory.
unsafe impl GlobalAlloc for ThreadCounter {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller's guarantees, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller's guarantees, passed on.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's guarantees, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one(); // growing a Vec is an allocation, even when it happens in place
        // SAFETY: the caller's guarantees, passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Runs `f` and returns its result with the number of allocations (and
/// reallocations) this thread made meanwhile. Counts only when
/// [`ThreadCounter`] is the global allocator; otherwise always 0.
pub fn count_allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let result = f();
    (result, ALLOCATIONS.with(Cell::get) - before)
}
// ANCHOR_END: counter

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
