//! The course CLI: `cargo xtask` shows your progress and the next exercise.

mod book;
mod check;
mod course;
mod error;
mod hint;
mod lock;
mod paint;
mod process;
mod reset;
mod runner;
mod scaffold;
mod stats;
mod sync;
mod verify;
mod watch;

pub use error::{Context, Error};

use clap::{Parser, Subcommand};
use course::Course;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Memory Allocation Strategies, Zig-style, in Rust — the course tool.
///
/// With no command, runs `verify`: checks the exercises in order and shows the
/// first one still to do.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version)]
struct Cli {
    /// The course folder (default: the nearest folder with a course.toml).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Allow the maintainer commands (bless, sync, new-lesson, new-exercise),
    /// which rewrite files that decide whether exercises are done. Also
    /// `COURSE_MAINTAINER=1`.
    #[arg(long, global = true)]
    maintainer: bool,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Check the exercises in order (all, one lesson's, or one); show the first one not done yet.
    Verify {
        /// A lesson (`05-fixed-buffer`) or an exercise (`fixed-3`); default: the whole course.
        target: Option<String>,
        /// Seconds before an exercise's tests are stopped (default: per exercise).
        #[arg(long)]
        timeout: Option<u64>,
    },
    /// Verify again every time you save a file.
    Watch,
    /// Every exercise with its status (checked now), its file and its command.
    List {
        /// Only what the last checks found: no tests are run.
        #[arg(long)]
        cached: bool,
    },
    /// Show the next hint of an exercise: a nudge first, the code last.
    Hint {
        id: String,
        /// Show every tier at once.
        #[arg(long)]
        all: bool,
    },
    /// Restore an exercise's file as shipped (your version is backed up first).
    Reset {
        id: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Show the reference solution of an exercise you have done.
    Solution {
        id: String,
        /// Show it even though the exercise is not done.
        #[arg(long)]
        force: bool,
    },
    /// Build the book (`--open` to open it in a browser).
    Book {
        #[arg(long)]
        open: bool,
        /// Also fail on unresolved includes and broken internal links.
        #[arg(long)]
        check: bool,
    },
    /// Maintainers and CI: prove the whole course is consistent.
    Check {
        /// Only what runs no test: course.toml, derived files, course.lock,
        /// the book's includes and links (seconds).
        #[arg(long, conflicts_with = "lesson")]
        fast: bool,
        /// Only this lesson (`05-fixed-buffer`): its exercises, tests, lints and Miri.
        #[arg(long, value_name = "NN-slug")]
        lesson: Option<String>,
        /// Skip Miri (says so loudly).
        #[arg(long)]
        no_miri: bool,
        /// Skip opening the book in Chromium (includes and links are still checked).
        #[arg(long)]
        no_book: bool,
        /// Skip clippy and rustfmt.
        #[arg(long)]
        no_lints: bool,
    },
    /// Maintainers: record the hashes of protected files and stubs in course.lock.
    Bless,
    /// Maintainers: rewrite the files derived from course.toml (solution
    /// manifests, module lists, chapter aliases, ui paths, snapshot headers).
    Sync,
    /// Maintainers: scaffold a lesson in its four places, with its course.toml entry.
    NewLesson {
        /// `NN-slug`, e.g. `09-pools`.
        id: String,
        /// The lesson's title (default: from the slug).
        #[arg(long)]
        title: Option<String>,
    },
    /// Maintainers: scaffold an exercise (stub, test, solution, course.toml entry).
    NewExercise {
        /// The lesson, e.g. `05-fixed-buffer`.
        lesson: String,
        /// The module name, e.g. `ex7_downwards`.
        name: String,
        /// The exercise id (default: `<slug>-<n>`).
        #[arg(long)]
        id: Option<String>,
    },
    /// Maintainers: how many lines each exercise has the learner write, and
    /// how much code its TODOs give away.
    Stats {
        /// List the code-like spans found in the TODOs.
        #[arg(long)]
        verbose: bool,
    },
    /// Lesson 08: run the allocator shoot-out; write its results, table and chart.
    Bench {
        /// Two samples per benchmark instead of the full run (a smoke test).
        #[arg(long)]
        quick: bool,
    },
    /// Lesson 08: build and measure the binary-size ladder (and Zig's, if found).
    Sizes {
        /// Runs per program behind each startup median.
        #[arg(long, default_value_t = 50)]
        runs: usize,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let code = if error.use_stderr() { 2 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(error) => {
            eprintln!("{} {error}", paint::red("error:"));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<i32, Error> {
    let root = course::find_root(cli.root)?;
    let course = Course::load(&root)?;
    let command = cli.command.unwrap_or(Cmd::Verify { target: None, timeout: None });
    if command.is_maintainers() && !cli.maintainer && std::env::var_os("COURSE_MAINTAINER").is_none() {
        return Err(Error::new(
            "this is a maintainer command: it rewrites files that decide whether exercises are done. \
             If you maintain the course, add --maintainer (or set COURSE_MAINTAINER=1)",
        ));
    }
    match command {
        Cmd::Verify { target, timeout } => verify::verify(&course, target.as_deref(), timeout.map(Duration::from_secs)),
        Cmd::Watch => watch::watch(&course),
        Cmd::List { cached } => verify::list(&course, cached, None),
        Cmd::Hint { id, all } => hint::hint(&course, course.exercise(&id)?, all),
        Cmd::Reset { id, yes } => reset::reset(&course, course.exercise(&id)?, yes),
        Cmd::Solution { id, force } => reset::solution(&course, course.exercise(&id)?, force),
        Cmd::Book { open, check } => book::command(&course, open, check),
        Cmd::Check { fast, lesson, no_miri, no_book, no_lints } => {
            let options = check::Options { fast, lesson, miri: !no_miri, browser: !no_book, lints: !no_lints };
            check::check(&course, &options)
        }
        Cmd::Sync => sync::sync(&course),
        Cmd::NewLesson { id, title } => scaffold::new_lesson(&course, &id, title.as_deref()),
        Cmd::NewExercise { lesson, name, id } => scaffold::new_exercise(&course, &lesson, &name, id.as_deref()),
        Cmd::Stats { verbose } => stats::stats(&course, verbose),
        Cmd::Bench { quick } => measure(&course, &["bench"], quick.then_some("--quick")),
        Cmd::Sizes { runs } => measure(&course, &["sizes", "--runs", &runs.to_string()], None),
        Cmd::Bless => {
            let lock = lock::Lock::compute(&course)?;
            lock.save(&course.root)?;
            println!("recorded {} protected files and {} stubs in course.lock", lock.protected.len(), lock.stubs.len());
            Ok(0)
        }
    }
}

impl Cmd {
    /// Commands that rewrite protected or derived files.
    fn is_maintainers(&self) -> bool {
        matches!(self, Cmd::Bless | Cmd::Sync | Cmd::NewLesson { .. } | Cmd::NewExercise { .. })
    }
}

/// Runs lesson 08's measuring tool (a release build of its `measure`
/// binary) from the course root: the plotting and measuring code lives in
/// the lesson's crate, so the course tool itself stays small to build.
fn measure(course: &Course, args: &[&str], flag: Option<&str>) -> Result<i32, Error> {
    let mut cmd = course.cargo();
    cmd.args(["run", "--locked", "--quiet", "--release", "-p", "chapter-08-real-world", "--bin", "measure", "--"]);
    cmd.args(args).args(flag);
    let status = cmd.status().context("cannot run cargo")?;
    Ok(status.code().unwrap_or(2))
}
