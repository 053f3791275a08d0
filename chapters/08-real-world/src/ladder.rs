//! The binary-size ladder's results, and the popular claims next to them.

use crate::first_seen;
use crate::machine::Machine;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

// ANCHOR: row
/// One built program: how it was built and what it measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SizeRow {
    /// `hello`, `http_server` or `json_sqlite_server`.
    pub program: String,
    /// `Rust` or `Zig`.
    pub language: String,
    /// The rung: `debug`, `release`, `+ strip`, …, `ReleaseSmall`.
    pub variant: String,
    /// What the rung changes, for the table.
    pub how: String,
    /// File size in bytes; `None` when it was not built (`note` says why).
    pub bytes: Option<u64>,
    /// Median wall time of one run (spawn to exit), microseconds.
    pub startup_us: Option<f64>,
    /// System calls in one run, counted by strace (`None` without strace).
    pub syscalls: Option<u64>,
    pub note: Option<String>,
}
// ANCHOR_END: row

impl SizeRow {
    /// A row with nothing measured yet.
    pub fn new(program: &str, language: &str, variant: &str, how: &str) -> Self {
        SizeRow {
            program: program.to_string(),
            language: language.to_string(),
            variant: variant.to_string(),
            how: how.to_string(),
            bytes: None,
            startup_us: None,
            syscalls: None,
            note: None,
        }
    }
}

/// A whole run of `cargo xtask sizes`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SizeResults {
    pub machine: Machine,
    pub command: String,
    /// Spawns per program behind each startup median.
    pub runs: usize,
    pub rows: Vec<SizeRow>,
    /// What std brings into a program that does not use it: the symbols of
    /// the `#![no_main]` hello world, summed per crate (empty without `nm`).
    #[serde(default)]
    pub inside: Inside,
}

/// Bytes of a binary's symbols, summed per crate (`nm --print-size`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Inside {
    /// Which hello world was read: its rung in the size table (read again
    /// with its symbol table kept, the one thing its rung strips).
    pub build: String,
    /// `(crate, bytes)`, largest first.
    pub crates: Vec<(String, u64)>,
}

// ANCHOR: crate_of
/// The crate a demangled symbol belongs to: the first path segment of the
/// name, or of the type in `<Type as Trait>::method` (of the trait when the
/// type has no path: `<&mut T as core::fmt::Write>` is core's). Names with
/// no path (`main`, `_start`, `memcpy`) are C's: libc's start files and glue.
pub fn crate_of(symbol: &str) -> &str {
    let name = symbol.trim_start_matches(['<', '&', '*', '(', '[']);
    let first = name.split_once("::").map(|(first, _)| first.rsplit(' ').next().unwrap_or(first));
    match first {
        Some(first) if !first.is_empty() && first.chars().all(|c| c.is_alphanumeric() || c == '_') => first,
        _ => "(C: start files, libc glue)",
    }
}

/// Sums the sizes `nm --print-size --demangle` lists (`address size type
/// name` lines; symbols without a size are skipped) per [`crate_of`].
pub fn sizes_per_crate(nm_output: &str) -> Vec<(String, u64)> {
    let mut totals: Vec<(String, u64)> = Vec::new();
    for line in nm_output.lines() {
        let mut fields = line.splitn(4, ' ');
        let (Some(_address), Some(size), Some(_kind), Some(name)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let Ok(size) = u64::from_str_radix(size, 16) else { continue };
        let krate = crate_of(name);
        match totals.iter_mut().find(|(seen, _)| seen == krate) {
            Some((_, total)) => *total += size,
            None => totals.push((krate.to_string(), size)),
        }
    }
    totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    totals
}
// ANCHOR_END: crate_of

/// System calls in an `strace -f -qq` log: one per line, except the
/// lines that report signals (`---`) and exits (`+++`).
pub fn count_strace_calls(log: &str) -> u64 {
    log.lines()
        .map(|line| line.split_once(' ').filter(|(pid, _)| pid.parse::<u32>().is_ok()).map_or(line, |(_, rest)| rest))
        .filter(|line| !line.trim().is_empty() && !line.starts_with("---") && !line.starts_with("+++"))
        .count() as u64
}

/// Bytes as the claims write them: decimal kB and MB.
pub fn format_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.2} MB", b as f64 / 1e6),
        b if b >= 10_000 => format!("{:.0} kB", b as f64 / 1e3),
        b if b >= 1_000 => format!("{:.1} kB", b as f64 / 1e3),
        b => format!("{b} B"),
    }
}

