//! `cargo xtask check`: proves the whole course is consistent.
//!
//! In parts, so a maintainer learns about a slip in seconds: `--fast` runs
//! only what needs no test run (course.toml against the workspace, derived
//! files, course.lock, the book's includes and links); `--lesson` proves one
//! lesson; the full check proves everything, as CI does.

mod consistency;
mod exercises;
mod miri;
pub mod tools;

use crate::book::{self, BookCheck};
use crate::course::{Course, Lesson, MiriExample, Place};
use crate::{Error, paint};
use std::process::Command;
use std::time::Instant;

/// A bare-metal target (Cortex-M4F): its sysroot has `core` and `alloc`, no
/// `std`, so a crate that builds for it provably needs no std.
pub const NO_STD_TARGET: &str = "thumbv7em-none-eabihf";

/// What `check` runs.
pub struct Options {
    /// Only the checks that run no tests.
    pub fast: bool,
    /// Only this lesson's exercises, tests, lints and Miri.
    pub lesson: Option<String>,
    pub miri: bool,
    /// The browser part of the book check (the static part always runs).
    pub browser: bool,
    pub lints: bool,
}

/// Collects failures so one run reports all of them.
#[derive(Default)]
pub struct Report {
    failures: Vec<String>,
}

impl Report {
    pub fn fail(&mut self, message: impl Into<String>) {
        let message = message.into();
        println!("  {} {message}", paint::red("✗"));
        self.failures.push(message);
    }

    pub fn pass(&self, message: impl AsRef<str>) {
        println!("  {} {}", paint::green("✓"), message.as_ref());
    }

    /// Runs a command, passing its output through, and records the outcome.
    pub fn command(&mut self, what: &str, cmd: &mut Command) {
        match cmd.status() {
            Ok(status) if status.success() => self.pass(what),
            Ok(status) => self.fail(format!("{what}: exited with {status}")),
            Err(error) => self.fail(format!("{what}: could not run: {error}")),
        }
    }
}

/// Prints a step's title, runs it, and prints how long it took.
fn step<T>(title: &str, run: impl FnOnce() -> T) -> T {
    println!("{}", paint::bold(&format!("== {title}")));
    let started = Instant::now();
    let result = run();
    println!("  ({:.1}s)", started.elapsed().as_secs_f64());
    result
}

/// Runs the checks `options` asks for; the process exit code.
pub fn check(course: &Course, options: &Options) -> Result<i32, Error> {
    let started = Instant::now();
    let mut report = Report::default();
    let lessons: Vec<&Lesson> = match &options.lesson {
        Some(id) => vec![course.lesson(id)?],
        None => course.lessons.iter().filter(|l| !l.draft).collect(),
    };

    step("course.toml agrees with the workspace; derived files are up to date", || {
        consistency::consistency(course, &mut report)
    })?;
    step("protected files match course.lock", || consistency::protected_files(course, &mut report))?;
    let book_check = if options.browser && !options.fast && options.lesson.is_none() {
        BookCheck::Browser
    } else {
        BookCheck::Links
    };
    step(book_check.title(), || match book::build(course, book_check) {
        Ok(pages) => report.pass(format!("book built: {pages} pages checked")),
        Err(error) => report.fail(format!("book: {error}")),
    });
    if options.fast {
        return Ok(finish(&report, started, "check --fast"));
    }

    let no_std: Vec<&String> = lessons.iter().flat_map(|l| &l.no_std).collect();
    let miri_packages: Vec<&str> =
        if options.miri { lessons.iter().flat_map(|l| &l.miri).map(String::as_str).collect() } else { Vec::new() };
    step("tools: what the checks below need, installed where missing", || {
        match tools::ensure(&course.root, (!no_std.is_empty()).then_some(NO_STD_TARGET), !miri_packages.is_empty()) {
            Ok(installed) if installed.is_empty() => report.pass("all present"),
            Ok(installed) => report.pass(format!("installed {}", installed.join(", "))),
            Err(error) => report.fail(format!("tools: {error}")),
        }
    });

    step("every exercise: each test fails on the stub and passes on the solution", || {
        for lesson in lessons.iter().filter(|l| !l.exercises.is_empty()) {
            exercises::exercises(course, &lesson.exercises, &mut report)?;
        }
        Ok::<(), Error>(())
    })?;

    // The lesson's crates, or (default members) every chapter, solution and xtask.
    let packages: Vec<String> = match &options.lesson {
        Some(_) => lessons.iter().flat_map(|l| [Place::Chapter, Place::Solutions].map(|p| p.package(&l.id))).collect(),
        None => Vec::new(),
    };
    let with_packages = |cmd: &mut Command| {
        for package in &packages {
            cmd.args(["--package", package]);
        }
    };
    step("cargo test", || {
        let mut test = course.cargo();
        test.args(["test", "--locked", "--quiet"]);
        with_packages(&mut test);
        report.command("cargo test", &mut test);
    });
    if options.lints {
        step("clippy and rustfmt", || {
            let mut clippy = course.cargo();
            clippy.args(["clippy", "--locked", "--all-targets", "--quiet"]);
            with_packages(&mut clippy);
            clippy.args(["--", "-D", "warnings"]);
            report.command("cargo clippy -D warnings", &mut clippy);
            report.command("cargo fmt --check", course.cargo().args(["fmt", "--all", "--check"]));
        });
    }
    if !no_std.is_empty() {
        step(&format!("no_std: the allocators build for {NO_STD_TARGET}, which has no std"), || {
            for package in no_std {
                let mut build = course.cargo();
                build.args(["build", "--locked", "--quiet", "--lib", "--no-default-features"]);
                build.args(["--target", NO_STD_TARGET, "--package", package]);
                report.command(&format!("{package} builds without std"), &mut build);
            }
        });
    }
    if options.miri {
        let examples: Vec<&MiriExample> = lessons.iter().flat_map(|l| &l.miri_examples).collect();
        if !miri_packages.is_empty() {
            step("Miri on the crates with unsafe allocator code", || {
                miri::miri(course, &miri_packages, &examples, &mut report)
            });
        }
    } else {
        println!("{}", paint::red("!! MIRI SKIPPED (--no-miri): unsafe allocator code was NOT checked for UB !!"));
    }
    Ok(finish(&report, started, "check"))
}

/// Prints the verdict; the exit code.
fn finish(report: &Report, started: Instant, what: &str) -> i32 {
    println!();
    let elapsed = started.elapsed().as_secs();
    if report.failures.is_empty() {
        println!("{} (in {elapsed}s)", paint::green(&format!("{what} passed")));
        return 0;
    }
    let count = report.failures.len();
    println!("{} (in {elapsed}s):", paint::red(&format!("{what} failed: {count} problem(s)")));
    for failure in &report.failures {
        println!("  - {failure}");
    }
    1
}
