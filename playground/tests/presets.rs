//! Every preset, run natively and snapshot-tested: the steps a reader sees in
//! the book's widget. `cargo xtask book --check` compares each page's run in
//! Chromium (the WebAssembly build) with these same runs.

use playground::presets::PRESETS;
use playground::{Allocator, render, run};

#[test]
fn every_preset_runs_and_matches_its_snapshot() {
    for preset in PRESETS {
        let steps = run(preset.allocator, preset.script).unwrap_or_else(|e| panic!("{}: {e}", preset.name));
        assert_eq!(steps.len(), 1 + preset.script.lines().filter(|l| !l.trim().starts_with('#')).count());
        assert!(steps.iter().all(|step| step.svg.starts_with("<svg") && step.svg.ends_with("</svg>")));
        assert!(!render(&steps).contains("0x7f"), "{}: offsets and pages, never addresses", preset.name);
        #[cfg(not(miri))]
        insta::assert_snapshot!(preset.name, render(&steps));
    }
}

#[test]
fn every_allocator_has_a_preset() {
    for allocator in Allocator::ALL {
        assert!(PRESETS.iter().any(|preset| preset.allocator == allocator), "{allocator:?}");
    }
}

#[test]
fn runs_are_deterministic() {
    for preset in PRESETS {
        assert_eq!(run(preset.allocator, preset.script), run(preset.allocator, preset.script), "{}", preset.name);
    }
}

#[test]
fn misuse_is_refused_or_reported_never_performed_blindly() {
    let refused = run(Allocator::FixedBuffer, "alloc 8\nfree A\nfree A\ndouble-free A\nfree Q").unwrap();
    assert_eq!(refused[3].log.lines().next(), Some("refused: A was freed already"));
    assert!(refused[4].log.starts_with("refused here: that would be undefined behaviour"));
    assert!(refused[5].log.starts_with("refused: there is no block Q yet"));
    let reported = run(Allocator::Debug, "alloc 16 8\nfree A\ndouble-free A").unwrap();
    assert!(reported[3].log.contains("double free"), "{}", reported[3].log);
    let huge = run(Allocator::Pages, "alloc 1000000000").unwrap();
    assert!(huge[1].log.starts_with("out of memory"), "{}", huge[1].log);
    let bad = run(Allocator::Arena, "alloc 8 3").unwrap();
    assert!(bad[1].log.starts_with("refused: alignment 3"));
    let huge =
        run(Allocator::FixedBuffer, "alloc 8\nresize A 18446744073709551615\nremap A 9223372036854775807").unwrap();
    assert!(huge[2].log.starts_with("refused: no block can be"), "{}", huge[2].log);
    assert!(huge[3].log.starts_with("refused: A stays 8 bytes"), "{}", huge[3].log);
    let error = run(Allocator::Arena, "alloc 8\nfree").unwrap_err();
    assert_eq!(error.line, 2);
}
