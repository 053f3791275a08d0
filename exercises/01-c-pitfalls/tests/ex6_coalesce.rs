//! Tests for exercise c-pitfalls-6 (`src/ex6_coalesce.rs`), the capstone.

use c_pitfalls::heap::ToyHeap;
use c_pitfalls_exercises::ex6_coalesce::{BadFree, Chunk, TagHeap};
use proptest::prelude::*;

fn used(payload: u32, size: u32) -> Chunk {
    Chunk { payload, size, used: true }
}

fn free(payload: u32, size: u32) -> Chunk {
    Chunk { payload, size, used: false }
}

#[test]
fn a_new_heap_is_one_free_block() {
    // 4 bytes of padding, then 248 bytes of block: 4 + 240 + 4.
    assert_eq!(TagHeap::new(256).blocks(), [free(8, 240)]);
    assert_eq!(TagHeap::new(259).blocks(), [free(8, 240)], "the tail that is no multiple of 8 stays unused");
}

#[test]
fn malloc_takes_the_first_fit_and_splits_it() {
    let mut heap = TagHeap::new(256);
    assert_eq!(heap.malloc(10), Some(8), "10 bytes round up to 16: a 24-byte block");
    assert_eq!(heap.malloc(16), Some(32));
    assert_eq!(heap.blocks(), [used(8, 16), used(32, 16), free(56, 192)]);
}

#[test]
fn a_remainder_too_small_for_a_block_stays_with_the_block() {
    let mut heap = TagHeap::new(4 + 48);
    // 48 bytes of block; a 32-byte payload needs 40, and 8 left over cannot
    // hold two tags and a payload: the whole block is handed out.
    assert_eq!(heap.malloc(32), Some(8));
    assert_eq!(heap.blocks(), [used(8, 40)]);
    assert_eq!(heap.malloc(1), None, "full");
}

#[test]
fn zero_and_huge_requests_are_refused() {
    let mut heap = TagHeap::new(256);
    assert_eq!(heap.malloc(0), None);
    assert_eq!(heap.malloc(u32::MAX), None, "no wrap-around to a small size");
    assert_eq!(heap.malloc(241), None, "one byte more than the heap has");
    assert_eq!(heap.blocks(), [free(8, 240)]);
}

#[test]
fn free_merges_with_the_next_block() {
    let mut heap = TagHeap::new(256);
    let a = heap.malloc(16).unwrap();
    heap.free(a).unwrap();
    assert_eq!(heap.blocks(), [free(8, 240)], "merged with the free rest");
}

#[test]
fn free_merges_with_the_previous_block() {
    let mut heap = TagHeap::new(4 + 72);
    let [a, b, c] = [16, 16, 16].map(|n| heap.malloc(n).unwrap());
    heap.free(a).unwrap();
    heap.free(b).unwrap();
    assert_eq!(heap.blocks(), [free(8, 40), used(c, 16)], "b found a through a's footer");
}

#[test]
fn freeing_in_any_order_gives_back_one_block() {
    let orders = [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1], [0, 2, 1, 3], [3, 1, 2, 0]];
    for order in orders {
        let mut heap = TagHeap::new(4 + 4 * 24);
        let blocks = [0; 4].map(|_| heap.malloc(16).unwrap());
        for i in order {
            heap.free(blocks[i]).unwrap();
        }
        assert_eq!(heap.blocks(), [free(8, 88)], "order {order:?}");
    }
}

#[test]
fn the_request_the_chapters_heap_refuses() {
    // Four 16-byte blocks fill each heap; the middle two are freed.
    let mut toy = ToyHeap::new(4 * 24);
    let toys = [0; 4].map(|_| toy.malloc(16).unwrap());
    toy.free(toys[1]);
    toy.free(toys[2]);
    assert_eq!(toy.malloc(40), None, "the toy heap sees two 16-byte holes");

    let mut heap = TagHeap::new(4 + 4 * 24);
    let blocks = [0; 4].map(|_| heap.malloc(16).unwrap());
    heap.free(blocks[1]).unwrap();
    heap.free(blocks[2]).unwrap();
    assert_eq!(heap.malloc(40), Some(blocks[1]), "yours sees one 40-byte hole");
}

