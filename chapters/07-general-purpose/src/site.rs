//! Where a block was allocated or freed: the caller's source location and,
//! optionally, a stack trace captured without allocating.

use crate::config::MAX_STACK_FRAMES;
use crate::debug::SysVec;
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

/// Source locations numbered 1, 2, 3, …, so that a slot's card can say
/// where it was freed in 16 bits instead of a 64-bit pointer: a program
/// frees from a few hundred lines, not from millions of blocks.
#[derive(Debug)]
pub(crate) struct SiteNumbers {
    /// Number `n` is `sites[n - 1]`.
    sites: SysVec<&'static Location<'static>>,
    /// Open addressing by line and column: numbers, 0 for empty.
    table: SysVec<u16>,
    /// The number handed out last: a loop frees from one line.
    last: u16,
    /// How many lines may be numbered: `FULL - 1` (fewer in tests).
    limit: u16,
}

impl SiteNumbers {
    /// Number 0: no source location (a call through `GlobalAlloc`).
    pub(crate) const NONE: u16 = 0;
    /// The number given once the table is full, or cannot grow: the caller
    /// keeps the location some other way.
    pub(crate) const FULL: u16 = u16::MAX;

    pub(crate) const NEW: Self = Self::with_limit(Self::FULL - 1);

    const fn with_limit(limit: u16) -> Self {
        Self { sites: SysVec::new_in(System), table: SysVec::new_in(System), last: 0, limit }
    }

    /// The number of `location`, given it on first sight.
    #[inline]
    pub(crate) fn number(&mut self, location: Option<&'static Location<'static>>) -> u16 {
        let Some(location) = location else { return Self::NONE };
        match self.get(self.last) {
            Some(last) if same_line(last, location) => self.last,
            _ => self.look_up(location),
        }
    }

    /// The location numbered `number` (`None` for [`Self::NONE`] and [`Self::FULL`]).
    #[inline]
    pub(crate) fn get(&self, number: u16) -> Option<&'static Location<'static>> {
        self.sites.get(usize::from(number).checked_sub(1)?).copied()
    }

    #[cold]
    fn look_up(&mut self, location: &'static Location<'static>) -> u16 {
        if self.sites.len() * 2 >= self.table.len() && !self.grow() {
            return Self::FULL;
        }
        let mask = self.table.len() - 1;
        let mut at = Self::hash(location) & mask;
        loop {
            match self.table[at] {
                0 => break,
                number if same_line(self.sites[usize::from(number) - 1], location) => {
                    self.last = number;
                    return number;
                }
                _ => at = (at + 1) & mask,
            }
        }
        if self.sites.len() >= usize::from(self.limit) {
            return Self::FULL;
        }
        self.sites.push(location); // room reserved by `grow`
        let number = self.sites.len() as u16;
        self.table[at] = number;
        self.last = number;
        number
    }

    /// Doubles the table (rehashing every number), with room for as many
    /// sites as it may then hold; `false` if out of memory.
    fn grow(&mut self) -> bool {
        let len = (self.table.len() * 2).max(64);
        let mut table = SysVec::new_in(System);
        if table.try_reserve_exact(len).is_err() || self.sites.try_reserve_exact(len / 2 - self.sites.len()).is_err() {
            return false;
        }
        table.resize(len, 0);
        for (index, &site) in self.sites.iter().enumerate() {
            let mut at = Self::hash(site) & (len - 1);
            while table[at] != 0 {
                at = (at + 1) & (len - 1);
            }
            table[at] = (index + 1) as u16;
        }
        self.table = table;
        true
    }

    /// Fibonacci hashing of line and column: the top bits of a multiplication.
    fn hash(location: &'static Location<'static>) -> usize {
        let key = (u64::from(location.line()) << 32) | u64::from(location.column());
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize
    }
}

/// Whether two locations name the same place. One call site usually gives
/// one `&'static Location`, but Rust does not promise it (under Miri each
/// call gets its own): the address is only the fast path.
#[inline]
pub(crate) fn same_line(a: &'static Location<'static>, b: &'static Location<'static>) -> bool {
    core::ptr::eq(a, b) || a == b
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
    fn lines_are_numbered_once_each_until_the_table_is_full() {
        let lines: Vec<&'static Location<'static>> = (0..3).map(|_| Location::caller()).collect();
        let (first, second, third) = (Location::caller(), Location::caller(), Location::caller());
        let mut numbers = SiteNumbers::with_limit(3);
        assert_eq!(numbers.number(None), SiteNumbers::NONE);
        assert_eq!(numbers.number(Some(lines[0])), 1);
        assert_eq!(numbers.number(Some(lines[1])), 1, "one call site, one location");
        assert_eq!(numbers.number(Some(first)), 2);
        assert_eq!(numbers.number(Some(second)), 3);
        assert_eq!(numbers.number(Some(lines[2])), 1, "found again past the last one");
        assert_eq!(numbers.number(Some(third)), SiteNumbers::FULL);
        assert_eq!((numbers.get(2), numbers.get(3)), (Some(first), Some(second)));
        assert_eq!((numbers.get(SiteNumbers::NONE), numbers.get(SiteNumbers::FULL)), (None, None));
    }

    #[test]
    fn the_table_grows_and_keeps_every_number() {
        #[track_caller]
        fn here() -> &'static Location<'static> {
            Location::caller()
        }
        // Forty call sites: the table starts with room for 32 and must grow.
        #[rustfmt::skip]
        let lines = [
            here(), here(), here(), here(), here(), here(), here(), here(), here(), here(),
            here(), here(), here(), here(), here(), here(), here(), here(), here(), here(),
            here(), here(), here(), here(), here(), here(), here(), here(), here(), here(),
            here(), here(), here(), here(), here(), here(), here(), here(), here(), here(),
        ];
        let mut numbers = SiteNumbers::NEW;
        let first: Vec<u16> = lines.iter().map(|&line| numbers.number(Some(line))).collect();
        assert_eq!(first, (1..=40).collect::<Vec<u16>>());
        let again: Vec<u16> = lines.iter().rev().map(|&line| numbers.number(Some(line))).collect();
        assert_eq!(again, (1..=40).rev().collect::<Vec<u16>>());
    }

    #[test]
    fn a_site_names_its_caller() {
        let site = Site::here(0);
        assert_eq!(site.location().map(|at| at.line()), Some(line!() - 1));
        assert_eq!(site.to_string(), format!("src/site.rs:{}:20", line!() - 2));
    }
}
