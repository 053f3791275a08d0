//! Tests for exercise thread-caching-5 (`src/ex5_shards.rs`).

use allocator_interface::{Allocator, conformance};
use core::alloc::Layout;
use core::ptr::NonNull;
use page_allocator::SimulatedOs;
use std::sync::mpsc;
use thread_caching_exercises::ex5_shards::Shard;

/// A block on its way to another thread.
struct Sent(NonNull<u8>);
// SAFETY: the block belongs to the shard that allocated it, which outlives
// the receiver's use; the sender gives it up by sending it.
unsafe impl Send for Sent {}

#[test]
fn one_shard_is_a_real_allocator() {
    let os = SimulatedOs::new(4096, 4096);
    conformance::check_scoped(|test| {
        let shard = Shard::new(&os);
        test(&shard);
        drop(shard);
        assert_eq!(os.mapped_pages(), 0, "a shard with no block out unmaps every slab");
    });
}

#[test]
fn the_owner_reuses_its_blocks_and_gives_empty_slabs_back() {
    let os = SimulatedOs::new(4096, 1024);
    let shard = Shard::new(&os);
    let layout = Layout::from_size_align(1000, 8).unwrap(); // 64 to a slab
    let blocks: Vec<_> = (0..200).map(|_| shard.alloc(layout).unwrap()).collect();
    assert_eq!(shard.slabs(), 4);
    for &block in &blocks {
        // SAFETY: live blocks of this shard.
        unsafe { shard.free(block, layout) };
    }
    assert_eq!(shard.slabs(), 1, "empty slabs go back to the kernel, but the last one");
    let again: Vec<_> = (0..50).map(|_| shard.alloc(layout).unwrap()).collect();
    assert_eq!(shard.slabs(), 1, "and its blocks are used again");
    for block in again {
        // SAFETY: as above.
        unsafe { shard.free(block, layout) };
    }
}

// ANCHOR: remote
#[test]
fn blocks_freed_by_another_thread_come_back_to_their_owner() {
    let os = SimulatedOs::new(4096, 2048);
    let layout = Layout::from_size_align(48, 8).unwrap();
    let count: usize = if cfg!(miri) { 200 } else { 20_000 };
    let (to_consumer, blocks) = mpsc::channel::<Sent>();
    let (done, finished) = mpsc::channel::<usize>();
    std::thread::scope(|scope| {
        let os = &os;
        scope.spawn(move || {
            let producer = Shard::new(os);
            for n in 0..count {
                let block = producer.alloc(layout).expect("memory");
                // SAFETY: a live block of 48 bytes.
                unsafe { block.write_bytes(n as u8, 48) };
                to_consumer.send(Sent(block)).expect("the consumer is there");
            }
            drop(to_consumer);
            let consumer_slabs = finished.recv().expect("the consumer reports");
            assert_eq!(consumer_slabs, 0, "freeing another shard's blocks maps nothing");
            let slabs = producer.slabs();
            // Every block came back through the remote lists: allocating as
            // many again fits in the slabs there are, or in as few as `count`
            // blocks need at once (a 64 KiB slab holds over 1,300 blocks of
            // 48 bytes) — not in a second set of slabs.
            let again: Vec<_> = (0..count).map(|_| producer.alloc(layout).expect("memory")).collect();
            let needed = slabs.max(count.div_ceil(1300));
            assert!(producer.slabs() <= needed, "{} slabs, {needed} needed: remote frees were lost", producer.slabs());
            for block in again {
                // SAFETY: live blocks of this shard.
                unsafe { producer.free(block, layout) };
            }
        });
        scope.spawn(move || {
            let consumer = Shard::new(os);
            for (n, Sent(block)) in blocks.iter().enumerate() {
                // SAFETY: a live block of 48 bytes, written by the producer.
                assert!(unsafe { core::slice::from_raw_parts(block.as_ptr(), 48) }.iter().all(|&b| b == n as u8));
                // SAFETY: a live block (of the producer's shard), given up.
                unsafe { consumer.free(block, layout) };
            }
            done.send(consumer.slabs()).expect("the producer waits");
        });
    });
    assert_eq!(os.mapped_pages(), 0, "both shards unmapped everything when they ended");
}
// ANCHOR_END: remote

#[test]
fn many_threads_free_into_one_owner_at_once() {
    let os = SimulatedOs::new(4096, 2048);
    let owner = Shard::new(&os);
    let layout = Layout::from_size_align(24, 8).unwrap();
    let per_thread = if cfg!(miri) { 20 } else { 5_000 };
    let threads = if cfg!(miri) { 2 } else { 4 };
    let mut batches: Vec<Vec<Sent>> =
        (0..threads).map(|_| (0..per_thread).map(|_| Sent(owner.alloc(layout).expect("memory"))).collect()).collect();
    let slabs = owner.slabs();
    std::thread::scope(|scope| {
        for batch in batches.drain(..) {
            let os = &os;
            scope.spawn(move || {
                let other = Shard::new(os);
                for Sent(block) in batch {
                    // SAFETY: a live block of the owner's shard, given up.
                    unsafe { other.free(block, layout) };
                }
            });
        }
    });
    let again: Vec<_> = (0..threads * per_thread).map(|_| owner.alloc(layout).expect("memory")).collect();
    assert_eq!(owner.slabs(), slabs, "every concurrent remote free arrived, none lost");
    for block in again {
        // SAFETY: live blocks of the owner's shard.
        unsafe { owner.free(block, layout) };
    }
}
