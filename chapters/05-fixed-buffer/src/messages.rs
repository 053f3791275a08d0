//! A real use: formatting and parsing sensor messages with no heap at all.
//!
//! The collections are ordinary `allocator_api2` vectors; they just get their
//! memory from whatever allocator they are handed — on a microcontroller, a
//! `FixedBufferAllocator` over a stack array.

use allocator_api2::alloc::Allocator;
use allocator_api2::vec::Vec;
use core::fmt::{self, Write};

/// A temperature reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading<'s> {
    /// Where it was measured.
    pub sensor: &'s str,
    /// Thousandths of a degree Celsius (integers: no floating point needed).
    pub millidegrees: i32,
}

/// Why a message could not be handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageError {
    /// The allocator had no room left.
    OutOfMemory,
    /// A field without `=`.
    MissingEquals {
        /// Byte offset of the field.
        at: usize,
    },
}

/// `fmt::Write` into a vector that reserves before it writes, so a full
/// allocator is an error, not an abort.
struct VecWriter<'v, A: Allocator>(&'v mut Vec<u8, A>);

impl<A: Allocator> Write for VecWriter<'_, A> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.try_reserve(s.len()).map_err(|_| fmt::Error)?;
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

// ANCHOR: format
/// `sensor=<name>;temp=<degrees>.<millis>` in a buffer from `alloc`.
pub fn format_reading<A: Allocator>(alloc: A, reading: &Reading<'_>) -> Result<Vec<u8, A>, MessageError> {
    let mut out = Vec::new_in(alloc);
    let (sign, abs) = if reading.millidegrees < 0 { ("-", -reading.millidegrees) } else { ("", reading.millidegrees) };
    write!(VecWriter(&mut out), "sensor={};temp={sign}{}.{:03}", reading.sensor, abs / 1000, abs % 1000)
        .map_err(|_| MessageError::OutOfMemory)?;
    Ok(out)
}
// ANCHOR_END: format

// ANCHOR: parse
/// Splits `key=value;key=value` into pairs that borrow from `line`; only the
/// list of pairs is allocated, in `alloc`.
pub fn parse_fields<A: Allocator>(alloc: A, line: &str) -> Result<Vec<(&str, &str), A>, MessageError> {
    let mut fields = Vec::new_in(alloc);
    let mut at = 0;
    for field in line.split(';') {
        let (key, value) = field.split_once('=').ok_or(MessageError::MissingEquals { at })?;
        fields.try_reserve(1).map_err(|_| MessageError::OutOfMemory)?;
        fields.push((key, value));
        at += field.len() + 1;
    }
    Ok(fields)
}
// ANCHOR_END: parse
