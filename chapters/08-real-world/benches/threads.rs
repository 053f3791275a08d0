//! The shoot-out's threaded workload, in a process of its own: once a
//! program has started a second thread, glibc's `malloc` takes its
//! multi-threaded path for good, which would slow the single-threaded
//! workloads of `shootout.rs` (and their comparison with Zig's program).
//! `cargo xtask bench` runs both and merges the tables.
//!
//! Run alone: `cargo bench -p chapter-08-real-world --bench threads`.

use core::alloc::{GlobalAlloc, Layout};
use core::ptr::NonNull;
use divan::{Bencher, black_box};
use mimalloc::MiMalloc;
use std::alloc::System;
use std::sync::mpsc;
use thread_caching::ThreadCachingAllocator;

fn main() {
    divan::Divan::default().sample_count(30).config_with_args().main();
}

/// Two threads: a producer allocates 100,000 blocks of 64 bytes, writes
/// each and hands them over in batches of 1,000; a consumer reads and frees
/// them. Every free is of a block another thread allocated.
mod producer_consumer {
    use super::*;

    const COUNT: usize = 100_000;
    const BATCH: usize = 1_000;
    const BLOCK: Layout = match Layout::from_size_align(64, 8) {
        Ok(layout) => layout,
        Err(_) => panic!("valid layout"),
    };

    /// Blocks on their way to the consumer.
    struct Batch(Vec<NonNull<u8>>);
    // SAFETY: the blocks belong to a global allocator, which any thread may
    // free into; the producer gives them up when it sends them.
    unsafe impl Send for Batch {}

    fn run<G: GlobalAlloc + Sync>(heap: &G) {
        let (send, receive) = mpsc::sync_channel::<Batch>(4);
        std::thread::scope(|scope| {
            scope.spawn(move || {
                for _ in 0..COUNT / BATCH {
                    let batch = (0..BATCH)
                        .map(|_| {
                            // SAFETY: a non-zero size.
                            let ptr = NonNull::new(unsafe { heap.alloc(BLOCK) }).expect("memory");
                            // SAFETY: a fresh 64-byte block.
                            unsafe { ptr.write_bytes(0x5A, BLOCK.size()) };
                            ptr
                        })
                        .collect();
                    send.send(Batch(batch)).expect("the consumer is there");
                }
            });
            for Batch(blocks) in receive.iter() {
                for ptr in blocks {
                    // SAFETY: a live block, written by the producer and given up.
                    unsafe {
                        black_box(ptr.read());
                        heap.dealloc(ptr.as_ptr(), BLOCK);
                    }
                }
            }
        });
    }

    #[divan::bench]
    fn system(bencher: Bencher) {
        bencher.bench_local(|| run(&System));
    }

    #[divan::bench]
    fn mimalloc(bencher: Bencher) {
        bencher.bench_local(|| run(&MiMalloc));
    }

    #[divan::bench]
    fn thread_caching(bencher: Bencher) {
        bencher.bench_local(|| run(&ThreadCachingAllocator));
    }
}
