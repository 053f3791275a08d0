//! Allocation failure as a value.
//!
//! `Vec::push` and `String::push_str` abort the process when memory runs
//! out: Rust's standard collections treat it as fatal. `try_reserve` asks
//! first and returns an error instead, and a collection built on an explicit
//! allocator (`allocator_api2::vec::Vec<T, A>`) can be driven into that error
//! on purpose, one allocation at a time, to test every failure path.

use allocator_api2::alloc::Allocator;
use allocator_api2::vec::Vec;
use allocator_interface::OutOfMemory;
use allocator_interface::testing::IsOutOfMemory;
use core::num::ParseIntError;

/// Why [`parse_numbers`] failed.
#[derive(Debug, PartialEq, Eq)]
pub enum ParseError {
    OutOfMemory,
    BadNumber(ParseIntError),
}

impl IsOutOfMemory for ParseError {
    fn is_out_of_memory(&self) -> bool {
        *self == ParseError::OutOfMemory
    }
}

// ANCHOR: parse_numbers
/// Parses comma-separated numbers into a vector from `allocator`. When the
/// allocator says no, the caller gets `ParseError::OutOfMemory` — not an abort.
pub fn parse_numbers<A: Allocator>(text: &str, allocator: A) -> Result<Vec<u64, A>, ParseError> {
    let mut numbers = Vec::new_in(allocator);
    for field in text.split(',') {
        let number = field.trim().parse().map_err(ParseError::BadNumber)?;
        numbers.try_reserve(1).map_err(|_| ParseError::OutOfMemory)?;
        numbers.push(number); // cannot allocate now: the room is reserved
    }
    Ok(numbers)
}
// ANCHOR_END: parse_numbers

// ANCHOR: std_try_reserve
/// The same idea with the standard `Vec`: `try_reserve` returns a
/// `TryReserveError` where `reserve` would abort.
pub fn reserve_or_explain(wanted: usize) -> Result<std::vec::Vec<u8>, String> {
    let mut buffer = std::vec::Vec::new();
    buffer.try_reserve_exact(wanted).map_err(|error| format!("cannot reserve {wanted} bytes: {error}"))?;
    Ok(buffer)
}
// ANCHOR_END: std_try_reserve

/// `OutOfMemory` from the course interface converts too.
impl From<OutOfMemory> for ParseError {
    fn from(_: OutOfMemory) -> Self {
        ParseError::OutOfMemory
    }
}
