//! `cargo xtask sync`: writes every file whose content follows from
//! `course.toml` and the exercise crates, so a maintainer never copies it by
//! hand (rustlings' `dev update` is the model):
//!
//! - each solution crate's `Cargo.toml`: its package, the exercise crate's
//!   `[lib]` name and dependency tables, one `[[test]]` per exercise test file;
//! - the `pub mod` lists of both `src/lib.rs`, one module per exercise file;
//! - the root `[workspace.dependencies]` alias of every chapter crate;
//! - the path in each compile-fail harness (`tests/ui/<target>/*.rs`);
//! - the `source:` header of every snapshot (the exercise's test file, also
//!   when the snapshot was recorded from the solution crate).
//!
//! `cargo xtask check` fails while any of them is stale.

use crate::course::{Course, Exercise, Lesson, Place};
use crate::{Context, Error};
use std::path::PathBuf;

/// A file as `sync` would write it.
pub struct Derived {
    pub path: PathBuf,
    pub content: String,
}

/// The derived files whose content differs from what `sync` would write.
pub fn stale(course: &Course) -> Result<Vec<Derived>, Error> {
    Ok(derived_files(course)?
        .into_iter()
        .filter(|file| std::fs::read_to_string(&file.path).ok().as_deref() != Some(file.content.as_str()))
        .collect())
}

/// `cargo xtask sync`: rewrites the stale derived files and names them.
pub fn sync(course: &Course) -> Result<i32, Error> {
    let stale = stale(course)?;
    for file in &stale {
        std::fs::write(&file.path, &file.content).with_context(|| format!("cannot write {}", file.path.display()))?;
        println!("wrote {}", course.relative(&file.path));
    }
    if stale.is_empty() {
        println!("every derived file is up to date");
    } else if stale.iter().any(|f| f.path.starts_with(course.root.join("exercises"))) {
        println!("exercise files changed: `cargo xtask bless` records their new hashes in course.lock");
    }
    Ok(0)
}

/// Every derived file, with the content it must have.
pub fn derived_files(course: &Course) -> Result<Vec<Derived>, Error> {
    let mut files = vec![root_manifest(course)?];
    for lesson in course.lessons.iter().filter(|l| !l.draft) {
        let exercise_manifest = course.lesson_dir(Place::Exercises, &lesson.id).join("Cargo.toml");
        if !exercise_manifest.is_file() {
            continue; // `check` reports the missing crate.
        }
        files.push(solution_manifest(course, lesson)?);
        for place in [Place::Exercises, Place::Solutions] {
            let lib = course.lesson_dir(place, &lesson.id).join("src").join("lib.rs");
            if let Ok(text) = std::fs::read_to_string(&lib) {
                files.push(Derived { content: with_modules(&text, &modules(lesson)), path: lib });
            }
        }
        for exercise in &lesson.exercises {
            files.extend(test_files(course, exercise));
        }
    }
    Ok(files)
}

/// The modules of a lesson's `lib.rs`: one per exercise file in `src/`.
fn modules(lesson: &Lesson) -> Vec<String> {
    lesson
        .exercises
        .iter()
        .filter(|e| e.file.parent() == Some("src".as_ref()))
        .filter_map(|e| e.file.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|stem| stem != "lib")
        .collect()
}

/// `text` with its run of `pub mod x;` lines replaced by `modules` (or them
/// appended, if it has none).
fn with_modules(text: &str, modules: &[String]) -> String {
    let is_mod = |line: &str| line.starts_with("pub mod ") && line.ends_with(';');
    let lines: Vec<&str> = text.lines().collect();
    let declared: Vec<String> = modules.iter().map(|m| format!("pub mod {m};")).collect();
    let (before, after) = match lines.iter().position(|l| is_mod(l)) {
        Some(first) => {
            let last = lines.iter().rposition(|l| is_mod(l)).unwrap_or(first);
            (&lines[..first], &lines[last + 1..])
        }
        None => (&lines[..], &[][..]),
    };
    let mut out: Vec<String> = before.iter().map(|l| l.to_string()).collect();
    if !declared.is_empty() && before.last().is_some_and(|l| !l.trim().is_empty()) {
        out.push(String::new());
    }
    out.extend(declared);
    out.extend(after.iter().map(|l| l.to_string()));
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    format!("{}\n", out.join("\n"))
}

