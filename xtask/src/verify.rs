//! `cargo xtask verify`: the learner's progress, and the next thing to do.

use crate::course::{Course, Exercise};
use crate::lock::{Lock, hash_file, sha256_hex};
use crate::runner::{self, Build};
use crate::{Error, paint};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// How long one exercise's tests may run, unless `course.toml` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Where an exercise stands.
#[derive(Debug)]
pub enum Status {
    Done,
    /// Not done: what failed, trimmed for a person to read.
    Pending(String),
    /// Protected files were edited; never counted as done.
    Tampered(Vec<String>),
}

/// Exercises found done, by id, with the content key they were done at.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Cache {
    done: BTreeMap<String, String>,
}

impl Cache {
    fn path(course: &Course) -> PathBuf {
        course.root.join("target").join("xtask").join("verify-cache.json")
    }

    /// The saved cache; an unreadable one is empty (it only saves time).
    pub fn load(course: &Course) -> Cache {
        std::fs::read(Self::path(course)).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
    }

    fn save(&self, course: &Course) {
        let path = Self::path(course);
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        // Best effort: a cache that cannot be written only costs a re-run.
        let _ = std::fs::write(path, serde_json::to_vec_pretty(self).unwrap_or_default());
    }

    /// Drops the exercise's entry: it is not done any more.
    fn forget(&mut self, course: &Course, exercise: &Exercise) {
        if self.done.remove(&exercise.id).is_some() {
            self.save(course);
        }
    }

    /// `true` if the exercise was done with exactly its current files.
    pub fn is_done(&self, course: &Course, exercise: &Exercise) -> bool {
        self.done.get(&exercise.id) == Some(&content_key(course, exercise))
    }
}

/// A hash of everything that decides an exercise: every file its tests
/// compile (its crate's `src/`, the chapters it may use, the manifests, the
/// lock file, the toolchain), its protected files, and this tool's version.
fn content_key(course: &Course, exercise: &Exercise) -> String {
    let mut parts = vec![env!("CARGO_PKG_VERSION").to_owned()];
    for file in course.compiled_files(exercise).into_iter().chain(course.protected_files(exercise)) {
        parts.push(course.relative(&file));
        parts.push(hash_file(&file).unwrap_or_default());
    }
    sha256_hex(parts.join("\n").as_bytes())
}

/// Decides one exercise, from the cache when none of its files changed.
pub fn evaluate(
    course: &Course,
    lock: &Lock,
    cache: &mut Cache,
    exercise: &Exercise,
    timeout: Option<Duration>,
) -> Result<Status, Error> {
    let tampered = lock.tampered(course, exercise);
    if !tampered.is_empty() {
        cache.forget(course, exercise);
        return Ok(Status::Tampered(tampered));
    }
    if cache.is_done(course, exercise) {
        return Ok(Status::Done);
    }
    let status = run_exercise(course, exercise, timeout)?;
    if matches!(status, Status::Done) {
        cache.done.insert(exercise.id.clone(), content_key(course, exercise));
    } else {
        cache.done.remove(&exercise.id);
    }
    cache.save(course);
    Ok(status)
}

