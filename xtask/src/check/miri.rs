//! Miri over the crates with unsafe allocator code, and the examples whose
//! deliberate memory bugs Miri must report.

use super::Report;
use crate::course::{Course, MiriExample};
use std::path::Path;
use std::process::Command;

/// Runs Miri over `packages` in one shard per CPU core: Miri interprets a
/// test binary on a single thread, so one `cargo miri test` leaves the other
/// cores idle for most of its run. Each shard has its own target directory,
/// so the shards never wait on one another's build lock; each shard's output
/// is printed when it ends. The examples with deliberate bugs run in the
/// shard that tests their package (its build is reused), after its tests.
pub fn miri(course: &Course, packages: &[&str], examples: &[&MiriExample], report: &mut Report) {
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
