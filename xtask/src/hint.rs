//! `cargo xtask hint <id>`: hints in tiers. Each call shows one tier more —
//! a nudge (the idea, the book page), then the approach, and only last the
//! code — so a learner who is stuck gets unstuck without being handed the
//! answer. The tiers already seen are remembered in `.course/hints`.

use crate::course::{Course, Exercise};
use crate::error::{Context as _, Error};
use crate::paint;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What the learner has seen: exercise id → tiers shown.
struct Seen {
    path: PathBuf,
    tiers: BTreeMap<String, usize>,
}

impl Seen {
    fn load(course: &Course) -> Seen {
        let path = course.root.join(".course").join("hints");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let tiers = text
            .lines()
            .filter_map(|line| {
                let (id, count) = line.split_once(' ')?;
                Some((id.to_string(), count.parse().ok()?))
            })
            .collect();
        Seen { path, tiers }
    }

    fn save(&self) -> Result<(), Error> {
        let text: String = self.tiers.iter().map(|(id, count)| format!("{id} {count}\n")).collect();
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(&self.path, text).with_context(|| format!("cannot write {}", self.path.display()))
    }
}

/// Shows the tiers seen so far and the next one (all of them with `all`).
pub fn hint(course: &Course, exercise: &Exercise, all: bool) -> Result<i32, Error> {
    let total = exercise.hints.len();
    let mut seen = Seen::load(course);
    let before = seen.tiers.get(&exercise.id).copied().unwrap_or(0);
    let shown = if all { total } else { (before + 1).min(total) };
    println!("{} {}", paint::bold(&exercise.id), exercise.title);
    for (tier, text) in exercise.hints.iter().enumerate().take(shown) {
        let new = if tier >= before { "" } else { " (seen)" };
        println!(
            "\n{}{new}\n{}",
            paint::bold(&format!("Hint {} of {total} — {}", tier + 1, tier_name(tier, total))),
            text.trim()
        );
    }
    println!();
    if shown < total {
        println!("Still stuck? `cargo xtask hint {}` shows the next one.", exercise.id);
    } else {
        println!("That was the last hint. The book's exercises page explains the design.");
    }
    println!("Edit: {}", course.relative(&course.exercise_file(exercise)));
    if shown > before {
        seen.tiers.insert(exercise.id.clone(), shown);
        seen.save()?;
    }
    Ok(0)
}

/// The name of a tier: the first nudges, the last gives code, the ones
/// between give the approach.
fn tier_name(tier: usize, total: usize) -> &'static str {
    match tier {
        0 => "a nudge",
        t if t + 1 == total => "the code",
        _ => "the approach",
    }
}

/// Backticked spans that are code rather than a name: a call, a statement,
/// a path, an operator. A name to look up (`Layout`, `resize`) is allowed
/// in a nudge or a TODO; code to type is not. A fenced code block counts
/// once per line.
pub fn code_like_spans(text: &str) -> Vec<String> {
    let mut spans = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            spans.push(line.trim().to_string());
            continue;
        }
        for (index, span) in line.split('`').enumerate() {
            if index % 2 == 1 && is_code(span) {
                spans.push(span.to_string());
            }
        }
    }
    spans
}

fn is_code(span: &str) -> bool {
    const MARKS: [&str; 14] = ["(", "::", "=", ";", "->", "!", "&", "[", "{", "<", "+", "|", "?", ".."];
    let dotted_call = span.contains('.') && span.chars().any(|c| c.is_alphabetic()) && !span.contains(' ');
    MARKS.iter().any(|mark| span.contains(mark)) || dotted_call
}

#[cfg(test)]
mod tests {
    use super::code_like_spans;

    #[test]
    fn names_are_not_code_but_statements_calls_and_paths_are() {
        let text = "Look up `Layout` and `resize`, the `'heap` lifetime, `0xaa`.";
        assert!(code_like_spans(text).is_empty(), "{:?}", code_like_spans(text));
        let text = "Call `heap.free(ptr)`, then `let x = 1;`, `Layout::new`, `self.len`, `&mut self`.";
        assert_eq!(code_like_spans(text).len(), 5);
        assert_eq!(code_like_spans("```\nlet a = 1;\nlet b = 2;\n```").len(), 2);
    }
}
