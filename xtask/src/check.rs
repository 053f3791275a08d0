//! `cargo xtask check`: proves the whole course is consistent.

use crate::course::{Course, Exercise, Kind, MiriExample, files_in};
use crate::lock::Lock;
use crate::runner::{self, Build, Outcome, TestRun};
use crate::{Error, book, paint};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A bare-metal target (Cortex-M4F): its sysroot has `core` and `alloc`, no
/// `std`, so a crate that builds for it provably needs no std.
pub const NO_STD_TARGET: &str = "thumbv7em-none-eabihf";

/// What `check` should skip.
pub struct Options {
    pub miri: bool,
    pub book: bool,
    pub lints: bool,
}

/// Collects failures so one run reports all of them.
#[derive(Default)]
struct Report {
    failures: Vec<String>,
}

impl Report {
    fn fail(&mut self, message: impl Into<String>) {
        let message = message.into();
        println!("  {} {message}", paint::red("✗"));
        self.failures.push(message);
    }

    fn pass(&self, message: impl AsRef<str>) {
        println!("  {} {}", paint::green("✓"), message.as_ref());
    }
}

fn step(title: &str) -> Instant {
    println!("{}", paint::bold(&format!("== {title}")));
    Instant::now()
}

/// Runs every check; the process exit code.
pub fn check(course: &Course, options: &Options) -> Result<i32, Error> {
    let mut report = Report::default();
    let started = Instant::now();

    let t = step("course.toml agrees with the workspace");
    consistency(course, &mut report)?;
    done(t);

    let t = step("protected files match course.lock");
    protected_files(course, &mut report)?;
    done(t);

    let t = step("every exercise: each test fails on the stub and passes on the solution");
    for lesson in course.lessons.iter().filter(|l| !l.draft && !l.exercises.is_empty()) {
        exercises(course, &lesson.exercises, &mut report)?;
    }
    done(t);

    let t = step("cargo test (chapters, solutions, xtask)");
    command(&mut report, "cargo test", cargo(course).args(["test", "--locked", "--quiet"]));
    done(t);

    if options.lints {
        let t = step("clippy and rustfmt");
        let mut clippy = cargo(course);
        clippy.args(["clippy", "--locked", "--all-targets", "--quiet", "--", "-D", "warnings"]);
        command(&mut report, "cargo clippy -D warnings (chapters, solutions, xtask)", &mut clippy);
        command(&mut report, "cargo fmt --check", cargo(course).args(["fmt", "--all", "--check"]));
        done(t);
    }

    let no_std: Vec<&String> = course.lessons.iter().flat_map(|l| &l.no_std).collect();
    if !no_std.is_empty() {
        let t = step(&format!("no_std: the allocators build for {NO_STD_TARGET}, which has no std"));
        for package in no_std {
            let mut build = cargo(course);
            build.args(["build", "--locked", "--quiet", "--lib", "--no-default-features", "--target", NO_STD_TARGET]);
            build.args(["--package", package]);
            command(&mut report, &format!("{package} builds without std"), &mut build);
        }
        done(t);
    }

    if options.book {
        let t =
            step("the book: includes and links resolve; in Chromium no console error, every image loads, search works");
        match book::build(course, true) {
            Ok(pages) => report.pass(format!("book built: {pages} pages checked")),
            Err(error) => report.fail(format!("book: {error}")),
        }
        done(t);
    }

    if options.miri {
        let t = step("Miri on the crates with unsafe allocator code");
        let packages: Vec<&str> = course.lessons.iter().flat_map(|l| &l.miri).map(String::as_str).collect();
        let examples: Vec<&MiriExample> =
            course.lessons.iter().filter(|l| !l.draft).flat_map(|l| &l.miri_examples).collect();
        if !packages.is_empty() {
            miri(course, &packages, &examples, &mut report);
        }
        done(t);
    } else {
        println!("{}", paint::red("!! MIRI SKIPPED (--no-miri): unsafe allocator code was NOT checked for UB !!"));
    }

    println!();
    let elapsed = started.elapsed().as_secs();
    if report.failures.is_empty() {
        println!("{} (in {elapsed}s)", paint::green("check passed"));
        Ok(0)
    } else {
        println!("{} (in {elapsed}s):", paint::red(&format!("check failed: {} problem(s)", report.failures.len())));
        for failure in &report.failures {
            println!("  - {failure}");
        }
        Ok(1)
    }
}

fn done(started: Instant) {
    println!("  ({:.1}s)", started.elapsed().as_secs_f64());
}

