//! "The debug allocator in tests and debug builds, mimalloc in release":
//! the pattern, in one program. Which allocator runs is decided by one
//! `cfg` on the `#[global_allocator]` line; the program itself does not change.
//!
//! ```text
//! cargo run -p chapter-07-general-purpose --example production            # debug allocator
//! cargo run -p chapter-07-general-purpose --example production --release  # mimalloc
//! ```

use std::collections::HashMap;
use std::time::Instant;

// ANCHOR: pattern
#[cfg(debug_assertions)]
#[global_allocator]
static GLOBAL: general_purpose::GlobalDebugAllocator =
    general_purpose::GlobalDebugAllocator::new(page_allocator::PageAllocator::new(), general_purpose::Config::DEFAULT);

#[cfg(not(debug_assertions))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
// ANCHOR_END: pattern

/// Counts word frequencies in generated text: many small strings, a growing map.
fn word_counts(words: usize) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    for _ in 0..words {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let word = format!("w{}", state % 5_000);
        *counts.entry(word).or_insert(0) += 1;
    }
    counts
}

fn main() {
    #[cfg(debug_assertions)]
    let checkpoint = GLOBAL.last_block_id();

    let started = Instant::now();
    let counts = word_counts(200_000);
    let distinct = counts.len();
    drop(counts);
    let elapsed = started.elapsed();

    #[cfg(debug_assertions)]
    {
        let blocks = GLOBAL.last_block_id() - checkpoint;
        match GLOBAL.leaks_since(checkpoint) {
            None => println!("debug allocator: {blocks} blocks tracked, no leaks, no problems"),
            Some(report) => println!("debug allocator: {report}"),
        }
    }
    #[cfg(not(debug_assertions))]
    println!("mimalloc: release build");
    println!("{distinct} distinct words counted in {elapsed:.1?}");
}
