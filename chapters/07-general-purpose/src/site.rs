//! Where a block was allocated or freed: the caller's source location and,
//! optionally, a stack trace captured without allocating.

use crate::config::MAX_STACK_FRAMES;
use allocator_api2::boxed::Box;
use core::fmt;
use core::panic::Location;
use std::alloc::System;

/// A place in the program: where a block was allocated, freed, or misused.
#[derive(Clone, Debug)]
pub struct Site {
    /// `None` for calls through `GlobalAlloc`: the caller is the standard
    /// library's allocation shim, so only a stack trace can say more.
    location: Option<&'static Location<'static>>,
    trace: Option<Box<StackTrace, System>>,
}

/// A captured stack trace, boxed in the system allocator.
pub(crate) type Trace = Box<StackTrace, System>;

/// Return addresses of the calls that led here (innermost first).
/// Kept in the system allocator, never in the allocator being debugged.
#[derive(Clone, Debug)]
pub(crate) struct StackTrace {
    frames: [usize; MAX_STACK_FRAMES],
    len: usize,
    /// How many of the program's own frames a report shows.
    show: usize,
}

impl Site {
    /// Records the caller's location and, when `frames` is non-zero, a stack
    /// trace of which reports show the program's `frames` innermost frames.
    #[track_caller]
    #[inline]
    pub fn here(frames: usize) -> Self {
        Self::capture(Some(Location::caller()), frames)
    }

    /// A site reached through `GlobalAlloc`, which has no useful caller location.
    #[inline]
    pub(crate) fn global(frames: usize) -> Self {
        Self::capture(None, frames)
    }

    // Inlined into every allocation (across crates: the allocator is
    // generic, so its code is compiled in the crate that uses it); the stack
    // walk, off by default, stays out of line.
    #[inline]
    fn capture(location: Option<&'static Location<'static>>, frames: usize) -> Self {
        let trace = if frames > 0 { Some(Self::stack_trace(frames)) } else { None };
        Self { location, trace }
    }

    #[cold]
    #[inline(never)]
    fn stack_trace(frames: usize) -> Trace {
        let mut trace = StackTrace { frames: [0; MAX_STACK_FRAMES], len: 0, show: frames };
        // `trace` walks the stack without allocating, so it is safe to call
        // from inside an allocator (even the global one).
        backtrace::trace(|frame| {
            trace.frames[trace.len] = frame.ip() as usize;
            trace.len += 1;
            trace.len < MAX_STACK_FRAMES
        });
        Box::new_in(trace, System)
    }

    /// Splits the site for compact storage: the location in a slot's card,
    /// the (rare) stack trace beside it.
    #[inline]
    pub(crate) fn into_parts(self) -> (Option<&'static Location<'static>>, Option<Trace>) {
        (self.location, self.trace)
    }

    #[inline]
    pub(crate) fn from_parts(location: Option<&'static Location<'static>>, trace: Option<Trace>) -> Self {
        Self { location, trace }
    }

    /// The source location (`file:line:column`) of the call, when known.
    pub fn location(&self) -> Option<&'static Location<'static>> {
        self.location
    }

    /// Names the functions of the captured trace that belong to the program
    /// (not to the allocator, the standard library or other crates), innermost
    /// first, as many as the site was asked to show. Reads the binary's debug information, so it
    /// allocates: call it outside the allocator, when reporting.
    pub fn resolve(&self) -> Vec<String> {
        let Some(trace) = &self.trace else { return Vec::new() };
        let mut lines = Vec::new();
        for &ip in &trace.frames[..trace.len] {
            backtrace::resolve(ip as *mut core::ffi::c_void, |symbol| {
                let (Some(name), Some(file), Some(line)) = (symbol.name(), symbol.filename(), symbol.lineno()) else {
                    return;
                };
                let file = file.to_string_lossy();
                let name = format!("{name:#}");
                if lines.len() < trace.show && !is_machinery(&file) && !name.starts_with("__") {
                    lines.push(format!("{name} at {}:{line}", short_path(&file)));
                }
            });
        }
        lines
    }
}

/// Source files of allocation itself rather than of the code that asked:
/// the standard library, other crates, this crate and the interface crate
/// (and the C library's start-up code, which is not the program's either).
fn is_machinery(file: &str) -> bool {
    const OURS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/");
    !file.starts_with('/')
        || file.starts_with("/rustc/")
        || file.contains("/.cargo/registry/")
        || file.starts_with(OURS)
        || file.contains("/03-allocator-interface/src/")
}

/// The last two components of a path: `tests/reports.rs`. Enough to find the
/// file, and the same whether the test was built from `exercises/` or
/// `solutions/` — so reports can be snapshot-tested.
pub fn short_path(path: &str) -> &str {
    let mut cuts = path.rmatch_indices(['/', '\\']).map(|(at, _)| at);
    match (cuts.next(), cuts.next()) {
        (Some(_), Some(second)) => &path[second + 1..],
        _ => path,
    }
}

impl fmt::Display for Site {
    /// `tests/reports.rs:12:9`; with `{:#}`, the resolved stack trace below it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some(location) => write!(f, "{}:{}:{}", short_path(location.file()), location.line(), location.column())?,
            None => f.write_str("<global allocator>")?,
        }
        if f.alternate() {
            for line in self.resolve() {
                write!(f, "\n        {line}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_path_keeps_the_last_two_components() {
        assert_eq!(short_path("solutions/07-x/../../exercises/07-x/tests/ex2.rs"), "tests/ex2.rs");
        assert_eq!(short_path("src/lib.rs"), "src/lib.rs");
        assert_eq!(short_path("lib.rs"), "lib.rs");
    }

    #[test]
    fn a_site_names_its_caller() {
        let site = Site::here(0);
        assert_eq!(site.location().map(|at| at.line()), Some(line!() - 1));
        assert_eq!(site.to_string(), format!("src/site.rs:{}:20", line!() - 2));
    }
}
