//! Hello world without Rust's `main`: C's `main` is the entry point and libc
//! does the writing. std is still linked, but nothing in it is used — no
//! runtime set-up (args, stack guard, panic machinery for `main`).
#![no_main]

// ANCHOR: program
use std::ffi::c_int;

unsafe extern "C" {
    fn write(fd: c_int, buf: *const u8, count: usize) -> isize;
}

#[unsafe(no_mangle)]
extern "C" fn main(_argc: c_int, _argv: *const *const u8) -> c_int {
    let message = b"Hello, world!\n";
    // SAFETY: `message` is valid for `message.len()` bytes; fd 1 is stdout.
    let written = unsafe { write(1, message.as_ptr(), message.len()) };
    if written == message.len() as isize { 0 } else { 1 }
}
// ANCHOR_END: program
