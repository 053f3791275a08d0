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

use course::Course;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// What the command line asked for.
struct Cli {
    root: Option<PathBuf>,
    maintainer: bool,
    command: Option<Cmd>,
}

enum Cmd {
    Verify { target: Option<String>, timeout: Option<u64> },
    Watch,
    List { cached: bool },
    Hint { id: String, all: bool },
    Reset { id: String, yes: bool },
    Solution { id: String, force: bool },
    Book { open: bool, check: bool },
    Check { fast: bool, lesson: Option<String>, no_miri: bool, no_book: bool, no_lints: bool },
    Bless,
    Sync,
    NewLesson { id: String, title: Option<String> },
    NewExercise { lesson: String, name: String, id: Option<String> },
    Stats { verbose: bool },
    Bench { quick: bool },
    Sizes { runs: usize },
    Fragmentation,
}

/// The command line, with clap's builder rather than its derive: the derive
/// needs `syn` with features nothing else in the course uses, so `syn` and
/// `serde_derive` were compiled twice on a learner's first `cargo xtask`
/// (once for this tool, once for the first exercise's test dependencies).
fn command_line() -> clap::Command {
    use clap::{Arg, ArgAction, Command};
    let flag = |name: &'static str, help: &'static str| Arg::new(name).long(name).action(ArgAction::SetTrue).help(help);
    let id = || Arg::new("id").required(true).help("An exercise, e.g. `fixed-3`");
    Command::new("cargo xtask")
        .bin_name("cargo xtask")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Memory Allocation Strategies, Zig-style, in Rust — the course tool.")
        .long_about(
            "Memory Allocation Strategies, Zig-style, in Rust — the course tool.\n\n\
             With no command, runs `verify`: checks the exercises in order and shows the first one still to do.",
        )
        .arg(
            Arg::new("root")
                .long("root")
                .global(true)
                .value_name("DIR")
                .value_parser(clap::value_parser!(PathBuf))
                .help("The course folder (default: the nearest folder with a course.toml)"),
        )
        .arg(flag("maintainer", "Allow the maintainer commands (bless, sync, new-lesson, new-exercise), which rewrite files that decide whether exercises are done. Also `COURSE_MAINTAINER=1`").global(true))
        .subcommand(
            Command::new("verify")
                .about("Check the exercises in order (all, one lesson's, or one); show the first one not done yet")
                .arg(Arg::new("target").help("A lesson (`05-fixed-buffer`) or an exercise (`fixed-3`); default: the whole course"))
                .arg(
                    Arg::new("timeout")
                        .long("timeout")
                        .value_parser(clap::value_parser!(u64))
                        .help("Seconds before an exercise's tests are stopped (default: per exercise)"),
                ),
        )
        .subcommand(Command::new("watch").about("Verify again every time you save a file"))
        .subcommand(
            Command::new("list")
                .about("Every exercise with its status (checked now), its file and its command")
                .arg(flag("cached", "Only what the last checks found: no tests are run")),
        )
        .subcommand(
            Command::new("hint")
                .about("Show the next hint of an exercise: a nudge first, the code last")
                .arg(id())
                .arg(flag("all", "Show every tier at once")),
        )
        .subcommand(
            Command::new("reset")
                .about("Restore an exercise's file as shipped (your version is backed up first)")
                .arg(id())
                .arg(flag("yes", "Do not ask for confirmation")),
        )
        .subcommand(
            Command::new("solution")
                .about("Show the reference solution of an exercise you have done")
                .arg(id())
                .arg(flag("force", "Show it even though the exercise is not done")),
        )
        .subcommand(
            Command::new("book")
                .about("Build the book (`--open` to open it in a browser)")
                .arg(flag("open", "Open it in a browser"))
                .arg(flag("check", "Also fail on unresolved includes and broken internal links")),
        )
        .subcommand(
            Command::new("check")
                .about("Maintainers and CI: prove the whole course is consistent")
                .arg(
                    flag("fast", "Only what runs no test: course.toml, derived files, course.lock, the book's includes and links (seconds)")
                        .conflicts_with("lesson"),
                )
                .arg(
                    Arg::new("lesson")
                        .long("lesson")
                        .value_name("NN-slug")
                        .help("Only this lesson (`05-fixed-buffer`): its exercises, tests, lints and Miri"),
                )
                .arg(flag("no-miri", "Skip Miri (says so loudly)"))
                .arg(flag("no-book", "Skip opening the book in Chromium (includes and links are still checked)"))
                .arg(flag("no-lints", "Skip clippy and rustfmt")),
        )
        .subcommand(Command::new("bless").about("Maintainers: record the hashes of protected files and stubs in course.lock"))
        .subcommand(Command::new("sync").about(
            "Maintainers: rewrite the files derived from course.toml (solution manifests, module lists, chapter aliases, ui paths, snapshot headers)",
        ))
        .subcommand(
            Command::new("new-lesson")
                .about("Maintainers: scaffold a lesson in its four places, with its course.toml entry")
                .arg(Arg::new("id").required(true).help("`NN-slug`, e.g. `09-pools`"))
                .arg(Arg::new("title").long("title").help("The lesson's title (default: from the slug)")),
        )
        .subcommand(
            Command::new("new-exercise")
                .about("Maintainers: scaffold an exercise (stub, test, solution, course.toml entry)")
                .arg(Arg::new("lesson").required(true).help("The lesson, e.g. `05-fixed-buffer`"))
                .arg(Arg::new("name").required(true).help("The module name, e.g. `ex7_downwards`"))
                .arg(Arg::new("id").long("id").help("The exercise id (default: `<slug>-<n>`)")),
        )
        .subcommand(
            Command::new("stats")
                .about("Maintainers: how many lines each exercise has the learner write, and how much code its TODOs give away")
                .arg(flag("verbose", "List the code-like spans found in the TODOs")),
        )
        .subcommand(
            Command::new("bench")
                .about("Lesson 08: run the allocator shoot-out; write its results, table and chart")
                .arg(flag("quick", "Two samples per benchmark instead of the full run (a smoke test)")),
        )
        .subcommand(Command::new("fragmentation").about(
            "Lesson 09: record allocation traces of real programs, replay each against every allocator; \
             write the lab's results, table and charts",
        ))
        .subcommand(
            Command::new("sizes")
                .about("Lesson 08: build and measure the binary-size ladder (and Zig's, if found)")
                .arg(
                    Arg::new("runs")
                        .long("runs")
                        .value_parser(clap::value_parser!(usize))
                        .default_value("50")
                        .help("Runs per program behind each startup median"),
                ),
        )
}

