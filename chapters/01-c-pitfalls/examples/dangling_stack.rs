//! A pointer to a local of a function that has returned.
//!
//! Miri:     cargo +nightly miri run -p chapter-01-c-pitfalls --example dangling_stack

// ANCHOR: example
#[inline(never)]
#[expect(dangling_pointers_from_locals, reason = "the bug on show: rustc warns, but it is only a warning")]
fn make_name() -> *const [u8; 8] {
    let name = *b"guest\0\0\0";
    &raw const name // THE BUG: `name` dies when this function returns
}

#[inline(never)]
fn ask_pin() -> u64 {
    let pin = std::hint::black_box(*b"pin=4821");
    u64::from_le_bytes(pin)
}

fn main() {
    let name = make_name();
    let pin = ask_pin();
    // SAFETY: NONE — THE BUG: `name` points into a stack frame that is gone.
    let seen = unsafe { *name };
    println!("name = {:?} (pin {pin:x})", String::from_utf8_lossy(&seen));
}
// ANCHOR_END: example
