//! The course CLI: `cargo xtask` shows your progress and the next exercise.

mod book;
mod check;
mod course;
mod lock;
mod paint;
mod reset;
mod runner;
mod verify;
mod watch;

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
#[command(name = "cargo xtask", version)]
struct Cli {
    /// The course folder (default: the nearest folder with a course.toml).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Check the exercises in order; show the first one not done yet.
    Verify {
        /// Seconds before an exercise's tests are stopped (default: per exercise).
        #[arg(long)]
        timeout: Option<u64>,
    },
    /// Verify again every time you save a file.
    Watch,
    /// Every exercise with its status.
    List,
    /// Show the hint of an exercise.
    Hint { id: String },
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
        /// Skip Miri (says so loudly).
        #[arg(long)]
        no_miri: bool,
        /// Skip building and checking the book.
        #[arg(long)]
        no_book: bool,
        /// Skip clippy and rustfmt.
        #[arg(long)]
        no_lints: bool,
    },
    /// Maintainers: record the hashes of protected files and stubs in course.lock.
    Bless,
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

/// A failure of the tool itself (exit 2), as opposed to pending exercises.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    pub fn tool(message: impl Into<String>) -> Error {
        Error(message.into())
    }
    /// Bad input from the user; reported the same way.
    pub fn usage(message: impl Into<String>) -> Error {
        Error(message.into())
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
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
        Err(Error(message)) => {
            eprintln!("{} {message}", paint::red("error:"));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<i32, Error> {
    let root = course::find_root(cli.root)?;
    let course = Course::load(&root)?;
    match cli.command.unwrap_or(Cmd::Verify { timeout: None }) {
        Cmd::Verify { timeout } => verify::verify(&course, timeout.map(Duration::from_secs)),
        Cmd::Watch => watch::watch(&course),
        Cmd::List => list(&course),
        Cmd::Hint { id } => {
            let exercise = course.exercise(&id)?;
            println!("{} {}\n", paint::bold(&exercise.id), exercise.title);
            println!("{}", exercise.hint.trim());
            println!("\nEdit: {}", course.relative(&course.exercise_file(exercise)));
            Ok(0)
        }
        Cmd::Reset { id, yes } => reset::reset(&course, course.exercise(&id)?, yes),
        Cmd::Solution { id, force } => reset::solution(&course, course.exercise(&id)?, force),
        Cmd::Book { open, check } => {
            let pages = book::build(&course, check)?;
            let index = course.root.join("book").join("book").join("index.html");
            println!("book built ({pages} pages): {}", index.display());
            if open {
                open_in_browser(&index);
            }
            Ok(0)
        }
        Cmd::Check { no_miri, no_book, no_lints } => {
            check::check(&course, &check::Options { miri: !no_miri, book: !no_book, lints: !no_lints })
        }
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

/// Runs lesson 08's measuring tool (a release build of its `measure`
/// binary) from the course root: the plotting and measuring code lives in
/// the lesson's crate, so the course tool itself stays small to build.
fn measure(course: &Course, args: &[&str], flag: Option<&str>) -> Result<i32, Error> {
    let mut cmd = std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(&course.root);
    cmd.args(["run", "--locked", "--quiet", "--release", "-p", "chapter-08-real-world", "--bin", "measure", "--"]);
    cmd.args(args).args(flag);
    let status = cmd.status().map_err(|e| Error::tool(format!("cannot run cargo: {e}")))?;
    Ok(status.code().unwrap_or(2))
}

fn list(course: &Course) -> Result<i32, Error> {
    let lock = lock::Lock::load(&course.root)?;
    let cache = verify::Cache::load(course);
    let width = course.exercises().map(|e| e.id.len()).max().unwrap_or(2).max(2);
    println!("{}\n", paint::bold(&course.title));
    let mut done = 0;
    for lesson in &course.lessons {
        let note = if lesson.draft { " (coming soon)" } else { "" };
        println!("{}{note}", paint::bold(&format!("{} — {}", lesson.id, lesson.title)));
        for exercise in &lesson.exercises {
            let status = if !lock.tampered(course, exercise).is_empty() {
                paint::red("modified")
            } else if cache.is_done(course, exercise) {
                done += 1;
                paint::green("done    ")
            } else {
                "pending ".to_owned()
            };
            println!("  {:width$}  {status}  {}", exercise.id, exercise.title);
        }
    }
    println!("\n{done}/{} exercises done (as of the last `cargo xtask`)", course.exercises().count());
    Ok(0)
}

fn open_in_browser(path: &std::path::Path) {
    for opener in ["xdg-open", "open"] {
        if std::process::Command::new(opener).arg(path).status().is_ok_and(|s| s.success()) {
            return;
        }
    }
    println!("open it in your browser: file://{}", path.display());
}
