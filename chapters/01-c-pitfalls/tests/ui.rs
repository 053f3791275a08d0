//! The compiler rejecting each foot-gun that safe Rust can rule out. Every
//! case in `tests/ui/` is a small program with the bug; its `.stderr` is the
//! error the pinned compiler gives (the book shows them).

#[test]
#[cfg_attr(miri, ignore = "runs the compiler: not under Miri")]
fn the_compiler_rejects_each_bug() {
    trybuild::TestCases::new().compile_fail(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ui/*.rs"));
}
