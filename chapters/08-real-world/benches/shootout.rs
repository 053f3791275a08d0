//! The allocator shoot-out: every course allocator that fits a workload,
//! side by side with `System` (glibc malloc), mimalloc, bumpalo and
//! typed-arena, in one run. Lesson 09's thread-caching allocator runs as a
//! global allocator would: through `GlobalAlloc`, its thread's cache warm. Each module is a workload, each function an
//! allocator; `cargo xtask bench` runs this and turns divan's table into
//! `results/bench.{json,csv,md,svg}`.
//!
//! Run alone: `cargo bench -p chapter-08-real-world --bench shootout`.

use allocator_api2::alloc::{AllocError, Allocator as Api2};
use allocator_interface::{Allocator as Course, SystemAllocator};
use arena::{Arena, ResetMode};
use bumpalo::Bump;
use core::alloc::{GlobalAlloc, Layout};
use core::ptr::NonNull;
use divan::{Bencher, black_box};
use fixed_buffer::FixedBufferAllocator;
use general_purpose::DebugAllocator;
use mimalloc::MiMalloc;
use page_allocator::PageAllocator;
use std::alloc::System;
use thread_caching::ThreadCachingAllocator;

/// Thirty samples per contestant unless the command line says otherwise
/// (`cargo xtask bench --quick` passes `--sample-count 2`).
fn main() {
    divan::Divan::default().sample_count(30).config_with_args().main();
}

// ANCHOR: heap
/// Every contestant behind one face: allocate a block, free a block.
/// Arenas free everything when they are dropped or reset; their `free`
/// gives back only the most recent block, as each arena's own API does.
trait Heap {
    fn alloc(&self, layout: Layout) -> NonNull<u8>;
    /// # Safety
    /// `ptr` is a live block of this heap with `layout`.
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout);
}

/// A `#[global_allocator]`-style allocator: `System`, `MiMalloc`.
struct Global<G>(G);

impl<G: GlobalAlloc> Heap for Global<G> {
    fn alloc(&self, layout: Layout) -> NonNull<u8> {
        // SAFETY: the workloads never ask for zero bytes.
        NonNull::new(unsafe { self.0.alloc(layout) }).expect("memory")
    }
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller's guarantee.
        unsafe { self.0.dealloc(ptr.as_ptr(), layout) }
    }
}

/// An allocator of this course (lesson 03's interface).
struct Ours<A>(A);

impl<A: Course> Heap for Ours<A> {
    fn alloc(&self, layout: Layout) -> NonNull<u8> {
        self.0.alloc(layout).expect("memory")
    }
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller's guarantee.
        unsafe { self.0.free(ptr, layout) }
    }
}

impl Heap for Bump {
    fn alloc(&self, layout: Layout) -> NonNull<u8> {
        self.alloc_layout(layout)
    }
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller's guarantee; bumpalo reclaims only the last block.
        unsafe { Api2::deallocate(&self, ptr, layout) }
    }
}
// ANCHOR_END: heap

/// mimalloc as an `allocator_api2` allocator, for the collections of the
/// request loop (`System` has one already: `allocator_api2`'s `Global`).
#[derive(Clone, Copy)]
struct Mi;

// SAFETY: every method forwards to mimalloc's `GlobalAlloc`, which returns
// blocks valid for the layout until they are given back with it.
unsafe impl Api2 for Mi {
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        // SAFETY: collections never ask an allocator for zero bytes through
        // `allocate` (allocator_api2's Vec does not allocate for zero sizes).
        let ptr = NonNull::new(unsafe { MiMalloc.alloc(layout) }).ok_or(AllocError)?;
        Ok(NonNull::slice_from_raw_parts(ptr, layout.size()))
    }
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller gives back a block of ours with its layout.
        unsafe { MiMalloc.dealloc(ptr.as_ptr(), layout) }
    }
}

fn debug_allocator() -> DebugAllocator {
    DebugAllocator::new(PageAllocator::new())
}

/// A buffer for the fixed-buffer allocator, big enough for a whole workload.
fn buffer(bytes: usize) -> Vec<u8> {
    vec![0; bytes]
}

// ANCHOR: thirty_two_bytes
/// 1,000,000 blocks of 32 bytes: allocate and write each, then free all.
mod thirty_two_bytes {
    use super::*;

    const COUNT: usize = 1_000_000;
    const BLOCK: Layout = match Layout::from_size_align(32, 8) {
        Ok(layout) => layout,
        Err(_) => panic!("valid layout"),
    };

