//! Builds the programs in `sanitizers/` with AddressSanitizer (nightly Rust:
//! `-Zsanitizer=address`, which includes LeakSanitizer on Linux), runs them,
//! and saves what the sanitizer prints to `results/<program>.txt` — the
//! addresses and process ids replaced, and only the program's own stack
//! frames kept — for the book's page on tools.
//!
//! `cargo run -p chapter-09-thread-caching --bin sanitize` (the nightly is
//! `$COURSE_NIGHTLY`, else the course's pinned one, which `cargo xtask
//! check` installs for Miri).

use std::path::Path;
use std::process::{Command, ExitCode};

const CHAPTER: &str = env!("CARGO_MANIFEST_DIR");

fn main() -> ExitCode {
    let nightly = std::env::var("COURSE_NIGHTLY").unwrap_or_else(|_| "nightly-2026-10-30".to_owned());
    let manifest = Path::new(CHAPTER).join("sanitizers").join("Cargo.toml");
    let target = host_triple();
    for program in ["use_after_free", "leak"] {
        let output = Command::new("cargo")
            .env_remove("RUSTUP_TOOLCHAIN")
            .env_remove("CARGO")
            .env_remove("RUSTC")
            .env("RUSTFLAGS", "-Zsanitizer=address")
            // Full stacks for where a block was allocated and freed (std has
            // no frame pointers for the fast unwinder), and leaks reported.
            .env("ASAN_OPTIONS", "fast_unwind_on_malloc=0:detect_leaks=1")
            .arg(format!("+{nightly}"))
            .args(["run", "--quiet", "--manifest-path"])
            .arg(&manifest)
            .args(["--target", &target, "--bin", program])
            .output();
        let output = match output {
            Ok(output) => output,
            Err(error) => {
                eprintln!("cannot run cargo +{nightly}: {error}");
                return ExitCode::FAILURE;
            }
        };
        if output.status.success() {
            eprintln!("{program}: the sanitizer found nothing (is the nightly `{nightly}` installed?)");
            return ExitCode::FAILURE;
        }
        let report = thread_caching_sanitize::tidy(&String::from_utf8_lossy(&output.stderr));
        let path = Path::new(CHAPTER).join("results").join(format!("{program}.txt"));
        if let Err(error) = std::fs::write(&path, &report) {
            eprintln!("cannot write {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

fn host_triple() -> String {
    let rustc = Command::new("rustc").arg("-vV").output().map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    rustc
        .ok()
        .and_then(|text| text.lines().find_map(|line| line.strip_prefix("host: ").map(str::to_owned)))
        .unwrap_or_else(|| "x86_64-unknown-linux-gnu".to_owned())
}

/// The report, made readable and stable (kept in a module for its test).
mod thread_caching_sanitize {
    /// Keeps the sanitizer's sentences and the program's own stack frames;
    /// replaces addresses with `0x…` and the process id with `PID`; drops
    /// the shadow-memory dump and the frames of std.
    pub fn tidy(report: &str) -> String {
        let mut out = String::new();
        for line in report.lines() {
            if line.starts_with("Shadow bytes around") {
                break;
            }
            let trimmed = line.trim_start();
            let line = if trimmed.starts_with('#') {
                if line.contains("sanitizers/src/") {
                    // The program's own frame, with its path from the chapter.
                    let at = line.find("sanitizers/src/").expect("just found");
                    let start = line[..at].rfind(' ').map_or(0, |space| space + 1);
                    format!("{}{}", &line[..start], &line[at..])
                } else if trimmed.starts_with("#0 ") {
                    // Where it happened (`malloc`, `realloc`, std): the
                    // function only, not the binary's path or build id.
                    let cut = line.find(" in ").and_then(|at| line[at + 4..].find(' ').map(|end| at + 4 + end));
                    line[..cut.unwrap_or(line.len())].to_owned()
                } else {
                    continue;
                }
            } else {
                line.to_owned()
            };
            let mut line = hide_addresses(&line);
            if let Some((pid, rest)) = line.strip_prefix("==").and_then(|rest| rest.split_once("=="))
                && !pid.is_empty()
                && pid.bytes().all(|b| b.is_ascii_digit())
            {
                line = format!("==PID=={rest}");
            }
            if let Some(at) = line.find("/lib/rustlib/src/rust/") {
                let start = line[..at].rfind(' ').map_or(0, |space| space + 1);
                line.replace_range(start..at + "/lib/rustlib/src/rust/".len(), "");
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out.trim_end().to_owned() + "\n"
    }

    fn hide_addresses(line: &str) -> String {
        let mut out = String::new();
        let mut rest = line;
        while let Some(at) = rest.find("0x") {
            out.push_str(&rest[..at]);
            let digits = rest[at + 2..].chars().take_while(char::is_ascii_hexdigit).count();
            out.push_str(if digits > 0 { "0x…" } else { "0x" });
            rest = &rest[at + 2 + digits..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn addresses_pids_and_foreign_frames_go() {
        let raw = "=================\n\
                   ==851==ERROR: AddressSanitizer: heap-use-after-free on address 0x7b54761e00a8 at pc 0x55b1\n\
                   \x20   #0 0x55b1 in realloc (/work/x/target/debug/use_after_free+0xdd3d1) (BuildId: 956f)\n\
                   \x20   #1 0x55b1 in <alloc::raw_vec::RawVecInner>::ptr /rustlib/src/raw_vec/mod.rs:635:9\n\
                   \x20   #17 0x55b1 in use_after_free::main /work/x/chapters/09-thread-caching/sanitizers/src/bin/use_after_free.rs:6:5\n\
                   SUMMARY: AddressSanitizer: heap-use-after-free /root/.rustup/toolchains/n/lib/rustlib/src/rust/library/alloc/src/a.rs:1:2 in f\n\
                   Shadow bytes around the buggy address:\n  0x7b54: fa fa\n";
        assert_eq!(
            tidy(raw),
            "=================\n\
             ==PID==ERROR: AddressSanitizer: heap-use-after-free on address 0x… at pc 0x…\n\
             \x20   #0 0x… in realloc\n\
             \x20   #17 0x… in use_after_free::main sanitizers/src/bin/use_after_free.rs:6:5\n\
             SUMMARY: AddressSanitizer: heap-use-after-free library/alloc/src/a.rs:1:2 in f\n"
        );
    }
}
