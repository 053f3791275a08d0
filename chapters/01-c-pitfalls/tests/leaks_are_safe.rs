//! What Rust does *not* prevent: leaking is safe. `mem::forget` and an `Rc`
//! cycle both leave memory allocated forever without a line of `unsafe`.
//! The leak is not UB — nothing reads freed memory — it is just lost, and
//! only counting can see it. This test binary counts the live blocks with
//! its own global allocator (one thread, no test harness, so nothing else
//! allocates in between).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};

/// The system allocator, with a count of the blocks allocated and not yet
/// freed. (Lesson 02 explains global allocators, and builds a better counter.)
struct LiveBlocks(AtomicIsize);

// SAFETY: every call is forwarded to `System` unchanged; counting does not
// touch the memory.
unsafe impl GlobalAlloc for LiveBlocks {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.0.fetch_add(1, Relaxed);
        // SAFETY: the caller's guarantees, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.0.fetch_sub(1, Relaxed);
        // SAFETY: the caller's guarantees, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTER: LiveBlocks = LiveBlocks(AtomicIsize::new(0));

/// Blocks allocated and not freed while `f` ran.
fn blocks_left_by(f: impl FnOnce()) -> isize {
    let before = COUNTER.0.load(Relaxed);
    f();
    COUNTER.0.load(Relaxed) - before
}

// ANCHOR: cycle
/// A node that can point at another node: two of them pointing at each other
/// keep each other's count above zero forever.
struct Node {
    next: RefCell<Option<Rc<Node>>>,
    _payload: Vec<u8>,
}

fn make_cycle() {
    let a = Rc::new(Node { next: RefCell::new(None), _payload: vec![1; 64] });
    let b = Rc::new(Node { next: RefCell::new(Some(Rc::clone(&a))), _payload: vec![2; 64] });
    *a.next.borrow_mut() = Some(Rc::clone(&b));
} // `a` and `b` go out of scope: each count drops from 2 to 1, never to 0
// ANCHOR_END: cycle

fn main() {
    if cfg!(miri) {
        // Miri reports every leak at exit — and leaking is this test's point.
        println!("leaks_are_safe: skipped under Miri (it leaks on purpose)");
        return;
    }
    // ANCHOR: forget
    let dropped = blocks_left_by(|| drop(vec![0u8; 1024]));
    let forgotten = blocks_left_by(|| std::mem::forget(vec![0u8; 1024]));
    // ANCHOR_END: forget
    let cycle = blocks_left_by(make_cycle);
    let weak = blocks_left_by(|| {
        let a = Rc::new(Node { next: RefCell::new(None), _payload: vec![1; 64] });
        let b = Rc::new(Node { next: RefCell::new(None), _payload: vec![2; 64] });
        *a.next.borrow_mut() = Some(Rc::clone(&b)); // one direction only: no cycle
    });
    println!("drop(vec): {dropped} block(s) left");
    println!("mem::forget(vec): {forgotten} block(s) left");
    println!("Rc cycle of two nodes: {cycle} block(s) left");
    println!("Rc chain without a cycle: {weak} block(s) left");
    assert_eq!(dropped, 0);
    assert_eq!(forgotten, 1, "the Vec's buffer");
    assert_eq!(cycle, 4, "two Rc allocations and two payload buffers");
    assert_eq!(weak, 0);
}
