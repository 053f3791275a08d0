//! JSON parsed into an arena: every string, array and object of the tree is
//! one bump in the arena, and the whole tree is freed by one reset.
//!
//! The tree is `Copy` and holds only `&'a` references into the arena, so it
//! cannot outlive it — and needs no destructor at all.

use crate::Arena;
use allocator_api2::vec::Vec;
use allocator_interface::{Allocator, OutOfMemory};

// ANCHOR: value
/// A JSON value whose strings, arrays and objects live in an arena.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    Number(f64),
    String(&'a str),
    Array(&'a [Json<'a>]),
    /// Members in document order.
    Object(&'a [(&'a str, Json<'a>)]),
}
// ANCHOR_END: value

impl<'a> Json<'a> {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Why a document could not be parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// The arena's child allocator refused.
    OutOfMemory,
    /// Something unexpected at this byte offset.
    Syntax { at: usize },
}

impl From<OutOfMemory> for JsonError {
    fn from(_: OutOfMemory) -> Self {
        JsonError::OutOfMemory
    }
}

/// Parses `text` into a tree in `arena`.
pub fn parse<'a, A: Allocator>(arena: &'a Arena<A>, text: &str) -> Result<Json<'a>, JsonError> {
    let mut parser = Parser { arena, bytes: text.as_bytes(), pos: 0 };
    let value = parser.value()?;
    parser.skip_whitespace();
    if parser.pos != parser.bytes.len() {
        return Err(parser.error());
    }
    Ok(value)
}

struct Parser<'a, 't, A: Allocator> {
    arena: &'a Arena<A>,
    bytes: &'t [u8],
    pos: usize,
}

impl<'a, A: Allocator> Parser<'a, '_, A> {
    fn error(&self) -> JsonError {
        JsonError::Syntax { at: self.pos }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), JsonError> {
        self.skip_whitespace();
        if self.peek() != Some(byte) {
            return Err(self.error());
        }
        self.pos += 1;
        Ok(())
    }

    fn literal(&mut self, word: &str, value: Json<'a>) -> Result<Json<'a>, JsonError> {
        if !self.bytes[self.pos..].starts_with(word.as_bytes()) {
            return Err(self.error());
        }
        self.pos += word.len();
        Ok(value)
    }

    fn value(&mut self) -> Result<Json<'a>, JsonError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Ok(Json::String(self.string()?)),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error()),
        }
    }

    fn number(&mut self) -> Result<Json<'a>, JsonError> {
        let start = self.pos;
        while matches!(self.peek(), Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
            self.pos += 1;
        }
        let text = core::str::from_utf8(&self.bytes[start..self.pos]).map_err(|_| self.error())?;
        text.parse().map(Json::Number).map_err(|_| JsonError::Syntax { at: start })
    }

    // ANCHOR: string
    /// A string, copied into the arena with its escapes decoded, so the tree
    /// does not borrow the input text (which may be a reused network buffer).
    fn string(&mut self) -> Result<&'a str, JsonError> {
        self.pos += 1; // the opening quote
        let start = self.pos;
        // Fast path: no escapes, copy the bytes as they are.
        while let Some(byte) = self.peek() {
            match byte {
                b'"' => {
                    let text = core::str::from_utf8(&self.bytes[start..self.pos]).map_err(|_| self.error())?;
                    self.pos += 1;
                    return Ok(self.arena.alloc_str(text)?);
                }
                b'\\' => break,
                _ => self.pos += 1,
            }
        }
        // Slow path: decode escapes into a buffer in the arena.
        let mut out: Vec<u8, &Arena<A>> = Vec::new_in(self.arena);
        push_all(&mut out, &self.bytes[start..self.pos])?;
        loop {
            match self.peek().ok_or_else(|| self.error())? {
                b'"' => break,
                b'\\' => {
                    self.pos += 1;
                    let decoded = match self.peek().ok_or_else(|| self.error())? {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'u' => self.unicode_escape()?,
                        c @ (b'"' | b'\\' | b'/') => c as char,
                        _ => return Err(self.error()),
                    };
                    self.pos += 1;
                    push_all(&mut out, decoded.encode_utf8(&mut [0; 4]).as_bytes())?;
                }
                byte => {
                    push_all(&mut out, &[byte])?;
                    self.pos += 1;
                }
            }
        }
        self.pos += 1;
        let bytes: &'a [u8] = out.leak();
        core::str::from_utf8(bytes).map_err(|_| self.error())
    }
    // ANCHOR_END: string

    /// `\uXXXX` (with the position on the `u`), including surrogate pairs;
    /// leaves the position on the last hex digit.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            // A high surrogate must be followed by `\u` and a low one.
            if self.bytes.get(self.pos + 1..self.pos + 3) != Some(b"\\u") {
                return Err(self.error());
            }
            self.pos += 2;
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err(self.error());
            }
            0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.bytes.get(self.pos + 1..self.pos + 5).ok_or_else(|| self.error())?;
        let text = core::str::from_utf8(digits).map_err(|_| self.error())?;
        let value = u32::from_str_radix(text, 16).map_err(|_| self.error())?;
        self.pos += 4;
        Ok(value)
    }

    // ANCHOR: array
    fn array(&mut self) -> Result<Json<'a>, JsonError> {
        self.pos += 1; // '['
        let mut items: Vec<Json<'a>, &'a Arena<A>> = Vec::new_in(self.arena);
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                let item = self.value()?;
                items.try_reserve(1).map_err(|_| JsonError::OutOfMemory)?;
                items.push(item);
                self.skip_whitespace();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(self.error()),
                }
            }
        }
        // The arena owns the memory now: keep the slice, drop the vector's
        // ownership of it. `leak` never frees — exactly what an arena wants.
        Ok(Json::Array(items.leak()))
    }
    // ANCHOR_END: array

    fn object(&mut self) -> Result<Json<'a>, JsonError> {
        self.pos += 1; // '{'
        let mut members: Vec<(&'a str, Json<'a>), &'a Arena<A>> = Vec::new_in(self.arena);
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                self.skip_whitespace();
                if self.peek() != Some(b'"') {
                    return Err(self.error());
                }
                let key = self.string()?;
                self.expect(b':')?;
                let value = self.value()?;
                members.try_reserve(1).map_err(|_| JsonError::OutOfMemory)?;
                members.push((key, value));
                self.skip_whitespace();
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b'}') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(self.error()),
                }
            }
        }
        Ok(Json::Object(members.leak()))
    }
}

