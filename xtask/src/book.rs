//! `cargo xtask book`: builds the mdBook and checks what mdBook does not.
//!
//! mdBook succeeds even when an `{{#include}}` names a missing file or a link
//! points nowhere; a learner would find out. This module finds out first.

use crate::course::Course;
use crate::{Context, Error};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The mdBook release the course is written for (installed when missing).
const MDBOOK_VERSION: &str = "0.5.4";

/// The playground's target: WebAssembly with no JavaScript glue.
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// `mdbook` on PATH, else the course's own copy, installing it if needed.
pub fn mdbook(course: &Course) -> Result<PathBuf, Error> {
    let on_path = Command::new("mdbook").arg("--version").output().is_ok_and(|o| o.status.success());
    if on_path {
        return Ok(PathBuf::from("mdbook"));
    }
    let tools = course.root.join("target").join("tools");
    let local = tools.join("bin").join("mdbook");
    // The copy installed for the course this tool was built in (the same one,
    // unless `--root` names another course, as xtask's own tests do).
    let home = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/tools/bin/mdbook");
    if let Some(found) = [&local, &home].into_iter().find(|path| path.is_file()) {
        return Ok(found.clone());
    }
    eprintln!("mdbook is not installed: installing mdbook {MDBOOK_VERSION} into target/tools (a few minutes, once)...");
    let status = course
        .cargo()
        .args(["install", "mdbook", "--locked", "--version", MDBOOK_VERSION])
        .args(["--no-default-features", "--features", "search", "--root"])
        .arg(&tools)
        .status()
        .context("cannot run cargo install")?;
    if !status.success() || !local.is_file() {
        return Err(Error::new(
            "could not install mdbook (no network?): install it yourself with \
             `cargo install mdbook --locked`, or put an `mdbook` binary on PATH",
        ));
    }
    Ok(local)
}

/// `cargo xtask book [--open] [--check]`.
pub fn command(course: &Course, open: bool, check: bool) -> Result<i32, Error> {
    let pages = build(course, if check { BookCheck::Browser } else { BookCheck::None })?;
    let index = course.root.join("book").join("book").join("index.html");
    println!("book built ({pages} pages): {}", index.display());
    if let Ok(wasm) = std::fs::metadata(playground_wasm(course)) {
        println!("the playground: {} bytes of WebAssembly", wasm.len());
    }
    if open {
        open_in_browser(&index);
    }
    Ok(0)
}

fn open_in_browser(path: &Path) {
    for opener in ["xdg-open", "open"] {
        if Command::new(opener).arg(path).status().is_ok_and(|s| s.success()) {
            return;
        }
    }
    println!("open it in your browser: file://{}", path.display());
}

/// How much of the book to check after building it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookCheck {
    /// Build only.
    None,
    /// Unresolved includes, broken internal links and anchors (seconds).
    Links,
    /// Those, then every page in headless Chromium.
    Browser,
}

impl BookCheck {
    /// What the check proves, as a step title.
    pub fn title(self) -> &'static str {
        match self {
            BookCheck::None => "the book builds",
            BookCheck::Links => "the book: includes, links and anchors resolve (no browser)",
            BookCheck::Browser => {
                "the book: includes and links resolve; in Chromium no console error, every image loads, search works, \
                 every playground preset shows its native run"
            }
        }
    }
}

/// Builds the book into `book/book` and checks it as asked. Returns the
/// number of pages.
pub fn build(course: &Course, check: BookCheck) -> Result<usize, Error> {
    let mdbook = mdbook(course)?;
    let book = course.root.join("book");
    let output = Command::new(&mdbook)
        .arg("build")
        .arg(&book)
        .output()
        .with_context(|| format!("cannot run {}", mdbook.display()))?;
    let log = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(Error::new(format!("mdbook build failed:\n{log}")));
    }
    let out = book.join("book");
    if check != BookCheck::Links {
        playground(course, &out)?;
    }
    let pages = html_files(&out);
    if check == BookCheck::None {
        return Ok(pages.len());
    }
    let mut problems: Vec<String> = log
        .lines()
        .filter(|line| line.contains("ERROR") || line.contains("WARN"))
        .map(|line| format!("mdbook: {}", line.trim()))
        .collect();
    problems.extend(check_pages(&out, &pages));
    if !problems.is_empty() {
        return Err(Error::new(format!("{} problem(s):\n  {}", problems.len(), problems.join("\n  "))));
    }
    if check == BookCheck::Browser {
        in_browser(course, &out)?;
    }
    Ok(pages.len())
}

/// Where cargo puts the playground's WebAssembly.
fn playground_wasm(course: &Course) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| course.root.join("target"), PathBuf::from);
    target.join(WASM_TARGET).join("wasm").join("playground.wasm")
}

/// Builds the `playground` crate for WebAssembly (installing the target
/// with rustup when missing) and writes it into the built book as
/// `playground/wasm.js`: base64 in a script, which a page loads with a
/// `<script>` tag even from disk, where `fetch` of a file is refused. A
/// course without a playground (xtask's test fixtures) skips this.
fn playground(course: &Course, out: &Path) -> Result<(), Error> {
    use base64::Engine as _;
    if !course.root.join("playground").join("Cargo.toml").is_file() {
        return Ok(());
    }
    crate::check::tools::ensure(&course.root, Some(WASM_TARGET), false)?;
    let build = course
        .cargo()
        .args(["build", "--quiet", "--package", "course-playground", "--lib", "--profile", "wasm", "--target"])
        .arg(WASM_TARGET)
        .output()
        .context("cannot run cargo")?;
    if !build.status.success() {
        return Err(Error::new(format!(
            "the playground did not build for WebAssembly:\n{}",
            String::from_utf8_lossy(&build.stderr)
        )));
    }
    let wasm = playground_wasm(course);
    let bytes = std::fs::read(&wasm).with_context(|| format!("cannot read {}", wasm.display()))?;
    let dir = out.join("playground");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let script = format!(
        "// The course's allocator playground: {} bytes of WebAssembly built from playground/ by\n\
         // `cargo xtask book`. Loaded by theme/playground.js.\n\
         window.coursePlaygroundWasm = \"{}\";\n",
        bytes.len(),
        base64::engine::general_purpose::STANDARD.encode(&bytes)
    );
    let path = dir.join("wasm.js");
    std::fs::write(&path, script).with_context(|| format!("cannot write {}", path.display()))
}

