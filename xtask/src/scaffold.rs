//! `cargo xtask new-lesson` and `new-exercise`: the files a maintainer would
//! otherwise copy by hand. They write what only a person can fill in (the
//! stub's contract, the test, the solution, the book page) as short
//! templates, add the `course.toml` entries, and leave everything derived
//! to `sync`.

use crate::course::{Course, Place};
use crate::{Context, Error, sync};
use std::path::Path;

/// `cargo xtask new-lesson NN-slug`.
pub fn new_lesson(course: &Course, id: &str, title: Option<&str>) -> Result<i32, Error> {
    let (number, slug) = id
        .split_once('-')
        .filter(|(number, slug)| number.len() == 2 && number.bytes().all(|b| b.is_ascii_digit()) && is_slug(slug))
        .ok_or_else(|| {
            Error::new(format!("`{id}` is not a lesson id: two digits, a dash, a lowercase slug (`09-pools`)"))
        })?;
    if course.lessons.iter().any(|l| l.id == id || l.slug() == slug) {
        return Err(Error::new(format!("a lesson `{id}` (or with the slug `{slug}`) exists already")));
    }
    let title = title.map_or_else(|| slug.replace('-', " "), str::to_owned);
    let lib = slug.replace('-', "_");
    for place in Place::ALL {
        let dir = course.lesson_dir(place, id);
        if dir.exists() {
            return Err(Error::new(format!("{} exists already", course.relative(&dir))));
        }
    }
    let package_block = |place: Place, description: &str| {
        format!(
            "[package]\nname = \"{}\"\ndescription = \"{description}\"\nversion = \"0.1.0\"\n\
             edition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\n\
             publish.workspace = true\n",
            place.package(id)
        )
    };
    let chapter = course.lesson_dir(Place::Chapter, id);
    write(
        course,
        &chapter.join("Cargo.toml"),
        &format!(
            "{}\n[lib]\nname = \"{lib}\"\n\n[dependencies]\n\n[lints]\nworkspace = true\n",
            package_block(Place::Chapter, &format!("Lesson {number}: {title}"))
        ),
    )?;
    write(
        course,
        &chapter.join("src").join("lib.rs"),
        &format!("//! Lesson {number}: {title}. The worked code the book includes.\n"),
    )?;
    let exercises = course.lesson_dir(Place::Exercises, id);
    write(
        course,
        &exercises.join("Cargo.toml"),
        &format!(
            "{}\n[lib]\nname = \"{lib}_exercises\"\n\n[dependencies]\n{slug}.workspace = true\n\n\
             # Learner-facing stubs: not held to the workspace lints (see the README).\n[lints]\n",
            package_block(
                Place::Exercises,
                &format!("Lesson {number} exercises: {title}. Edit src/, then `cargo xtask`.")
            )
        ),
    )?;
    write(
        course,
        &exercises.join("src").join("lib.rs"),
        &format!(
            "//! Lesson {number} exercises: {title}.\n//!\n//! Each `exN_*.rs` file is one exercise. Read its \
             `// TODO:` comments, write the\n//! code, then run `cargo xtask`.\n"
        ),
    )?;
    write(
        course,
        &course.lesson_dir(Place::Solutions, id).join("src").join("lib.rs"),
        &format!(
            "//! Reference solutions for lesson {number}. Each module mirrors the exercise file\n\
             //! of the same name in `exercises/{id}/src/`.\n"
        ),
    )?;
    write(
        course,
        &course.lesson_dir(Place::Book, id).join("index.md"),
        &format!("# {title}\n\nWhat this lesson builds, and why it matters.\n"),
    )?;
    link_in_summary(course, id, &title)?;
    append_to_course_toml(course, None, &format!("[[lesson]]\nid = \"{id}\"\ntitle = \"{title}\"\n"))?;
    finish(course)?;
    println!("\nlesson {id} created. Next: `cargo xtask new-exercise {id} ex1_<name>`.");
    Ok(0)
}

