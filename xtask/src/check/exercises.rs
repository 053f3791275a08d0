//! The heart of `check`: every test of every exercise fails on the shipped
//! stub and passes on the solution — test by test, compile-fail case by case.

use super::Report;
use crate::course::{Course, Exercise, Kind};
use crate::runner::{self, Build, Outcome, TestRun};
use crate::{Context, Error};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    let binaries = match runner::build_tests(course, package, &names)? {
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
        let run = runner::run_tests(binary, dir, package, &course.root, &[], *timeout)?;
        runs.insert(target.clone(), (run.listed.clone(), run));
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
pub fn exercises(course: &Course, exercises: &[Exercise], report: &mut Report) -> Result<(), Error> {
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
            let (stub_listed, stub) = &stub_runs[target];
            let (solution_listed, solution) = &solution_runs[target];
            // Both lists, as one: a stub can stop its binary before the
            // harness lists anything (a global allocator that is a stub
            // aborts at the first allocation); its tests still count, and
            // fail.
            let listed: std::collections::BTreeSet<&String> = stub_listed.iter().chain(solution_listed).collect();
            if listed.is_empty() {
                report.fail(format!("{}: tests/{target}.rs has no tests", exercise.id));
            }
            for test in listed {
                judge(report, &exercise.id, test, stub.tests.get(test), solution.tests.get(test), solution);
            }
            for case in course.ui_cases(exercise, target) {
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
            for case in course.ui_cases(exercise, target) {
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
            let stub = std::fs::read(&stub_path).with_context(|| format!("{}", stub_path.display()))?;
            let solution_path = course.solution_file(exercise);
            let solution = std::fs::read(&solution_path).with_context(|| format!("{}", solution_path.display()))?;
            swapped.originals.push((stub_path.clone(), stub));
            std::fs::write(&stub_path, solution).with_context(|| format!("{}", stub_path.display()))?;
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
