//! Building test binaries with cargo and running them under a timeout.
//!
//! Every build goes through [`cargo_test_command`], so every cargo call this
//! tool makes uses the same profile and features and never rebuilds what an
//! earlier call built.

use crate::course::Course;
use crate::{Context, Error};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Environment variables that would let a test pass without being right
/// (the old `INSTA_FORCE_UPDATE*` ones make insta set `INSTA_UPDATE=force`).
const CHEAT_VARIABLES: [&str; 6] = [
    "INSTA_FORCE_PASS",
    "INSTA_UPDATE",
    "TRYBUILD",
    "INSTA_OUTPUT",
    "INSTA_FORCE_UPDATE",
    "INSTA_FORCE_UPDATE_SNAPSHOTS",
];

/// `cargo test --no-run` for some test targets of one package.
pub fn cargo_test_command(course: &Course, package: &str, targets: &[String]) -> Command {
    // Colours only matter for how errors are shown, never for what is built.
    let format = if crate::paint::enabled() {
        "--message-format=json-diagnostic-rendered-ansi"
    } else {
        "--message-format=json"
    };
    let mut cmd = course.cargo();
    cmd.args(["test", "--no-run", format, "--package", package]);
    for target in targets {
        cmd.args(["--test", target]);
    }
    cmd
}

/// What building test targets produced.
pub enum Build {
    /// Test binaries by target name, and the compiler's warnings about the
    /// package itself (rendered).
    Built(BTreeMap<String, PathBuf>, Vec<String>),
    /// The compiler's errors, rendered as it prints them.
    Failed(String),
}

#[derive(Deserialize)]
struct CargoMessage {
    reason: String,
    package_id: Option<String>,
    target: Option<Target>,
    executable: Option<PathBuf>,
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    rendered: Option<String>,
}

/// Builds the given test targets of `package`.
pub fn build_tests(course: &Course, package: &str, targets: &[String]) -> Result<Build, Error> {
    let output = cargo_test_command(course, package, targets)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .output()
        .context("cannot run cargo")?;
    let mut binaries = BTreeMap::new();
    let mut errors = String::new();
    let mut warnings = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<CargoMessage>(line) else { continue };
        match (message.reason.as_str(), message.target, message.executable, message.message) {
            ("compiler-artifact", Some(target), Some(exe), _) if target.kind.iter().any(|k| k == "test") => {
                binaries.insert(target.name, exe);
            }
            ("compiler-message", _, _, Some(diagnostic)) if diagnostic.level.starts_with("error") => {
                errors.push_str(diagnostic.rendered.as_deref().unwrap_or_default());
            }
            ("compiler-message", _, _, Some(diagnostic))
                if diagnostic.level == "warning"
                    && message.package_id.as_deref().is_some_and(|id| is_package(id, package)) =>
            {
                warnings.push(diagnostic.rendered.unwrap_or_default());
            }
            _ => {}
        }
    }
    if output.status.success() {
        return Ok(Build::Built(binaries, warnings));
    }
    if errors.is_empty() {
        // Not a compile error: cargo itself failed (bad manifest, offline...).
        errors = String::from_utf8_lossy(&output.stderr).into_owned();
    }
    Ok(Build::Failed(errors))
}

/// `true` if a cargo package id names `package` (`path+file:///…#name@0.1.0`
/// or the older `name 0.1.0 (…)`).
fn is_package(id: &str, package: &str) -> bool {
    id.starts_with(&format!("{package} "))
        || id.rsplit_once('#').is_some_and(|(_, name)| name.split('@').next() == Some(package))
        || id.rsplit('/').next().is_some_and(|last| last.split('#').next() == Some(package))
}

/// The outcome of one test binary run.
#[derive(Debug, Default)]
pub struct TestRun {
    /// `test name ... ok|FAILED|ignored` results by test name.
    pub tests: BTreeMap<String, Outcome>,
    /// trybuild's per-case results, by case file name.
    pub ui_cases: BTreeMap<String, Outcome>,
    /// Everything the binary printed, colours removed.
    pub output: String,
    /// `true` if it was stopped after the timeout.
    pub timed_out: bool,
    /// `true` if the binary exited successfully.
    pub success: bool,
    /// The signal that killed it, if one did.
    pub signal: Option<i32>,
    /// The tests the binary holds (`--list`): each must report a result.
    pub listed: Vec<String>,
}

impl TestRun {
    /// Listed tests that never reported a result: the binary exited (or was
    /// stopped) before they finished.
    pub fn unfinished(&self) -> Vec<&str> {
        self.listed.iter().filter(|t| !self.tests.contains_key(*t)).map(String::as_str).collect()
    }

