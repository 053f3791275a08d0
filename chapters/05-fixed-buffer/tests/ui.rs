//! The three misuses that the buffer's lifetime in `FixedBufferAllocator<'buf>`
//! turns into compile errors (05/lifetimes.md shows them). Every case in
//! `tests/ui/` is a small program with the bug; its `.stderr` is the error
//! the pinned compiler gives.

#[test]
#[cfg_attr(miri, ignore = "runs the compiler: not under Miri")]
fn the_compiler_rejects_each_misuse() {
    trybuild::TestCases::new().compile_fail(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ui/*.rs"));
}
