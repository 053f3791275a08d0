//! A leak, C-style: `malloc` for every request, no `free`.
//!
//! Miri:     cargo +nightly miri run -p chapter-01-c-pitfalls --example leak
//! valgrind: cargo build -p chapter-01-c-pitfalls --example leak &&
//!           valgrind --leak-check=full target/debug/examples/leak

use std::alloc::{Layout, alloc, dealloc};

// ANCHOR: example
fn handle(user: &str) -> usize {
    let layout = Layout::array::<u8>(64).expect("64 bytes");
    // SAFETY: `layout` has a non-zero size.
    let greeting = unsafe { alloc(layout) };
    assert!(!greeting.is_null(), "out of memory");
    let text = format!("hi {user}");
    // SAFETY: the block has 64 bytes; `text` is shorter.
    unsafe { greeting.copy_from_nonoverlapping(text.as_ptr(), text.len()) };
    if user.is_empty() {
        // SAFETY: `greeting` came from `alloc` with this layout.
        unsafe { dealloc(greeting, layout) };
        return 0;
    }
    text.len() // THE BUG: the success path returns without freeing `greeting`
}
// ANCHOR_END: example

fn main() {
    let sent: usize = ["alice", "bob", "carol"].into_iter().map(handle).sum();
    println!("sent {sent} bytes; 3 × 64 bytes are never freed");
}