/// The root manifest with one `[workspace.dependencies]` alias per chapter
/// crate: `fixed-buffer = { package = "chapter-05-fixed-buffer", … }`.
fn root_manifest(course: &Course) -> Result<Derived, Error> {
    let path = course.root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path).context("cannot read Cargo.toml")?;
    let is_alias = |line: &str| line.contains(" = { package = \"chapter-");
    let aliases: Vec<String> = course
        .lessons
        .iter()
        .filter(|l| !l.draft)
        .map(|l| {
            let features = if l.chapter_default_features { "" } else { ", default-features = false" };
            format!(
                "{} = {{ package = \"{}\", path = \"chapters/{}\"{features} }}",
                l.slug(),
                Place::Chapter.package(&l.id),
                l.id
            )
        })
        .collect();
    let lines: Vec<&str> = text.lines().collect();
    let (first, last) = match (lines.iter().position(|l| is_alias(l)), lines.iter().rposition(|l| is_alias(l))) {
        (Some(first), Some(last)) => (first, last + 1),
        _ => {
            let table = lines
                .iter()
                .position(|l| l.trim() == "[workspace.dependencies]")
                .ok_or_else(|| Error::new("Cargo.toml has no [workspace.dependencies] for the chapter aliases"))?;
            (table + 1, table + 1)
        }
    };
    let mut out: Vec<String> = lines[..first].iter().map(|l| l.to_string()).collect();
    out.extend(aliases);
    out.extend(lines[last..].iter().map(|l| l.to_string()));
    Ok(Derived { path, content: format!("{}\n", out.join("\n")) })
}

/// A solution crate's manifest: the exercise crate's `[lib]` name and
/// dependencies, and every exercise test file as a test target.
fn solution_manifest(course: &Course, lesson: &Lesson) -> Result<Derived, Error> {
    let exercise_manifest = course.lesson_dir(Place::Exercises, &lesson.id).join("Cargo.toml");
    let text = std::fs::read_to_string(&exercise_manifest)
        .with_context(|| format!("cannot read {}", course.relative(&exercise_manifest)))?;
    let lib = lib_name(course, lesson)?;
    let mut out = format!(
        "# Derived by `cargo xtask sync` from course.toml and exercises/{id}/Cargo.toml:\n\
         # edit those and run it again. `cargo xtask check` fails while this file is stale.\n\
         [package]\n\
         name = \"{package}\"\n\
         description = \"Lesson {number} reference solutions, tested by the exercises' own test files\"\n\
         version = \"0.1.0\"\n\
         edition.workspace = true\n\
         rust-version.workspace = true\n\
         license.workspace = true\n\
         publish.workspace = true\n\n\
         # The exercise crate's library name, so its tests test the solutions unchanged.\n\
         [lib]\n\
         name = \"{lib}\"\n\
         doc = false\n",
        id = lesson.id,
        package = Place::Solutions.package(&lesson.id),
        number = lesson.number(),
    );
    for section in dependency_sections(&text) {
        out.push('\n');
        out.push_str(&section);
    }
    for target in lesson.exercises.iter().flat_map(|e| &e.tests) {
        out.push_str(&format!(
            "\n[[test]]\nname = \"{target}\"\npath = \"../../exercises/{}/tests/{target}.rs\"\n",
            lesson.id
        ));
    }
    out.push_str("\n[lints]\nworkspace = true\n");
    let path = course.lesson_dir(Place::Solutions, &lesson.id).join("Cargo.toml");
    Ok(Derived { path, content: out })
}

/// The `[lib]` name of a lesson's exercise crate (the solution crate has the
/// same, so the tests compile against either).
pub fn lib_name(course: &Course, lesson: &Lesson) -> Result<String, Error> {
    let manifest = course.lesson_dir(Place::Exercises, &lesson.id).join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).with_context(|| format!("cannot read {}", manifest.display()))?;
    let parsed: toml::Table = toml::from_str(&text).with_context(|| course.relative(&manifest))?;
    Ok(parsed
        .get("lib")
        .and_then(|lib| lib.get("name"))
        .and_then(|name| name.as_str())
        .map_or_else(|| Place::Exercises.package(&lesson.id).replace('-', "_"), str::to_owned))
}

