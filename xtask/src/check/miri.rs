//! Miri over the crates with unsafe allocator code, and the examples whose
//! deliberate memory bugs Miri must report.

use super::Report;
use super::tools::{MIRI_TOOLCHAIN, cargo_miri, miri_dir};
use crate::course::{Course, MiriExample};
use std::collections::VecDeque;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Runs Miri over `packages` on every CPU core: Miri interprets a test
/// binary on a single thread, so one `cargo miri test` leaves the other cores
/// idle. First one build of every package's tests (cargo spreads it over the
/// cores, and each dependency is built once); then each core's worker takes
/// the next package from one queue (tests, then the package's examples with
/// deliberate bugs) until the queue is empty — a fixed split would leave one
/// core with the heavy packages. Built, the workers share the target
/// directory without waiting: cargo holds its lock only while it builds.
/// Each package is reported as it ends, with how long it took (the numbers
/// behind the queue's order).
pub fn miri(course: &Course, packages: &[&str], examples: &[&MiriExample], report: &mut Report) {
    let target_dir = miri_dir(&course.root).join("target");
    let started = Instant::now();
    let mut build = miri_command(course, &target_dir, "test");
    build.args(["--no-run", "--tests"]);
    for package in packages {
        build.args(["--package", package]);
    }
    match build.output() {
        Ok(output) if output.status.success() => {
            report.pass(format!(
                "built the tests of {} packages for Miri ({:.0}s)",
                packages.len(),
                started.elapsed().as_secs_f64()
            ));
        }
        Ok(output) => {
            eprint!("{}", String::from_utf8_lossy(&output.stderr));
            return report.fail(format!("building the tests for Miri failed ({})", output.status));
        }
        Err(error) => return report.fail(format!("could not run cargo miri: {error}")),
    }
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, packages.len().max(1));
    let queue: Mutex<VecDeque<&str>> = Mutex::new(heaviest_first(packages).into());
    let (done, finished) = std::sync::mpsc::channel::<Vec<Job>>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (queue, done, target_dir) = (&queue, done.clone(), &target_dir);
            scope.spawn(move || {
                while let Some(package) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front() {
                    let _ = done.send(run_package(course, target_dir, package, examples));
                }
            });
        }
        drop(done);
        for jobs in finished {
            for job in jobs {
                judge(job, report);
            }
        }
    });
}

/// One Miri run and what it must show: `expect` is `None` for a test run
/// (it must pass), or the texts Miri's report of a deliberate bug must hold.
struct Job {
    what: String,
    output: std::io::Result<Output>,
    expect: Option<Vec<String>>,
    took: Duration,
}

/// `cargo miri test` of one package, then `cargo miri run` of each of its
/// examples with deliberate bugs, in `target_dir`.
fn run_package(course: &Course, target_dir: &Path, package: &str, examples: &[&MiriExample]) -> Vec<Job> {
    let timed = |mut cmd: Command| {
        let started = Instant::now();
        (cmd.output(), started.elapsed())
    };
    let mut test = miri_command(course, target_dir, "test");
    // Unit and integration tests; not the doc examples, which `cargo test`
    // runs natively: under Miri each is compiled and interpreted on its own,
    // minutes for snippets the tests already cover.
    test.args(["--package", package, "--tests"]);
    let (output, took) = timed(test);
    let mut jobs =
        vec![Job { what: format!("cargo +{MIRI_TOOLCHAIN} miri test -p {package}"), output, expect: None, took }];
    for example in examples.iter().filter(|e| e.package == package) {
        let mut run = miri_command(course, target_dir, "run");
        run.args(["--package", &example.package, "--example", &example.example]);
        let (output, took) = timed(run);
        jobs.push(Job {
            what: format!("Miri reports examples/{}.rs ({})", example.example, example.package),
            output,
            expect: Some(example.expect.clone()),
            took,
        });
    }
    jobs
}

fn judge(job: Job, report: &mut Report) {
    let Job { what, output, expect, took } = job;
    let what = format!("{what} ({:.0}s)", took.as_secs_f64());
    let output = match output {
        Ok(output) => output,
        Err(error) => return report.fail(format!("{what}: could not run: {error}")),
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

/// The order the queue hands packages out in. The longest runs go first, so
/// that none is left to run alone at the end: a lesson's solutions (its
/// capstone's model checks) before its chapter, later lessons (bigger
/// allocators) before earlier ones.
fn heaviest_first<'a>(packages: &[&'a str]) -> Vec<&'a str> {
    let mut order = packages.to_vec();
    order.sort_by_key(|p| {
        (std::cmp::Reverse(p.starts_with("solutions-")), std::cmp::Reverse(packages.iter().position(|q| q == p)))
    });
    order
}

/// `cargo +<pinned nightly> miri <subcommand>` with its own target directory.
fn miri_command(course: &Course, target_dir: &Path, subcommand: &str) -> Command {
    let mut cmd = cargo_miri(&course.root);
    cmd.args([subcommand, "--locked", "--quiet", "--target-dir"]);
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

#[cfg(test)]
mod tests {
    use super::{heaviest_first, miri_caught};

    #[test]
    fn the_queue_hands_out_solutions_and_later_lessons_first() {
        let course_order = ["chapter-01-a", "chapter-02-b", "solutions-02-b", "chapter-03-c", "solutions-03-c"];
        assert_eq!(
            heaviest_first(&course_order),
            ["solutions-03-c", "solutions-02-b", "chapter-03-c", "chapter-02-b", "chapter-01-a"]
        );
    }

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
