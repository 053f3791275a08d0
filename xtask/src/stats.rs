//! `cargo xtask stats`: how much the learner writes, and how much the stubs
//! give away — measured, so that "the learner builds, not copies" is a
//! number a maintainer can watch.
//!
//! - *Learner lines*: the solution's code lines (not blank, not a comment)
//!   that the stub does not have, matched as a diff does (a longest common
//!   subsequence of trimmed lines), so a line moved or kept counts once.
//! - *Code in TODOs*: backticked code (a call, a statement, a path — not a
//!   name to look up) in the stub's `// TODO` comments: the TODO should say
//!   what must hold, not which line to type.

use crate::course::{Course, Exercise};
use crate::hint::code_like_spans;
use crate::{Context, Error};

/// What one exercise asks of the learner.
pub struct ExerciseStats {
    pub learner_lines: usize,
    pub todo_code: Vec<String>,
}

/// Targets the course holds itself to (issue "exercises that make the
/// learner build"): checked by `cargo xtask check`, reported by `stats`.
pub const CAPSTONE_MIN_LINES: usize = 80;
pub const COURSE_MIN_LINES: usize = 1500;

/// A capstone is marked in its title.
pub fn is_capstone(exercise: &Exercise) -> bool {
    exercise.title.contains("(capstone)")
}

pub fn measure(course: &Course, exercise: &Exercise) -> Result<ExerciseStats, Error> {
    let read = |path: std::path::PathBuf| {
        std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", course.relative(&path)))
    };
    let stub = read(course.exercise_file(exercise))?;
    let solution = read(course.solution_file(exercise))?;
    Ok(ExerciseStats { learner_lines: learner_lines(&stub, &solution), todo_code: todo_code(&stub) })
}

fn code_lines(source: &str) -> Vec<&str> {
    source.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with("//")).collect()
}

/// Code lines of `solution` not matched in `stub` by a longest common subsequence.
pub fn learner_lines(stub: &str, solution: &str) -> usize {
    let (stub, solution) = (code_lines(stub), code_lines(solution));
    // lcs[j] = LCS of the stub's lines so far and solution[..j].
    let mut lcs = vec![0usize; solution.len() + 1];
    for line in &stub {
        let mut diagonal = 0;
        for (j, other) in solution.iter().enumerate() {
            let above = lcs[j + 1];
            lcs[j + 1] = if line == other { diagonal + 1 } else { above.max(lcs[j]) };
            diagonal = above;
        }
    }
    solution.len() - lcs[solution.len()]
}

/// The code-like spans in the stub's TODO comments (a `// TODO` line and
/// the comment lines that continue it).
pub fn todo_code(stub: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut block: Option<String> = None;
    let end_of = |block: Option<String>, spans: &mut Vec<String>| {
        spans.extend(block.iter().flat_map(|text| code_like_spans(text)));
    };
    for line in stub.lines().map(str::trim) {
        let comment = line.strip_prefix("//").map(|rest| rest.trim_start_matches(['/', '!']).trim());
        match (comment, &mut block) {
            (Some(text), _) if text.starts_with("TODO") => {
                end_of(block.replace(text.to_string()), &mut spans);
            }
            (Some(text), Some(b)) => {
                b.push('\n');
                b.push_str(text);
            }
            _ => end_of(block.take(), &mut spans),
        }
    }
    end_of(block, &mut spans);
    spans
}

/// The table, the totals and the targets; `verbose` lists the spans.
pub fn stats(course: &Course, verbose: bool) -> Result<i32, Error> {
    let (mut lines, mut code, mut count) = (0, 0, 0);
    let mut capstones = Vec::new();
    println!("{:<22} {:>13} {:>14} {:>6}", "exercise", "learner lines", "code in TODOs", "hints");
    for exercise in course.exercises() {
        let stats = measure(course, exercise)?;
        println!(
            "{:<22} {:>13} {:>14} {:>6}",
            exercise.id,
            stats.learner_lines,
            stats.todo_code.len(),
            exercise.hints.len()
        );
        if verbose {
            for span in &stats.todo_code {
                println!("{:<22}   `{span}`", "");
            }
        }
        if is_capstone(exercise) {
            capstones.push(format!("{} {}", exercise.id, stats.learner_lines));
        }
        lines += stats.learner_lines;
        code += stats.todo_code.len();
        count += 1;
    }
    println!();
    println!("{count} exercises; the learner writes {lines} code lines (target ≥ {COURSE_MIN_LINES})");
    println!("code-like spans in TODOs: {code} (target ≤ {}, one per two exercises)", count / 2);
    println!("capstones: {} (target ≥ {CAPSTONE_MIN_LINES} lines each)", capstones.join(", "));
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::{learner_lines, todo_code};

    #[test]
    fn learner_lines_are_the_solutions_code_lines_the_stub_lacks() {
        let stub = "fn f() -> u32 {\n    // TODO: the answer\n    todo!()\n}\n";
        let solution = "fn f() -> u32 {\n    // the answer:\n    let x = 41;\n\n    x + 1\n}\n";
        assert_eq!(learner_lines(stub, solution), 2, "`let` and `x + 1`; the signature and brace are given");
        assert_eq!(learner_lines(solution, solution), 0);
        assert_eq!(learner_lines("", solution), 4);
    }

    #[test]
    fn only_code_in_todo_comments_counts() {
        let stub = "/// Calls `heap.free(ptr)` in the docs: not a TODO.\n\
                    // TODO: free it, once (`Layout` to look up);\n\
                    // call `heap.free(ptr)` and `drop(x)`.\n\
                    let y = `not.a.comment()`;\n\
                    // A later comment with `a.b()` is not part of the TODO.\n";
        assert_eq!(todo_code(stub), ["heap.free(ptr)", "drop(x)"]);
    }
}
