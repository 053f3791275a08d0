//! The debug allocator against `System` (glibc malloc) and mimalloc, side by
//! side in one run: 1,000,000 blocks of 32 bytes, each written, then all
//! freed; and 100,000 blocks of mixed sizes (8 B – 4 KiB) freed in a
//! different order than allocated.
//! Run: `cargo bench -p chapter-07-general-purpose`.

use allocator_interface::Allocator;
use core::alloc::{GlobalAlloc, Layout};
use core::ptr::NonNull;
use divan::{Bencher, black_box};
use general_purpose::{Config, DebugAllocator};
use mimalloc::MiMalloc;
use page_allocator::PageAllocator;
use std::alloc::System;

fn main() {
    divan::main();
}

/// The three contestants behind one face.
trait Heap {
    fn alloc(&self, layout: Layout) -> NonNull<u8>;
    /// # Safety
    /// `ptr` is a live block of this heap with `layout`.
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout);
}

struct Global<G>(G);

impl<G: GlobalAlloc> Heap for Global<G> {
    fn alloc(&self, layout: Layout) -> NonNull<u8> {
        // SAFETY: benchmark layouts are never zero-sized.
        NonNull::new(unsafe { self.0.alloc(layout) }).expect("memory")
    }
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller's guarantee.
        unsafe { self.0.dealloc(ptr.as_ptr(), layout) }
    }
}

impl<A: Allocator, L: general_purpose::Lock> Heap for DebugAllocator<A, L> {
    fn alloc(&self, layout: Layout) -> NonNull<u8> {
        Allocator::alloc(self, layout).expect("memory")
    }
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller's guarantee.
        unsafe { Allocator::free(self, ptr, layout) }
    }
}

fn debug(safety: bool) -> DebugAllocator {
    DebugAllocator::with_config(PageAllocator::new(), Config { safety, ..Config::DEFAULT })
}

// ANCHOR: workload
const COUNT: usize = 1_000_000;
const BLOCK: Layout = match Layout::from_size_align(32, 8) {
    Ok(layout) => layout,
    Err(_) => panic!("valid layout"),
};

/// 1,000,000 × 32 bytes: allocate, write each, then free them all.
fn thirty_two_bytes(heap: &impl Heap, blocks: &mut Vec<NonNull<u8>>) {
    for _ in 0..COUNT {
        let ptr = heap.alloc(BLOCK);
        // SAFETY: a fresh 32-byte block.
        unsafe { ptr.write_bytes(0xAB, BLOCK.size()) };
        blocks.push(black_box(ptr));
    }
    for ptr in blocks.drain(..) {
        // SAFETY: each block is live and freed once, with its layout.
        unsafe { heap.free(ptr, BLOCK) };
    }
}
// ANCHOR_END: workload

fn bench_32(bencher: Bencher, heap: &impl Heap) {
    let mut blocks = Vec::with_capacity(COUNT);
    bencher.bench_local(|| thirty_two_bytes(heap, &mut blocks));
}

#[divan::bench(sample_count = 20)]
fn b32_system(bencher: Bencher) {
    bench_32(bencher, &Global(System));
}

#[divan::bench(sample_count = 20)]
fn b32_mimalloc(bencher: Bencher) {
    bench_32(bencher, &Global(MiMalloc));
}

#[divan::bench(sample_count = 20)]
fn b32_debug(bencher: Bencher) {
    bench_32(bencher, &debug(true));
}

#[divan::bench(sample_count = 20)]
fn b32_debug_single_threaded(bencher: Bencher) {
    bench_32(bencher, &DebugAllocator::single_threaded(PageAllocator::new(), Config::DEFAULT));
}

#[divan::bench(sample_count = 20)]
fn b32_debug_no_safety(bencher: Bencher) {
    bench_32(bencher, &debug(false));
}

const MIXED: usize = 100_000;

/// Sizes 8 B – 4 KiB from a fixed pseudo-random sequence; freed odd
/// positions first, then even, so frees interleave with live neighbours.
fn mixed_layouts() -> Vec<Layout> {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    (0..MIXED)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let size = 8 << (state % 10); // 8, 16, ..., 4096
            let size = size - (state >> 32) as usize % (size / 2); // not only powers of two
            Layout::from_size_align(size, 8).expect("valid")
        })
        .collect()
}

fn mixed(heap: &impl Heap, layouts: &[Layout], blocks: &mut Vec<NonNull<u8>>) {
    for &layout in layouts {
        let ptr = heap.alloc(layout);
        // SAFETY: a fresh block of at least one byte.
        unsafe { ptr.write(1) };
        blocks.push(black_box(ptr));
    }
    for start in [1, 0] {
        for (ptr, layout) in blocks.iter().zip(layouts).skip(start).step_by(2) {
            // SAFETY: each block is freed once (odd, then even), with its layout.
            unsafe { heap.free(*ptr, *layout) };
        }
    }
    blocks.clear();
}

fn bench_mixed(bencher: Bencher, heap: &impl Heap) {
    let layouts = mixed_layouts();
    let mut blocks = Vec::with_capacity(MIXED);
    bencher.bench_local(|| mixed(heap, &layouts, &mut blocks));
}

#[divan::bench(sample_count = 20)]
fn mixed_system(bencher: Bencher) {
    bench_mixed(bencher, &Global(System));
}

#[divan::bench(sample_count = 20)]
fn mixed_mimalloc(bencher: Bencher) {
    bench_mixed(bencher, &Global(MiMalloc));
}

#[divan::bench(sample_count = 20)]
fn mixed_debug(bencher: Bencher) {
    bench_mixed(bencher, &debug(true));
}

/// Buckets from `malloc` instead of fresh pages: how much of the cost is the
/// kernel (page faults on new pages, `munmap` of empty buckets).
#[divan::bench(sample_count = 20)]
fn b32_debug_over_malloc(bencher: Bencher) {
    bench_32(bencher, &DebugAllocator::with_config(allocator_interface::SystemAllocator, Config::DEFAULT));
}
