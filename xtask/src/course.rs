//! `course.toml`: the lessons and exercises, in order.

use crate::error::{Context, Error};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseFile {
    course: CourseInfo,
    #[serde(default, rename = "lesson")]
    lessons: Vec<Lesson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseInfo {
    title: String,
    /// Words the book's search box must find (`cargo xtask book --check`).
    #[serde(default)]
    search_words: Vec<String>,
}

/// One lesson: four mirrored folders named by `id`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub draft: bool,
    /// Whether the root `[workspace.dependencies]` alias of the chapter
    /// crate keeps its default features (lesson 03's interface turns its
    /// `std` feature off there, so `no_std` crates can use it).
    #[serde(default = "yes")]
    pub chapter_default_features: bool,
    /// Chapter crates of later lessons this lesson's crates still use: known
    /// breaks of the teaching order, listed so `check` fails on any new one
    /// (and on an entry that is no longer needed).
    #[serde(default)]
    pub uses_later: Vec<String>,
    /// Packages run under Miri by `check`.
    #[serde(default)]
    pub miri: Vec<String>,
    /// Packages whose library must build without std (checked by building it,
    /// without default features, for an embedded target).
    #[serde(default)]
    pub no_std: Vec<String>,
    /// Examples that commit a bug on purpose: `check` runs each under Miri
    /// and requires Miri to report it.
    #[serde(default, rename = "miri_example")]
    pub miri_examples: Vec<MiriExample>,
    #[serde(default, rename = "exercise")]
    pub exercises: Vec<Exercise>,
}

fn yes() -> bool {
    true
}

/// The four mirrored places a lesson lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Chapter,
    Exercises,
    Solutions,
    Book,
}

impl Place {
    /// The places that hold a crate.
    pub const CRATES: [Place; 3] = [Place::Chapter, Place::Exercises, Place::Solutions];
    pub const ALL: [Place; 4] = [Place::Chapter, Place::Exercises, Place::Solutions, Place::Book];

    /// The folder, relative to the course root, that holds one folder per lesson.
    pub fn folder(self) -> &'static str {
        match self {
            Place::Chapter => "chapters",
            Place::Exercises => "exercises",
            Place::Solutions => "solutions",
            Place::Book => "book/src",
        }
    }

    /// The package name of lesson `lesson`'s crate in this place.
    pub fn package(self, lesson: &str) -> String {
        let prefix = match self {
            Place::Chapter => "chapter",
            Place::Exercises => "exercises",
            Place::Solutions => "solutions",
            Place::Book => unreachable!("the book is not a crate"),
        };
        format!("{prefix}-{lesson}")
    }
}

impl Lesson {
    /// `05` of `05-fixed-buffer`.
    pub fn number(&self) -> &str {
        self.id.split_once('-').map_or(self.id.as_str(), |(number, _)| number)
    }

    /// `fixed-buffer` of `05-fixed-buffer`: the name other crates use for
    /// the chapter crate (the root `[workspace.dependencies]` alias).
    pub fn slug(&self) -> &str {
        self.id.split_once('-').map_or(self.id.as_str(), |(_, slug)| slug)
    }
}

/// An example program with a deliberate memory bug, and what Miri must say.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MiriExample {
    pub package: String,
    pub example: String,
    /// Text that must all appear in Miri's report.
    pub expect: Vec<String>,
}

/// What an exercise's tests do.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Test,
    Snapshot,
    CompileFail,
}

/// One learner task.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    #[serde(rename = "crate")]
    pub krate: String,
    pub file: PathBuf,
    pub tests: Vec<String>,
    pub kind: Vec<Kind>,
    /// Hints in tiers: a nudge (no code), the approach, the code.
    pub hints: Vec<String>,
    pub timeout: Option<u64>,
    /// Filled in after parsing: the lesson's id.
    #[serde(skip)]
    pub lesson: String,
}

/// The parsed course, with the folder it lives in.
#[derive(Debug)]
pub struct Course {
    pub root: PathBuf,
    pub title: String,
    pub search_words: Vec<String>,
    pub lessons: Vec<Lesson>,
}

impl Course {
    /// Reads `course.toml` in `root`.
    pub fn load(root: &Path) -> Result<Course, Error> {
        let path = root.join("course.toml");
        let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let file: CourseFile = toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
        let mut lessons = file.lessons;
        for lesson in &mut lessons {
            for exercise in &mut lesson.exercises {
                exercise.lesson = lesson.id.clone();
            }
        }
        Ok(Course {
            root: root.to_path_buf(),
            title: file.course.title,
            search_words: file.course.search_words,
            lessons,
        })
    }

    /// Every exercise, in course order.
    pub fn exercises(&self) -> impl Iterator<Item = &Exercise> {
        self.lessons.iter().flat_map(|lesson| &lesson.exercises)
    }

    /// The exercise with this id, or an error naming the closest id.
    pub fn exercise(&self, id: &str) -> Result<&Exercise, Error> {
        if let Some(exercise) = self.exercises().find(|e| e.id == id) {
            return Ok(exercise);
        }
        let closest = suggestion(id, self.exercises().map(|e| e.id.as_str()));
        Err(Error::new(format!("unknown exercise `{id}`{closest} (`cargo xtask list` shows them all)")))
    }

    /// The lesson with this id.
    pub fn lesson(&self, id: &str) -> Result<&Lesson, Error> {
        self.lessons.iter().find(|lesson| lesson.id == id).ok_or_else(|| {
            let ids: Vec<&str> = self.lessons.iter().map(|l| l.id.as_str()).collect();
            Error::new(format!("unknown lesson `{id}` (the lessons are {})", ids.join(", ")))
        })
    }

    /// `<place>/NN-slug`, one of a lesson's four folders.
    pub fn lesson_dir(&self, place: Place, lesson: &str) -> PathBuf {
        self.root.join(place.folder()).join(lesson)
    }

