//! Tests for exercise thread-caching-3 (`src/ex3_bins.rs`).

use thread_caching_exercises::ex3_bins::{Bin, Central};

/// A heap of numbered blocks that counts every trip to it.
#[derive(Default)]
struct Counting {
    free: Vec<usize>,
    next: usize,
    limit: Option<usize>,
    takes: usize,
    gives: usize,
    given: Vec<usize>,
}

impl Central for Counting {
    fn take(&mut self, want: usize, into: &mut Vec<usize>) -> usize {
        self.takes += 1;
        let mut got = 0;
        while got < want {
            let block = match self.free.pop() {
                Some(block) => block,
                None if self.limit.is_none_or(|limit| self.next < limit) => {
                    self.next += 1;
                    self.next - 1
                }
                None => break,
            };
            into.push(block);
            got += 1;
        }
        got
    }

    fn give(&mut self, blocks: &mut Vec<usize>) {
        self.gives += 1;
        self.given.extend(blocks.iter().copied());
        self.free.append(blocks);
    }
}

#[test]
fn one_trip_per_batch() {
    let mut heap = Counting::default();
    let mut bin = Bin::new(16);
    let blocks: Vec<usize> = (0..1000).map(|_| bin.alloc(&mut heap).expect("memory")).collect();
    assert_eq!(heap.takes, 1000usize.div_ceil(16), "a trip per 16 allocations");
    let mut sorted = blocks.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), 1000, "no block handed out twice");
    for block in blocks {
        bin.free(block, &mut heap);
    }
    assert!(bin.len() <= 32, "never more than two batches: {}", bin.len());
    assert_eq!(heap.gives, (1000 - 32usize).div_ceil(16), "a trip per 16 frees past the limit");
}

#[test]
fn the_newest_block_comes_back_first_and_the_oldest_go_back() {
    let mut heap = Counting::default();
    let mut bin = Bin::new(4);
    for block in 100..109 {
        bin.free(block, &mut heap); // the ninth passes two batches of 4
    }
    assert_eq!(heap.given, [100, 101, 102, 103], "the four freed longest ago went back");
    assert_eq!(bin.len(), 5);
    assert_eq!(bin.alloc(&mut heap), Some(108), "the last freed comes out first");
    assert_eq!(heap.takes, 0, "from the bin, no trip");
}

#[test]
fn a_bin_at_its_limit_goes_back_once_per_batch_not_at_every_free() {
    let mut heap = Counting::default();
    let mut bin = Bin::new(8);
    let mut elsewhere = 1_000_000..; // blocks another thread allocated
    for _ in 0..16 {
        bin.free(elsewhere.next().unwrap(), &mut heap);
    }
    assert_eq!((heap.takes, heap.gives), (0, 0), "two batches fit");
    // Three frees, two allocations: one block more each round, at the limit.
    for _ in 0..800 {
        for _ in 0..3 {
            bin.free(elsewhere.next().unwrap(), &mut heap);
        }
        bin.alloc(&mut heap).unwrap();
        bin.alloc(&mut heap).unwrap();
    }
    assert_eq!(heap.takes, 0, "the bin never ran dry");
    assert!(heap.gives <= 800 / 8 + 1, "{} trips for 800 surplus blocks: one per batch", heap.gives);
    assert!(bin.len() <= 16);
}

#[test]
fn a_consumer_hands_blocks_back_and_a_drain_returns_the_rest() {
    let mut heap = Counting::default();
    let (mut producer, mut consumer) = (Bin::new(8), Bin::new(8));
    for _ in 0..10_000 {
        let block = producer.alloc(&mut heap).unwrap();
        consumer.free(block, &mut heap);
    }
    assert!(heap.next <= 3 * 8, "the producer reuses what the consumer gave back: {} blocks made", heap.next);
    producer.drain(&mut heap);
    consumer.drain(&mut heap);
    assert!(producer.is_empty() && consumer.is_empty());
    assert_eq!(heap.free.len(), heap.next, "every block is back in the heap");
}

#[test]
fn out_of_memory_is_none_and_changes_nothing() {
    let mut heap = Counting { limit: Some(3), ..Counting::default() };
    let mut bin = Bin::new(8);
    let got: Vec<Option<usize>> = (0..4).map(|_| bin.alloc(&mut heap)).collect();
    assert_eq!(got, [Some(2), Some(1), Some(0), None]);
    assert!(bin.is_empty());
}
