//! The debug allocator as the global allocator of this test program: the
//! leaks Rust allows in safe code (`mem::forget`, an `Rc` cycle) show up in
//! its leak report, while ordinary code leaves none.
//!
//! `harness = false` (see Cargo.toml): the test harness runs tests on other
//! threads that allocate while we measure, so this file has its own `main`.

use general_purpose::{Config, GlobalDebugAllocator};
use std::cell::RefCell;
use std::rc::Rc;

// ANCHOR: global_allocator
#[global_allocator]
static GLOBAL: GlobalDebugAllocator<Child> = GlobalDebugAllocator::new(
    CHILD,
    Config { log_problems: false, stack_frames: if cfg!(miri) { 0 } else { 8 }, ..Config::DEFAULT },
);

#[cfg(not(miri))]
type Child = page_allocator::PageAllocator;
#[cfg(not(miri))]
const CHILD: Child = page_allocator::PageAllocator::new();
// Miri cannot unmap part of a mapping; the system allocator stands in for the pages.
#[cfg(miri)]
type Child = allocator_interface::SystemAllocator;
#[cfg(miri)]
const CHILD: Child = allocator_interface::SystemAllocator;
// ANCHOR_END: global_allocator

fn main() {
    ordinary_code_leaks_nothing();
    forget_and_rc_cycles_leak();
    println!("global_allocator: 2 checks passed");
}

fn ordinary_code_leaks_nothing() {
    let checkpoint = GLOBAL.last_block_id();
    let words: Vec<String> = "the quick brown fox".split(' ').map(str::to_uppercase).collect();
    let joined = words.join("-");
    assert_eq!(joined, "THE-QUICK-BROWN-FOX");
    drop((words, joined));
    assert!(GLOBAL.leaks_since(checkpoint).is_none(), "{}", GLOBAL.leaks_since(checkpoint).unwrap());
    assert!(GLOBAL.last_block_id() > checkpoint + 4, "the allocations went through the debug allocator");
}

// ANCHOR: safe_leaks
struct Node {
    _payload: [u8; 40],
    next: RefCell<Option<Rc<Node>>>,
}

fn forget_and_rc_cycles_leak() {
    let checkpoint = GLOBAL.last_block_id();

    // Leak 1: `mem::forget` is safe. The vector's buffer is never freed.
    std::mem::forget(vec![7u64; 25]);

    // Leak 2: two reference-counted nodes pointing at each other. Each keeps
    // the other's count above zero, so neither is ever dropped.
    let a = Rc::new(Node { _payload: [0; 40], next: RefCell::new(None) });
    let b = Rc::new(Node { _payload: [0; 40], next: RefCell::new(Some(Rc::clone(&a))) });
    *a.next.borrow_mut() = Some(Rc::clone(&b));
    drop((a, b));

    let report = GLOBAL.leaks_since(checkpoint).expect("both leaks are reported");
    let sizes: Vec<usize> = report.blocks.iter().map(|block| block.size).collect();
    // 25 × 8 bytes of vector; each Rc allocation = 2 counts + the node.
    let rc_block = 2 * size_of::<usize>() + size_of::<Node>();
    assert_eq!(sizes, [200, rc_block, rc_block], "{report}");
    // `{:#}`: with the stack traces, which name the functions that allocated.
    let traced = format!("{report:#}");
    if !cfg!(miri) {
        assert!(traced.contains("forget_and_rc_cycles_leak"), "{traced}");
    }
    println!("{traced}");
}
// ANCHOR_END: safe_leaks