impl Cli {
    fn try_parse() -> Result<Cli, clap::Error> {
        let matches = command_line().try_get_matches()?;
        let text = |m: &clap::ArgMatches, name: &str| m.get_one::<String>(name).cloned();
        let id = |m: &clap::ArgMatches| text(m, "id").expect("required");
        let command = matches.subcommand().map(|(name, m)| match name {
            "verify" => Cmd::Verify { target: text(m, "target"), timeout: m.get_one::<u64>("timeout").copied() },
            "watch" => Cmd::Watch,
            "list" => Cmd::List { cached: m.get_flag("cached") },
            "hint" => Cmd::Hint { id: id(m), all: m.get_flag("all") },
            "reset" => Cmd::Reset { id: id(m), yes: m.get_flag("yes") },
            "solution" => Cmd::Solution { id: id(m), force: m.get_flag("force") },
            "book" => Cmd::Book { open: m.get_flag("open"), check: m.get_flag("check") },
            "check" => Cmd::Check {
                fast: m.get_flag("fast"),
                lesson: text(m, "lesson"),
                no_miri: m.get_flag("no-miri"),
                no_book: m.get_flag("no-book"),
                no_lints: m.get_flag("no-lints"),
            },
            "bless" => Cmd::Bless,
            "sync" => Cmd::Sync,
            "new-lesson" => Cmd::NewLesson { id: id(m), title: text(m, "title") },
            "new-exercise" => Cmd::NewExercise {
                lesson: text(m, "lesson").expect("required"),
                name: text(m, "name").expect("required"),
                id: text(m, "id"),
            },
            "stats" => Cmd::Stats { verbose: m.get_flag("verbose") },
            "bench" => Cmd::Bench { quick: m.get_flag("quick") },
            "fragmentation" => Cmd::Fragmentation,
            "sizes" => Cmd::Sizes { runs: *m.get_one::<usize>("runs").expect("has a default") },
            other => unreachable!("clap knows no subcommand `{other}`"),
        });
        Ok(Cli {
            root: matches.get_one::<PathBuf>("root").cloned(),
            maintainer: matches.get_flag("maintainer"),
            command,
        })
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
        Cmd::Fragmentation => measure(&course, &["fragmentation"], None),
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
    // The nightly of the size ladder's `-Z build-std` rung: the one `check`
    // installs for Miri, with its `rust-src`.
    cmd.env("COURSE_NIGHTLY", check::tools::MIRI_TOOLCHAIN);
    let status = cmd.status().context("cannot run cargo")?;
    Ok(status.code().unwrap_or(2))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        super::command_line().debug_assert();
    }
}
