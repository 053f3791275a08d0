//! A read of uninitialised memory: `malloc` does not clear what it returns.
//!
//! Miri:     cargo +nightly miri run -p chapter-01-c-pitfalls --example uninitialised
//! valgrind: cargo build -p chapter-01-c-pitfalls --example uninitialised &&
//!           valgrind target/debug/examples/uninitialised

use std::alloc::{Layout, alloc, dealloc};

// ANCHOR: example
fn main() {
    let layout = Layout::new::<[u8; 16]>();
    // SAFETY: `layout` has a non-zero size.
    let report = unsafe { alloc(layout) };
    assert!(!report.is_null(), "out of memory");
    // SAFETY: NONE — THE BUG: nothing was written to the block; its bytes are uninitialised.
    let first = unsafe { report.read() };
    if first == 0 {
        println!("the report starts with a zero");
    } else {
        println!("the report starts with {first}");
    }
    // SAFETY: `report` came from `alloc` with this layout.
    unsafe { dealloc(report, layout) };
}
// ANCHOR_END: example
