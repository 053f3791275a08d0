//! The playground's little language: one operation per line.
//!
//! ```text
//! # a comment
//! alloc 40 8          a block of 40 bytes, aligned to 8: named A, then B, …
//! repeat 200 alloc 40 many blocks in one step (only the first 26 get names)
//! free A
//! resize A 64         in place, or refused
//! remap A 64          in place or moved, or refused
//! reset               the fixed buffer
//! reset retain 4096   the arena: free-all, retain, or retain with a limit
//! double-free A       the debug allocator's bugs, committed on purpose
//! write-after-free A
//! overflow A
//! check               the debug allocator looks for writes into freed memory
//! leaks               …and for blocks not freed
//! flush               a thread cache gives its blocks back to the heap
//! ```

use core::fmt;

/// A block by name: `A` is the first block allocated, `B` the second.
pub type Name = usize;

/// The most blocks a script can name: `A` to `Z`.
pub const NAMES: usize = 26;

/// How an arena is reset (the arena's `ResetMode`, in script words).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reset {
    /// `reset` alone: the fixed buffer's only kind, the arena's `free-all`.
    Plain,
    FreeAll,
    Retain,
    RetainWithLimit(usize),
}

/// One line of a script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Alloc {
        size: usize,
        align: usize,
        times: usize,
    },
    Free(Name),
    Resize(Name, usize),
    Remap(Name, usize),
    Reset(Reset),
    DoubleFree(Name),
    WriteAfterFree(Name),
    Overflow(Name),
    Check,
    Leaks,
    /// A thread cache gives every block back to its heap.
    Flush,
}

/// A line the playground cannot run, with its 1-based number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The letter of a block.
pub fn letter(name: Name) -> char {
    char::from(b'A' + u8::try_from(name % NAMES).expect("fewer than 26"))
}

/// Each operation with its line's text, comments and blank lines left out.
pub fn parse(script: &str) -> Result<Vec<(String, Op)>, ScriptError> {
    let mut ops = Vec::new();
    for (index, raw) in script.lines().enumerate() {
        let text = raw.split('#').next().unwrap_or("").trim();
        if text.is_empty() {
            continue;
        }
        let op = parse_line(text).map_err(|message| ScriptError { line: index + 1, message })?;
        ops.push((text.to_owned(), op));
    }
    Ok(ops)
}

fn parse_line(text: &str) -> Result<Op, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return Err("`repeat` needs an operation to repeat".into());
    }
    let number = |i: usize, what: &str| -> Result<usize, String> {
        let word = words.get(i).ok_or_else(|| format!("`{}` needs {what}", words[0]))?;
        word.parse().map_err(|_| format!("`{word}` is not a number ({what})"))
    };
    let name = |i: usize| -> Result<Name, String> {
        let word = words.get(i).ok_or_else(|| format!("`{}` needs a block name (A to Z)", words[0]))?;
        match word.as_bytes() {
            [c @ b'A'..=b'Z'] => Ok(usize::from(c - b'A')),
            _ => Err(format!("`{word}` is not a block name (A to Z)")),
        }
    };
    let arity =
        |n: usize| if words.len() == n { Ok(()) } else { Err(format!("`{}` takes {} word(s)", words[0], n - 1)) };
    let op = match words[0] {
        "alloc" => {
            let align = if words.len() > 2 { number(2, "an alignment")? } else { 1 };
            if words.len() > 3 {
                return Err("`alloc` takes a size and an optional alignment".into());
            }
            Op::Alloc { size: number(1, "a size")?, align, times: 1 }
        }
        "repeat" => {
            let times = number(1, "a count")?;
            match parse_line(&words[2..].join(" "))? {
                Op::Alloc { size, align, .. } if (1..=10_000).contains(&times) => Op::Alloc { size, align, times },
                Op::Alloc { .. } => return Err("`repeat` runs 1 to 10000 times".into()),
                _ => return Err("`repeat` repeats `alloc` only".into()),
            }
        }
        "free" | "double-free" | "write-after-free" | "overflow" => {
            let block = name(1)?;
            arity(2)?;
            match words[0] {
                "free" => Op::Free(block),
                "double-free" => Op::DoubleFree(block),
                "write-after-free" => Op::WriteAfterFree(block),
                _ => Op::Overflow(block),
            }
        }
        "resize" | "remap" => {
            let (block, size) = (name(1)?, number(2, "a new size")?);
            arity(3)?;
            if words[0] == "resize" { Op::Resize(block, size) } else { Op::Remap(block, size) }
        }
        "reset" => match words.get(1).copied() {
            None => Op::Reset(Reset::Plain),
            Some("free-all") => Op::Reset(Reset::FreeAll),
            Some("retain") if words.len() == 2 => Op::Reset(Reset::Retain),
            Some("retain") => Op::Reset(Reset::RetainWithLimit(number(2, "a limit in bytes")?)),
            Some(other) => return Err(format!("`reset {other}`: the modes are free-all, retain, retain <limit>")),
        },
        "check" | "leaks" | "flush" => {
            arity(1)?;
            match words[0] {
                "check" => Op::Check,
                "leaks" => Op::Leaks,
                _ => Op::Flush,
            }
        }
        other => return Err(format!("`{other}` is not an operation (alloc, repeat, free, resize, remap, reset, …)")),
    };
    Ok(op)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_operations() {
        let script = "# setup\nalloc 40 8\nrepeat 3 alloc 16\n\nfree A  # done\nreset retain 100\nremap B 64";
        let ops: Vec<Op> = parse(script).unwrap().into_iter().map(|(_, op)| op).collect();
        assert_eq!(
            ops,
            [
                Op::Alloc { size: 40, align: 8, times: 1 },
                Op::Alloc { size: 16, align: 1, times: 3 },
                Op::Free(0),
                Op::Reset(Reset::RetainWithLimit(100)),
                Op::Remap(1, 64),
            ]
        );
    }

    #[test]
    fn mistakes_name_their_line() {
        for (script, line, words) in [
            ("alloc 8\nfree a", 2, "not a block name"),
            ("alloc x", 1, "not a number"),
            ("\nfrobnicate", 2, "not an operation"),
            ("repeat 0 alloc 8", 1, "1 to 10000"),
            ("repeat 2 free A", 1, "`alloc` only"),
            ("repeat 5", 1, "needs an operation"),
            ("reset sometimes", 1, "the modes are"),
            ("free", 1, "needs a block name"),
        ] {
            let error = parse(script).unwrap_err();
            assert_eq!(error.line, line, "{script}");
            assert!(error.message.contains(words), "{script}: {error}");
        }
    }
}
