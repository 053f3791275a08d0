//! A verdict nobody can fake: each way a wrong or stale answer once
//! counted as done, tried against the fixture course.

mod common;

use common::{Fixture, git, stderr, stdout};
use std::path::Path;
use std::time::{Duration, Instant};

/// The verdict for `demo-3`, and the snapshot file afterwards.
fn shout_verdict(course: &Fixture, key: &str, value: &str) -> (Option<i32>, String, String) {
    let output = course.xtask_with_env(&["verify", "demo-3"], key, value);
    let snapshot = std::fs::read_to_string(course.path("exercises/01-demo/tests/snapshots/shout__shouts.snap"));
    (output.status.code(), format!("{}{}", stdout(&output), stderr(&output)), snapshot.unwrap())
}

#[test]
fn an_insta_config_file_cannot_force_a_pass() {
    let course = Fixture::new("insta-config").with_snapshot_exercise();
    let shipped = std::fs::read_to_string(course.path("exercises/01-demo/tests/snapshots/shout__shouts.snap")).unwrap();
    for file in [".insta.yaml", "insta.yaml", ".config/insta.yaml"] {
        let path = course.path(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "behavior:\n  force_pass: true\n  update: force\n").unwrap();
        let (code, text, snapshot) = shout_verdict(&course, "NO_COLOR", "1");
        assert_eq!(code, Some(1), "{file}: {text}");
        assert!(text.contains("0/3 exercises done"), "{file}: {text}");
        assert_eq!(snapshot, shipped, "{file}: the protected snapshot was rewritten");
        std::fs::remove_file(&path).unwrap();
    }
    course.solve("shout.rs");
    let (code, text, _) = shout_verdict(&course, "NO_COLOR", "1");
    assert_eq!(code, Some(0), "the right answer still counts: {text}");
    assert!(text.contains("✓ demo-3 done"), "{text}");
}

#[test]
fn insta_force_update_variables_cannot_rewrite_the_snapshot() {
    let course = Fixture::new("insta-env").with_snapshot_exercise();
    let shipped = std::fs::read_to_string(course.path("exercises/01-demo/tests/snapshots/shout__shouts.snap")).unwrap();
    for variable in ["INSTA_FORCE_UPDATE", "INSTA_FORCE_UPDATE_SNAPSHOTS"] {
        let (code, text, snapshot) = shout_verdict(&course, variable, "1");
        assert_eq!(code, Some(1), "{variable}: {text}");
        assert_eq!(snapshot, shipped, "{variable}: the protected snapshot was rewritten");
    }
}

