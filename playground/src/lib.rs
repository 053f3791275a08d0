//! The book's allocator playground: the course's **real** allocators — the
//! fixed buffer, the arena, the page allocator over the simulated kernel,
//! the debug allocator and the thread cache — driven by a small [script],
//! one step per line.
//! After each step the allocator is drawn by its chapter's own diagram code
//! (SVG) and its log is kept: the system calls it made, the problems it
//! reported.
//!
//! The same code runs in two places. `cargo xtask book` builds it for
//! WebAssembly ([`wasm`] exports, no JavaScript glue needed) and the book's
//! pages drive it; the tests run every [preset](presets) natively and
//! snapshot the steps. The book's browser check then compares what each
//! page shows with the native run, step by step.

pub mod presets;
pub mod script;

mod machines;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use script::ScriptError;

/// The allocators a script can drive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Allocator {
    /// Lesson 05's `FixedBufferAllocator`, over 256 bytes.
    FixedBuffer,
    /// Lesson 06's `Arena`, over the system allocator.
    Arena,
    /// Lesson 04's `PageAllocator`, over a simulated kernel of 64 pages.
    Pages,
    /// Lesson 07's `DebugAllocator`, with 256-byte buckets.
    Debug,
    /// Lesson 09's thread cache in front of its heap, over a simulated
    /// kernel of 256 pages.
    ThreadCache,
}

impl Allocator {
    /// Every allocator, in lesson order.
    pub const ALL: [Allocator; 5] =
        [Allocator::Pages, Allocator::FixedBuffer, Allocator::Arena, Allocator::Debug, Allocator::ThreadCache];

    /// The name scripts and pages use.
    pub fn name(self) -> &'static str {
        match self {
            Allocator::FixedBuffer => "fixed-buffer",
            Allocator::Arena => "arena",
            Allocator::Pages => "page",
            Allocator::Debug => "debug",
            Allocator::ThreadCache => "thread-cache",
        }
    }

    /// The allocator with this [`name`](Self::name).
    pub fn from_name(name: &str) -> Option<Allocator> {
        Allocator::ALL.into_iter().find(|allocator| allocator.name() == name)
    }
}

/// The state after one line of a script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The line, as written (`(start)` for the state before the first).
    pub op: String,
    /// What the allocator did and said, one line each.
    pub log: String,
    /// The allocator's picture afterwards.
    pub svg: String,
}

/// Runs `script` on a fresh `allocator`: the state before the first line,
/// then one [`Step`] per line. Only a line that cannot be read is an error;
/// a misuse the allocator refuses (or reports) is logged in its step.
pub fn run(allocator: Allocator, script: &str) -> Result<Vec<Step>, ScriptError> {
    Ok(machines::run(allocator, &script::parse(script)?))
}

/// Steps as one string for the page: fields separated by U+001F (unit
/// separator), steps by U+001E (record separator) — characters that no
/// picture or log contains, so nothing needs escaping.
pub fn encode(steps: &[Step]) -> String {
    let fields: Vec<String> = steps.iter().map(|step| [&*step.op, &step.log, &step.svg].join("\u{1f}")).collect();
    fields.join("\u{1e}")
}

/// Steps as text for people (and snapshots): each step's line, its log, and
/// its picture.
pub fn render(steps: &[Step]) -> String {
    let mut out = String::new();
    for (n, step) in steps.iter().enumerate() {
        out.push_str(&format!("== step {n}: {}\n", step.op));
        for line in step.log.lines() {
            out.push_str(&format!("   {line}\n"));
        }
        out.push_str(&step.svg);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for allocator in Allocator::ALL {
            assert_eq!(Allocator::from_name(allocator.name()), Some(allocator));
        }
        assert_eq!(Allocator::from_name("glibc"), None);
    }

    #[test]
    fn encoding_separates_fields_and_steps() {
        let step = |op: &str| Step { op: op.into(), log: "one\ntwo".into(), svg: "<svg/>".into() };
        assert_eq!(encode(&[step("a"), step("b")]), "a\u{1f}one\ntwo\u{1f}<svg/>\u{1e}b\u{1f}one\ntwo\u{1f}<svg/>");
    }
}
