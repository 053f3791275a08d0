//! Allocation failure as a value.
//!
//! `Vec::push` and `String::push_str` abort the process when memory runs
//! out: Rust's standard collections treat it as fatal. `try_reserve` asks
//! first and returns an error instead — and a global allocator that says no
//! on purpose ([`crate::counter::refusing_allocation`]) drives the code into
//! that error, one allocation at a time, to test every failure path.

use core::num::ParseIntError;

/// Why [`parse_numbers`] failed.
#[derive(Debug, PartialEq, Eq)]
pub enum ParseError {
    OutOfMemory,
    BadNumber(ParseIntError),
}

// ANCHOR: parse_numbers
/// Parses comma-separated numbers. When the allocator says no, the caller
/// gets `ParseError::OutOfMemory` — not an abort.
pub fn parse_numbers(text: &str) -> Result<Vec<u64>, ParseError> {
    let mut numbers = Vec::new();
    for field in text.split(',') {
        let number = field.trim().parse().map_err(ParseError::BadNumber)?;
        numbers.try_reserve(1).map_err(|_| ParseError::OutOfMemory)?;
        numbers.push(number); // cannot allocate now: the room is reserved
    }
    Ok(numbers)
}
// ANCHOR_END: parse_numbers

// ANCHOR: std_try_reserve
/// `try_reserve` returns a `TryReserveError` where `reserve` would abort.
pub fn reserve_or_explain(wanted: usize) -> Result<Vec<u8>, String> {
    let mut buffer = Vec::new();
    buffer.try_reserve_exact(wanted).map_err(|error| format!("cannot reserve {wanted} bytes: {error}"))?;
    Ok(buffer)
}
// ANCHOR_END: std_try_reserve
