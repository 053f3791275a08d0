//! A heap buffer overflow: 11 bytes written into an 8-byte block.
//!
//! Miri:     cargo +nightly miri run -p chapter-01-c-pitfalls --example heap_overflow
//! valgrind: cargo build -p chapter-01-c-pitfalls --example heap_overflow &&
//!           valgrind target/debug/examples/heap_overflow

// ANCHOR: example
fn main() {
    let name: *mut [u8; 8] = Box::into_raw(Box::new([0u8; 8]));
    let input = b"Bartholomew";
    // SAFETY: NONE — THE BUG: the block holds 8 bytes, `input` has 11.
    unsafe { name.cast::<u8>().copy_from_nonoverlapping(input.as_ptr(), input.len()) };
    // SAFETY: `name` came from `Box::into_raw` and is freed once, here.
    let name = unsafe { Box::from_raw(name) };
    println!("name = {:?}", String::from_utf8_lossy(&name[..]));
}
// ANCHOR_END: example
