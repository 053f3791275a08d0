//! Exercise arena-4: a tree in an arena.
//!
//! A parser for nested lists of numbers and strings — `[1, "two", [3]]` — whose
//! every list and string lives in an arena. The tree is made of `&'a`
//! references, needs no destructor, and is freed with the arena in one go.

// You will need `allocator_api2::vec::Vec` (a `Vec` with an allocator).
use allocator_interface::Allocator;
use arena::Arena;

/// A value whose lists and strings live in an arena.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Item<'a> {
    Number(i64),
    Text(&'a str),
    List(&'a [Item<'a>]),
}

/// Why parsing failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    OutOfMemory,
    Syntax { at: usize },
}

/// Parses one item from `text` into `arena`.
pub fn parse<'a, A: Allocator>(arena: &'a Arena<A>, text: &str) -> Result<Item<'a>, ParseError> {
    let mut parser = Parser { arena, bytes: text.as_bytes(), pos: 0 };
    let item = parser.item()?;
    parser.skip_whitespace();
    match parser.pos == parser.bytes.len() {
        true => Ok(item),
        false => Err(parser.syntax()),
    }
}

struct Parser<'a, 't, A: Allocator> {
    arena: &'a Arena<A>,
    bytes: &'t [u8],
    pos: usize,
}

impl<'a, A: Allocator> Parser<'a, '_, A> {
    fn syntax(&self) -> ParseError {
        ParseError::Syntax { at: self.pos }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn item(&mut self) -> Result<Item<'a>, ParseError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'[') => self.list(),
            Some(b'"') => self.text(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.syntax()),
        }
    }

    fn number(&mut self) -> Result<Item<'a>, ParseError> {
        let start = self.pos;
        self.pos += 1;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits = core::str::from_utf8(&self.bytes[start..self.pos]).map_err(|_| self.syntax())?;
        digits.parse().map(Item::Number).map_err(|_| ParseError::Syntax { at: start })
    }

    fn text(&mut self) -> Result<Item<'a>, ParseError> {
        let start = self.pos + 1;
        let len = self.bytes[start..].iter().position(|&b| b == b'"').ok_or(ParseError::Syntax { at: start })?;
        self.pos = start + len + 1;
        let text = core::str::from_utf8(&self.bytes[start..start + len]).map_err(|_| self.syntax())?;
        let copy = self.arena.alloc_str(text).map_err(|_| ParseError::OutOfMemory)?;
        Ok(Item::Text(copy))
    }

    fn list(&mut self) -> Result<Item<'a>, ParseError> {
        // TODO: the input opens a list: items separated by commas up to the closing
        // bracket (an empty list is fine; anything else is a syntax error). Collect
        // the items in a vector whose buffer lives in the arena, growing it only in
        // the way that can fail (a refusal is the parser's OutOfMemory). At the end
        // the vector becomes a slice that the arena keeps alive, with the arena's
        // lifetime: exactly what an arena-allocated tree wants. The arena's vector
        // has a method for that.
        todo!("parse the list at byte {}", self.pos)
    }
}