/// Opens every page in headless Chromium (the system's, driven by a small
/// Playwright script in `xtask/browser`): console errors, images that did
/// not load, mdBook markers left in the text, and the search box finding the
/// course's `search_words`. Screenshots of key pages go to
/// `target/book-screenshots/` for a person to look at.
fn in_browser(course: &Course, out: &Path) -> Result<(), Error> {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("browser");
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| ["chromium", "chromium-browser", "google-chrome"].into_iter().find_map(on_path))
        .ok_or_else(|| {
            Error::new(
                "`book --check` opens every page in Chromium, which is not installed: \
                 `apt-get install chromium` (or set CHROMIUM to a Chrome binary)",
            )
        })?;
    if Command::new("node").arg("--version").output().is_err() {
        return Err(Error::new("`book --check` needs Node.js (`node`) to drive Chromium: install it"));
    }
    if !browser_dir.join("node_modules").join("playwright-core").is_dir() {
        let status = Command::new("npm")
            .args(["ci", "--silent", "--no-audit", "--no-fund"])
            .current_dir(&browser_dir)
            .status()
            .map_err(|e| Error::new(format!("cannot run npm ({e}): install Node.js and npm")))?;
        if !status.success() {
            return Err(Error::new("`npm ci` in xtask/browser failed (no network?)"));
        }
    }
    let mut node = Command::new("node");
    let snapshots = course.root.join("playground").join("tests").join("snapshots");
    if snapshots.is_dir() {
        node.env("PLAYGROUND_SNAPSHOTS", snapshots);
    }
    let output = node
        .arg(browser_dir.join("check-book.mjs"))
        .arg(out)
        .arg(course.root.join("target").join("book-screenshots"))
        .arg(&chromium)
        .args(&course.search_words)
        .output()
        .context("cannot run node")?;
    let report = String::from_utf8_lossy(&output.stdout);
    if output.status.success() {
        return Ok(());
    }
    Err(Error::new(format!("in the browser:\n{report}{}", String::from_utf8_lossy(&output.stderr))))
}

/// Unresolved include markers and internal links to missing pages or anchors.
pub fn check_pages(out: &Path, pages: &[PathBuf]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let texts: BTreeMap<&PathBuf, String> =
        pages.iter().map(|p| (p, std::fs::read_to_string(p).unwrap_or_default())).collect();
    for (page, text) in &texts {
        ids.insert((*page).clone(), attribute_values(text, "id").into_iter().collect());
    }
    for (page, text) in &texts {
        let name = page.strip_prefix(out).unwrap_or(page).display().to_string();
        // `print.html` repeats every page; `404.html` links relative to the
        // site's root URL, which only exists once the book is deployed.
        if name == "print.html" || name == "404.html" {
            continue;
        }
        if let Some(at) = text.find("{{#") {
            let marker: String = text[at..].chars().take(60).take_while(|&c| c != '\n').collect();
            problems.push(format!("{name}: unresolved mdBook marker `{marker}`"));
        }
        for href in attribute_values(text, "href") {
            if href.contains("://") || href.starts_with("mailto:") || href.starts_with("//") {
                continue;
            }
            let (file, anchor) = href.split_once('#').map_or((href.as_str(), None), |(f, a)| (f, Some(a)));
            let target =
                if file.is_empty() { (*page).clone() } else { normalize(&page.parent().unwrap_or(out).join(file)) };
            let target = if target.is_dir() { target.join("index.html") } else { target };
            if !target.exists() {
                problems.push(format!("{name}: link to missing {href}"));
                continue;
            }
            if let Some(anchor) = anchor.filter(|a| !a.is_empty())
                && target.extension().is_some_and(|e| e == "html")
                && !ids.get(&target).is_some_and(|ids| ids.contains(anchor))
            {
                problems.push(format!("{name}: link to missing anchor {href}"));
            }
        }
    }
    problems
}

/// Every value of `name="..."` in an HTML text.
fn attribute_values(text: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    text.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &text[at + needle.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}

/// The full path of a program on `PATH` (Playwright wants a path, not a name).
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|dir| dir.join(name)).find(|path| path.is_file())
}

/// Resolves `..` and `.` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_links_anchors_and_markers() {
        let dir = std::env::temp_dir().join(format!("xtask-book-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("ch")).unwrap();
        std::fs::write(dir.join("index.html"), r#"<h1 id="top">x</h1><a href="ch/a.html#part">a</a>"#).unwrap();
        std::fs::write(
            dir.join("ch/a.html"),
            r#"<h2 id="part">p</h2><a href="../index.html#top">ok</a><a href="../gone.html">x</a><a href="b.html#nope">y</a>{{#include x.rs}}"#,
        )
        .unwrap();
        std::fs::write(dir.join("ch/b.html"), r#"<a href="https://example.org/x">ext</a>"#).unwrap();
        let problems = check_pages(&dir, &html_files(&dir));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            problems,
            [
                "ch/a.html: unresolved mdBook marker `{{#include x.rs}}`",
                "ch/a.html: link to missing ../gone.html",
                "ch/a.html: link to missing anchor b.html#nope",
            ]
        );
    }
}
