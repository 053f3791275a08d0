//! A double free: the same block handed back to the allocator twice.
//!
//! Miri:     cargo +nightly miri run -p chapter-01-c-pitfalls --example double_free
//! valgrind: cargo build -p chapter-01-c-pitfalls --example double_free &&
//!           valgrind target/debug/examples/double_free
//! Natively glibc notices this one and aborts: "free(): double free detected in tcache 2".

use std::alloc::{Layout, alloc, dealloc};

// ANCHOR: example
fn main() {
    let layout = Layout::new::<[u8; 16]>();
    // SAFETY: `layout` has a non-zero size.
    let token = unsafe { alloc(layout) };
    assert!(!token.is_null(), "out of memory");
    // SAFETY: `token` came from `alloc` with this layout and is live.
    unsafe { dealloc(token, layout) };
    println!("freed once");
    // SAFETY: NONE — THE BUG: `token` was already freed.
    unsafe { dealloc(token, layout) };
    println!("freed twice");
}
// ANCHOR_END: example