fn format_startup(us: f64) -> String {
    if us >= 1000.0 { format!("{:.2} ms", us / 1000.0) } else { format!("{us:.0} µs") }
}

// ANCHOR: claim
/// The ladder's last rung with std, and the rung without it.
pub const SMALLEST_WITH_STD: &str = "opt-level = \"z\" + LTO + cgu=1 + panic=abort";
pub const NO_STD: &str = "#![no_std] + raw syscalls";
/// Hello world with std linked but not used (C's `main`).
pub const NO_MAIN: &str = "#![no_main] + libc";
/// The smallest rung with std, linked statically.
pub const STATIC: &str = "+ static (crt-static)";
/// The smallest rung with std rebuilt on nightly, panics a bare abort.
pub const IMMEDIATE_ABORT: &str = "+ build-std, panic = immediate-abort (nightly)";

/// A claim from the Zig episode, and the row of our table that measures it.
#[derive(Clone, Copy, Debug)]
pub struct Claim {
    pub what: &'static str,
    /// The number claimed, in bytes (or microseconds for startup claims).
    pub claimed: &'static str,
    pub program: &'static str,
    pub language: &'static str,
    /// The rungs that a fair reading of the claim compares with.
    pub variants: &'static [&'static str],
}

/// The seed's claims, each checked against the rows that measure it.
pub const CLAIMS: &[Claim] = &[
    Claim {
        what: "Zig hello world",
        claimed: "~300 KB",
        program: "hello",
        language: "Zig",
        variants: &["ReleaseSmall", "ReleaseFast -fstrip", "ReleaseFast", "Debug"],
    },
    Claim {
        what: "Rust hello world",
        claimed: "~1.8 MB",
        program: "hello",
        language: "Rust",
        variants: &["release", "debug", "opt-level = \"z\" + LTO + cgu=1 + panic=abort"],
    },
    Claim {
        what: "Zig minimal HTTP server",
        claimed: "~300 KB",
        program: "http_server",
        language: "Zig",
        variants: &["ReleaseSmall", "ReleaseFast -fstrip", "ReleaseFast"],
    },
    Claim {
        what: "Rust minimal HTTP server",
        claimed: "~2 MB",
        program: "http_server",
        language: "Rust",
        variants: &["release", "opt-level = \"z\" + LTO + cgu=1 + panic=abort"],
    },
    Claim {
        what: "Zig server with JSON + SQLite",
        claimed: "~850 KB",
        program: "json_sqlite_server",
        language: "Zig",
        variants: &["ReleaseSmall"],
    },
    Claim {
        what: "Rust server with JSON + SQLite",
        claimed: "~4.2 MB",
        program: "json_sqlite_server",
        language: "Rust",
        variants: &["release", "opt-level = \"z\" + LTO + cgu=1 + panic=abort"],
    },
];
// ANCHOR_END: claim

impl SizeResults {
    /// Rows of one program, in ladder order.
    pub fn program(&self, program: &str) -> impl Iterator<Item = &SizeRow> {
        self.rows.iter().filter(move |row| row.program == program)
    }

    /// One line per row, for spreadsheets.
    pub fn to_csv(&self) -> String {
        let mut csv = String::from("program,language,variant,bytes,startup_us,syscalls,note\n");
        for row in &self.rows {
            let _ = writeln!(
                csv,
                "{},{},\"{}\",{},{},{},\"{}\"",
                row.program,
                row.language,
                row.variant.replace('"', "'"),
                row.bytes.map_or(String::new(), |b| b.to_string()),
                row.startup_us.map_or(String::new(), |us| format!("{us:.1}")),
                row.syscalls.map_or(String::new(), |n| n.to_string()),
                row.note.as_deref().unwrap_or("").replace('"', "'"),
            );
        }
        csv
    }

