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

    /// `true` if the exercise was done with exactly its current files.
    pub fn is_done(&self, course: &Course, exercise: &Exercise) -> bool {
        self.done.get(&exercise.id) == Some(&content_key(course, exercise))
    }
}

/// A hash of everything that decides an exercise: the learner's file, the
/// protected files, the toolchain file and this tool's version.
fn content_key(course: &Course, exercise: &Exercise) -> String {
    let mut parts = vec![env!("CARGO_PKG_VERSION").to_owned()];
    let files = std::iter::once(course.exercise_file(exercise))
        .chain(course.protected_files(exercise))
        .chain([course.root.join("rust-toolchain.toml"), course.root.join("Cargo.lock")]);
    for file in files {
        parts.push(course.relative(&file));
        parts.push(hash_file(&file).unwrap_or_default());
    }
    sha256_hex(parts.join("\n").as_bytes())
}

/// Decides one exercise, from the cache when its files did not change.
pub fn evaluate(
    course: &Course,
    lock: &Lock,
    cache: &mut Cache,
    exercise: &Exercise,
    timeout: Option<Duration>,
) -> Result<Status, Error> {
    let tampered = lock.tampered(course, exercise);
    if !tampered.is_empty() {
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
    let binaries = match runner::build_tests(course, &exercise.krate, &exercise.tests)? {
        Build::Built(binaries, _) => binaries,
        Build::Failed(errors) => return Ok(Status::Pending(runner::trim_lines(&errors, 80))),
    };
    let timeout = timeout.or(exercise.timeout.map(Duration::from_secs)).unwrap_or(DEFAULT_TIMEOUT);
    let dir = course.exercise_dir(exercise);
    for target in &exercise.tests {
        let binary = binaries
            .get(target)
            .ok_or_else(|| Error::new(format!("cargo built no test binary for target `{target}`")))?;
        let run = runner::run_tests(binary, &dir, &exercise.krate, &course.root, &[], timeout)?;
        if run.timed_out {
            return Ok(Status::Pending(format!(
                "the tests in tests/{target}.rs were stopped after {}s: is there an endless loop?",
                timeout.as_secs()
            )));
        }
        if !run.success {
            return Ok(Status::Pending(runner::failure_summary(&run)));
        }
    }
    Ok(Status::Done)
}

/// Runs the exercises in order and reports; the process exit code.
pub fn verify(course: &Course, timeout: Option<Duration>) -> Result<i32, Error> {
    let lock = Lock::load(&course.root)?;
    let mut cache = Cache::load(course);
    let exercises: Vec<&Exercise> = course.exercises().collect();
    let bar = ProgressBar::new(exercises.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30.green/white} {pos}/{len} {msg}").expect("valid progress template"),
    );
    let mut done = 0;
    let mut first_pending = None;
    for exercise in &exercises {
        bar.set_message(exercise.id.clone());
        if first_pending.is_none() {
            match evaluate(course, &lock, &mut cache, exercise, timeout)? {
                Status::Done => done += 1,
                status => first_pending = Some((*exercise, status)),
            }
        } else if cache.is_done(course, exercise) && lock.tampered(course, exercise).is_empty() {
            done += 1;
        }
        bar.inc(1);
    }
    bar.finish_and_clear();

    let total = exercises.len();
    match first_pending {
        None => {
            println!("{}", paint::green(&format!("All {total} exercises done. Well allocated!")));
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

fn report_pending(course: &Course, exercise: &Exercise, status: &Status) {
    println!("{} {}  {}", paint::red("✗"), paint::bold(&exercise.id), exercise.title);
    println!();
    match status {
        Status::Tampered(files) => {
            println!("{}", paint::red("tests modified — restore them:"));
            for file in files {
                println!("  {file}");
            }
            println!("(`git checkout -- <file>` restores a file; these files decide the exercise and must not change)");
        }
        Status::Pending(failure) => println!("{failure}"),
        Status::Done => {}
    }
    println!();
    println!("Edit:  {}", course.relative(&course.exercise_file(exercise)));
    println!("Hint:  cargo xtask hint {}", exercise.id);
}

/// `cargo xtask list`: every exercise with its status.
pub fn list(course: &Course) -> Result<i32, Error> {
    let lock = Lock::load(&course.root)?;
    let cache = Cache::load(course);
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

/// `cargo xtask hint <id>`.
pub fn hint(course: &Course, exercise: &Exercise) -> Result<i32, Error> {
    println!("{} {}\n", paint::bold(&exercise.id), exercise.title);
    println!("{}", exercise.hint.trim());
    println!("\nEdit: {}", course.relative(&course.exercise_file(exercise)));
    Ok(0)
}