fn push_all<A: Allocator>(out: &mut Vec<u8, &Arena<A>>, bytes: &[u8]) -> Result<(), JsonError> {
    out.try_reserve(bytes.len()).map_err(|_| JsonError::OutOfMemory)?;
    out.extend_from_slice(bytes);
    Ok(())
}

/// A realistic document for tests and benchmarks: `events` records shaped
/// like a public activity feed (nested objects, arrays, escapes, numbers).
/// Deterministic: the same `events` always gives the same text.
pub fn sample_document(events: usize) -> String {
    use std::fmt::Write;
    let kinds = ["PushEvent", "IssuesEvent", "WatchEvent", "PullRequestEvent"];
    let mut out = String::from("[\n");
    for i in 0..events {
        let kind = kinds[i % kinds.len()];
        let login = format!("user{}", i * 7919 % 1000);
        let _ = write!(
            out,
            r#"  {{"id": "{id}", "type": "{kind}", "public": {public}, "created_at": "2026-11-{day:02}T{hour:02}:00:00Z",
    "actor": {{"id": {actor}, "login": "{login}", "url": "https://api.example.com/users/{login}"}},
    "repo": {{"id": {repo}, "name": "{login}/allocators", "stars": {stars}, "score": {score}}},
    "payload": {{"ref": "refs/heads/main", "size": {size}, "commits": ["#,
            id = 2_489_651_045u64 + i as u64,
            public = i % 5 != 0,
            day = i % 28 + 1,
            hour = i % 24,
            actor = 665_991 + i * 31,
            repo = 28_688_495 + i * 17,
            stars = i * 13 % 997,
            score = (i as f64) * 0.25 - 3.5,
            size = i % 3 + 1,
        );
        for c in 0..i % 3 + 1 {
            let comma = if c == i % 3 { "" } else { "," };
            let _ = write!(
                out,
                r#"{{"sha": "{:040x}", "message": "Fix \"bump\" overflow #{c}\n\nSee caf\u00e9 notes", "distinct": true}}{comma}"#,
                (i as u128 + 1) * 0x9E37_79B9_7F4A_7C15 + c as u128
            );
        }
        let comma = if i + 1 == events { "" } else { "," };
        let _ = writeln!(out, "]}}}}{comma}");
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use allocator_interface::SystemAllocator;

    #[test]
    fn parses_every_kind_of_value() {
        let arena = Arena::new(SystemAllocator);
        let doc = parse(
            &arena,
            r#" {"name": "caf\u00e9 \ud83e\udd80", "tags": ["a\n", "b"], "n": -1.5e2, "ok": true, "none": null, "empty": {}} "#,
        )
        .unwrap();
        assert_eq!(doc.get("name"), Some(&Json::String("café 🦀")));
        assert_eq!(doc.get("tags"), Some(&Json::Array(&[Json::String("a\n"), Json::String("b")])));
        assert_eq!(doc.get("n"), Some(&Json::Number(-150.0)));
        assert_eq!(doc.get("ok"), Some(&Json::Bool(true)));
        assert_eq!(doc.get("none"), Some(&Json::Null));
        assert_eq!(doc.get("empty"), Some(&Json::Object(&[])));
    }

    #[test]
    fn reports_where_the_syntax_breaks() {
        let arena = Arena::new(SystemAllocator);
        assert_eq!(parse(&arena, "[1, 2,]"), Err(JsonError::Syntax { at: 6 }));
        assert_eq!(parse(&arena, r#"{"a" 1}"#), Err(JsonError::Syntax { at: 5 }));
        assert_eq!(parse(&arena, "[1] x"), Err(JsonError::Syntax { at: 4 }));
    }
}