fn run_exercise(course: &Course, exercise: &Exercise, timeout: Option<Duration>) -> Result<Status, Error> {
    let file = course.exercise_file(exercise);
    if !file.is_file() {
        return Ok(Status::Pending(format!(
            "{} is missing: `cargo xtask reset {}` puts the shipped stub back",
            course.relative(&file),
            exercise.id
        )));
    }
    let binaries = match runner::build_tests(course, &exercise.krate, &exercise.tests)? {
        Build::Built(binaries, _) => binaries,
        Build::Failed(errors) => {
            let mut report = runner::trim_lines(&errors, 80);
            report.push_str(&reset_advice(course, &errors));
            return Ok(Status::Pending(report));
        }
    };
    let timeout = timeout.or(exercise.timeout.map(Duration::from_secs)).unwrap_or(DEFAULT_TIMEOUT);
    let dir = course.exercise_dir(exercise);
    for target in &exercise.tests {
        let binary = binaries
            .get(target)
            .ok_or_else(|| Error::new(format!("cargo built no test binary for target `{target}`")))?;
        let run = runner::run_tests(binary, &dir, &exercise.krate, &course.root, &[], timeout)?;
        if run.timed_out {
            let still = run.unfinished().join(", ");
            return Ok(Status::Pending(format!(
                "the tests in tests/{target}.rs were stopped after {}s: is there an endless loop? Still running: {still}",
                timeout.as_secs()
            )));
        }
        if !run.all_passed() {
            return Ok(Status::Pending(runner::failure_summary(&run)));
        }
    }
    Ok(Status::Done)
}

/// After a build error: the exercises whose files the compiler points at
/// (every exercise of a lesson shares its crate, so the broken file may be
/// another exercise's), and how to start one of them over.
fn reset_advice(course: &Course, errors: &str) -> String {
    // rustc's ` --> path:line:column`: the exercises whose file that path is.
    let points_at = |file: &str| {
        errors
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("--> "))
            .any(|at| at.strip_prefix(file).is_some_and(|rest| rest.starts_with(':')))
    };
    course
        .exercises()
        .map(|e| (e, course.relative(&course.exercise_file(e))))
        .filter(|(_, file)| points_at(file))
        .map(|(e, file)| {
            format!(
                "\n\n{file} does not compile. Lost in it? `cargo xtask reset {}` saves your version and puts the shipped stub back.",
                e.id
            )
        })
        .collect()
}

/// `cargo xtask verify [lesson|id]`: runs the exercises in course order (or
/// those of one lesson, or one exercise), stops at the first one not done,
/// and reports; the process exit code.
pub fn verify(course: &Course, target: Option<&str>, timeout: Option<Duration>) -> Result<i32, Error> {
    let lock = Lock::load_shipped(course)?;
    let mut cache = Cache::load(course);
    let selected: Vec<&Exercise> = match target {
        None => course.exercises().collect(),
        Some(target) => select(course, target)?,
    };
    let bar = ProgressBar::new(selected.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30.green/white} {pos}/{len} {msg}").expect("valid progress template"),
    );
    let mut first_pending = None;
    for exercise in &selected {
        bar.set_message(exercise.id.clone());
        let known = cache.is_done(course, exercise);
        match evaluate(course, &lock, &mut cache, exercise, timeout)? {
            // `suspend`, not `bar.println`: a hidden bar (no terminal) prints nothing.
            Status::Done if !known => bar.suspend(|| println!("{} {} done", paint::green("✓"), exercise.id)),
            Status::Done => {}
            status => {
                first_pending = Some((*exercise, status));
                break;
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();

    // The count covers the whole course; exercises not run now count as
    // done only if the cache says so with their current files.
    let total = course.exercises().count();
    let done = course.exercises().filter(|e| cache.is_done(course, e) && lock.tampered(course, e).is_empty()).count();
    let scope = target.map_or_else(|| format!("All {total} exercises"), |t| format!("`{t}`"));
    match first_pending {
        None => {
            println!("{}", paint::green(&format!("{scope} done. Well allocated!")));
            println!("{done}/{total} exercises done");
            Ok(0)
        }
        Some((exercise, status)) => {
            report_pending(course, exercise, &status);
            println!("\n{done}/{total} exercises done");
            Ok(1)
        }
    }
}

/// The exercises a `verify` target names: a lesson's, or one exercise.
fn select<'c>(course: &'c Course, target: &str) -> Result<Vec<&'c Exercise>, Error> {
    if let Some(lesson) = course.lessons.iter().find(|l| l.id == target) {
        return Ok(lesson.exercises.iter().collect());
    }
    if let Some(exercise) = course.exercises().find(|e| e.id == target) {
        return Ok(vec![exercise]);
    }
    let names = course.lessons.iter().map(|l| l.id.as_str()).chain(course.exercises().map(|e| e.id.as_str()));
    Err(Error::new(format!(
        "no lesson or exercise `{target}`{} (`cargo xtask list` shows them all)",
        crate::course::suggestion(target, names)
    )))
}