/// `cargo xtask new-exercise NN-slug exN_name`.
pub fn new_exercise(course: &Course, lesson_id: &str, name: &str, id: Option<&str>) -> Result<i32, Error> {
    let lesson = course.lesson(lesson_id)?;
    if !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        || !name.starts_with(|c: char| c.is_ascii_lowercase())
    {
        return Err(Error::new(format!("`{name}` is not a module name: lowercase, digits and `_` (`ex1_layout`)")));
    }
    let id = id.map_or_else(|| format!("{}-{}", lesson.slug(), lesson.exercises.len() + 1), str::to_owned);
    if course.exercises().any(|e| e.id == id) {
        return Err(Error::new(format!("an exercise `{id}` exists already: choose another with --id")));
    }
    let stub = course.lesson_dir(Place::Exercises, &lesson.id).join("src").join(format!("{name}.rs"));
    let solution = course.lesson_dir(Place::Solutions, &lesson.id).join("src").join(format!("{name}.rs"));
    let test = course.lesson_dir(Place::Exercises, &lesson.id).join("tests").join(format!("{name}.rs"));
    for path in [&stub, &solution, &test] {
        if path.exists() {
            return Err(Error::new(format!("{} exists already", course.relative(path))));
        }
    }
    let body = |todo: &str| {
        format!(
            "//! Exercise {id}.\n\n// TODO: the goal, the contract (what must hold afterwards) and the edge\n\
             // cases to think about — never the statement to type.\n\
             pub fn answer() -> u32 {{\n    todo!(\"{todo}\")\n}}\n"
        )
    };
    write(course, &stub, &body(&format!("{id}: your code here")))?;
    write(course, &solution, &body(&format!("{id}: the reference solution")))?;
    write(
        course,
        &test,
        &format!(
            "//! Tests for exercise {id} (`src/{name}.rs`).\n\nuse {}::{name}::answer;\n\n\
             #[test]\nfn answers() {{\n    assert_eq!(answer(), 42);\n}}\n",
            sync::lib_name(course, lesson)?
        ),
    )?;
    let entry = format!(
        "[[lesson.exercise]]\nid = \"{id}\"\ntitle = \"{}\"\ncrate = \"{}\"\nfile = \"src/{name}.rs\"\n\
         tests = [\"{name}\"]\nkind = [\"test\"]\nhints = [\n    '''The idea, and the book page that teaches it (no code).''',\n    '''The approach: the steps, the edge cases to mind.''',\n    '''Last: the code, for a learner who has tried.''',\n]\n",
        name.split_once('_').map_or(name, |(_, rest)| rest).replace('_', " "),
        Place::Exercises.package(&lesson.id),
    );
    append_to_course_toml(course, Some(&lesson.id), &entry)?;
    finish(course)?;
    println!(
        "\nexercise {id} created. Next: write the stub's TODO, the test and the solution, then\n  \
         cargo xtask bless && cargo xtask check --lesson {}",
        lesson.id
    );
    Ok(0)
}

/// Reloads the course (now with the new entries) and writes what is derived.
fn finish(course: &Course) -> Result<(), Error> {
    let course = Course::load(&course.root)?;
    sync::sync(&course).map(drop)
}

fn is_slug(slug: &str) -> bool {
    !slug.is_empty() && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Writes a new file, creating its folder.
fn write(course: &Course, path: &Path, text: &str) -> Result<(), Error> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    println!("wrote {}", course.relative(path));
    Ok(())
}

/// Adds `entry` to course.toml: at the end of lesson `lesson`'s entries, or
/// (with `None`) at the end of the file. Comments above the next lesson stay
/// with it.
fn append_to_course_toml(course: &Course, lesson: Option<&str>, entry: &str) -> Result<(), Error> {
    let path = course.root.join("course.toml");
    let text = std::fs::read_to_string(&path).context("cannot read course.toml")?;
    let lines: Vec<&str> = text.lines().collect();
    let mut at = lines.len();
    if let Some(lesson) = lesson {
        let start = lines
            .iter()
            .position(|l| l.trim() == format!("id = \"{lesson}\""))
            .ok_or_else(|| Error::new(format!("course.toml: cannot find lesson `{lesson}`")))?;
        if let Some(next) = lines[start..].iter().position(|l| l.trim() == "[[lesson]]") {
            at = start + next;
            while at > start && (lines[at - 1].trim().is_empty() || lines[at - 1].trim_start().starts_with('#')) {
                at -= 1;
            }
        }
    }
    while at > 0 && lines[at - 1].trim().is_empty() {
        at -= 1;
    }
    let mut out = lines[..at].join("\n");
    out.push_str("\n\n");
    out.push_str(entry);
    if at < lines.len() {
        out.push('\n');
        out.push_str(&lines[at..].join("\n"));
        out.push('\n');
    }
    std::fs::write(&path, out).context("cannot write course.toml")?;
    println!("wrote course.toml");
    Ok(())
}

/// Lists the lesson's page in `SUMMARY.md`, after the last lesson before it.
fn link_in_summary(course: &Course, id: &str, title: &str) -> Result<(), Error> {
    let path = course.root.join("book").join("src").join("SUMMARY.md");
    let text = std::fs::read_to_string(&path).context("cannot read book/src/SUMMARY.md")?;
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // After the last line that links a page of a lesson that comes earlier.
    let at = lines
        .iter()
        .rposition(|line| {
            line.split_once("](")
                .and_then(|(_, link)| link.split('/').next())
                .is_some_and(|dir| dir.len() > 3 && dir.as_bytes()[2] == b'-' && dir < id)
        })
        .map_or(lines.len(), |i| i + 1);
    lines.insert(at, format!("- [{title}]({id}/index.md)"));
    std::fs::write(&path, format!("{}\n", lines.join("\n"))).context("cannot write SUMMARY.md")?;
    println!("wrote book/src/SUMMARY.md");
    Ok(())
}
