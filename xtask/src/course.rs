//! `course.toml`: the lessons and exercises, in order.

use crate::Error;
use serde::Deserialize;
use std::path::{Path, PathBuf};

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
    pub hint: String,
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
        let text =
            std::fs::read_to_string(&path).map_err(|e| Error::tool(format!("cannot read {}: {e}", path.display())))?;
        let file: CourseFile =
            toml::from_str(&text).map_err(|e| Error::tool(format!("{} is not valid: {e}", path.display())))?;
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
        let closest = self
            .exercises()
            .map(|e| (strsim::levenshtein(id, &e.id), &e.id))
            .min()
            .map(|(_, best)| format!("; did you mean `{best}`?"))
            .unwrap_or_default();
        Err(Error::usage(format!("unknown exercise `{id}`{closest} (`cargo xtask list` shows them all)")))
    }

    /// `exercises/NN-slug`, the folder of an exercise's crate.
    pub fn exercise_dir(&self, exercise: &Exercise) -> PathBuf {
        self.root.join("exercises").join(&exercise.lesson)
    }

    /// `solutions/NN-slug`.
    pub fn solution_dir(&self, exercise: &Exercise) -> PathBuf {
        self.root.join("solutions").join(&exercise.lesson)
    }

    /// The file the learner edits.
    pub fn exercise_file(&self, exercise: &Exercise) -> PathBuf {
        self.exercise_dir(exercise).join(&exercise.file)
    }

    /// The same file in the solution crate.
    pub fn solution_file(&self, exercise: &Exercise) -> PathBuf {
        self.solution_dir(exercise).join(&exercise.file)
    }

    /// Files that decide the exercise and must not be edited: its test
    /// targets, their snapshots and compile-fail cases, and the crate manifest.
    pub fn protected_files(&self, exercise: &Exercise) -> Vec<PathBuf> {
        let dir = self.exercise_dir(exercise);
        let tests = dir.join("tests");
        let mut files = vec![dir.join("Cargo.toml")];
        for target in &exercise.tests {
            files.push(tests.join(format!("{target}.rs")));
            files.extend(files_in(&tests.join("snapshots"), |name| {
                name.starts_with(&format!("{target}__")) && name.ends_with(".snap")
            }));
            files.extend(files_in(&tests.join("ui").join(target), |_| true));
        }
        files
    }

    /// The solution crate's package name.
    pub fn solution_crate(&self, exercise: &Exercise) -> String {
        format!("solutions-{}", exercise.lesson)
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

/// The course root: `--root`, else the nearest folder above the current one
/// that holds a `course.toml`.
pub fn find_root(explicit: Option<PathBuf>) -> Result<PathBuf, Error> {
    if let Some(root) = explicit {
        return Ok(root);
    }
    let start = std::env::current_dir().map_err(|e| Error::tool(format!("no current folder: {e}")))?;
    start
        .ancestors()
        .find(|dir| dir.join("course.toml").is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| Error::usage("no course.toml here or above: run this inside the course folder"))
}