    /// The verdict: the binary succeeded *and* every listed test reported
    /// `ok`. A binary that exits 0 early (`std::process::exit(0)` in the
    /// code under test) has not passed.
    pub fn all_passed(&self) -> bool {
        self.success
            && !self.listed.is_empty()
            && self.listed.iter().all(|test| self.tests.get(test) == Some(&Outcome::Passed))
    }
}

/// One test's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed,
    Ignored,
}

/// Runs a test binary as `cargo test` would: from the package folder, with the
/// variables cargo sets, and without the ones that skip checks.
pub fn run_tests(
    binary: &Path,
    package_dir: &Path,
    package: &str,
    root: &Path,
    args: &[&str],
    timeout: Duration,
) -> Result<TestRun, Error> {
    let mut cmd = Command::new(binary);
    cmd.current_dir(package_dir)
        .args(args)
        .args(["--color", "never"])
        .env("CARGO_MANIFEST_DIR", package_dir)
        .env("CARGO_PKG_NAME", package)
        .env("CARGO_PKG_VERSION", "0.1.0")
        .env("INSTA_WORKSPACE_ROOT", root)
        .env("RUST_BACKTRACE", "0")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    for variable in CHEAT_VARIABLES {
        cmd.env_remove(variable);
    }
    // Never write or accept new snapshots while judging. Set, not just
    // removed: insta reads an `insta.yaml` in the course root too, and its
    // `force_pass` or `update` would win over an unset variable.
    cmd.env("INSTA_UPDATE", "no").env("INSTA_FORCE_PASS", "0");
    let listed = list_tests(binary, package_dir)?;
    let finished = crate::process::run_with_timeout(cmd, timeout)?;
    let output = strip_ansi(&finished.output);
    let mut run = TestRun {
        success: finished.success,
        timed_out: finished.timed_out,
        signal: finished.signal,
        listed,
        ..TestRun::default()
    };
    for line in output.lines() {
        if let Some((name, outcome)) = parse_result_line(line) {
            let ui_case = Path::new(&name).extension().is_some_and(|ext| ext == "rs");
            let name = if ui_case { file_name(&name) } else { name };
            let map = if ui_case { &mut run.ui_cases } else { &mut run.tests };
            map.insert(name, outcome);
        }
    }
    run.output = output;
    Ok(run)
}

/// The names of the tests in a binary (`--list`).
pub fn list_tests(binary: &Path, package_dir: &Path) -> Result<Vec<String>, Error> {
    let output = Command::new(binary)
        .current_dir(package_dir)
        .args(["--list", "--format", "terse"])
        .output()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_owned)
        .collect())
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
}

/// `test foo ... ok` (libtest) or `test tests/ui/case.rs ... error` (trybuild).
fn parse_result_line(line: &str) -> Option<(String, Outcome)> {
    let rest = line.strip_prefix("test ")?;
    let (name, status) = rest.split_once(" ... ")?;
    let name = name.trim_end_matches(" - should panic").trim();
    let outcome = match status.split_whitespace().next()?.trim_end_matches(',') {
        "ok" => Outcome::Passed,
        "ignored" => Outcome::Ignored,
        _ => Outcome::Failed,
    };
    Some((name.to_owned(), outcome))
}

/// Removes ANSI colour sequences.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // ESC [ ... final byte in @..~
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The part of a test run's output a learner needs: each failing test's
/// panic message (and trybuild's diff), without libtest's noise.
pub fn failure_summary(run: &TestRun) -> String {
    let unfinished = run.unfinished().join(", ");
    if run.timed_out {
        return format!(
            "the tests did not finish in time: is there an endless loop? Still running: {unfinished}\n{}",
            trim_lines(&run.output, 20)
        );
    }
    if let Some(signal) = run.signal {
        return format!(
            "{} (in: {unfinished})\n{}",
            crate::process::signal_meaning(signal),
            trim_lines(&run.output, 30)
        );
    }
    if run.success && !unfinished.is_empty() {
        return format!(
            "the test binary exited before these tests reported a result: {unfinished}\n\
             (does the code end the program, e.g. with `std::process::exit`?)"
        );
    }
    let mut summary = ui_failures(&run.output);
    let mut in_failure = false;
    for line in run.output.lines() {
        if line.starts_with("---- ") && line.ends_with(" ----") {
            in_failure = true;
            summary.push_str(line);
            summary.push('\n');
            continue;
        }
        if line == "failures:" || line.starts_with("test result:") {
            in_failure = false;
            continue;
        }
        if in_failure && !line.starts_with("note: run with `RUST_BACKTRACE") {
            // "thread 'name' (1234) panicked at": the test is already named above.
            let line = match line.split_once(" panicked at ") {
                Some((thread, at)) if thread.starts_with("thread '") => format!("panicked at {at}"),
                _ => line.to_owned(),
            };
            if let Some(line) = in_course_words(&line) {
                summary.push_str(line);
                summary.push('\n');
            }
        }
    }
    if summary.trim().is_empty() {
        // No libtest failure section: the binary crashed or printed its own.
        summary = run.output.clone();
    }
    trim_lines(&summary, 60)
}

