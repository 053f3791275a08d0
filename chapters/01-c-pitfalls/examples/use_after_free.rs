//! A use after free: a pointer kept after `free`, read after the block
//! was handed to someone else.
//!
//! Miri:     cargo +nightly miri run -p chapter-01-c-pitfalls --example use_after_free
//! valgrind: cargo build -p chapter-01-c-pitfalls --example use_after_free &&
//!           valgrind target/debug/examples/use_after_free

// ANCHOR: example
fn main() {
    let session = Box::into_raw(Box::new(*b"user=alice"));
    // SAFETY: `session` came from `Box::into_raw` and is freed once, here.
    drop(unsafe { Box::from_raw(session) });
    let other = Box::new(*b"user=root!"); // likely the very same block
    // SAFETY: NONE — THE BUG: `session` points to freed memory.
    let seen = unsafe { *session };
    println!("session reads {:?}", String::from_utf8_lossy(&seen));
    drop(other);
}
// ANCHOR_END: example