/// `cargo` from the course root, with the same environment as every other call.
fn cargo(course: &Course) -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(&course.root);
    cmd
}

/// Runs Miri over `packages` in one shard per CPU core: Miri interprets a
/// test binary on a single thread, so one `cargo miri test` leaves the other
/// cores idle for most of its run. Each shard has its own target directory,
/// so the shards never wait on one another's build lock; each shard's output
/// is printed when it ends. The examples with deliberate bugs run in the
/// shard that tests their package (its build is reused), after its tests.
fn miri(course: &Course, packages: &[&str], examples: &[&MiriExample], report: &mut Report) {
    let shards = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, packages.len());
    let shard_of = |package: &str| packages.iter().position(|p| *p == package).map_or(0, |i| i % shards);
    let runs: Vec<_> = (0..shards)
        .map(|shard| {
            let mine: Vec<&str> = packages.iter().copied().skip(shard).step_by(shards).collect();
            let target_dir = course.root.join("target").join("miri-shards").join(shard.to_string());
            let mut test = miri_command(course, &target_dir, "test");
            for package in &mine {
                test.args(["--package", package]);
            }
            let mut jobs = vec![(format!("cargo +nightly miri test: {}", mine.join(", ")), test, None)];
            for example in examples.iter().filter(|e| shard_of(&e.package) == shard) {
                let mut run = miri_command(course, &target_dir, "run");
                run.args(["--package", &example.package, "--example", &example.example]);
                let what = format!("Miri reports examples/{}.rs ({})", example.example, example.package);
                jobs.push((what, run, Some(example.expect.clone())));
            }
            std::thread::spawn(move || {
                jobs.into_iter().map(|(what, mut cmd, expect)| (what, cmd.output(), expect)).collect::<Vec<_>>()
            })
        })
        .collect();
    for run in runs {
        let Ok(jobs) = run.join() else {
            report.fail("Miri: the thread running a shard panicked");
            continue;
        };
        for (what, output, expect) in jobs {
            let output = match output {
                Ok(output) => output,
                Err(error) => {
                    report.fail(format!("{what}: could not run: {error}"));
                    continue;
                }
            };
            let stderr = String::from_utf8_lossy(&output.stderr);
            let verdict = match &expect {
                None => {
                    print!("{}", String::from_utf8_lossy(&output.stdout));
                    eprint!("{stderr}");
                    if output.status.success() { Ok(()) } else { Err(format!("exited with {}", output.status)) }
                }
                Some(expect) => miri_caught(output.status.success(), &stderr, expect),
            };
            match verdict {
                Ok(()) => report.pass(what),
                Err(why) => {
                    if expect.is_some() {
                        eprint!("{stderr}");
                    }
                    report.fail(format!("{what}: {why}"));
                }
            }
        }
    }
}

/// `cargo +nightly miri <subcommand>` with its own target directory.
fn miri_command(course: &Course, target_dir: &Path, subcommand: &str) -> Command {
    // Through rustup's `cargo`, not this process's pinned `$CARGO`, so that
    // `+nightly` picks the nightly toolchain.
    let mut cmd = Command::new("cargo");
    cmd.current_dir(&course.root).env_remove("RUSTUP_TOOLCHAIN").env_remove("CARGO").env_remove("RUSTC");
    cmd.args(["+nightly", "miri", subcommand, "--locked", "--quiet", "--target-dir"]);
    cmd.arg(target_dir);
    cmd
}

/// Did Miri catch the deliberate bug? It must fail the run, and its report
/// must contain every expected text (so a crash for another reason, or a
/// build error, does not count).
fn miri_caught(succeeded: bool, stderr: &str, expect: &[String]) -> Result<(), String> {
    if succeeded {
        return Err("Miri ran it to the end without reporting anything".to_string());
    }
    match expect.iter().find(|text| !stderr.contains(text.as_str())) {
        Some(missing) => Err(format!("Miri stopped it, but its report does not say {missing:?}")),
        None => Ok(()),
    }
}

/// Runs a command, passing it through to the terminal, and records the outcome.
fn command(report: &mut Report, what: &str, cmd: &mut Command) {
    match cmd.status() {
        Ok(status) if status.success() => report.pass(what),
        Ok(status) => report.fail(format!("{what}: exited with {status}")),
        Err(error) => report.fail(format!("{what}: could not run: {error}")),
    }
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    manifest_path: PathBuf,
    targets: Vec<MetaTarget>,
}