fn report_pending(course: &Course, exercise: &Exercise, status: &Status) {
    println!("{} {}  {}", paint::red("✗"), paint::bold(&exercise.id), exercise.title);
    println!();
    match status {
        Status::Tampered(files) => {
            println!("{}", paint::red("files that decide this exercise were modified — restore them:"));
            for file in files {
                println!("  {file}");
            }
            println!("(`git checkout -- <file>` restores a file; tests, snapshots and chapter code must not change)");
        }
        Status::Pending(failure) => println!("{failure}"),
        Status::Done => {}
    }
    println!();
    println!("Edit:  {}", course.relative(&course.exercise_file(exercise)));
    println!("Hint:  cargo xtask hint {}", exercise.id);
}

/// `cargo xtask list`: every exercise with its real status — checked now
/// where the cache does not know it (unless `cached_only`) — its file, and
/// the command that works on it.
pub fn list(course: &Course, cached_only: bool, timeout: Option<Duration>) -> Result<i32, Error> {
    use std::fmt::Write as _;
    let lock = Lock::load_shipped(course)?;
    let mut cache = Cache::load(course);
    let exercises: Vec<&Exercise> = course.exercises().collect();
    let bar = ProgressBar::new(exercises.len() as u64);
    bar.set_style(ProgressStyle::with_template("checking {bar:30.green/white} {pos}/{len} {msg}").expect("template"));
    let mut statuses = BTreeMap::new();
    for exercise in &exercises {
        bar.set_message(exercise.id.clone());
        let status = if cached_only {
            match lock.tampered(course, exercise) {
                files if !files.is_empty() => Status::Tampered(files),
                _ if cache.is_done(course, exercise) => Status::Done,
                _ => Status::Pending(String::new()),
            }
        } else {
            evaluate(course, &lock, &mut cache, exercise, timeout)?
        };
        statuses.insert(exercise.id.as_str(), status);
        bar.inc(1);
    }
    bar.finish_and_clear();

    let width = exercises.iter().map(|e| e.id.len()).max().unwrap_or(2);
    let mut out = format!("{}\n\n", paint::bold(&course.title));
    let mut done = 0;
    for lesson in &course.lessons {
        let note = if lesson.draft { " (coming soon)" } else { "" };
        let _ = writeln!(out, "{}{note}", paint::bold(&format!("{} — {}", lesson.id, lesson.title)));
        for exercise in &lesson.exercises {
            let status = match statuses.get(exercise.id.as_str()) {
                Some(Status::Done) => {
                    done += 1;
                    paint::green("done    ")
                }
                Some(Status::Tampered(_)) => paint::red("modified"),
                _ => "pending ".to_owned(),
            };
            let file = course.relative(&course.exercise_file(exercise));
            let _ = writeln!(out, "  {:width$}  {status}  {}", exercise.id, exercise.title);
            let _ = writeln!(out, "  {:width$}            {file} · cargo xtask verify {}", "", exercise.id);
        }
    }
    let total = exercises.len();
    let as_of = if cached_only { " (as of the last check)" } else { "" };
    let _ = writeln!(out, "\n{done}/{total} exercises done{as_of}");
    let _ = writeln!(out, "Work on one lesson: cargo xtask verify <NN-slug>, e.g. cargo xtask verify 05-fixed-buffer");
    print_all(&out);
    Ok(0)
}

/// Prints to stdout, quietly stopping if the reader went away
/// (`cargo xtask list | head`), where `print!` would panic.
pub fn print_all(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
