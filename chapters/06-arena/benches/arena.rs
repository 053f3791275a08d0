//! Arenas side by side: 1,000,000 allocations of 32 bytes, each written, in a
//! fresh arena and in a warm one (reset, keeping its memory); and JSON parsed
//! into an arena against `serde_json::Value`.
//! Run: `cargo bench -p chapter-06-arena`.

use allocator_interface::{Allocator, SystemAllocator};
use arena::{Arena, ResetMode};
use bumpalo::Bump;
use core::alloc::Layout;
use divan::{Bencher, black_box};

const COUNT: usize = 1_000_000;
const BLOCK: Layout = match Layout::from_size_align(32, 8) {
    Ok(layout) => layout,
    Err(_) => panic!("valid layout"),
};

fn main() {
    divan::main();
}

#[inline(always)]
fn touch(ptr: core::ptr::NonNull<u8>) {
    // SAFETY: every allocator here returned a 32-byte block at `ptr`.
    unsafe { ptr.write_bytes(0xAB, BLOCK.size()) };
    black_box(ptr);
}

// ANCHOR: bench
/// A new arena each time: includes asking the child allocator for chunks.
#[divan::bench(sample_count = 30)]
fn fresh_arena(bencher: Bencher) {
    bencher.bench_local(|| {
        let arena = Arena::new(SystemAllocator);
        for _ in 0..COUNT {
            touch(arena.alloc(BLOCK).expect("memory"));
        }
        arena
    });
}

#[divan::bench(sample_count = 30)]
fn fresh_bumpalo(bencher: Bencher) {
    bencher.bench_local(|| {
        let bump = Bump::new();
        for _ in 0..COUNT {
            touch(bump.alloc_layout(BLOCK));
        }
        bump
    });
}

/// One arena, reset between rounds: after the first round, no child allocation.
#[divan::bench(sample_count = 30)]
fn warm_arena(bencher: Bencher) {
    let mut arena = Arena::new(SystemAllocator);
    bencher.bench_local(|| {
        for _ in 0..COUNT {
            touch(arena.alloc(BLOCK).expect("memory"));
        }
        arena.reset(ResetMode::RetainCapacity);
    });
}

#[divan::bench(sample_count = 30)]
fn warm_bumpalo(bencher: Bencher) {
    let mut bump = Bump::new();
    bencher.bench_local(|| {
        for _ in 0..COUNT {
            touch(bump.alloc_layout(BLOCK));
        }
        bump.reset();
    });
}
// ANCHOR_END: bench

mod json {
    use super::*;

    fn document() -> String {
        arena::json::sample_document(200)
    }

    #[divan::bench(sample_count = 50)]
    fn into_arena(bencher: Bencher) {
        let text = document();
        let mut arena = Arena::new(SystemAllocator);
        bencher.bench_local(|| {
            black_box(arena::json::parse(&arena, &text).expect("valid JSON"));
            arena.reset(ResetMode::RetainCapacity);
        });
    }

    #[divan::bench(sample_count = 50)]
    fn serde_json_value(bencher: Bencher) {
        let text = document();
        bencher.bench_local(|| black_box(serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON")));
    }
}
