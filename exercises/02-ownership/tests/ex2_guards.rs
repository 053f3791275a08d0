//! Tests for exercise ownership-2 (`src/ex2_guards.rs`).

use ownership_exercises::ex2_guards::{Trigger, guard};
use std::cell::RefCell;

/// The shape of Zig's classic function: open, defer close; create, errdefer
/// destroy; then work that may fail (`fail_at`) or panic (`panic_at`).
fn work(log: &RefCell<Vec<String>>, fail_at: Option<u32>, panic_at: Option<u32>) -> Result<(), String> {
    let note = |line: &str| log.borrow_mut().push(line.to_owned());
    note("open");
    let _close = guard(Trigger::Always, || note("close"));
    note("create");
    let mut destroy = guard(Trigger::OnError, || note("destroy (errdefer)"));
    for step in 1..=3 {
        if fail_at == Some(step) {
            return Err(format!("step {step} failed"));
        }
        if panic_at == Some(step) {
            panic!("step {step} panicked");
        }
        note(&format!("step {step}"));
    }
    destroy.succeed();
    note("return Ok");
    Ok(())
}

fn run(fail_at: Option<u32>, panic_at: Option<u32>) -> String {
    let log = RefCell::new(Vec::new());
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&log, fail_at, panic_at)));
    let ending = match outcome {
        Ok(Ok(())) => "Ok".to_owned(),
        Ok(Err(error)) => format!("Err({error})"),
        Err(_) => "panicked".to_owned(),
    };
    format!("{} => {ending}", log.into_inner().join(", "))
}

#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn cleanup_order() {
    let report = [("success", run(None, None)), ("error", run(Some(2), None)), ("panic", run(None, Some(3)))]
        .map(|(name, line)| format!("{name:>8}: {line}"))
        .join("\n");
    insta::assert_snapshot!(report);
}

#[test]
fn always_runs_on_success_and_on_error() {
    assert!(run(None, None).contains("close => Ok"));
    assert!(run(Some(1), None).ends_with("close => Err(step 1 failed)"));
}

#[test]
fn on_error_runs_only_when_not_succeeded() {
    assert!(!run(None, None).contains("destroy"));
    assert!(run(Some(3), None).contains("step 2, destroy (errdefer), close"));
}

#[test]
fn guards_run_in_reverse_order() {
    let log = RefCell::new(Vec::new());
    {
        let _a = guard(Trigger::Always, || log.borrow_mut().push("a"));
        let _b = guard(Trigger::Always, || log.borrow_mut().push("b"));
        let mut c = guard(Trigger::OnError, || log.borrow_mut().push("c"));
        c.succeed();
    }
    assert_eq!(log.into_inner(), ["b", "a"]);
}