#[derive(Deserialize)]
struct MetaTarget {
    name: String,
    kind: Vec<String>,
    src_path: PathBuf,
}

/// course.toml and the workspace describe the same course.
fn consistency(course: &Course, report: &mut Report) -> Result<(), Error> {
    let before = report.failures.len();
    let output = cargo(course)
        .args(["metadata", "--no-deps", "--format-version", "1", "--locked"])
        .output()
        .map_err(|e| Error::tool(format!("cannot run cargo metadata: {e}")))?;
    if !output.status.success() {
        report.fail(format!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
        return Ok(());
    }
    let metadata: Metadata =
        serde_json::from_slice(&output.stdout).map_err(|e| Error::tool(format!("cargo metadata: {e}")))?;
    let packages: BTreeMap<&str, &Package> = metadata.packages.iter().map(|p| (p.name.as_str(), p)).collect();

    let mut ids = BTreeSet::new();
    let mut lesson_ids = BTreeSet::new();
    let mut listed_packages = BTreeSet::new();
    for lesson in &course.lessons {
        if !lesson_ids.insert(&lesson.id) {
            report.fail(format!("lesson id `{}` is listed twice", lesson.id));
        }
        let places = ["chapters", "exercises", "solutions", "book/src"].map(|p| course.root.join(p).join(&lesson.id));
        if lesson.draft {
            if let Some(place) = places.iter().find(|p| p.exists()) {
                report.fail(format!("draft lesson {} already has {}", lesson.id, course.relative(place)));
            }
            if !lesson.exercises.is_empty() {
                report.fail(format!("draft lesson {} lists exercises", lesson.id));
            }
            continue;
        }
        for place in &places {
            if !place.is_dir() {
                report.fail(format!("lesson {} has no {}", lesson.id, course.relative(place)));
            }
        }
        for (prefix, required) in [("chapter", true), ("exercises", !lesson.exercises.is_empty()), ("solutions", true)]
        {
            let name = format!("{prefix}-{}", lesson.id);
            if packages.contains_key(name.as_str()) {
                listed_packages.insert(name);
            } else if required {
                report.fail(format!("lesson {} has no package `{name}`", lesson.id));
            }
        }
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
        let mut listed_targets = BTreeSet::new();
        for exercise in &lesson.exercises {
            if !ids.insert(&exercise.id) {
                report.fail(format!("exercise id `{}` is listed twice", exercise.id));
            }
            exercise_consistency(course, exercise, &packages, report);
            listed_targets.extend(exercise.tests.iter().cloned());
        }
        let exercise_package = format!("exercises-{}", lesson.id);
        if let Some(package) = packages.get(exercise_package.as_str()) {
            for target in package.targets.iter().filter(|t| t.kind.iter().any(|k| k == "test")) {
                if !listed_targets.contains(&target.name) {
                    report.fail(format!("test target `{}` of {exercise_package} is in no exercise", target.name));
                }
            }
        }
    }
    for package in &metadata.packages {
        let in_lesson_folder = ["chapters", "exercises", "solutions"]
            .iter()
            .any(|folder| package.manifest_path.starts_with(course.root.join(folder)));
        if in_lesson_folder && !listed_packages.contains(&package.name) {
            report.fail(format!("package `{}` belongs to no lesson in course.toml", package.name));
        }
    }
    if report.failures.len() == before {
        report.pass(format!("{} lessons, {} exercises, {} packages", course.lessons.len(), ids.len(), packages.len()));
    }
    Ok(())
}

fn exercise_consistency(
    course: &Course,
    exercise: &Exercise,
    packages: &BTreeMap<&str, &Package>,
    report: &mut Report,
) {
    let id = &exercise.id;
    let expected_crate = format!("exercises-{}", exercise.lesson);
    if exercise.krate != expected_crate {
        report.fail(format!(
            "{id}: crate is `{}`, but its lesson's exercise crate is `{expected_crate}`",
            exercise.krate
        ));
    }
    if exercise.tests.is_empty() || exercise.kind.is_empty() {
        report.fail(format!("{id}: needs at least one test target and one kind"));
    }
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
        let test_file = course.exercise_dir(exercise).join("tests").join(format!("{target}.rs"));
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
        let ui = course.exercise_dir(exercise).join("tests").join("ui").join(target);
        let has_ui = !files_in(&ui, |n| n.ends_with(".rs")).is_empty();
        let says_compile_fail = exercise.kind.contains(&crate::course::Kind::CompileFail);
        if has_ui != says_compile_fail {
            report.fail(format!("{id}: kind compile-fail must go with compile-fail cases in {}", course.relative(&ui)));
        }
    }
    let snapshots = course.exercise_dir(exercise).join("tests").join("snapshots");
    let has_snapshots =
        exercise.tests.iter().any(|t| !files_in(&snapshots, |n| n.starts_with(&format!("{t}__"))).is_empty());
    if has_snapshots != exercise.kind.contains(&crate::course::Kind::Snapshot) {
        report.fail(format!("{id}: kind snapshot must go with snapshots in {}", course.relative(&snapshots)));
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn protected_files(course: &Course, report: &mut Report) -> Result<(), Error> {
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

/// Per test target: the tests it lists, and how its run went.
type TargetRuns = BTreeMap<String, (Vec<String>, TestRun)>;

/// Builds the given test targets of a package and runs each binary; `Err`
/// with the compiler's errors if they do not build.
fn run_targets(
    course: &Course,
    package: &str,
    dir: &Path,
    targets: &[(String, Duration)],
) -> Result<Result<TargetRuns, String>, Error> {
    let names: Vec<String> = targets.iter().map(|(t, _)| t.clone()).collect();
    let binaries = match runner::build_tests(&course.root, package, &names)? {
        // Warnings in a stub are noise a learner cannot tell from a hint.
        Build::Built(_, warnings) if !warnings.is_empty() => {
            return Ok(Err(format!("warnings:\n{}", runner::trim_lines(&warnings.concat(), 40))));
        }
        Build::Built(binaries, _) => binaries,
        Build::Failed(errors) => return Ok(Err(runner::trim_lines(&errors, 40))),
    };
    let mut runs = BTreeMap::new();
    for (target, timeout) in targets {
        let Some(binary) = binaries.get(target) else {
            return Ok(Err(format!("no test binary for {target}")));
        };
        let listed = runner::list_tests(binary, dir)?;
        let run = runner::run_tests(binary, dir, package, &course.root, &[], *timeout)?;
        runs.insert(target.clone(), (listed, run));
    }
    Ok(Ok(runs))
}

/// The test targets of `exercises`, each with its exercise's timeout.
fn test_targets<'a>(exercises: impl IntoIterator<Item = &'a Exercise>) -> Vec<(String, Duration)> {
    exercises
        .into_iter()
        .flat_map(|e| {
            let timeout = e.timeout.map_or(crate::verify::DEFAULT_TIMEOUT, Duration::from_secs);
            e.tests.iter().map(move |t| (t.clone(), timeout))
        })
        .collect()
}

/// Every test of every exercise fails on the stub and passes on the solution.
fn exercises(course: &Course, exercises: &[Exercise], report: &mut Report) -> Result<(), Error> {
    let Some(first) = exercises.first() else { return Ok(()) };
    let targets = test_targets(exercises);
    let stub_runs = match run_targets(course, &first.krate, &course.exercise_dir(first), &targets)? {
        Ok(runs) => runs,
        Err(errors) => {
            report.fail(format!("the stubs of {} do not compile cleanly: {errors}", first.lesson));
            return Ok(());
        }
    };
    let solution_crate = course.solution_crate(first);
    let solution_runs = match run_targets(course, &solution_crate, &course.solution_dir(first), &targets)? {
        Ok(runs) => runs,
        Err(errors) => {
            report.fail(format!("the solutions of {} do not compile cleanly: {errors}", first.lesson));
            return Ok(());
        }
    };
    for exercise in exercises {
        for target in &exercise.tests {
            let (listed, stub) = &stub_runs[target];
            let (_, solution) = &solution_runs[target];
            if listed.is_empty() {
                report.fail(format!("{}: tests/{target}.rs has no tests", exercise.id));
            }
            for test in listed {
                judge(report, &exercise.id, test, stub.tests.get(test), solution.tests.get(test), solution);
            }
            let ui_dir = course.exercise_dir(exercise).join("tests").join("ui").join(target);
            for case in files_in(&ui_dir, |n| n.ends_with(".rs")) {
                let case = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let name = format!("ui/{target}/{case}");
                judge(report, &exercise.id, &name, stub.ui_cases.get(&case), solution.ui_cases.get(&case), solution);
            }
        }
    }
    learner_side_ui(course, exercises, report)
}

/// The compile-fail cases also pass where the learner runs them: in the
/// *exercise* crate, with the solution written in. (A `.stderr` can pass from
/// the solution crate and still fail there, e.g. when it names the path the
/// case was compiled from.) The stubs are put back afterwards, also if this
/// step fails; `course.lock` would catch a stub left changed.
fn learner_side_ui(course: &Course, exercises: &[Exercise], report: &mut Report) -> Result<(), Error> {
    let with_ui: Vec<&Exercise> = exercises.iter().filter(|e| e.kind.contains(&Kind::CompileFail)).collect();
    let Some(first) = with_ui.first() else { return Ok(()) };
    let targets = test_targets(with_ui.iter().copied());
    let runs = {
        let _swapped = SolutionsWrittenIn::new(course, &with_ui)?;
        run_targets(course, &first.krate, &course.exercise_dir(first), &targets)?
    };
    let runs = match runs {
        Ok(runs) => runs,
        Err(errors) => {
            report.fail(format!("the solutions of {} do not compile in the exercise crate: {errors}", first.lesson));
            return Ok(());
        }
    };
    for exercise in with_ui {
        for target in &exercise.tests {
            let (_, run) = &runs[target];
            let ui_dir = course.exercise_dir(exercise).join("tests").join("ui").join(target);
            for case in files_in(&ui_dir, |n| n.ends_with(".rs")) {
                let case = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                match run.ui_cases.get(&case) {
                    Some(Outcome::Passed) => report.pass(format!(
                        "{} ui/{target}/{case}: passes in the exercise crate with the solution written in",
                        exercise.id
                    )),
                    other => report.fail(format!(
                        "{} ui/{target}/{case}: fails in the exercise crate with the solution written in ({other:?}) \
                         — a learner with a right answer would fail:\n{}",
                        exercise.id,
                        runner::failure_summary(run)
                    )),
                }
            }
        }
    }
    Ok(())
}

/// Writes each exercise's solution over its stub; puts the stubs back when dropped.
struct SolutionsWrittenIn {
    originals: Vec<(PathBuf, Vec<u8>)>,
}

impl SolutionsWrittenIn {
    fn new(course: &Course, exercises: &[&Exercise]) -> Result<SolutionsWrittenIn, Error> {
        let mut swapped = SolutionsWrittenIn { originals: Vec::new() };
        for exercise in exercises {
            let stub_path = course.exercise_file(exercise);
            let stub = std::fs::read(&stub_path).map_err(|e| Error::tool(format!("{}: {e}", stub_path.display())))?;
            let solution_path = course.solution_file(exercise);
            let solution =
                std::fs::read(&solution_path).map_err(|e| Error::tool(format!("{}: {e}", solution_path.display())))?;
            swapped.originals.push((stub_path.clone(), stub));
            std::fs::write(&stub_path, solution).map_err(|e| Error::tool(format!("{}: {e}", stub_path.display())))?;
        }
        Ok(swapped)
    }
}

impl Drop for SolutionsWrittenIn {
    fn drop(&mut self) {
        for (path, original) in &self.originals {
            if let Err(error) = std::fs::write(path, original) {
                eprintln!("could not put back the stub {}: {error}", path.display());
            }
        }
    }
}

fn judge(report: &mut Report, id: &str, test: &str, stub: Option<&Outcome>, solution: Option<&Outcome>, run: &TestRun) {
    let stub_fails = !matches!(stub, Some(Outcome::Passed | Outcome::Ignored));
    let solution_passes = matches!(solution, Some(Outcome::Passed));
    match (stub_fails, solution_passes) {
        (true, true) => report.pass(format!("{id} {test}: fails on the stub, passes on the solution")),
        (false, _) => report.fail(format!("{id} {test}: does not fail on the stub ({stub:?}): it proves nothing")),
        (true, false) => report.fail(format!(
            "{id} {test}: does not pass on the solution ({solution:?}):\n{}",
            runner::failure_summary(run)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::miri_caught;

    #[test]
    fn a_miri_example_counts_only_when_miri_reports_the_expected_bug() {
        let expect = ["Undefined Behavior".to_string(), "has been freed".to_string()];
        let report =
            "error: Undefined Behavior: memory access failed: alloc1 has been freed, so this pointer is dangling";
        assert_eq!(miri_caught(false, report, &expect), Ok(()));
        assert!(miri_caught(true, report, &expect).unwrap_err().contains("without reporting"));
        let other = miri_caught(false, "error[E0425]: cannot find value `x`", &expect).unwrap_err();
        assert!(other.contains("\"Undefined Behavior\""), "{other}");
    }
}
