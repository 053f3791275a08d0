//! Tests for exercise ownership-6 (`src/ex6_shared.rs`).
//!
//! The global allocator of this test program counts, per thread, the blocks
//! allocated and not yet freed: every test checks that what it made is gone.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::{Cell, RefCell};
use ownership_exercises::ex6_shared::{Shared, WeakRef};
use std::alloc::System;

/// Forwards to `System`, counting this thread's live blocks.
struct LiveBlocks;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static DROPS: Cell<usize> = const { Cell::new(0) };
}

fn add_live(n: isize) {
    let _ = LIVE.try_with(|live| live.set(live.get() + n));
}

// SAFETY: every call is forwarded to `System` unchanged; counting does not
// touch the memory.
unsafe impl GlobalAlloc for LiveBlocks {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add_live(1);
        // SAFETY: the caller's guarantees, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        add_live(-1);
        // SAFETY: the caller's guarantees, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTER: LiveBlocks = LiveBlocks;

fn live() -> isize {
    LIVE.with(Cell::get)
}

fn drops() -> usize {
    DROPS.with(Cell::get)
}

/// A value that counts its drops.
#[derive(Debug)]
struct Noisy(u32);

impl Drop for Noisy {
    fn drop(&mut self) {
        DROPS.with(|d| d.set(d.get() + 1));
    }
}

#[test]
fn one_owner_drops_the_value_and_frees_the_block() {
    let (blocks, dropped) = (live(), drops());
    let shared = Shared::new(Noisy(7));
    assert_eq!(live(), blocks + 1, "one block for the value and its counts");
    assert_eq!(shared.0, 7, "Deref reaches the value");
    assert_eq!((Shared::strong_count(&shared), Shared::weak_count(&shared)), (1, 0));
    drop(shared);
    assert_eq!((live(), drops()), (blocks, dropped + 1));
}

#[test]
fn clones_share_one_block_and_the_last_owner_drops_the_value() {
    let (blocks, dropped) = (live(), drops());
    let first = Shared::new(Noisy(1));
    let second = first.clone();
    let third = second.clone();
    assert_eq!(live(), blocks + 1, "clones allocate nothing");
    assert!(Shared::ptr_eq(&first, &third));
    assert!(!Shared::ptr_eq(&first, &Shared::new(Noisy(1))));
    assert_eq!(drops(), dropped + 1, "the other value was dropped at once");
    assert_eq!(Shared::strong_count(&second), 3);
    drop(second);
    drop(first);
    assert_eq!((Shared::strong_count(&third), drops()), (1, dropped + 1), "still owned by `third`");
    assert_eq!(third.0, 1);
    drop(third);
    assert_eq!((live(), drops()), (blocks, dropped + 2));
}

#[test]
fn a_weak_reference_keeps_the_block_but_not_the_value() {
    let (blocks, dropped) = (live(), drops());
    let owner = Shared::new(Noisy(3));
    let weak = Shared::downgrade(&owner);
    let weak2 = weak.clone();
    assert_eq!((Shared::strong_count(&owner), Shared::weak_count(&owner)), (1, 2));
    let again = weak.upgrade().expect("the value is alive");
    assert_eq!((again.0, Shared::strong_count(&owner)), (3, 2));
    drop(again);
    drop(owner);
    assert_eq!(drops(), dropped + 1, "the last owner dropped the value");
    assert_eq!(live(), blocks + 1, "the weak references keep the block");
    assert!(weak.upgrade().is_none(), "no owner can come back");
    assert_eq!(weak2.strong_count(), 0);
    drop(weak);
    assert_eq!(live(), blocks + 1);
    drop(weak2);
    assert_eq!((live(), drops()), (blocks, dropped + 1), "the last reference frees the block, and drops nothing");
}

/// A tree whose children own their nodes and whose parent links are weak.
struct Node {
    value: Noisy,
    parent: RefCell<Option<WeakRef<Node>>>,
    children: RefCell<Vec<Shared<Node>>>,
}

fn node(value: u32) -> Shared<Node> {
    Shared::new(Node { value: Noisy(value), parent: RefCell::new(None), children: RefCell::new(Vec::new()) })
}

fn adopt(parent: &Shared<Node>, child: Shared<Node>) {
    *child.parent.borrow_mut() = Some(Shared::downgrade(parent));
    parent.children.borrow_mut().push(child);
}

#[test]
fn a_tree_with_weak_parent_links_is_freed_whole() {
    let (blocks, dropped) = (live(), drops());
    let root = node(0);
    for i in 1..=3 {
        let child = node(i);
        for j in 0..2 {
            adopt(&child, node(10 * i + j));
        }
        adopt(&root, child);
    }
    let leaf = root.children.borrow()[2].children.borrow()[1].clone();
    let parent = leaf.parent.borrow().as_ref().and_then(WeakRef::upgrade).expect("its parent is alive");
    assert_eq!((leaf.value.0, parent.value.0), (31, 3));
    drop((leaf, parent));
    drop(root);
    assert_eq!(drops(), dropped + 10, "every node dropped once");
    assert_eq!(live(), blocks, "every block and every Vec freed");
}

#[test]
fn a_cycle_of_owners_leaks_until_it_is_broken() {
    let (blocks, dropped) = (live(), drops());
    let a = node(1);
    let b = node(2);
    a.children.borrow_mut().push(b.clone());
    b.children.borrow_mut().push(a.clone()); // a strong link back: a cycle
    let watch = Shared::downgrade(&a);
    drop((a, b));
    assert_eq!(drops(), dropped, "each node still has an owner: the other one");
    assert!(live() > blocks, "leaked, silently — as with std's Rc");
    // Break the cycle by hand: the nodes are freed.
    let a = watch.upgrade().expect("still alive");
    let b = a.children.borrow_mut().pop().expect("a owns b");
    b.children.borrow_mut().clear();
    drop((a, b, watch));
    assert_eq!((live(), drops()), (blocks, dropped + 2));
}

#[test]
fn get_mut_only_for_the_one_reference() {
    let mut shared = Shared::new(Noisy(1));
    Shared::get_mut(&mut shared).expect("unique").0 = 2;
    let clone = shared.clone();
    assert!(Shared::get_mut(&mut shared).is_none(), "another owner could read it");
    drop(clone);
    let weak = Shared::downgrade(&shared);
    assert!(Shared::get_mut(&mut shared).is_none(), "a weak reference could upgrade and read it");
    drop(weak);
    Shared::get_mut(&mut shared).expect("unique again").0 += 1;
    assert_eq!(shared.0, 3);
}

#[test]
fn try_unwrap_takes_the_value_from_the_last_owner() {
    let (blocks, dropped) = (live(), drops());
    let first = Shared::new(Noisy(5));
    let second = first.clone();
    let first = Shared::try_unwrap(first).expect_err("two owners");
    assert_eq!(Shared::strong_count(&first), 2, "given back, still counted");
    drop(second);
    let weak = Shared::downgrade(&first);
    let value = Shared::try_unwrap(first).expect("the last owner");
    assert_eq!((value.0, drops()), (5, dropped), "moved out, not dropped");
    assert!(weak.upgrade().is_none(), "the value has left the block");
    assert_eq!(live(), blocks + 1, "the weak reference keeps the block");
    drop(weak);
    assert_eq!(live(), blocks);
    drop(value);
    assert_eq!(drops(), dropped + 1, "dropped once, by its new owner");
}

#[test]
fn values_of_any_size_and_alignment() {
    let blocks = live();
    let unit = Shared::new(());
    let page = Shared::new([7u64; 512]);
    #[repr(align(64))]
    struct Line([u8; 64]);
    let line = Shared::new(Line([1; 64]));
    assert_eq!((*unit, page[511], line.0[63]), ((), 7, 1));
    assert_eq!((&raw const *line).addr() % 64, 0, "the value keeps its alignment in the block");
    assert_eq!(live(), blocks + 3);
    drop((unit, page, line));
    assert_eq!(live(), blocks);
}