    // ANCHOR: markdown
    /// One table per program: size, startup and system calls per rung.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for program in first_seen(self.rows.iter().map(|row| row.program.as_str())) {
            let _ = writeln!(out, "#### `{program}`\n");
            out += "| language | rung | how | size | startup (median) | syscalls |\n|---|---|---|---:|---:|---:|\n";
            for row in self.program(program) {
                let size = match (row.bytes, &row.note) {
                    (Some(bytes), _) => format_bytes(bytes),
                    (None, Some(note)) => format!("not measured: {note}"),
                    (None, None) => "not measured".to_string(),
                };
                let startup = row.startup_us.map_or("—".to_string(), format_startup);
                let syscalls = row.syscalls.map_or("—".to_string(), |n| n.to_string());
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {size} | {startup} | {syscalls} |",
                    row.language, row.variant, row.how
                );
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "Startup: median wall time of {} runs (spawn to exit; servers with `--check`: set up, bind a port, exit). \
             Syscalls: one run under `strace -f`. Measured on {}.\nCommand: `{}`.",
            self.runs,
            self.machine.describe(),
            self.command
        );
        out
    }
    // ANCHOR_END: markdown

    /// The claims, each with what this machine measured for it.
    pub fn claims_markdown(&self) -> String {
        let mut out = String::from("| claim | claimed | measured here |\n|---|---:|---|\n");
        for claim in CLAIMS {
            let measured: Vec<String> = claim
                .variants
                .iter()
                .filter_map(|variant| {
                    let row = self.rows.iter().find(|row| {
                        row.program == claim.program && row.language == claim.language && row.variant == *variant
                    })?;
                    Some(match row.bytes {
                        Some(bytes) => format!("{}: {}", row.variant, format_bytes(bytes)),
                        None => {
                            format!("{}: not measured ({})", row.variant, row.note.as_deref().unwrap_or("no build"))
                        }
                    })
                })
                .collect();
            let measured = if measured.is_empty() { "not measured".to_string() } else { measured.join("; ") };
            let _ = writeln!(out, "| {} | {} | {measured} |", claim.what, claim.claimed);
        }
        let find = |language: &str, variant: &str| {
            self.rows.iter().find(|row| row.program == "hello" && row.language == language && row.variant == variant)
        };
        let startup = |row: Option<&SizeRow>| match row {
            Some(SizeRow { startup_us: Some(us), syscalls, variant, .. }) => {
                let calls = syscalls.map_or(String::new(), |n| format!(", {n} syscalls"));
                format!("{variant}: {}{calls}", format_startup(*us))
            }
            _ => "not measured".to_string(),
        };
        let _ = writeln!(
            out,
            "| Zig hello world starts near-instantly | — | Zig {}; Rust {}; Rust {}; Rust {}; C with glibc {} |",
            startup(find("Zig", "ReleaseSmall")),
            startup(find("Rust", "release")),
            startup(find("Rust", STATIC)),
            startup(find("Rust", NO_STD)),
            startup(find("C", "cc -O2 -s"))
        );
        let with_std = find("Rust", SMALLEST_WITH_STD).and_then(|row| row.bytes);
        let bare = find("Rust", NO_STD).and_then(|row| row.bytes);
        let runtime = match (with_std, bare) {
            (Some(with_std), Some(bare)) => format!(
                "hello with std at its smallest {} − hello with no std {} = {} of std, runtime and formatting",
                format_bytes(with_std),
                format_bytes(bare),
                format_bytes(with_std.saturating_sub(bare))
            ),
            _ => "not measured".to_string(),
        };
        let rebuilt = match find("Rust", IMMEDIATE_ABORT).and_then(|row| row.bytes) {
            Some(bytes) => format!("; with std rebuilt, panics a bare abort (nightly): {}", format_bytes(bytes)),
            None => String::new(),
        };
        let _ = writeln!(out, "| Rust's runtime is ~100 KB (Zig's ~3 KB) | ~100 KB | {runtime}{rebuilt} |");
        out
    }

    /// What is inside the `#![no_main]` hello world, per crate.
    pub fn inside_markdown(&self) -> String {
        let inside = &self.inside;
        if inside.crates.is_empty() {
            return "Not measured: `nm` (GNU binutils) was not found.\n".to_string();
        }
        let in_symbols: u64 = inside.crates.iter().map(|(_, bytes)| bytes).sum();
        let mut out = String::from("| crate | bytes in its symbols | share of the symbols |\n|---|---:|---:|\n");
        let (shown, rest): (Vec<_>, Vec<_>) = inside.crates.iter().enumerate().partition(|(i, _)| *i < 10);
        for (_, (krate, bytes)) in shown {
            let share = 100.0 * *bytes as f64 / in_symbols as f64;
            let _ = writeln!(out, "| `{krate}` | {} | {share:.0}% |", format_bytes(*bytes));
        }
        if !rest.is_empty() {
            let bytes: u64 = rest.iter().map(|(_, (_, b))| b).sum();
            let share = 100.0 * bytes as f64 / in_symbols as f64;
            let crates = if rest.len() == 1 { "crate" } else { "crates" };
            let _ = writeln!(out, "| {} other {crates} | {} | {share:.0}% |", rest.len(), format_bytes(bytes));
        }
        let stripped = self
            .rows
            .iter()
            .find(|row| row.program == "hello" && row.language == "Rust" && row.variant == inside.build)
            .and_then(|row| row.bytes)
            .map_or("not measured".to_string(), format_bytes);
        let _ = writeln!(
            out,
            "\nThe `{}` hello world ({stripped} stripped, in the table above), rebuilt with its symbol \
             table kept and read with `nm --print-size --demangle`: {} in symbols. \
             (The rest of the file: unwinding tables, headers, data without a symbol.) Command: `{}`.",
            inside.build,
            format_bytes(in_symbols),
            self.command
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{count_strace_calls, crate_of, format_bytes, sizes_per_crate};

    #[test]
    fn symbols_belong_to_the_crate_that_names_them() {
        assert_eq!(crate_of("gimli::read::unit::parse_attribute"), "gimli");
        assert_eq!(crate_of("<std::io::error::Error as core::fmt::Display>::fmt"), "std");
        assert_eq!(crate_of("<&mut T as core::fmt::Write>::write_str"), "core");
        assert_eq!(crate_of("<&std::path::Path as core::fmt::Debug>::fmt"), "std");
        assert_eq!(crate_of("main"), "(C: start files, libc glue)");
        assert_eq!(crate_of("rustc_demangle::v0::Printer::print_path"), "rustc_demangle");
    }

    #[test]
    fn nm_sizes_are_summed_per_crate() {
        let nm = "0000000000001000 0000000000000100 T gimli::read::a\n\
                  0000000000002000 0000000000000020 t gimli::read::b\n\
                  0000000000003000 0000000000000010 T main\n\
                                   U write\n\
                  0000000000004000 0000000000000200 T std::rt::lang_start\n";
        assert_eq!(
            sizes_per_crate(nm),
            [
                ("std".to_string(), 0x200),
                ("gimli".to_string(), 0x120),
                ("(C: start files, libc glue)".to_string(), 0x10)
            ]
        );
    }

    #[test]
    fn strace_lines_are_calls_except_signals_and_exits() {
        let log = "execve(\"./hello\", [\"./hello\"], 0x7ffd /* 35 vars */) = 0\n\
                   write(1, \"Hello, world!\\n\", 14) = 14\n\
                   exit_group(0)                           = ?\n\
                   +++ exited with 0 +++\n";
        assert_eq!(count_strace_calls(log), 3);
        let threads = "123 clone3({flags=...}) = 124\n124 --- SIGCHLD {si_signo=SIGCHLD} ---\n124 exit(0) = ?\n";
        assert_eq!(count_strace_calls(threads), 2);
    }

    #[test]
    fn bytes_read_like_the_claims() {
        assert_eq!(format_bytes(1296), "1.3 kB");
        assert_eq!(format_bytes(445_904), "446 kB");
        assert_eq!(format_bytes(7_374_114), "7.37 MB");
        assert_eq!(format_bytes(512), "512 B");
    }
}
