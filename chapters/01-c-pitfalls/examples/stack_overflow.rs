//! A stack buffer overflow: the ninth byte of an 8-byte local lands on the
//! variable next to it. Valgrind does not see this one (the stack is all
//! addressable memory to it); Miri does, because it tracks each local as its
//! own allocation.
//!
//! Miri:     cargo +nightly miri run -p chapter-01-c-pitfalls --example stack_overflow

// ANCHOR: example
#[inline(never)]
fn login(password: &[u8]) -> bool {
    let mut buffer = [0u8; 8];
    let is_admin = std::hint::black_box(false);
    let dst = buffer.as_mut_ptr();
    // SAFETY: NONE — THE BUG: `buffer` has 8 bytes, nothing checks `password`'s length.
    unsafe { dst.copy_from_nonoverlapping(password.as_ptr(), password.len()) };
    std::hint::black_box(&buffer);
    is_admin
}
// ANCHOR_END: example

fn main() {
    println!("admin: {}", login(b"12345678\x01"));
}
