//! The fixture course and helpers shared by xtask's integration tests.
#![allow(dead_code)] // each test file uses a part

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh copy of the fixture course, with hashes recorded by `bless`.
pub struct Fixture {
    pub root: PathBuf,
}

impl Fixture {
    pub fn new(name: &str) -> Fixture {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixtures").join(name);
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture"), &root);
        let fixture = Fixture { root };
        assert_eq!(fixture.xtask(&["bless"]).status.code(), Some(0));
        fixture
    }

    pub fn xtask(&self, args: &[&str]) -> Output {
        self.xtask_with_env(args, "NO_COLOR", "1")
    }

    pub fn xtask_with_env(&self, args: &[&str], key: &str, value: &str) -> Output {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("--root")
            .arg(&self.root)
            .args(args)
            // Each copy builds in its own target folder: copies share relative
            // paths, so in a shared folder cargo would mix up their artifacts.
            .env("CARGO_TARGET_DIR", self.root.join("target"))
            .env("NO_COLOR", "1")
            // The fixture's tests play the maintainer, except where they say not.
            .env("COURSE_MAINTAINER", "1")
            .env(key, value)
            .output()
            .expect("run xtask")
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn solve(&self, file: &str) {
        let solution = std::fs::read(self.path(&format!("solutions/01-demo/src/{file}"))).unwrap();
        std::fs::write(self.path(&format!("exercises/01-demo/src/{file}")), solution).unwrap();
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Whether mdbook can be found without installing it (every `check` builds
/// the book to check its includes and links). CI installs it and sets
/// `COURSE_BROWSER_TESTS=1`, so there a missing mdbook fails the test.
pub fn mdbook_available(test: &str) -> bool {
    let on_path = Command::new("mdbook").arg("--version").output().is_ok_and(|o| o.status.success());
    let installed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tools/bin/mdbook").is_file();
    if on_path || installed || std::env::var_os("COURSE_BROWSER_TESTS").is_some() {
        return true;
    }
    eprintln!("{test} skipped: no mdbook (`cargo xtask book` installs it; CI always runs this test)");
    false
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs git in `dir`, failing the test if git fails.
pub fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .expect("git");
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
}

impl Fixture {
    /// A learner's clone of this course, committed as shipped: its upstream
    /// (`origin`) holds the course as it was shipped.
    pub fn learner_clone(&self, name: &str) -> Fixture {
        git(&self.root, &["init", "-q", "-b", "main"]);
        git(&self.root, &["add", "."]);
        git(&self.root, &["commit", "-q", "-m", "the course, as shipped"]);
        let clone = self.root.with_file_name(name);
        let _ = std::fs::remove_dir_all(&clone);
        let output = Command::new("git").arg("clone").arg("-q").arg(&self.root).arg(&clone).output().expect("git");
        assert!(output.status.success(), "git clone: {}", stderr(&output));
        Fixture { root: clone }
    }

    /// Adds a snapshot exercise, `demo-3`: `shout("hello")` must be
    /// `HELLO!`; the stub answers `hello` (wrong, but no panic), so only the
    /// snapshot comparison can fail it. insta comes from the course's own
    /// lock file, so nothing is fetched.
    pub fn with_snapshot_exercise(self) -> Fixture {
        let write = |path: &str, text: &str| {
            let path = self.path(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("exercises/01-demo/src/shout.rs", "pub fn shout(text: &str) -> String {\n    text.to_owned()\n}\n");
        write(
            "solutions/01-demo/src/shout.rs",
            "pub fn shout(text: &str) -> String {\n    text.to_uppercase() + \"!\"\n}\n",
        );
        write(
            "exercises/01-demo/tests/shout.rs",
            "#[test]\nfn shouts() {\n    insta::assert_snapshot!(demo::shout::shout(\"hello\"));\n}\n",
        );
        write(
            "exercises/01-demo/tests/snapshots/shout__shouts.snap",
            "---\nsource: exercises/01-demo/tests/shout.rs\nexpression: \"demo::shout::shout(\\\"hello\\\")\"\n---\nHELLO!\n",
        );
        let manifest = self.path("exercises/01-demo/Cargo.toml");
        let text = std::fs::read_to_string(&manifest).unwrap().replace(
            "\n# Learner-facing stubs",
            "\n[dev-dependencies]\ninsta = { version = \"1\", default-features = false, features = [\"colors\"] }\n\n# Learner-facing stubs",
        );
        std::fs::write(&manifest, text).unwrap();
        let course = self.path("course.toml");
        let mut text = std::fs::read_to_string(&course).unwrap();
        text.push_str(
            "\n[[lesson.exercise]]\nid = \"demo-3\"\ntitle = \"Shout\"\ncrate = \"exercises-01-demo\"\n\
             file = \"src/shout.rs\"\ntests = [\"shout\"]\nkind = [\"snapshot\"]\nhints = [\"Think about case.\", \"Upper case, then a bang.\"]\n",
        );
        std::fs::write(&course, text).unwrap();
        let course_lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
        std::fs::copy(course_lock, self.path("Cargo.lock")).unwrap();
        assert_eq!(self.xtask(&["sync"]).status.code(), Some(0));
        assert_eq!(self.xtask(&["bless"]).status.code(), Some(0));
        self
    }
}

/// Runs the course tool as a learner would: without the maintainer's variable.
pub fn as_learner(course: &Fixture, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("--root")
        .arg(&course.root)
        .args(args)
        .env("CARGO_TARGET_DIR", course.root.join("target"))
        .env("NO_COLOR", "1")
        .env_remove("COURSE_MAINTAINER")
        .output()
        .expect("run xtask")
}