    fn run(heap: &impl Heap, blocks: &mut Vec<NonNull<u8>>) {
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

    /// `make` builds the heap outside the timing; dropping it (an arena's
    /// teardown) is timed.
    fn bench<H: Heap>(bencher: Bencher, make: impl Fn() -> H) {
        let mut blocks = Vec::with_capacity(COUNT);
        bencher.with_inputs(make).bench_local_values(|heap| run(&heap, &mut blocks));
    }

    #[divan::bench]
    fn system(bencher: Bencher) {
        bench(bencher, || Global(System));
    }

    #[divan::bench]
    fn mimalloc(bencher: Bencher) {
        bench(bencher, || Global(MiMalloc));
    }

    /// A fresh arena each round: its chunks are part of the cost.
    #[divan::bench]
    fn bumpalo(bencher: Bencher) {
        bench(bencher, Bump::new);
    }

    /// typed-arena holds values of one type: `[u8; 32]`, written on the way in.
    #[divan::bench]
    fn typed_arena(bencher: Bencher) {
        bencher.bench_local(|| {
            let arena = typed_arena::Arena::<[u8; 32]>::new();
            for _ in 0..COUNT {
                black_box(arena.alloc([0xAB; 32]));
            }
        });
    }

    #[divan::bench]
    fn fixed_buffer(bencher: Bencher) {
        let mut memory = buffer(COUNT * 32 + 4096);
        let mut blocks = Vec::with_capacity(COUNT);
        bencher.bench_local(|| run(&Ours(FixedBufferAllocator::new(&mut memory)), &mut blocks));
    }

    #[divan::bench]
    fn arena(bencher: Bencher) {
        bench(bencher, || Ours(Arena::new(SystemAllocator)));
    }

    /// One arena for every round, reset keeping its capacity: after the
    /// first round, no chunk is ever asked for again.
    #[divan::bench]
    fn arena_warm(bencher: Bencher) {
        let mut arena = Arena::new(SystemAllocator);
        let mut blocks = Vec::with_capacity(COUNT);
        bencher.bench_local(|| {
            run(&Ours(&arena), &mut blocks);
            arena.reset(ResetMode::RetainCapacity);
        });
    }

    #[divan::bench]
    fn debug_allocator(bencher: Bencher) {
        bench(bencher, || Ours(super::debug_allocator()));
    }

    #[divan::bench]
    fn thread_caching(bencher: Bencher) {
        bench(bencher, || Global(ThreadCachingAllocator));
    }
}
// ANCHOR_END: thirty_two_bytes

/// 100,000 blocks of 8 B – 4 KiB from a fixed pseudo-random sequence, each
/// written; then freed odd positions first, then even.
mod mixed_sizes {
    use super::*;

    const COUNT: usize = 100_000;