#[test]
fn exiting_early_with_status_zero_is_not_passing() {
    let course = Fixture::new("early-exit");
    std::fs::write(
        course.path("exercises/01-demo/src/add.rs"),
        "pub fn add(_: u32, _: u32) -> u32 {\n    std::process::exit(0)\n}\n",
    )
    .unwrap();
    let output = course.xtask(&["verify", "demo-1"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("exited before these tests reported a result: adds"), "{text}");
    assert!(text.contains("0/2 exercises done"), "{text}");
}

#[test]
fn chapter_code_is_protected_and_every_compiled_file_keys_the_cache() {
    let course = Fixture::new("chapter-and-cache");
    // Chapter code the tests compile against is protected like the tests.
    let chapter = course.path("chapters/01-demo/src/lib.rs");
    let shipped = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, format!("{shipped}pub fn helpful() {{}}\n")).unwrap();
    let text = stdout(&course.xtask(&["verify", "demo-1"]));
    assert!(text.contains("chapters/01-demo/src/lib.rs"), "{text}");
    std::fs::write(&chapter, &shipped).unwrap();

    course.solve("add.rs");
    assert_eq!(course.xtask(&["verify", "demo-1"]).status.code(), Some(0));
    // Another file of the exercise crate changed: the cached verdict is not
    // served (here cargo cannot run, so trying is a tool error, exit 2).
    let spin = course.path("exercises/01-demo/src/spin.rs");
    let mut text = std::fs::read_to_string(&spin).unwrap();
    text.push_str("\n// edited\n");
    std::fs::write(&spin, text).unwrap();
    let output = course.xtask_with_env(&["verify", "demo-1"], "CARGO", "/nonexistent/cargo");
    assert_eq!(output.status.code(), Some(2), "served from the cache: {}", stdout(&output));
    // Nor once the exercise file itself is gone.
    assert_eq!(course.xtask(&["verify", "demo-1"]).status.code(), Some(0));
    std::fs::remove_file(course.path("exercises/01-demo/src/add.rs")).unwrap();
    let output = course.xtask(&["verify", "demo-1"]);
    assert_ne!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn a_re_blessed_lock_does_not_launder_an_edited_test() {
    let shipped = Fixture::new("shipped");
    let course = shipped.learner_clone("learner");
    // A learner "fixes" the test and records its hash.
    std::fs::write(course.path("exercises/01-demo/tests/add.rs"), "#[test]\nfn adds() {}\n").unwrap();
    let output = course.xtask_with_env(&["bless"], "COURSE_MAINTAINER", "");
    assert!(output.status.code() == Some(0), "{}", stderr(&output));
    git(&course.root, &["commit", "-q", "-am", "my way"]);
    let output = course.xtask(&["verify", "demo-1"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("exercises/01-demo/tests/add.rs"), "{text}");

    // reset restores the stub as shipped, not the learner's blessed version.
    let stub = std::fs::read_to_string(shipped.path("exercises/01-demo/src/add.rs")).unwrap();
    std::fs::write(course.path("exercises/01-demo/src/add.rs"), "pub fn add(a: u32, b: u32) -> u32 { a + b }\n")
        .unwrap();
    assert_eq!(course.xtask_with_env(&["bless"], "COURSE_MAINTAINER", "1").status.code(), Some(0));
    git(&course.root, &["commit", "-q", "-am", "my stub"]);
    let output = course.xtask(&["reset", "demo-1", "--yes"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(course.path("exercises/01-demo/src/add.rs")).unwrap(), stub);
}

#[test]
fn maintainer_commands_refuse_unless_asked() {
    let course = Fixture::new("maintainer");
    for command in [&["bless"][..], &["sync"], &["new-exercise", "01-demo", "ex9_more"]] {
        let output = common::as_learner(&course, command);
        assert_eq!(output.status.code(), Some(2), "{command:?}");
        assert!(stderr(&output).contains("--maintainer"), "{command:?}: {}", stderr(&output));
    }
    assert!(!course.path("exercises/01-demo/src/ex9_more.rs").exists());
    assert_eq!(common::as_learner(&course, &["--maintainer", "sync"]).status.code(), Some(0));
}

#[test]
fn a_process_left_running_does_not_hold_the_verdict() {
    let course = Fixture::new("lingering");
    std::fs::write(
        course.path("exercises/01-demo/src/add.rs"),
        "pub fn add(a: u32, b: u32) -> u32 {\n    \
         let _ = std::process::Command::new(\"sleep\").arg(\"47\").spawn();\n    a + b\n}\n",
    )
    .unwrap();
    let started = Instant::now();
    let output = course.xtask(&["verify", "demo-1"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(started.elapsed() < Duration::from_secs(30), "held for {:?}", started.elapsed());
}

#[test]
fn a_crash_is_explained() {
    let course = Fixture::new("crash");
    std::fs::write(
        course.path("exercises/01-demo/src/add.rs"),
        "pub fn add(_: u32, _: u32) -> u32 {\n    std::process::abort()\n}\n",
    )
    .unwrap();
    let output = course.xtask(&["verify", "demo-1"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("killed by SIGABRT (6)"), "{text}");
}

#[test]
fn a_direct_cargo_test_writes_no_snapshot_and_the_tool_gives_no_insta_advice() {
    let course = Fixture::new("direct-cargo-test").with_snapshot_exercise();
    let text = stdout(&course.xtask(&["verify", "demo-3"]));
    assert!(text.contains("-expected (the protected .snap file"), "{text}");
    assert!(text.contains("+what your code produced"), "{text}");
    for advice in ["cargo insta", "INSTA_UPDATE"] {
        assert!(!text.contains(advice), "insta's advice {advice:?} reached the learner:\n{text}");
    }

    // Outside this repository, so that cargo reads no .cargo/config.toml but
    // the one under test (it also reads those of every parent folder).
    let clone = std::env::temp_dir().join(format!("xtask-direct-cargo-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&clone);
    common::copy_dir(&course.root, &clone);
    let _ = std::fs::remove_dir_all(clone.join("target"));
    let snapshots = clone.join("exercises/01-demo/tests/snapshots");
    let direct_run_leaves = |config: &str| {
        std::fs::create_dir_all(clone.join(".cargo")).unwrap();
        std::fs::write(clone.join(".cargo/config.toml"), config).unwrap();
        let output = std::process::Command::new(env!("CARGO"))
            .args(["test", "--quiet", "-p", "exercises-01-demo", "--test", "shout"])
            .current_dir(&clone)
            .env("CARGO_TARGET_DIR", clone.join("target"))
            .env_remove("INSTA_UPDATE")
            // insta writes nothing when it detects CI; a learner's machine is not CI.
            .env_remove("CI")
            .output()
            .expect("run cargo test");
        assert!(!output.status.success(), "the stub's snapshot differs: {}", stdout(&output));
        let new_files: Vec<_> = std::fs::read_dir(&snapshots)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".snap.new"))
            .collect();
        for file in &new_files {
            std::fs::remove_file(snapshots.join(file)).unwrap();
        }
        new_files
    };
    let course_config = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.cargo/config.toml"));
    let with_course_config = direct_run_leaves(&course_config.unwrap());
    // The same run without it: insta leaves a file, so the configuration is
    // what keeps the protected folder clean.
    let without = direct_run_leaves("");
    let _ = std::fs::remove_dir_all(&clone);
    assert_eq!(with_course_config, Vec::<String>::new(), "a direct cargo test wrote into the protected folder");
    assert_eq!(without, ["shout__shouts.snap.new"], "without the course's configuration insta writes one");
}
