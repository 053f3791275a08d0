//! The whole test binary — the test harness, its threads, std's collections
//! — runs on the thread-caching allocator.

#![cfg(not(miri))] // real mmap: Miri runs the heap over the simulated kernel instead

use std::collections::HashMap;
use std::sync::mpsc;
use thread_caching::{HEAP, ThreadCachingAllocator};

#[global_allocator]
static GLOBAL: ThreadCachingAllocator = ThreadCachingAllocator;

#[test]
fn collections_on_many_threads() {
    let handles: Vec<_> = (0..8)
        .map(|thread| {
            std::thread::spawn(move || {
                let mut words: HashMap<String, Vec<usize>> = HashMap::new();
                for i in 0..20_000 {
                    words.entry(format!("word {}", (i * 7 + thread) % 997)).or_default().push(i);
                }
                let mut total: usize = words.values().map(Vec::len).sum();
                let mut text = String::new();
                for (word, places) in &words {
                    text.push_str(word);
                    total += places.iter().filter(|&&p| p % 2 == 0).count();
                }
                (total, text.len())
            })
        })
        .collect();
    for handle in handles {
        let (total, text) = handle.join().expect("no panic");
        assert_eq!(total, 30_000);
        assert!(text > 997 * 6);
    }
    assert!(HEAP.slabs() > 0, "the heap really served them");
}

#[test]
fn boxes_made_on_one_thread_die_on_another() {
    let (send, receive) = mpsc::channel::<Box<[u8; 100]>>();
    let producer = std::thread::spawn(move || {
        for n in 0..50_000u32 {
            send.send(Box::new([n as u8; 100])).expect("the consumer is there");
        }
    });
    let mut sum = 0u64;
    for (n, block) in receive.iter().enumerate() {
        assert!(block.iter().all(|&b| b == n as u8));
        sum += u64::from(block[0]);
    }
    producer.join().expect("no panic");
    assert_eq!(sum, (0..50_000u64).map(|n| n % 256).sum());
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

#[test]
fn trim_gives_back_what_a_burst_left_behind() {
    // 8 MiB in 4000-byte blocks (16 to a slab), all freed: empty slabs.
    let burst: Vec<Box<[u8; 4000]>> = (0..2048).map(|i| Box::new([i as u8; 4000])).collect();
    assert!(burst.iter().enumerate().all(|(i, block)| block[3999] == i as u8));
    drop(burst);
    let trimmed = GLOBAL.trim();
    assert!(trimmed >= 1, "the burst's slabs wait empty; trim empties them ({trimmed})");
    // Trimmed slabs serve blocks again: the kernel refills their pages.
    let again: Vec<Box<[u8; 4000]>> = (0..2048).map(|i| Box::new([!(i as u8); 4000])).collect();
    assert!(again.iter().enumerate().all(|(i, block)| block[0] == !(i as u8) && block[3999] == !(i as u8)));
}