/// insta's report of a snapshot that differs, in the course's words: its
/// advice (`cargo insta review`, `INSTA_UPDATE=always`) would record the
/// wrong answer as the right one, and its diff legend calls the expected
/// text "old". `None`: leave the line out.
fn in_course_words(line: &str) -> Option<&str> {
    match line {
        "-old snapshot" => Some("-expected (the protected .snap file; do not edit it)"),
        "+new results" => Some("+what your code produced"),
        // The panic inside insta itself; the next line names the assertion.
        _ if line.starts_with("panicked at ") && line.contains("/insta-") => None,
        _ if line.contains("cargo insta") || line.contains("INSTA_") => None,
        _ => Some(line),
    }
}

/// trybuild's report of each compile-fail case that did not behave: what
/// the compiler was expected to say and what it said.
fn ui_failures(output: &str) -> String {
    let mut report = String::new();
    let mut in_case = false;
    for line in output.lines() {
        if let Some((name, outcome)) = parse_result_line(line) {
            in_case = name.ends_with(".rs") && outcome != Outcome::Passed;
            if in_case {
                report.push_str(&format!("compile-fail case {}:\n", file_name(&name)));
            }
            continue;
        }
        if line.starts_with("---- ") || line == "failures:" || line.starts_with("running ") {
            in_case = false;
        }
        // Blessing would record the wrong answer as the right one: not for learners.
        let blessing = line.starts_with("note: If the actual output") || line.contains("TRYBUILD=overwrite");
        if in_case && !blessing {
            report.push_str(line);
            report.push('\n');
        }
    }
    report
}

/// At most `max` lines, saying how many were left out.
pub fn trim_lines(text: &str, max: usize) -> String {
    let mut lines: Vec<&str> = text.trim_end().lines().collect();
    // Runs of blank lines are noise on a terminal: keep one.
    lines.dedup_by(|a, b| a.trim().is_empty() && b.trim().is_empty());
    if lines.len() <= max {
        return lines.join("\n");
    }
    format!("{}\n... ({} more lines)", lines[..max].join("\n"), lines.len() - max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_libtest_and_trybuild_lines() {
        assert_eq!(parse_result_line("test a::b ... ok"), Some(("a::b".into(), Outcome::Passed)));
        assert_eq!(parse_result_line("test x - should panic ... FAILED"), Some(("x".into(), Outcome::Failed)));
        assert_eq!(parse_result_line("test y ... ignored, slow"), Some(("y".into(), Outcome::Ignored)));
        assert_eq!(
            parse_result_line("test /a/tests/ui/t/case.rs ... error"),
            Some(("/a/tests/ui/t/case.rs".into(), Outcome::Failed))
        );
        assert_eq!(parse_result_line("test result: ok. 1 passed"), None);
    }

    #[test]
    fn recognises_package_ids() {
        let id = "path+file:///w/exercises/03-x#exercises-03-x@0.1.0";
        assert!(is_package(id, "exercises-03-x"));
        assert!(!is_package(id, "solutions-03-x"));
        assert!(is_package("path+file:///w/exercises/demo#0.1.0", "demo"));
        assert!(is_package("exercises-03-x 0.1.0 (path+file:///w)", "exercises-03-x"));
    }

    #[test]
    fn insta_advice_becomes_the_course_s_words() {
        let output = "---- t stdout ----\n\
            Snapshot file: tests/snapshots/t.snap\n\
            -old snapshot\n\
            +new results\n\
            To update snapshots run `cargo insta review` or set `INSTA_UPDATE=always`\n\
            Stopped on the first failure. Run `cargo insta test` to run all snapshots.\n\
            thread 't' (7) panicked at /home/u/.cargo/registry/src/x/insta-1.49.0/src/runtime.rs:734:13:\n\
            snapshot assertion for 't' failed in line 65\n\
            failures:\n";
        let run = TestRun { output: output.into(), ..TestRun::default() };
        let summary = failure_summary(&run);
        assert!(summary.contains("-expected (the protected .snap file"), "{summary}");
        assert!(summary.contains("+what your code produced"), "{summary}");
        assert!(summary.contains("snapshot assertion for 't' failed in line 65"), "{summary}");
        for advice in ["cargo insta", "INSTA_UPDATE", "old snapshot", "runtime.rs"] {
            assert!(!summary.contains(advice), "{advice:?} left in:\n{summary}");
        }
    }

    #[test]
    fn strips_colours() {
        assert_eq!(strip_ansi("\u{1b}[0m\u{1b}[33merror\u{1b}[0m: x"), "error: x");
    }
}
