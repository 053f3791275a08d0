//! Tests for exercise arena-6 (`src/ex6_pool.rs`), the capstone.

use allocator_api2::boxed::Box;
use allocator_interface::testing::{FailingAllocator, TestingAllocator};
use allocator_interface::{Allocator, CountingAllocator, SystemAllocator, conformance};
use arena::ResetMode;
use arena_exercises::ex6_pool::MemoryPool;
use core::alloc::Layout;
use core::ptr::NonNull;

const WORD: usize = size_of::<usize>();

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

/// A tree node, the kind of object pools are made for.
struct Node<'pool> {
    value: u64,
    children: [Option<Box<Node<'pool>, &'pool MemoryPool<SystemAllocator>>>; 2],
}

#[test]
fn slots_hold_the_item_and_a_free_list_link() {
    let pool = |item| MemoryPool::new(SystemAllocator, item).slot_layout();
    assert_eq!(pool(layout(1, 1)), layout(WORD, WORD), "a byte still needs room for the link");
    assert_eq!(pool(layout(WORD + 4, 4)), layout(2 * WORD, WORD), "rounded to the slot's alignment");
    assert_eq!(pool(layout(24, 16)), layout(32, 16), "slots end to end stay 16-aligned");
    assert_eq!(pool(layout(256, 64)), layout(256, 64));
}

#[test]
fn a_freed_slot_is_the_next_one_handed_out() {
    // Zig's test "basic" (lib/std/heap/memory_pool.zig).
    let pool = MemoryPool::new(TestingAllocator::new(), Layout::new::<u32>());
    let l = Layout::new::<u32>();
    let [p1, p2, p3] = [(); 3].map(|()| pool.alloc(l).unwrap());
    assert!(p1 != p2 && p2 != p3 && p1 != p3);
    // SAFETY: live blocks of this pool with this layout.
    unsafe {
        pool.free(p2, l);
        assert_eq!(pool.free_slots(), 1);
        assert_eq!(pool.alloc(l).unwrap(), p2, "the free list is reused first");
        pool.free(p1, l);
        pool.free(p3, l);
    }
    assert_eq!(pool.free_slots(), 2);
    assert_eq!(pool.alloc(l).unwrap(), p3, "last freed, first reused");
    assert_eq!(pool.alloc(l).unwrap(), p1);
    assert_eq!(pool.free_slots(), 0);
}

#[test]
fn freeing_and_reusing_never_asks_the_child() {
    let child = CountingAllocator::new(TestingAllocator::new());
    let pool = MemoryPool::new(&child, layout(48, 8));
    let blocks: Vec<NonNull<u8>> = (0..100).map(|_| pool.alloc(layout(48, 8)).unwrap()).collect();
    let after_first_round = child.stats();
    for round in 0..10 {
        for &block in blocks.iter().skip(round % 3) {
            // SAFETY: live slots with this layout; each freed once per round.
            unsafe { pool.free(block, layout(48, 8)) };
        }
        let mut again: Vec<NonNull<u8>> = (round % 3..100).map(|_| pool.alloc(layout(40, 8)).unwrap()).collect();
        again.sort_unstable();
        let mut expected: Vec<NonNull<u8>> = blocks[round % 3..].to_vec();
        expected.sort_unstable();
        assert_eq!(again, expected, "round {round}: the same slots come back");
    }
    let now = child.stats();
    assert_eq!((now.allocs, now.frees), (after_first_round.allocs, after_first_round.frees), "no child call");
    assert!(after_first_round.allocs < 10, "slots come from arena chunks, not one child call each");
}

#[test]
fn a_freed_slot_holds_the_link_so_the_pool_needs_no_memory_of_its_own() {
    let pool = MemoryPool::new(TestingAllocator::new(), layout(WORD, WORD));
    let a = pool.alloc(layout(WORD, WORD)).unwrap();
    let b = pool.alloc(layout(WORD, WORD)).unwrap();
    // SAFETY: live one-word slots.
    unsafe {
        a.cast::<usize>().write(0x1111);
        b.cast::<usize>().write(0x2222);
        pool.free(a, layout(WORD, WORD));
        pool.free(b, layout(WORD, WORD));
        assert_eq!(b.cast::<usize>().read(), a.addr().get(), "b, freed last, links to a");
    }
}

