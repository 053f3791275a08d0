//! Unclear ownership: a cache and its caller both think they own a block.
//! Each frees it: a double free.
//!
//! Miri:     cargo +nightly miri run -p chapter-01-c-pitfalls --example who_frees
//! valgrind: cargo build -p chapter-01-c-pitfalls --example who_frees &&
//!           valgrind target/debug/examples/who_frees

// ANCHOR: example
/// Keeps the pointer it is given. Does it own it now? The C header says
/// nothing either way.
struct Cache {
    entries: Vec<*mut String>,
}

impl Cache {
    fn clear(&mut self) {
        for entry in self.entries.drain(..) {
            // SAFETY: NONE — THE BUG: assumes the cache owns every entry.
            drop(unsafe { Box::from_raw(entry) });
        }
    }
}

fn main() {
    let config = Box::into_raw(Box::new(String::from("port=8080")));
    let mut cache = Cache { entries: vec![config] };
    // SAFETY: `config` came from `Box::into_raw`; the caller believes it owns it.
    drop(unsafe { Box::from_raw(config) });
    cache.clear();
}
// ANCHOR_END: example
