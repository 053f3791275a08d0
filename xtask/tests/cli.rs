//! The course CLI, run for real on a small fixture course (`tests/fixture`):
//! two exercises, `demo-1` (a `todo!()`) and `demo-2` (a stub that never
//! returns). Each test works on its own copy.

use std::path::Path;
use std::process::Command;

mod common;

use common::{Fixture, mdbook_available, stderr, stdout};

#[test]
fn counts_progress_and_shows_the_first_pending_exercise() {
    let course = Fixture::new("progress");
    let output = course.xtask(&[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("demo-1"), "{text}");
    assert!(text.contains("not yet implemented: add 2 and 3"), "the failure is shown: {text}");
    assert!(text.contains("Edit:  exercises/01-demo/src/add.rs"), "{text}");
    assert!(text.contains("Hint:  cargo xtask hint demo-1"), "{text}");
    assert!(text.contains("0/2 exercises done"), "{text}");

    course.solve("add.rs");
    course.solve("spin.rs");
    let output = course.xtask(&["verify"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("2/2 exercises done"));

    // Unchanged files: the answer comes from the cache, without cargo (a
    // cargo that cannot run would be a tool error, exit 2).
    let output = course.xtask_with_env(&["verify"], "CARGO", "/nonexistent/cargo");
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&course.xtask(&["list"])).contains("demo-2  done"));
}