#[test]
fn preheated_slots_need_no_child_allocation() {
    let child = CountingAllocator::new(TestingAllocator::new());
    let pool = MemoryPool::new(&child, layout(16, 8));
    pool.preheat(64).unwrap();
    assert_eq!(pool.free_slots(), 64);
    let before = child.stats().allocs;
    for _ in 0..64 {
        pool.alloc(layout(16, 8)).unwrap();
    }
    assert_eq!(child.stats().allocs, before, "64 preheated slots, 64 allocations");
}

#[test]
fn a_fixed_pool_refuses_past_its_count_until_a_slot_is_freed() {
    // Zig's test "growable".
    let child = CountingAllocator::new(TestingAllocator::new());
    let pool = MemoryPool::fixed(&child, Layout::new::<u32>(), 4).unwrap();
    let l = Layout::new::<u32>();
    let blocks = [(); 4].map(|()| pool.alloc(l).unwrap());
    let calls = child.stats().allocs;
    assert!(pool.alloc(l).is_err(), "the fifth is refused");
    assert_eq!(child.stats().allocs, calls, "a fixed pool never asks the child for slots");
    // SAFETY: a live slot.
    unsafe { pool.free(blocks[2], l) };
    assert_eq!(pool.alloc(l).unwrap(), blocks[2]);
    assert!(MemoryPool::fixed(FailingAllocator::new(SystemAllocator, 0), l, 1).is_err(), "preheating can fail");
}

#[test]
fn blocks_that_do_not_fit_a_slot_are_the_childs() {
    let child = CountingAllocator::new(TestingAllocator::new());
    let pool = MemoryPool::new(&child, layout(64, 8));
    assert!(pool.fits(layout(64, 8)) && pool.fits(layout(1, 1)));
    assert!(!pool.fits(layout(65, 8)) && !pool.fits(layout(8, 16)), "too big, or too aligned");
    let before = child.stats();
    let big = pool.alloc(layout(1000, 8)).unwrap();
    let aligned = pool.alloc(layout(8, 64)).unwrap();
    assert_eq!(child.stats().live_blocks(), before.live_blocks() + 2, "both straight from the child");
    assert_eq!(aligned.addr().get() % 64, 0);
    // SAFETY: live blocks with these layouts.
    unsafe {
        pool.free(big, layout(1000, 8));
        pool.free(aligned, layout(8, 64));
    }
    assert_eq!(child.stats().live_blocks(), before.live_blocks(), "and straight back");
    assert_eq!(pool.free_slots(), 0, "never put on the free list");
}

#[test]
fn resizes_stay_on_their_side_of_the_line() {
    let child = CountingAllocator::new(TestingAllocator::new());
    let pool = MemoryPool::new(&child, layout(64, 8));
    let slot = pool.alloc(layout(10, 8)).unwrap();
    let big = pool.alloc(layout(100, 8)).unwrap();
    // SAFETY: live blocks; each resize that succeeds changes its layout.
    unsafe {
        assert!(pool.resize(slot, layout(10, 8), 64), "a slot's spare bytes are free to grow into");
        assert!(!pool.resize(slot, layout(64, 8), 65), "past the slot");
        assert!(pool.remap(slot, layout(64, 8), 65).is_none(), "a slot never becomes a child block");
        assert!(!pool.resize(big, layout(100, 8), 64), "a child block must not shrink into a slot's size");
        assert!(pool.remap(big, layout(100, 8), 64).is_none());
        assert!(!pool.resize(slot, layout(64, 8), 0) && !pool.resize(big, layout(100, 8), 0), "zero is refused");
        let big = pool.remap(big, layout(100, 8), 5000).expect("the child grows its own blocks");
        pool.free(big, layout(5000, 8));
        pool.free(slot, layout(64, 8));
    }
    assert_eq!(pool.free_slots(), 1);
    assert_eq!(child.stats().frees, 1, "the grown block went back to the child: {:?}", child.stats());
}

#[test]
fn reset_empties_the_free_list_and_keeps_what_the_mode_says() {
    let child = CountingAllocator::new(TestingAllocator::new());
    let mut pool = MemoryPool::new(&child, layout(32, 8));
    let fill = |pool: &MemoryPool<_>| {
        let blocks: Vec<_> = (0..200).map(|_| pool.alloc(layout(32, 8)).unwrap()).collect();
        for &block in &blocks[..50] {
            // SAFETY: live slots.
            unsafe { pool.free(block, layout(32, 8)) };
        }
    };
    fill(&pool);
    assert_eq!(pool.free_slots(), 50);
    assert!(pool.reset(ResetMode::RetainCapacity));
    assert_eq!(pool.free_slots(), 0, "the list linked through memory the reset took back");
    let calls = child.stats().allocs;
    fill(&pool);
    assert_eq!(child.stats().allocs, calls, "the retained chunk holds the same work again");
    assert!(pool.reset(ResetMode::FreeAll));
    assert_eq!(child.stats().live_blocks(), 0, "free_all gives every chunk back");
    fill(&pool);
    assert!(pool.reset(ResetMode::RetainWithLimit(100)));
    assert!(child.stats().live_bytes <= 100 + 64, "at most the limit (and a chunk header): {:?}", child.stats());
}

