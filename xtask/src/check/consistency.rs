//! course.toml against the workspace, the derived files, the book's table
//! of contents and course.lock: everything that needs no test run.

use super::Report;
use crate::course::{Course, Exercise, Kind, Lesson, Place};
use crate::lock::Lock;
use crate::{Context, Error, sync};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    manifest_path: PathBuf,
    targets: Vec<MetaTarget>,
    dependencies: Vec<Dependency>,
}

#[derive(Deserialize)]
struct Dependency {
    /// The package name (not the alias it is used under).
    name: String,
}

#[derive(Deserialize)]
struct MetaTarget {
    name: String,
    kind: Vec<String>,
    src_path: PathBuf,
}

/// course.toml and the workspace describe the same course.
pub fn consistency(course: &Course, report: &mut Report) -> Result<(), Error> {
    let before = report.failures.len();
    let output = course
        .cargo()
        .args(["metadata", "--no-deps", "--format-version", "1", "--locked"])
        .output()
        .context("cannot run cargo metadata")?;
    if !output.status.success() {
        report.fail(format!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
        return Ok(());
    }
    let metadata: Metadata = serde_json::from_slice(&output.stdout).context("cargo metadata")?;
    let packages: BTreeMap<&str, &Package> = metadata.packages.iter().map(|p| (p.name.as_str(), p)).collect();

    let mut ids = BTreeSet::new();
    let mut lesson_ids = BTreeSet::new();
    let mut listed_packages = BTreeSet::new();
    for lesson in &course.lessons {
        if !lesson_ids.insert(&lesson.id) {
            report.fail(format!("lesson id `{}` is listed twice", lesson.id));
        }
        if lesson.draft {
            draft_lesson(course, lesson, report);
            continue;
        }
        for place in Place::ALL.map(|place| course.lesson_dir(place, &lesson.id)) {
            if !place.is_dir() {
                report.fail(format!("lesson {} has no {}", lesson.id, course.relative(&place)));
            }
        }
        let required = [true, !lesson.exercises.is_empty(), true];
        for (place, required) in Place::CRATES.into_iter().zip(required) {
            let name = place.package(&lesson.id);
            if packages.contains_key(name.as_str()) {
                listed_packages.insert(name);
            } else if required {
                report.fail(format!("lesson {} has no package `{name}`", lesson.id));
            }
        }
        miri_entries(lesson, &packages, report);
        for exercise in &lesson.exercises {
            if !ids.insert(&exercise.id) {
                report.fail(format!("exercise id `{}` is listed twice", exercise.id));
            }
            exercise_consistency(course, exercise, &packages, report);
        }
        unlisted_test_targets(lesson, &packages, report);
    }
    teaching_order(course, &metadata.packages, report);
    what_learners_write(course, report);
    for package in &metadata.packages {
        let in_lesson_folder =
            Place::CRATES.iter().any(|place| package.manifest_path.starts_with(course.root.join(place.folder())));
        if in_lesson_folder && !listed_packages.contains(&package.name) {
            report.fail(format!("package `{}` belongs to no lesson in course.toml", package.name));
        }
    }
    table_of_contents(course, report);
    for stale in sync::stale(course)? {
        report.fail(format!("{} is stale: run `cargo xtask sync`", course.relative(&stale.path)));
    }
    if report.failures.len() == before {
        report.pass(format!("{} lessons, {} exercises, {} packages", course.lessons.len(), ids.len(), packages.len()));
    }
    Ok(())
}

/// A draft lesson is announced only: it has no folders and no exercises yet.
fn draft_lesson(course: &Course, lesson: &Lesson, report: &mut Report) {
    let places = Place::ALL.map(|place| course.lesson_dir(place, &lesson.id));
    if let Some(place) = places.iter().find(|p| p.exists()) {
        report.fail(format!("draft lesson {} already has {}", lesson.id, course.relative(place)));
    }
    if !lesson.exercises.is_empty() {
        report.fail(format!("draft lesson {} lists exercises", lesson.id));
    }
}

/// The lesson's `miri`, `no_std` and `miri_example` entries name real packages and examples.
fn miri_entries(lesson: &Lesson, packages: &BTreeMap<&str, &Package>, report: &mut Report) {
    for package in lesson.miri.iter().chain(&lesson.no_std) {
        if !packages.contains_key(package.as_str()) {
            report.fail(format!("lesson {}: package `{package}` is not in the workspace", lesson.id));
        }
    }
    for example in &lesson.miri_examples {
        let found = packages.get(example.package.as_str()).is_some_and(|package| {
            package.targets.iter().any(|t| t.name == example.example && t.kind.iter().any(|k| k == "example"))
        });
        if !found {
            report.fail(format!("lesson {}: no example `{}` in `{}`", lesson.id, example.example, example.package));
        }
        if example.expect.iter().all(|text| text.trim().is_empty()) {
            report.fail(format!("lesson {}: miri_example `{}` expects nothing", lesson.id, example.example));
        }
    }
}

/// Every test target of the exercise crate belongs to an exercise.
fn unlisted_test_targets(lesson: &Lesson, packages: &BTreeMap<&str, &Package>, report: &mut Report) {
    let listed: BTreeSet<&String> = lesson.exercises.iter().flat_map(|e| &e.tests).collect();
    let exercise_package = Place::Exercises.package(&lesson.id);
    if let Some(package) = packages.get(exercise_package.as_str()) {
        for target in package.targets.iter().filter(|t| t.kind.iter().any(|k| k == "test")) {
            if !listed.contains(&target.name) {
                report.fail(format!("test target `{}` of {exercise_package} is in no exercise", target.name));
            }
        }
    }
}

/// Nothing is used before it is taught: no crate of lesson NN (chapter,
/// exercises or solutions) depends on the chapter crate of a later lesson,
/// unless the lesson lists it in `uses_later` (a known debt, reported when paid).
fn teaching_order(course: &Course, packages: &[Package], report: &mut Report) {
    let lesson_of = |package: &str| {
        course.lessons.iter().find(|lesson| Place::CRATES.iter().any(|place| place.package(&lesson.id) == package))
    };
    let mut used_later: BTreeSet<(&str, &str)> = BTreeSet::new();
    for package in packages {
        let Some(lesson) = lesson_of(&package.name) else { continue };
        for dependency in &package.dependencies {
            let later = lesson_of(&dependency.name).filter(|used| used.id.as_str() > lesson.id.as_str());
            let Some(used) = later.filter(|used| dependency.name == Place::Chapter.package(&used.id)) else {
                continue;
            };
            used_later.insert((lesson.id.as_str(), dependency.name.as_str()));
            if !lesson.uses_later.contains(&dependency.name) {
                report.fail(format!(
                    "`{}` (lesson {}) uses `{}` of the later lesson {}: nothing may be used before it is taught",
                    package.name, lesson.id, dependency.name, used.id
                ));
            }
        }
    }
    for lesson in &course.lessons {
        for listed in lesson.uses_later.iter().filter(|l| !used_later.contains(&(lesson.id.as_str(), l.as_str()))) {
            report.fail(format!("lesson {} lists `{listed}` in uses_later, but no crate of it uses it", lesson.id));
        }
    }
}

/// Every page of every lesson is in the book's table of contents
/// (`SUMMARY.md`): mdBook leaves a page it does not list out of the book.
fn table_of_contents(course: &Course, report: &mut Report) {
    let summary_path = course.root.join("book").join("src").join("SUMMARY.md");
    let summary = std::fs::read_to_string(&summary_path).unwrap_or_default();
    for lesson in course.lessons.iter().filter(|l| !l.draft) {
        let pages = crate::course::files_in(&course.lesson_dir(Place::Book, &lesson.id), |n| n.ends_with(".md"));
        for page in pages {
            let name = page.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if !summary.contains(&format!("]({}/{name})", lesson.id)) {
                report.fail(format!("book/src/{}/{name} is not linked from book/src/SUMMARY.md", lesson.id));
            }
        }
    }
}

fn exercise_consistency(
    course: &Course,
    exercise: &Exercise,
    packages: &BTreeMap<&str, &Package>,
    report: &mut Report,
) {
    let id = &exercise.id;
    let expected_crate = Place::Exercises.package(&exercise.lesson);
    if exercise.krate != expected_crate {
        report.fail(format!(
            "{id}: crate is `{}`, but its lesson's exercise crate is `{expected_crate}`",
            exercise.krate
        ));
    }
    if exercise.tests.is_empty() || exercise.kind.is_empty() {
        report.fail(format!("{id}: needs at least one test target and one kind"));
    }
    hint_tiers(exercise, report);
    for file in [course.exercise_file(exercise), course.solution_file(exercise)] {
        if !file.is_file() {
            report.fail(format!("{id}: listed file {} is missing", course.relative(&file)));
        }
    }
    let exercise_package = packages.get(exercise.krate.as_str());
    let solution_package = packages.get(course.solution_crate(exercise).as_str());
    let lib_name = |p: &Package| p.targets.iter().find(|t| t.kind.iter().any(|k| k == "lib")).map(|t| t.name.clone());
    if let (Some(ex), Some(sol)) = (exercise_package, solution_package)
        && lib_name(ex) != lib_name(sol)
    {
        report.fail(format!("{id}: exercise and solution crates have different [lib] names"));
    }
    for target in &exercise.tests {
        let test_file = course.test_file(exercise, target);
        for package in [exercise_package, solution_package].into_iter().flatten() {
            match package.targets.iter().find(|t| &t.name == target && t.kind.iter().any(|k| k == "test")) {
                None => report.fail(format!("{id}: package `{}` has no test target `{target}`", package.name)),
                Some(t) if !same_file(&t.src_path, &test_file) => report.fail(format!(
                    "{id}: `{}`'s test target `{target}` is not {}",
                    package.name,
                    course.relative(&test_file)
                )),
                Some(_) => {}
            }
        }
        let has_ui = !course.ui_cases(exercise, target).is_empty();
        if has_ui != exercise.kind.contains(&Kind::CompileFail) {
            let ui = course.ui_dir(exercise, target);
            report.fail(format!("{id}: kind compile-fail must go with compile-fail cases in {}", course.relative(&ui)));
        }
    }
    let has_snapshots = exercise.tests.iter().any(|t| !course.snapshots(exercise, t).is_empty());
    if has_snapshots != exercise.kind.contains(&Kind::Snapshot) {
        let snapshots = course.snapshot_dir(exercise);
        report.fail(format!("{id}: kind snapshot must go with snapshots in {}", course.relative(&snapshots)));
    }
}

/// At least two tiers, none empty, and a first tier that nudges without
/// code: a learner who asks once must still build the answer.
fn hint_tiers(exercise: &Exercise, report: &mut Report) {
    let id = &exercise.id;
    if exercise.hints.len() < 2 {
        report.fail(format!("{id}: needs at least two hint tiers (a nudge, then more)"));
    }
    if exercise.hints.iter().any(|tier| tier.trim().is_empty()) {
        report.fail(format!("{id}: a hint tier is empty"));
    }
    if let Some(first) = exercise.hints.first() {
        let code = crate::hint::code_like_spans(first);
        if !code.is_empty() {
            report.fail(format!("{id}: the first hint tier must hold no code, but has `{}`", code.join("`, `")));
        }
    }
}

/// What the stubs leave to the learner, measured once per exercise: a
/// capstone has the learner write a whole allocator (at least
/// `CAPSTONE_MIN_LINES` code lines over its stub), and the TODOs state goals,
/// not code — across the course at most one code-like span (a call, a
/// statement, a path) per two exercises.
fn what_learners_write(course: &Course, report: &mut Report) {
    let mut spans = Vec::new();
    let mut exercises = 0;
    for exercise in course.exercises() {
        exercises += 1;
        let stats = match crate::stats::measure(course, exercise) {
            Ok(stats) => stats,
            Err(error) => {
                report.fail(format!("{}: {error}", exercise.id));
                continue;
            }
        };
        if crate::stats::is_capstone(exercise) && stats.learner_lines < crate::stats::CAPSTONE_MIN_LINES {
            report.fail(format!(
                "{}: a capstone, but the learner writes only {} code lines (at least {}): the stub gives too much away",
                exercise.id,
                stats.learner_lines,
                crate::stats::CAPSTONE_MIN_LINES
            ));
        }
        spans.extend(stats.todo_code.into_iter().map(|span| format!("{}: `{span}`", exercise.id)));
    }
    if spans.len() > exercises / 2 {
        report.fail(format!(
            "the stubs' TODOs hold {} code-like spans, more than one per two exercises ({}): say what must hold, \
             not what to type (`cargo xtask stats --verbose` lists them):\n    {}",
            spans.len(),
            exercises / 2,
            spans.join("\n    ")
        ));
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

pub fn protected_files(course: &Course, report: &mut Report) -> Result<(), Error> {
    let recorded = Lock::load(&course.root)?;
    let actual = Lock::compute(course)?;
    let mut ok = true;
    for (kind, recorded, actual) in
        [("protected", &recorded.protected, &actual.protected), ("stub", &recorded.stubs, &actual.stubs)]
    {
        for (path, hash) in actual {
            match recorded.get(path) {
                None => report.fail(format!("{kind} file {path} is not in course.lock")),
                Some(h) if h != hash => report.fail(format!("{kind} file {path} differs from course.lock")),
                Some(_) => continue,
            }
            ok = false;
        }
        for path in recorded.keys().filter(|p| !actual.contains_key(*p)) {
            report.fail(format!("course.lock records {path}, which is gone"));
            ok = false;
        }
    }
    if ok {
        report.pass(format!("{} protected files and {} stubs", actual.protected.len(), actual.stubs.len()));
    } else {
        println!("    (if the change is intended: `cargo xtask bless`, and commit course.lock)");
    }
    Ok(())
}
