//! The WebAssembly face: bytes in and out through the module's own memory,
//! so the page needs no generated JavaScript glue (`book/theme/playground.js`
//! is all of it). Single-threaded, like the browser calling it; the mutexes
//! only make the statics safe Rust.

use crate::{Allocator, encode, presets, run};
use std::sync::Mutex;

static INPUT: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static OUTPUT: Mutex<String> = Mutex::new(String::new());

/// Room for `len` bytes of input; the page writes them there, then calls
/// [`playground_run`]. The pointer is good until the next call of this.
#[unsafe(no_mangle)]
pub extern "C" fn playground_input(len: usize) -> *mut u8 {
    let mut input = INPUT.lock().expect("one caller at a time");
    input.clear();
    input.resize(len, 0);
    input.as_mut_ptr()
}

/// Runs the input — an allocator's name, U+001D, a script — and returns the
/// length of the output: `ok`, U+001D and the encoded steps, or `error`,
/// U+001D and what is wrong.
#[unsafe(no_mangle)]
pub extern "C" fn playground_run() -> usize {
    let input = INPUT.lock().expect("one caller at a time");
    let text = String::from_utf8_lossy(&input);
    let (name, script) = text.split_once('\u{1d}').unwrap_or((&text, ""));
    let output = match Allocator::from_name(name) {
        None => format!("error\u{1d}no allocator is called `{name}`"),
        Some(allocator) => match run(allocator, script) {
            Ok(steps) => format!("ok\u{1d}{}", encode(&steps)),
            Err(error) => format!("error\u{1d}{error}"),
        },
    };
    set_output(output)
}

/// The presets ([`presets::encode`]); returns the output's length.
#[unsafe(no_mangle)]
pub extern "C" fn playground_presets() -> usize {
    set_output(presets::encode())
}

/// The last output's bytes (UTF-8), good until the next call.
#[unsafe(no_mangle)]
pub extern "C" fn playground_output() -> *const u8 {
    OUTPUT.lock().expect("one caller at a time").as_ptr()
}

fn set_output(text: String) -> usize {
    let mut output = OUTPUT.lock().expect("one caller at a time");
    *output = text;
    output.len()
}