#[test]
fn a_tree_of_boxed_nodes_lives_and_dies_in_the_pool() {
    let pool = MemoryPool::new(SystemAllocator, Layout::new::<Node>());
    fn build<'pool>(
        depth: u32,
        value: u64,
        pool: &'pool MemoryPool<SystemAllocator>,
    ) -> Box<Node<'pool>, &'pool MemoryPool<SystemAllocator>> {
        let children =
            if depth == 0 { [None, None] } else { [0, 1].map(|i| Some(build(depth - 1, 2 * value + i, pool))) };
        Box::new_in(Node { value, children }, pool)
    }
    fn sum(node: &Node) -> u64 {
        node.value + node.children.iter().flatten().map(|child| sum(child)).sum::<u64>()
    }
    let tree = build(8, 1, &pool);
    assert_eq!(sum(&tree), (1..512).sum::<u64>(), "511 nodes, numbered in heap order");
    drop(tree);
    assert_eq!(pool.free_slots(), 511, "every node's slot is free again");
    let again = build(8, 1, &pool);
    assert_eq!(pool.free_slots(), 0, "and reused");
    assert_eq!(sum(&again), (1..512).sum::<u64>());
}

#[test]
fn zero_and_huge_sizes_are_refused() {
    // A huge block does not fit a slot, so it goes to the child, which
    // refuses it (a FailingAllocator here: under Miri a real heap would
    // abort the test instead of saying no). The slot it must not take stays.
    let pool = MemoryPool::new(FailingAllocator::new(SystemAllocator, 1), layout(16, 8));
    pool.preheat(1).unwrap();
    assert!(pool.alloc(layout(0, 1)).is_err());
    assert!(pool.alloc(layout(isize::MAX as usize - 64, 8)).is_err());
    assert!(pool.alloc(layout(16, 1 << 20)).is_err(), "fits the size, not the alignment");
    assert_eq!(pool.free_slots(), 1, "no refused request took the slot");
}

#[test]
fn passes_the_conformance_suite() {
    // Small slots (most of the suite's blocks go to the child) and big ones
    // (most stay in slots), each over a leak-checking child.
    for item in [layout(16, 8), layout(4096, 64)] {
        conformance::check(|| MemoryPool::new(TestingAllocator::new(), item));
    }
}

#[test]
fn passes_the_model_check() {
    for item in [layout(24, 8), layout(512, 16)] {
        conformance::model_check(|| MemoryPool::new(TestingAllocator::new(), item));
    }
}

#[test]
fn create_and_destroy_like_zig() {
    use std::rc::Rc;
    // A value that owns something, so a missing drop shows.
    let owned = Rc::new(());
    let pool = MemoryPool::new(TestingAllocator::new(), Layout::new::<(u64, Rc<()>)>());
    let a = pool.create((1u64, Rc::clone(&owned))).unwrap();
    let b = pool.create((2u64, Rc::clone(&owned))).unwrap();
    // SAFETY: `a` and `b` are live items of `pool`, read and destroyed once.
    unsafe {
        assert_eq!((a.as_ref().0, b.as_ref().0), (1, 2));
        pool.destroy(a);
        assert_eq!(Rc::strong_count(&owned), 2, "destroy drops the item");
        assert_eq!(pool.free_slots(), 1, "and frees its slot");
        let c = pool.create((3u64, Rc::clone(&owned))).unwrap();
        assert_eq!(c.cast::<u8>(), a.cast::<u8>(), "which the next create reuses");
        pool.destroy(b);
        pool.destroy(c);
    }
    assert_eq!(Rc::strong_count(&owned), 1);
    assert!(pool.create(()).is_err(), "a zero-sized item is refused");
    // An item bigger than a slot lives in the child, and goes back there.
    let big = pool.create([7u8; 64]).unwrap();
    // SAFETY: a live item of `pool`, destroyed once.
    unsafe { pool.destroy(big) };
    assert_eq!(pool.free_slots(), 2, "the big item never took a slot");
}