    /// `exercises/NN-slug`, the folder of an exercise's crate.
    pub fn exercise_dir(&self, exercise: &Exercise) -> PathBuf {
        self.lesson_dir(Place::Exercises, &exercise.lesson)
    }

    /// `solutions/NN-slug`.
    pub fn solution_dir(&self, exercise: &Exercise) -> PathBuf {
        self.lesson_dir(Place::Solutions, &exercise.lesson)
    }

    /// The file the learner edits.
    pub fn exercise_file(&self, exercise: &Exercise) -> PathBuf {
        self.exercise_dir(exercise).join(&exercise.file)
    }

    /// The same file in the solution crate.
    pub fn solution_file(&self, exercise: &Exercise) -> PathBuf {
        self.solution_dir(exercise).join(&exercise.file)
    }

    /// `tests/<target>.rs` of the exercise crate: the solution crate runs it too.
    pub fn test_file(&self, exercise: &Exercise, target: &str) -> PathBuf {
        self.exercise_dir(exercise).join("tests").join(format!("{target}.rs"))
    }

    /// `tests/ui/<target>/`: the compile-fail cases of a test target.
    pub fn ui_dir(&self, exercise: &Exercise, target: &str) -> PathBuf {
        self.exercise_dir(exercise).join("tests").join("ui").join(target)
    }

    /// The compile-fail cases (`.rs`) of a test target, sorted.
    pub fn ui_cases(&self, exercise: &Exercise, target: &str) -> Vec<PathBuf> {
        files_in(&self.ui_dir(exercise, target), |name| name.ends_with(".rs"))
    }

    /// `tests/snapshots/`, where insta keeps every target's snapshots.
    pub fn snapshot_dir(&self, exercise: &Exercise) -> PathBuf {
        self.exercise_dir(exercise).join("tests").join("snapshots")
    }

    /// The snapshots of a test target (`<target>__*.snap`), sorted.
    pub fn snapshots(&self, exercise: &Exercise, target: &str) -> Vec<PathBuf> {
        let prefix = format!("{target}__");
        files_in(&self.snapshot_dir(exercise), |name| name.starts_with(&prefix) && name.ends_with(".snap"))
    }

    /// Files that decide the exercise and must not be edited: its test
    /// targets, their snapshots and compile-fail cases, the crate manifest,
    /// and the chapter code its tests compile against (every chapter up to
    /// its lesson: a crate may use any earlier chapter).
    pub fn protected_files(&self, exercise: &Exercise) -> Vec<PathBuf> {
        let mut files = vec![self.exercise_dir(exercise).join("Cargo.toml")];
        for target in &exercise.tests {
            files.push(self.test_file(exercise, target));
            files.extend(self.snapshots(exercise, target));
            files.extend(files_in(&self.ui_dir(exercise, target), |_| true));
        }
        files.extend(self.chapter_files(exercise));
        files
    }

    /// The chapter crates (manifest and `src/`) of every lesson up to the
    /// exercise's own, which its tests may compile against.
    pub fn chapter_files(&self, exercise: &Exercise) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for lesson in self.lessons.iter().filter(|l| !l.draft && l.id <= exercise.lesson) {
            let chapter = self.lesson_dir(Place::Chapter, &lesson.id);
            files.push(chapter.join("Cargo.toml"));
            files.extend(files_under(&chapter.join("src")));
        }
        files
    }

    /// What the exercise's tests compile besides its protected files: the
    /// exercise crate's whole `src/` (the other exercises' files too), the
    /// workspace manifest, the lock file and the toolchain.
    pub fn compiled_files(&self, exercise: &Exercise) -> Vec<PathBuf> {
        let mut files = files_under(&self.exercise_dir(exercise).join("src"));
        files.extend(["Cargo.toml", "Cargo.lock", "rust-toolchain.toml"].map(|f| self.root.join(f)));
        files
    }

    /// The solution crate's package name.
    pub fn solution_crate(&self, exercise: &Exercise) -> String {
        Place::Solutions.package(&exercise.lesson)
    }

    /// `cargo`, run from the course root: every cargo call this tool makes
    /// starts here, so all of them share one environment.
    pub fn cargo(&self) -> Command {
        let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cmd.current_dir(&self.root);
        cmd
    }

    /// A path relative to the course root, for messages and the lock file.
    pub fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.root).unwrap_or(path).to_string_lossy().replace('\\', "/")
    }
}

/// Files (not folders) directly in `dir` whose name passes `keep`, sorted.
pub fn files_in(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file() && path.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
        .collect();
    files.sort();
    files
}

/// "; did you mean `x`?" for the name closest to `wanted`, if it is close
/// enough to be a typo (at most a third of its letters differ); else nothing.
pub fn suggestion<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|name| (strsim::levenshtein(wanted, name), name))
        .min()
        .filter(|&(distance, _)| distance <= wanted.len().max(3) / 3)
        .map(|(_, best)| format!("; did you mean `{best}`?"))
        .unwrap_or_default()
}

/// Every file below `dir`, sorted (none if it does not exist).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for path in entries.filter_map(|entry| entry.ok().map(|e| e.path())) {
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The course root: `--root`, else the nearest folder above the current one
/// that holds a `course.toml`.
pub fn find_root(explicit: Option<PathBuf>) -> Result<PathBuf, Error> {
    if let Some(root) = explicit {
        // Absolute, so that commands run from another folder still find it.
        return root.canonicalize().with_context(|| format!("--root {}", root.display()));
    }
    let start = std::env::current_dir().context("no current folder")?;
    start
        .ancestors()
        .find(|dir| dir.join("course.toml").is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::new("no course.toml here or above: run this inside the course folder"))
}
