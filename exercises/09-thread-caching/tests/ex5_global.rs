//! Tests for exercise thread-caching-5 (`src/ex5_shards.rs`), part two: a
//! shard per thread is this whole test binary's allocator — the test
//! harness, its threads, std's collections, boxes sent between threads.
//!
//! Until `Shard::alloc` works, this binary stops at its first allocation:
//! a panic needs memory too. Make `tests/ex5_shards.rs` pass first.

#![cfg(not(miri))] // real mmap: Miri runs the shards over the simulated kernel (`ex5_shards`)

use allocator_interface::Allocator;
use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;
use core::mem::ManuallyDrop;
use core::ptr::{self, NonNull};
use page_allocator::Linux;
use std::collections::HashMap;
use std::io::Write;
use std::sync::mpsc;
use thread_caching_exercises::ex5_shards::Shard;

static KERNEL: Linux = Linux;

thread_local! {
    /// This thread's shard. `const`, so reaching it never allocates; never
    /// dropped, so it is there until the thread's very last free. A thread
    /// that ends leaves its slabs mapped (mimalloc hands such abandoned
    /// slabs to another thread; this test binary can afford to leak them).
    static SHARD: ManuallyDrop<Shard<'static, Linux>> = const { ManuallyDrop::new(Shard::new(&KERNEL)) };
}

thread_local! {
    /// Set while this thread is inside its shard.
    static INSIDE: Cell<bool> = const { Cell::new(false) };
}

/// Runs `call` on this thread's shard. The allocator must never be entered
/// again from inside itself: that happens only when the shard panicked (the
/// panic allocates) or allocates through the global allocator (a `Vec`, a
/// `Box`, `format!`) — say which, instead of recursing until the stack ends.
fn with_shard<R>(call: impl FnOnce(&Shard<'static, Linux>) -> R) -> R {
    if INSIDE.replace(true) {
        reentered();
    }
    let result = SHARD.with(|shard| call(shard));
    INSIDE.set(false);
    result
}

#[cold]
fn reentered() -> ! {
    let _ = std::io::stderr().write_all(
        b"\nex5_global: the global allocator was called from inside a Shard call. Either the shard \
          panicked (its message, if it got out, is above; `tests/ex5_shards.rs` shows it in full), \
          or the shard allocates through the global allocator (a Vec, a Box, format!...), which \
          the program's allocator must never do.\n",
    );
    std::process::abort()
}

/// `GlobalAlloc` over this thread's shard.
struct Shards;

// SAFETY: every call goes to the calling thread's shard, which meets the
// course's `Allocator` contract (`tests/ex5_shards.rs` runs the conformance
// suite) and frees any shard's block.
unsafe impl GlobalAlloc for Shards {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        with_shard(|shard| shard.alloc(layout)).map_or(ptr::null_mut(), NonNull::as_ptr)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `GlobalAlloc` hands back only what `alloc` returned: not null.
        let block = unsafe { NonNull::new_unchecked(ptr) };
        // SAFETY: a live block of some thread's shard, with its layout.
        with_shard(|shard| unsafe { shard.free(block, layout) });
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: not null, as above.
        let block = unsafe { NonNull::new_unchecked(ptr) };
        // SAFETY: a live block of some thread's shard, with its layout.
        if let Some(moved) = with_shard(|shard| unsafe { shard.remap(block, layout, new_size) }) {
            return moved.as_ptr();
        }
        // SAFETY: `new_size` with the old alignment is a valid layout (the
        // caller's promise); the old block is live for `layout.size()` bytes.
        unsafe {
            let new = self.alloc(Layout::from_size_align_unchecked(new_size, layout.align()));
            if !new.is_null() {
                ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

#[global_allocator]
static GLOBAL: Shards = Shards;

#[test]
fn collections_on_many_threads() {
    let handles: Vec<_> = (0..8)
        .map(|thread| {
            std::thread::spawn(move || {
                let mut words: HashMap<String, Vec<usize>> = HashMap::new();
                for i in 0..20_000 {
                    words.entry(format!("word {}", (i * 7 + thread) % 997)).or_default().push(i);
                }
                let total: usize = words.values().map(Vec::len).sum();
                let longest = words.keys().map(String::len).max();
                (total, words.len(), longest)
            })
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().expect("no panic"), (20_000, 997, Some(8)));
    }
}

#[test]
fn boxes_made_on_one_thread_die_on_another() {
    let (send, receive) = mpsc::channel::<Box<[u8; 100]>>();
    let producer = std::thread::spawn(move || {
        for n in 0..50_000u32 {
            send.send(Box::new([n as u8; 100])).expect("the consumer is there");
        }
    });
    for (n, block) in receive.iter().enumerate() {
        assert!(block.iter().all(|&b| b == n as u8), "block {n} was overwritten");
    }
    producer.join().expect("no panic");
}

#[test]
fn a_producer_keeps_reusing_what_its_consumer_frees() {
    // Round after round, the consumer frees every block the producer made:
    // they must come back to the producer through the remote lists, or
    // memory grows with every round.
    let resident = || {
        let statm = std::fs::read_to_string("/proc/self/statm").expect("Linux");
        statm.split_whitespace().nth(1).and_then(|pages| pages.parse::<usize>().ok()).expect("statm") * 4096
    };
    let (send, receive) = mpsc::sync_channel::<Vec<Box<[u8; 64]>>>(2);
    let consumer = std::thread::spawn(move || receive.iter().map(|batch| batch.len()).sum::<usize>());
    let mut after_first = 0;
    for round in 0..50 {
        let batch: Vec<Box<[u8; 64]>> = (0..20_000).map(|i| Box::new([i as u8; 64])).collect();
        send.send(batch).expect("the consumer is there");
        if round == 4 {
            after_first = resident();
        }
    }
    drop(send);
    assert_eq!(consumer.join().expect("no panic"), 50 * 20_000);
    // 45 more rounds of 1.6 MB each: 72 MB if nothing came back.
    let grown = resident().saturating_sub(after_first);
    assert!(grown < 16 << 20, "resident memory grew by {grown} bytes over 45 rounds: remote frees are lost");
}

#[test]
fn growing_and_shrinking_moves_between_classes_and_to_the_pages() {
    let mut bytes: Vec<u8> = Vec::new();
    for n in 0..200_000u32 {
        bytes.push(n as u8); // through every class, then to the pages (> 8 KiB)
    }
    assert!(bytes.iter().enumerate().all(|(i, &b)| b == i as u8));
    bytes.truncate(10);
    bytes.shrink_to_fit(); // back into a small class: a copy
    assert_eq!(bytes, (0..10).collect::<Vec<u8>>());
}
