//! `course.lock`: the recorded hashes of protected files and pristine stubs.
//!
//! Protected files (tests, snapshots, compile-fail cases, exercise manifests)
//! decide whether an exercise is done, so `verify` refuses to count an
//! exercise whose protected files differ from these hashes. The stub hashes let
//! `reset` find the pristine stub in git history even after a learner commits
//! their own work. `cargo xtask bless` rewrites the file.

use crate::course::Course;
use crate::{Context, Error};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

pub const LOCK_FILE: &str = "course.lock";

#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// Path (relative to the course root) -> sha256 of protected files.
    #[serde(default)]
    pub protected: BTreeMap<String, String>,
    /// Path -> sha256 of each exercise file as shipped.
    #[serde(default)]
    pub stubs: BTreeMap<String, String>,
}

/// Lowercase hex sha256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Hash of a file's content, or `None` if it cannot be read.
pub fn hash_file(path: &Path) -> Option<String> {
    std::fs::read(path).ok().map(|bytes| sha256_hex(&bytes))
}

impl Lock {
    /// Reads `course.lock`; a missing file is an empty lock.
    pub fn load(root: &Path) -> Result<Lock, Error> {
        let path = root.join(LOCK_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).with_context(|| format!("{LOCK_FILE} is not valid")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Lock::default()),
            Err(e) => Err(Error::new(format!("cannot read {LOCK_FILE}: {e}"))),
        }
    }

    /// The lock as shipped: `course.lock` as git's upstream of this checkout
    /// has it (what was cloned, or last pulled), so a lock edited or
    /// re-blessed in the checkout is not trusted. Without git or an upstream
    /// (a downloaded archive, a maintainer's own tree), the file on disk.
    pub fn load_shipped(course: &Course) -> Result<Lock, Error> {
        let shipped = std::process::Command::new("git")
            .current_dir(&course.root)
            .args(["show", &format!("@{{upstream}}:./{LOCK_FILE}")])
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|output| output.status.success());
        match shipped {
            Some(output) => toml::from_str(&String::from_utf8_lossy(&output.stdout))
                .with_context(|| format!("the shipped {LOCK_FILE} is not valid")),
            None => Lock::load(&course.root),
        }
    }

    /// The lock as the files are now.
    pub fn compute(course: &Course) -> Result<Lock, Error> {
        let mut lock = Lock::default();
        for exercise in course.exercises() {
            for file in course.protected_files(exercise) {
                let hash = hash_file(&file)
                    .ok_or_else(|| Error::new(format!("cannot read protected file {}", course.relative(&file))))?;
                lock.protected.insert(course.relative(&file), hash);
            }
            let stub = course.exercise_file(exercise);
            let hash = hash_file(&stub).ok_or_else(|| Error::new(format!("cannot read {}", course.relative(&stub))))?;
            lock.stubs.insert(course.relative(&stub), hash);
        }
        Ok(lock)
    }

    /// Writes the lock to `course.lock`.
    pub fn save(&self, root: &Path) -> Result<(), Error> {
        let header = "# Written by `cargo xtask bless`: sha256 of every protected file and shipped stub.\n\
                      # `cargo xtask check` fails when a file no longer matches; do not edit by hand.\n\n";
        let body = toml::to_string(self).map_err(|e| Error::new(e.to_string()))?;
        std::fs::write(root.join(LOCK_FILE), format!("{header}{body}"))
            .with_context(|| format!("cannot write {LOCK_FILE}"))
    }

    /// Protected files of this exercise whose content differs from the lock
    /// (changed, deleted, or added since `bless`), each named once.
    pub fn tampered(&self, course: &Course, exercise: &crate::course::Exercise) -> Vec<String> {
        let dir = course.relative(&course.exercise_dir(exercise));
        let mut changed: std::collections::BTreeSet<String> = course
            .protected_files(exercise)
            .iter()
            .filter(|file| self.protected.get(&course.relative(file)) != hash_file(file).as_ref())
            .map(|file| course.relative(file))
            .collect();
        // A recorded file that is gone counts too (a deleted snapshot, a
        // deleted file of a chapter the tests compile against).
        let mut owned_prefixes: Vec<String> = exercise
            .tests
            .iter()
            .flat_map(|t| {
                [format!("{dir}/tests/{t}.rs"), format!("{dir}/tests/snapshots/{t}__"), format!("{dir}/tests/ui/{t}/")]
            })
            .collect();
        let chapters = course.lessons.iter().filter(|l| !l.draft && l.id <= exercise.lesson);
        owned_prefixes.extend(chapters.map(|l| format!("chapters/{}/src/", l.id)));
        for recorded in self.protected.keys() {
            let owned = owned_prefixes.iter().any(|p| recorded.starts_with(p.as_str()));
            if owned && !course.root.join(recorded).exists() {
                changed.insert(recorded.clone());
            }
        }
        changed.into_iter().collect()
    }
}
