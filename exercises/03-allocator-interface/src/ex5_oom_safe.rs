//! Exercise interface-5: a parser that survives out-of-memory.
//!
//! Parses nested lists of integers such as `[1, [2, 3], []]` into a tree whose
//! lists live in the allocator it is given. `Vec::push` aborts the whole
//! program when memory runs out; a parser that is handed an allocator should
//! instead return `ParseError::OutOfMemory` and free what it built so far.
//! `check_all_allocation_failures` proves it does, on every allocation path.

use allocator_api2::collections::TryReserveError;
use allocator_api2::vec::Vec;
use allocator_interface::Allocator;
use allocator_interface::testing::IsOutOfMemory;

/// A list in the caller's allocator.
pub type List<'a> = Vec<Value<'a>, &'a dyn Allocator>;

/// A parsed value.
#[derive(Debug, PartialEq)]
pub enum Value<'a> {
    /// An integer such as `-12`.
    Int(i64),
    /// A list such as `[1, [2]]`.
    List(List<'a>),
}

/// Why parsing failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// The allocator refused to give more memory.
    OutOfMemory,
    /// The input ended in the middle of a value.
    UnexpectedEnd,
    /// A byte that cannot start or continue a value here.
    Unexpected { at: usize, found: char },
    /// An integer that does not fit an `i64`.
    NumberTooLarge { at: usize },
    /// Something after the value.
    TrailingInput { at: usize },
}

impl IsOutOfMemory for ParseError {
    fn is_out_of_memory(&self) -> bool {
        *self == ParseError::OutOfMemory
    }
}

impl From<TryReserveError> for ParseError {
    fn from(error: TryReserveError) -> Self {
        // TODO: every `TryReserveError` (a refused allocation, or a capacity
        // overflow) means "this much memory cannot be had". With this conversion in
        // place, the question-mark operator turns a failed reservation into a
        // `ParseError`.
        todo!("convert {error:?}")
    }
}

/// Parses `input` as one value, allocating its lists in `alloc`.
pub fn parse<'a>(alloc: &'a dyn Allocator, input: &str) -> Result<Value<'a>, ParseError> {
    let mut parser = Parser { alloc, input: input.as_bytes(), pos: 0 };
    let value = parser.parse_value()?;
    parser.skip_whitespace();
    match parser.peek() {
        None => Ok(value),
        Some(_) => Err(ParseError::TrailingInput { at: parser.pos }),
    }
}

struct Parser<'a, 'i> {
    alloc: &'a dyn Allocator,
    input: &'i [u8],
    pos: usize,
}

impl<'a> Parser<'a, '_> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn unexpected(&self) -> ParseError {
        match self.peek() {
            None => ParseError::UnexpectedEnd,
            Some(b) => ParseError::Unexpected { at: self.pos, found: b as char },
        }
    }

    fn parse_value(&mut self) -> Result<Value<'a>, ParseError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'[') => self.parse_list(),
            Some(b'-' | b'0'..=b'9') => self.parse_int(),
            _ => Err(self.unexpected()),
        }
    }

    fn parse_int(&mut self) -> Result<Value<'a>, ParseError> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        if !self.peek().is_some_and(|b| b.is_ascii_digit()) {
            return Err(self.unexpected());
        }
        let mut n: i64 = 0;
        while let Some(digit @ b'0'..=b'9') = self.peek() {
            let digit = i64::from(digit - b'0');
            let signed = if negative { -digit } else { digit };
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(signed))
                .ok_or(ParseError::NumberTooLarge { at: start })?;
            self.pos += 1;
        }
        Ok(Value::Int(n))
    }

    fn parse_list(&mut self) -> Result<Value<'a>, ParseError> {
        // TODO: the input at the current position opens a list. Make the list in
        // the parser's allocator, then read values separated by commas up to the
        // closing bracket (whitespace allowed around each; an empty list too).
        // Anything else where a comma or the bracket should be is an error at that
        // position. Values are appended with the helper below.
        // On every early return, what happens to the list and the values in it?
        // (Look at what the leak check in the tests expects.)
        todo!("parse the list at byte {} of {}", self.pos, self.input.len())
    }
}

/// Appends `value`, or returns `OutOfMemory` (dropping `value`) if the list
/// cannot grow.
fn push_value<'a>(list: &mut List<'a>, value: Value<'a>) -> Result<(), ParseError> {
    // TODO: a plain push aborts the whole process when the allocator says no.
    // Ask for the room first, in the way that can fail (02/fallible.md), and
    // pass the failure up: your conversion above makes it a `ParseError`.
    todo!("append {value:?} to a list of {}", list.len())
}