#[test]
fn bad_frees_are_refused_and_change_nothing() {
    let mut heap = TagHeap::new(256);
    let a = heap.malloc(16).unwrap();
    let b = heap.malloc(16).unwrap();
    heap.write(a, &[0xff; 16]);
    let before = heap.blocks();
    assert_eq!(heap.free(a + 8), Err(BadFree::NotABlock), "the middle of a block");
    assert_eq!(heap.free(3), Err(BadFree::NotABlock), "before the first block");
    assert_eq!(heap.free(1 << 20), Err(BadFree::NotABlock), "outside the heap");
    assert_eq!(heap.free(u32::MAX), Err(BadFree::NotABlock));
    assert_eq!(heap.blocks(), before);
    heap.free(b).unwrap();
    assert_eq!(heap.free(b), Err(BadFree::NotInUse), "a double free");
    assert_eq!(heap.blocks(), [used(a, 16), free(32, 216)]);
}

#[test]
fn payloads_survive_their_neighbours_merging() {
    let mut heap = TagHeap::new(256);
    let blocks = [0; 5].map(|_| heap.malloc(16).unwrap());
    for (i, &block) in blocks.iter().enumerate() {
        heap.write(block, &[i as u8; 16]);
    }
    for i in [0, 1, 3] {
        heap.free(blocks[i]).unwrap();
    }
    assert_eq!(heap.read(blocks[2], 16), [2; 16]);
    assert_eq!(heap.read(blocks[4], 16), [4; 16]);
}

#[derive(Clone, Debug)]
enum Op {
    Malloc(u32),
    Free(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![(1u32..80).prop_map(Op::Malloc), (0usize..64).prop_map(Op::Free)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any sequence of mallocs and frees: the blocks tile the heap, no two
    /// free blocks are neighbours, every live block is in use with its size
    /// and its bytes, and freeing everything leaves one block.
    #[test]
    fn the_model_check(ops in proptest::collection::vec(op(), 1..120)) {
        let mut heap = TagHeap::new(1024);
        let whole = heap.blocks();
        let mut live: Vec<(u32, u32, u8)> = Vec::new();
        for (step, op) in ops.into_iter().enumerate() {
            match op {
                Op::Malloc(size) => {
                    if let Some(payload) = heap.malloc(size) {
                        heap.write(payload, &vec![step as u8; size as usize]);
                        live.push((payload, size, step as u8));
                    }
                }
                Op::Free(i) if !live.is_empty() => {
                    let (payload, _, _) = live.swap_remove(i % live.len());
                    prop_assert_eq!(heap.free(payload), Ok(()));
                }
                Op::Free(_) => {}
            }
            let blocks = heap.blocks();
            let span: u32 = blocks.iter().map(|b| b.size + 8).sum();
            prop_assert_eq!(span, 1016, "the blocks tile the heap: {:?}", blocks);
            prop_assert!(blocks.windows(2).all(|w| w[0].used || w[1].used), "two free neighbours: {:?}", blocks);
            prop_assert_eq!(blocks.iter().filter(|b| b.used).count(), live.len());
            for &(payload, size, fill) in &live {
                let block = blocks.iter().find(|b| b.payload == payload);
                prop_assert!(block.is_some_and(|b| b.used && b.size >= size), "{} in {:?}", payload, blocks);
                prop_assert_eq!(heap.read(payload, size), vec![fill; size as usize]);
            }
        }
        for (payload, _, _) in live {
            prop_assert_eq!(heap.free(payload), Ok(()));
        }
        prop_assert_eq!(heap.blocks(), whole);
    }
}