/// The dependency tables of a manifest, each with the comment lines right
/// above its header, as written.
fn dependency_sections(manifest: &str) -> Vec<String> {
    let is_dependencies = |header: &str| {
        let name = header.trim_matches(['[', ']']);
        name.ends_with("dependencies") && (!name.contains('.') || name.starts_with("target."))
    };
    let mut sections = Vec::new();
    let mut comments: Vec<&str> = Vec::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            if let Some(done) = current.take() {
                sections.push(done);
            }
            let mut lines = std::mem::take(&mut comments);
            lines.push(line);
            current = Some((trimmed.to_owned(), lines));
        } else if trimmed.starts_with('#') || trimmed.is_empty() {
            // A comment (or blank line) belongs to the table whose header follows it.
            if trimmed.is_empty() {
                comments.clear();
            } else {
                comments.push(line);
            }
        } else if let Some((_, lines)) = &mut current {
            lines.append(&mut comments);
            lines.push(line);
        }
    }
    sections.extend(current);
    sections
        .into_iter()
        .filter(|(header, _)| is_dependencies(header))
        .map(|(_, lines)| format!("{}\n", lines.join("\n")))
        .collect()
}

/// An exercise's test files as they must be: compile-fail harnesses point
/// at their own `tests/ui/<target>/`, snapshots name the exercise's test file.
fn test_files(course: &Course, exercise: &Exercise) -> Vec<Derived> {
    let mut files = Vec::new();
    for target in &exercise.tests {
        let test_file = course.test_file(exercise, target);
        let source = format!("exercises/{}/tests/{target}.rs", exercise.lesson);
        if let Ok(text) = std::fs::read_to_string(&test_file) {
            let ui = format!("\"/../../exercises/{}/tests/ui/{target}/*.rs\"", exercise.lesson);
            files.push(Derived { content: with_ui_path(&text, &ui), path: test_file });
        }
        for snapshot in course.snapshots(exercise, target) {
            if let Ok(text) = std::fs::read_to_string(&snapshot) {
                files.push(Derived { content: with_snapshot_source(&text, &source), path: snapshot });
            }
        }
    }
    files
}

/// Replaces every `"/../../exercises/…/tests/ui/…/*.rs"` literal with `ui`.
fn with_ui_path(text: &str, ui: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\"/../../exercises/") {
        let Some(len) = rest[at + 1..].find('"').map(|end| end + 2) else { break };
        let literal = &rest[at..at + len];
        out.push_str(&rest[..at]);
        out.push_str(if literal.contains("/tests/ui/") && literal.ends_with("/*.rs\"") { ui } else { literal });
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// A snapshot whose header's `source:` line is `source`.
fn with_snapshot_source(text: &str, source: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_header = false;
    let mut header_done = false;
    for line in text.split_inclusive('\n') {
        if !header_done && line.trim_end() == "---" {
            header_done = in_header;
            in_header = !in_header;
        } else if in_header && line.starts_with("source: ") {
            out.push_str(&format!("source: {source}\n"));
            continue;
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_lists_are_replaced_in_place() {
        let text = "//! Docs.\n\n#![allow(dead_code)]\n\npub mod ex1_a;\npub mod old;\n";
        let want = "//! Docs.\n\n#![allow(dead_code)]\n\npub mod ex1_a;\npub mod ex2_b;\n";
        assert_eq!(with_modules(text, &["ex1_a".into(), "ex2_b".into()]), want);
        assert_eq!(with_modules("//! Docs.\n", &["ex1_a".into()]), "//! Docs.\n\npub mod ex1_a;\n");
    }

    #[test]
    fn dependency_tables_keep_their_comments() {
        let manifest = "[package]\nname = \"x\"\n\n[lib]\nname = \"y\"\n\n[dependencies]\na.workspace = true\n\n\
                        [dev-dependencies]\n# Pictures.\nb.workspace = true\n\n# Stubs: no lints.\n[lints]\n";
        assert_eq!(
            dependency_sections(manifest),
            ["[dependencies]\na.workspace = true\n", "[dev-dependencies]\n# Pictures.\nb.workspace = true\n"]
        );
    }

    #[test]
    fn ui_paths_and_snapshot_sources_are_rewritten() {
        let harness = "let cases = concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/../../exercises/old/tests/ui/t/*.rs\");";
        let ui = "\"/../../exercises/05-x/tests/ui/t/*.rs\"";
        assert!(with_ui_path(harness, ui).contains(ui));
        let snapshot =
            "---\nsource: solutions/05-x/../../exercises/05-x/tests/t.rs\nexpression: out\n---\nsource: body\n";
        assert_eq!(
            with_snapshot_source(snapshot, "exercises/05-x/tests/t.rs"),
            "---\nsource: exercises/05-x/tests/t.rs\nexpression: out\n---\nsource: body\n"
        );
    }
}