    fn layouts() -> Vec<Layout> {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        (0..COUNT)
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

    fn run(heap: &impl Heap, layouts: &[Layout], blocks: &mut Vec<NonNull<u8>>) {
        for &layout in layouts {
            let ptr = heap.alloc(layout);
            // SAFETY: a fresh block of `layout.size()` bytes.
            unsafe { ptr.write_bytes(1, layout.size()) };
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

    fn bench<H: Heap>(bencher: Bencher, make: impl Fn() -> H) {
        let layouts = layouts();
        let mut blocks = Vec::with_capacity(COUNT);
        bencher.with_inputs(make).bench_local_values(|heap| run(&heap, &layouts, &mut blocks));
    }

    #[divan::bench]
    fn system(bencher: Bencher) {
        bench(bencher, || Global(System));
    }

    #[divan::bench]
    fn mimalloc(bencher: Bencher) {
        bench(bencher, || Global(MiMalloc));
    }

    #[divan::bench]
    fn bumpalo(bencher: Bencher) {
        bench(bencher, Bump::new);
    }

    #[divan::bench]
    fn fixed_buffer(bencher: Bencher) {
        let layouts = layouts();
        let total: usize = layouts.iter().map(|l| l.size().next_multiple_of(8)).sum();
        let mut memory = buffer(total + 4096);
        let mut blocks = Vec::with_capacity(COUNT);
        bencher.bench_local(|| run(&Ours(FixedBufferAllocator::new(&mut memory)), &layouts, &mut blocks));
    }

    #[divan::bench]
    fn arena(bencher: Bencher) {
        bench(bencher, || Ours(Arena::new(SystemAllocator)));
    }

    #[divan::bench]
    fn arena_warm(bencher: Bencher) {
        let layouts = layouts();
        let mut arena = Arena::new(SystemAllocator);
        let mut blocks = Vec::with_capacity(COUNT);
        bencher.bench_local(|| {
            run(&Ours(&arena), &layouts, &mut blocks);
            arena.reset(ResetMode::RetainCapacity);
        });
    }

    #[divan::bench]
    fn debug_allocator(bencher: Bencher) {
        bench(bencher, || Ours(super::debug_allocator()));
    }

    #[divan::bench]
    fn thread_caching(bencher: Bencher) {
        bench(bencher, || Global(ThreadCachingAllocator));
    }
}

// ANCHOR: request_loop
/// 1,000 HTTP-like requests; each is parsed into a vector of lower-cased
/// header names and values (about 35 small allocations), used, and thrown
/// away. Arenas are reset after each request and keep their memory.
mod request_loop {
    use super::*;
    use allocator_api2::vec::Vec as AVec;

    const REQUESTS: usize = 1_000;

    fn request(n: usize) -> String {
        let mut text = format!("GET /items/{n} HTTP/1.1\r\n");
        for header in 0..16 {
            text += &format!("X-Header-{header}: value-{n}-{header}\r\n");
        }
        text
    }

    /// A header's lower-cased name and its value, in the request's allocator.
    type Header<A> = (AVec<u8, A>, AVec<u8, A>);

    /// The handler: written once, generic over the allocator — Zig's style.
    fn handle<A: Api2 + Copy>(request: &str, alloc: A) -> usize {
        let mut headers: AVec<Header<A>, A> = AVec::new_in(alloc);
        for line in request.lines().skip(1) {
            let Some((name, value)) = line.split_once(": ") else { continue };
            let mut lower = AVec::new_in(alloc);
            lower.extend(name.bytes().map(|b| b.to_ascii_lowercase()));
            let mut copy = AVec::new_in(alloc);
            copy.extend_from_slice(value.as_bytes());
            headers.push((lower, copy));
        }
        headers.iter().map(|(name, value)| name.len() + value.len()).sum()
    }

    fn requests() -> Vec<String> {
        (0..REQUESTS).map(request).collect()
    }

    #[divan::bench]
    fn system(bencher: Bencher) {
        let requests = requests();
        bencher.bench_local(|| requests.iter().map(|r| handle(r, allocator_api2::alloc::Global)).sum::<usize>());
    }

    #[divan::bench]
    fn mimalloc(bencher: Bencher) {
        let requests = requests();
        bencher.bench_local(|| requests.iter().map(|r| handle(r, Mi)).sum::<usize>());
    }

    #[divan::bench]
    fn bumpalo(bencher: Bencher) {
        let requests = requests();
        let mut bump = Bump::new();
        bencher.bench_local(|| {
            let mut total = 0;
            for request in &requests {
                total += handle(request, &bump);
                bump.reset();
            }
            total
        });
    }

    #[divan::bench]
    fn fixed_buffer(bencher: Bencher) {
        let requests = requests();
        let mut memory = buffer(64 * 1024);
        bencher.bench_local(|| {
            let mut total = 0;
            for request in &requests {
                let fixed = FixedBufferAllocator::new(&mut memory);
                total += handle(request, &fixed);
            }
            total
        });
    }

    #[divan::bench]
    fn arena(bencher: Bencher) {
        let requests = requests();
        let mut arena = Arena::new(SystemAllocator);
        bencher.bench_local(|| {
            let mut total = 0;
            for request in &requests {
                total += handle(request, &arena);
                arena.reset(ResetMode::RetainCapacity);
            }
            total
        });
    }

    #[divan::bench]
    fn debug_allocator(bencher: Bencher) {
        let requests = requests();
        let debug = super::debug_allocator();
        bencher.bench_local(|| requests.iter().map(|r| handle(r, &debug)).sum::<usize>());
    }
}
// ANCHOR_END: request_loop

/// A 124 KB JSON document (lesson 06's sample) parsed into a tree:
/// `serde_json::Value` on the global allocator (`System` here) against
/// lesson 06's parser into an arena that is reset and reused.
mod json {
    use super::*;

    fn document() -> String {
        arena::json::sample_document(200)
    }

    #[divan::bench]
    fn system(bencher: Bencher) {
        let text = document();
        bencher.bench_local(|| black_box(serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON")));
    }

    #[divan::bench]
    fn arena(bencher: Bencher) {
        let text = document();
        let mut arena = Arena::new(SystemAllocator);
        bencher.bench_local(|| {
            black_box(arena::json::parse(&arena, &text).expect("valid JSON"));
            arena.reset(ResetMode::RetainCapacity);
        });
    }
}
