//! `reset` and `solution`: restoring a stub and showing a solution, without
//! ever losing what the learner wrote.

use crate::course::{Course, Exercise};
use crate::lock::{Lock, sha256_hex};
use crate::verify::{self, Status};
use crate::{Context, Error, paint};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Backs the learner's file up, then restores the shipped stub from git.
pub fn reset(course: &Course, exercise: &Exercise, yes: bool) -> Result<i32, Error> {
    let file = course.exercise_file(exercise);
    let relative = course.relative(&file);
    let stub = pristine_stub(course, &relative)?;
    if !yes && !confirm(&format!("Reset {relative} to the shipped stub? Your version is backed up first. [y/N] ")) {
        println!("nothing changed");
        return Ok(1);
    }
    if file.exists() {
        let backup = backup(course, exercise, &file)?;
        println!("your version is saved in {}", course.relative(&backup));
    }
    std::fs::write(&file, stub).with_context(|| format!("cannot write {relative}"))?;
    println!("{relative} is the shipped stub again");
    Ok(0)
}

/// The stub as shipped: the newest committed version whose hash is the one
/// `course.lock` records (so a learner's own commits are skipped).
fn pristine_stub(course: &Course, relative: &str) -> Result<Vec<u8>, Error> {
    let recorded = Lock::load_shipped(course)?.stubs.get(relative).cloned();
    let log = git(&course.root, &["log", "--format=%H", "--", relative])?;
    let commits: Vec<&str> = log.lines().collect();
    for commit in &commits {
        let Ok(content) = git_bytes(&course.root, &["show", &format!("{commit}:{relative}")]) else { continue };
        if recorded.as_deref().is_none_or(|hash| sha256_hex(&content) == hash) {
            return Ok(content);
        }
    }
    Err(Error::new(format!("no commit holds the shipped version of {relative} ({} commit(s) searched)", commits.len())))
}

fn git(root: &Path, args: &[&str]) -> Result<String, Error> {
    git_bytes(root, args).map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

fn git_bytes(root: &Path, args: &[&str]) -> Result<Vec<u8>, Error> {
    let output = Command::new("git").current_dir(root).args(args).output().map_err(|e| {
        Error::new(format!("cannot run git ({e}): reset needs git to restore the shipped file; install git"))
    })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stderr.contains("not a git repository") {
            return Err(Error::new("this is not a git checkout: clone the course with git to use reset"));
        }
        return Err(Error::new(format!("git {}: {}", args.join(" "), stderr.trim())));
    }
    Ok(output.stdout)
}

fn backup(course: &Course, exercise: &Exercise, file: &Path) -> Result<PathBuf, Error> {
    let dir = course.root.join(".course").join("backups");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let extension = file.extension().and_then(|e| e.to_str()).unwrap_or("rs");
    let stamp = timestamp();
    let mut backup = dir.join(format!("{}-{stamp}.{extension}", exercise.id));
    let mut n = 1;
    while backup.exists() {
        backup = dir.join(format!("{}-{stamp}-{n}.{extension}", exercise.id));
        n += 1;
    }
    std::fs::copy(file, &backup).with_context(|| format!("cannot back up {}", file.display()))?;
    Ok(backup)
}

/// `YYYYMMDD-HHMMSS` in UTC.
fn timestamp() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}{month:02}{day:02}-{:02}{:02}{:02}", rest / 3600, rest % 3600 / 60, rest % 60)
}

fn confirm(question: &str) -> bool {
    use std::io::Write;
    print!("{question}");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    let read = std::io::stdin().lock().read_line(&mut answer).unwrap_or(0);
    read > 0 && matches!(answer.trim(), "y" | "Y" | "yes")
}

/// Prints the solution file, once the exercise is done (or with `force`).
pub fn solution(course: &Course, exercise: &Exercise, force: bool) -> Result<i32, Error> {
    if !force {
        let lock = Lock::load_shipped(course)?;
        let mut cache = verify::Cache::load(course);
        if !matches!(verify::evaluate(course, &lock, &mut cache, exercise, None)?, Status::Done) {
            println!(
                "{} is not done yet: solve it first (`cargo xtask hint {}` helps), or use --force",
                exercise.id, exercise.id
            );
            return Ok(1);
        }
    }
    let file = course.solution_file(exercise);
    let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", course.relative(&file)))?;
    println!("{}\n", paint::bold(&format!("// {}", course.relative(&file))));
    println!("{text}");
    Ok(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamp_has_the_documented_shape() {
        let stamp = super::timestamp();
        assert_eq!(stamp.len(), 15, "{stamp}");
        assert_eq!(&stamp[8..9], "-");
        assert!(stamp.starts_with("20"));
    }
}
