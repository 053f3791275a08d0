//! Counts the allocations that ordinary Rust code makes without saying so.
//!
//! Run: `cargo run -p chapter-03-allocator-interface --example hidden_allocations`

use allocator_interface::{CountingAllocator, SystemAllocator};

// ANCHOR: global
// Every `Box`, `Vec`, `String` and `format!` in this program now goes
// through the counter.
#[global_allocator]
static GLOBAL: CountingAllocator<SystemAllocator> = CountingAllocator::new(SystemAllocator);

/// Runs `f` and returns how many blocks it allocated and how many times it
/// asked for a block to grow or shrink (`realloc`).
fn allocations_in(f: impl FnOnce()) -> (usize, usize) {
    let before = GLOBAL.stats();
    f();
    let after = GLOBAL.stats();
    (after.allocs - before.allocs, after.remaps + after.resizes - before.remaps - before.resizes)
}
// ANCHOR_END: global

fn main() {
    // ANCHOR: examples
    let words = ["explicit", "allocators", "everywhere"];
    let rows = [
        (
            "format!(\"{}-{}\", a, b)",
            allocations_in(|| drop(std::hint::black_box(format!("{}-{}", words[0], words[1])))),
        ),
        ("42.to_string()", allocations_in(|| drop(std::hint::black_box(42.to_string())))),
        ("words.join(\" \")", allocations_in(|| drop(std::hint::black_box(words.join(" "))))),
        (
            "(0..1000).collect::<Vec<_>>()",
            allocations_in(|| drop(std::hint::black_box((0..1000).collect::<Vec<u32>>()))),
        ),
        (
            "push 1000 times onto Vec::new()",
            allocations_in(|| {
                let mut v = Vec::new();
                for i in 0..1000u32 {
                    v.push(i);
                }
                std::hint::black_box(v);
            }),
        ),
        (
            "push 1000 times onto Vec::with_capacity(1000)",
            allocations_in(|| {
                let mut v = Vec::with_capacity(1000);
                for i in 0..1000u32 {
                    v.push(i);
                }
                std::hint::black_box(v);
            }),
        ),
    ];
    // ANCHOR_END: examples
    println!("allocs  reallocs  code");
    for (code, (allocs, reallocs)) in rows {
        println!("{allocs:>6}  {reallocs:>8}  {code}");
    }
}