#[test]
fn edited_tests_are_reported_and_never_counted() {
    let course = Fixture::new("tamper");
    course.solve("add.rs");
    course.solve("spin.rs");
    assert_eq!(course.xtask(&[]).status.code(), Some(0));

    // A learner "fixes" the test instead of the code.
    std::fs::write(course.path("exercises/01-demo/tests/add.rs"), "#[test]\nfn adds() {}\n").unwrap();
    let output = course.xtask(&[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("files that decide this exercise were modified — restore them"), "{text}");
    assert!(text.contains("exercises/01-demo/tests/add.rs"), "{text}");
    assert!(text.contains("1/2 exercises done"), "{text}");
    assert!(stdout(&course.xtask(&["list"])).contains("demo-1  modified"));
}

#[test]
fn unknown_id_suggests_the_closest() {
    let course = Fixture::new("unknown");
    let output = course.xtask(&["hint", "demo1"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown exercise `demo1`; did you mean `demo-1`?"), "{}", stderr(&output));
    assert_eq!(stderr(&output).lines().count(), 1, "one clear line");
}

#[test]
fn hints_come_one_tier_at_a_time_and_are_remembered() {
    let course = Fixture::new("hint-tiers");
    let first = stdout(&course.xtask(&["hint", "demo-2"]));
    assert!(first.contains("Hint 1 of 2 — a nudge\nThe loop never ends."), "{first}");
    assert!(!first.contains("Return instead of looping."), "the code is not the first answer: {first}");
    let second = stdout(&course.xtask(&["hint", "demo-2"]));
    assert!(second.contains("Hint 1 of 2 — a nudge (seen)"), "{second}");
    assert!(second.contains("Hint 2 of 2 — the code\nReturn instead of looping."), "{second}");
    assert!(second.contains("That was the last hint."), "{second}");
    // Another exercise starts from its own first tier; --all shows every one.
    assert!(!stdout(&course.xtask(&["hint", "demo-1"])).contains("the + operator"));
    assert!(stdout(&course.xtask(&["hint", "demo-1", "--all"])).contains("the + operator"));
}

#[test]
fn a_test_that_never_ends_is_stopped() {
    let course = Fixture::new("timeout");
    course.solve("add.rs");
    let output = course.xtask(&["verify", "--timeout", "3"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("demo-2"), "{text}");
    assert!(text.contains("stopped after 3s: is there an endless loop?"), "{text}");
    assert!(text.contains("1/2 exercises done"), "{text}");
}

#[test]
fn a_syntax_error_shows_the_compiler_message() {
    let course = Fixture::new("syntax");
    std::fs::write(course.path("exercises/01-demo/src/add.rs"), "pub fn add(a: u32, b: u32) -> u32 { a + }\n").unwrap();
    let output = course.xtask(&[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}\n{}", stderr(&output));
    assert!(text.contains("error: expected expression"), "{text}");
    assert!(text.contains("src/add.rs"), "{text}");
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    assert!(text.contains("`cargo xtask reset demo-1` saves your version"), "a way back is offered: {text}");

    // The lesson's exercises share a crate: a broken demo-2 stops demo-1 too,
    // and the advice names the exercise whose file is broken.
    course.solve("add.rs");
    std::fs::write(course.path("exercises/01-demo/src/spin.rs"), "pub fn spin( {\n").unwrap();
    let text = stdout(&course.xtask(&["verify", "demo-1"]));
    assert!(text.contains("`cargo xtask reset demo-2`"), "{text}");
    assert!(!text.contains("reset demo-1"), "{text}");
}

#[test]
fn a_deleted_exercise_file_points_to_reset() {
    let course = Fixture::new("deleted");
    std::fs::remove_file(course.path("exercises/01-demo/src/add.rs")).unwrap();
    let output = course.xtask(&["verify", "demo-1"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}\n{}", stderr(&output));
    assert!(
        text.contains("exercises/01-demo/src/add.rs is missing: `cargo xtask reset demo-1` puts the shipped stub back"),
        "{text}"
    );
}

#[test]
fn watch_checks_again_on_save_and_ends_when_all_are_done() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    let course = Fixture::new("watch");
    let mut child = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("--root")
        .arg(&course.root)
        .arg("watch")
        .env("CARGO_TARGET_DIR", course.root.join("target"))
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run xtask watch");
    let (lines, seen) = mpsc::channel();
    let stdout = child.stdout.take().expect("piped");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut transcript = String::new();
    let wait_for = |wanted: &str, transcript: &mut String| {
        let deadline = Instant::now() + Duration::from_secs(300);
        while let Ok(line) = seen.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            transcript.push_str(&line);
            transcript.push('\n');
            if line.contains(wanted) {
                return true;
            }
        }
        false
    };
    let waiting = wait_for("Watching exercises/", &mut transcript);
    if !waiting {
        let _ = child.kill();
    }
    assert!(waiting, "watch never waited for a save:\n{transcript}");
    assert!(transcript.contains("not yet implemented: add 2 and 3"), "the first run is shown:\n{transcript}");

    // Saving the answers runs the exercises again; with all done, watch ends.
    course.solve("spin.rs");
    course.solve("add.rs");
    let finished = wait_for("2/2 exercises done", &mut transcript);
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        match child.try_wait().expect("wait for watch") {
            Some(status) => break Some(status),
            None if Instant::now() > deadline => break None,
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    if status.is_none() {
        let _ = child.kill();
    }
    assert!(finished, "no run after the save:\n{transcript}");
    assert_eq!(status.and_then(|s| s.code()), Some(0), "watch ends when all are done:\n{transcript}");
}

#[test]
fn reset_restores_the_stub_and_keeps_a_backup() {
    let course = Fixture::new("reset");
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .current_dir(&course.root)
            .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .expect("git");
        assert!(status.status.success(), "git {args:?}: {}", stderr(&status));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "course"]);
    let stub = std::fs::read_to_string(course.path("exercises/01-demo/src/add.rs")).unwrap();

    // The learner's work, even committed, must survive a reset.
    let mine = "pub fn add(a: u32, b: u32) -> u32 {\n    a.wrapping_add(b) // my attempt\n}\n";
    std::fs::write(course.path("exercises/01-demo/src/add.rs"), mine).unwrap();
    git(&["commit", "-q", "-am", "my work"]);

    let output = course.xtask(&["reset", "demo-1"]);
    assert_eq!(output.status.code(), Some(1), "no --yes and no answer: nothing happens");
    assert_eq!(std::fs::read_to_string(course.path("exercises/01-demo/src/add.rs")).unwrap(), mine);

    let output = course.xtask(&["reset", "demo-1", "--yes"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(course.path("exercises/01-demo/src/add.rs")).unwrap(), stub);
    let backup = text
        .lines()
        .find_map(|line| line.strip_prefix("your version is saved in "))
        .unwrap_or_else(|| panic!("no backup path in: {text}"));
    assert!(backup.starts_with(".course/backups/demo-1-"), "{backup}");
    assert_eq!(std::fs::read_to_string(course.path(backup)).unwrap(), mine);
}

#[test]
fn check_proves_each_test_fails_on_the_stub_and_passes_on_the_solution() {
    if !mdbook_available("check_proves_each_test") {
        return;
    }
    let course = Fixture::new("check");
    let quick = ["check", "--no-miri", "--no-book", "--no-lints"];
    let output = course.xtask(&quick);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    assert!(text.contains("demo-1 adds: fails on the stub, passes on the solution"), "{text}");
    assert!(text.contains("demo-2 returns: fails on the stub, passes on the solution"), "{text}");
    assert!(text.contains("MIRI SKIPPED"), "skipping Miri is said loudly");

    // A stub that already passes its test: the test proves nothing.
    course.solve("add.rs");
    assert_eq!(course.xtask(&["bless"]).status.code(), Some(0));
    let output = course.xtask(&quick);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("demo-1 adds: does not fail on the stub"), "{text}");
}

#[test]
fn check_catches_a_protected_file_that_changed() {
    if !mdbook_available("check_catches_a_protected_file_that_changed") {
        return;
    }
    let course = Fixture::new("check-lock");
    std::fs::write(course.path("exercises/01-demo/tests/add.rs"), "#[test]\nfn adds() { panic!() }\n").unwrap();
    let output = course.xtask(&["check", "--no-miri", "--no-book", "--no-lints"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("protected file exercises/01-demo/tests/add.rs differs from course.lock"), "{text}");
}

#[test]
fn a_stale_derived_file_is_named_and_sync_restores_it_byte_for_byte() {
    if !mdbook_available("a_stale_derived_file") {
        return;
    }
    let course = Fixture::new("sync");
    let manifest = course.path("solutions/01-demo/Cargo.toml");
    let shipped = std::fs::read_to_string(&manifest).unwrap();
    let block = "[[test]]\nname = \"spin\"\npath = \"../../exercises/01-demo/tests/spin.rs\"\n\n";
    assert!(shipped.contains(block), "{shipped}");
    std::fs::write(&manifest, shipped.replace(block, "")).unwrap();

    let started = std::time::Instant::now();
    let output = course.xtask(&["check", "--fast"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("solutions/01-demo/Cargo.toml is stale: run `cargo xtask sync`"), "{text}");
    assert!(started.elapsed().as_secs() < 60, "check --fast took {:?}", started.elapsed());

    let output = course.xtask(&["sync"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("wrote solutions/01-demo/Cargo.toml"));
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), shipped, "restored byte for byte");
    assert_eq!(course.xtask(&["check", "--fast"]).status.code(), Some(0));
}

#[test]
fn a_new_lesson_with_one_exercise_is_three_commands_and_a_solution() {
    if !mdbook_available("a_new_lesson_with_one_exercise") {
        return;
    }
    let course = Fixture::new("scaffold");
    let output = course.xtask(&["new-lesson", "02-extra", "--title", "Extra things"]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    let output = course.xtask(&["new-exercise", "02-extra", "ex1_answer"]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    for file in [
        "chapters/02-extra/Cargo.toml",
        "exercises/02-extra/src/ex1_answer.rs",
        "exercises/02-extra/tests/ex1_answer.rs",
        "solutions/02-extra/src/ex1_answer.rs",
        "solutions/02-extra/Cargo.toml",
        "book/src/02-extra/index.md",
    ] {
        assert!(course.path(file).is_file(), "{file} was not written");
    }
    let summary = std::fs::read_to_string(course.path("book/src/SUMMARY.md")).unwrap();
    assert!(summary.contains("- [Extra things](02-extra/index.md)"), "{summary}");
    let toml = std::fs::read_to_string(course.path("course.toml")).unwrap();
    assert!(toml.contains("id = \"extra-1\""), "{toml}");
    let root = std::fs::read_to_string(course.path("Cargo.toml")).unwrap();
    assert!(root.contains("extra = { package = \"chapter-02-extra\", path = \"chapters/02-extra\" }"), "{root}");

    assert_eq!(course.xtask(&["bless"]).status.code(), Some(0));
    let output = course.xtask(&["check", "--fast"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    // The scaffolded solution is a `todo!()` too: check says so until it is written.
    let lesson_only = ["check", "--lesson", "02-extra", "--no-miri", "--no-lints"];
    let output = course.xtask(&lesson_only);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("extra-1 answers: does not pass on the solution"), "{text}");
    assert!(!text.contains("demo-1"), "only the lesson asked for: {text}");

    std::fs::write(course.path("solutions/02-extra/src/ex1_answer.rs"), "pub fn answer() -> u32 {\n    42\n}\n")
        .unwrap();
    let output = course.xtask(&lesson_only);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(text.contains("extra-1 answers: fails on the stub, passes on the solution"), "{text}");

    // Teaching order: lesson 01 may not use lesson 02's chapter crate.
    let chapter = course.path("chapters/01-demo/Cargo.toml");
    let manifest = std::fs::read_to_string(&chapter).unwrap();
    std::fs::write(&chapter, format!("{manifest}\n[dependencies]\nextra.workspace = true\n")).unwrap();
    let text = stdout(&course.xtask(&["check", "--fast"]));
    assert!(
        text.contains("`chapter-01-demo` (lesson 01-demo) uses `chapter-02-extra` of the later lesson 02-extra"),
        "{text}"
    );
}

/// Needs mdbook, Node.js and Chromium; CI installs them and sets
/// `COURSE_BROWSER_TESTS=1` (see `.ci/run`).
#[test]
fn book_check_fails_on_a_broken_page() {
    if std::env::var_os("COURSE_BROWSER_TESTS").is_none() {
        eprintln!("skipped: set COURSE_BROWSER_TESTS=1 (with mdbook, node and chromium installed) to run");
        return;
    }
    let course = Fixture::new("book");
    let output = course.xtask(&["book", "--check"]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));

    // Break the page on purpose: a missing image and a script that throws.
    let page = course.path("book/src/01-demo/index.md");
    let mut text = std::fs::read_to_string(&page).unwrap();
    text.push_str("\n<img src=\"missing.png\" alt=\"gone\">\n\n<script>throw new Error(\"boom\")</script>\n");
    std::fs::write(&page, text).unwrap();
    let output = course.xtask(&["book", "--check"]);
    let report = format!("{}{}", stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(2), "{report}");
    assert!(report.contains("01-demo/index.html: image did not load: missing.png"), "{report}");
    assert!(report.contains("01-demo/index.html: uncaught exception: boom"), "{report}");

    // And a search that finds nothing.
    std::fs::write(course.path("book/src/01-demo/index.md"), "# Demo\n\nNothing to find.\n").unwrap();
    std::fs::write(course.path("book/src/index.md"), "# Welcome\n").unwrap();
    let output = course.xtask(&["book", "--check"]);
    let report = format!("{}{}", stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(2), "{report}");
    assert!(report.contains("search for \"arena\" found nothing"), "{report}");
}

#[test]
fn solution_is_shown_only_when_done() {
    let course = Fixture::new("solution");
    let output = course.xtask(&["solution", "demo-1"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("demo-1 is not done yet"));
    assert!(!stdout(&output).contains("a + b"));

    let output = course.xtask(&["solution", "demo-1", "--force"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("a + b"));
}

/// The playground check, broken on purpose: a fixture course gets a stand-in
/// playground (the real widget script, a small WebAssembly module with the
/// real crate's four exports) whose run matches its snapshot — then the
/// snapshot changes by one colour, and the check must fail on that step.
/// Needs what the test above needs, and the wasm32 target (`book` installs it).
#[test]
fn book_check_fails_when_a_playground_differs_from_its_native_run() {
    if std::env::var_os("COURSE_BROWSER_TESTS").is_none() {
        eprintln!("skipped: set COURSE_BROWSER_TESTS=1 (with mdbook, node and chromium installed) to run");
        return;
    }
    let course = Fixture::new("playground");
    let write = |path: &str, text: &str| {
        let path = course.path(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let manifest = std::fs::read_to_string(course.path("Cargo.toml")).unwrap();
    let manifest = manifest.replace(r#""solutions/*"]"#, r#""solutions/*", "playground"]"#);
    write("Cargo.toml", &format!("{manifest}\n[profile.wasm]\ninherits = \"release\"\npanic = \"abort\"\n"));
    write(
        "playground/Cargo.toml",
        "[package]\nname = \"course-playground\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [lib]\nname = \"playground\"\ncrate-type = [\"cdylib\", \"rlib\"]\n",
    );
    write("playground/src/lib.rs", STAND_IN_PLAYGROUND);
    let step = |op: &str, log: &str, width: usize| {
        let log = if log.is_empty() { String::new() } else { format!("   {log}\n") };
        format!(
            "== step {}: {op}\n{log}<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\" role=\"img\">\
             <rect width=\"{width}\" height=\"10\" fill=\"#8ecae6\"/></svg>\n",
            width / 10
        )
    };
    let snapshot = format!(
        "---\nsource: playground/tests/presets.rs\nexpression: render(&steps)\n---\n{}{}{}",
        step("(start)", "", 0),
        step("alloc 8", "did alloc 8", 10),
        step("free A", "did free A", 20)
    );
    write("playground/tests/snapshots/presets__demo.snap", &snapshot);
    let widget =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../book/theme/playground.js")).unwrap();
    write("book/theme/playground.js", &widget);
    let book = std::fs::read_to_string(course.path("book/book.toml")).unwrap();
    write("book/book.toml", &format!("{book}\n[output.html]\nadditional-js = [\"theme/playground.js\"]\n"));
    let page = std::fs::read_to_string(course.path("book/src/01-demo/index.md")).unwrap();
    write(
        "book/src/01-demo/index.md",
        &format!("{page}\n<div class=\"allocator-playground\" data-allocator=\"fixed-buffer\"></div>\n"),
    );

    let output = course.xtask(&["book", "--check"]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));

    write(
        "playground/tests/snapshots/presets__demo.snap",
        &snapshot.replace("#8ecae6\"/></svg>\n== step 2", "#ffb703\"/></svg>\n== step 2"),
    );
    let output = course.xtask(&["book", "--check"]);
    let report = format!("{}{}", stdout(&output), stderr(&output));
    assert_eq!(output.status.code(), Some(2), "{report}");
    assert!(report.contains("01-demo/index.html: preset demo, step 1: the picture"), "{report}");
    assert!(report.contains("differs from the native run"), "{report}");
}

/// The real playground's exports (see playground/src/wasm.rs), with a
/// stand-in allocator: each line's step logs "did <line>" and draws a bar
/// ten pixels longer; a line that is not `alloc` or `free` is a mistake.
const STAND_IN_PLAYGROUND: &str = r###"
use std::sync::Mutex;
static INPUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static OUTPUT: Mutex<String> = Mutex::new(String::new());

fn svg(n: usize) -> String {
    format!(r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" role="img"><rect width="{}" height="10" fill="#8ecae6"/></svg>"##, n * 10)
}

fn set(text: String) -> usize {
    let mut output = OUTPUT.lock().unwrap();
    *output = text;
    output.len()
}

#[unsafe(no_mangle)]
pub extern "C" fn playground_input(len: usize) -> *mut u8 {
    let mut input = INPUT.lock().unwrap();
    input.clear();
    input.resize(len, 0);
    input.as_mut_ptr()
}

#[unsafe(no_mangle)]
pub extern "C" fn playground_run() -> usize {
    let input = String::from_utf8_lossy(&INPUT.lock().unwrap()).into_owned();
    let (_, script) = input.split_once('\u{1d}').unwrap_or(("", ""));
    let mut steps = vec![format!("(start)\u{1f}\u{1f}{}", svg(0))];
    for (n, line) in script.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        if !line.starts_with("alloc") && !line.starts_with("free") {
            return set(format!("error\u{1d}line {}: not an operation", n + 1));
        }
        steps.push(format!("{line}\u{1f}did {line}\u{1f}{}", svg(steps.len())));
    }
    set(format!("ok\u{1d}{}", steps.join("\u{1e}")))
}

#[unsafe(no_mangle)]
pub extern "C" fn playground_presets() -> usize {
    set("demo\u{1f}fixed-buffer\u{1f}A demo\u{1f}alloc 8\nfree A".to_string())
}

#[unsafe(no_mangle)]
pub extern "C" fn playground_output() -> *const u8 {
    OUTPUT.lock().unwrap().as_ptr()
}
"###;
