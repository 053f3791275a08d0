//! The heap, watched: a global allocator for tests.
//!
//! Ownership's promise is about the heap — every block freed once, by its
//! last owner — so the lesson's tests watch the heap. [`ThreadCounter`]
//! forwards every call to the system allocator and keeps, for the thread
//! that made it, how many blocks were allocated and how many are still live.
//! It can also *refuse* an allocation on purpose, to drive code into the
//! failure path it otherwise never takes (`fallible.md`).
//!
//! Only the standard library is used: `GlobalAlloc` is the trait behind
//! `#[global_allocator]`, and `System` is the allocator Rust uses when you
//! name none. Lesson 03 builds the course's own allocator interface, whose
//! allocators are *passed* to the code instead.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;
use core::fmt::Debug;
use std::alloc::System;

// ANCHOR: counter
/// A global allocator that counts each thread's allocations separately (so
/// the test harness's other threads do not disturb a test), then forwards to
/// the system allocator.
///
/// ```no_run
/// #[global_allocator]
/// static COUNTER: ownership::counter::ThreadCounter = ownership::counter::ThreadCounter;
///
/// let (text, allocations) = ownership::counter::count_allocations(|| 42.to_string());
/// assert_eq!((text.as_str(), allocations), ("42", 1));
/// ```
#[derive(Debug)]
pub struct ThreadCounter;

thread_local! {
    // `const` initialisation, no destructor: reading them never allocates.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static LIVE_BLOCKS: Cell<isize> = const { Cell::new(0) };
    static LIVE_BYTES: Cell<isize> = const { Cell::new(0) };
}

/// Adds to one of this thread's counts. `try_with`: a thread being torn down
/// may still allocate; it is not counted then.
fn add(count: &'static std::thread::LocalKey<Cell<isize>>, n: isize) {
    let _ = count.try_with(|count| count.set(count.get() + n));
}

/// One more allocation (a new block, or a block grown or moved by
/// `realloc`). Returns `false` if this one is to be refused.
fn count_allocation() -> bool {
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
    !refuse_this_one()
}

// SAFETY: forwards every call to `System`, which upholds `GlobalAlloc`;
// counting has no effect on the memory, and a refusal is a null pointer,
// which `GlobalAlloc` allows every allocating method to return.
unsafe impl GlobalAlloc for ThreadCounter {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !count_allocation() {
            return core::ptr::null_mut();
        }
        // SAFETY: the caller's guarantees, passed on.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            add(&LIVE_BLOCKS, 1);
            add(&LIVE_BYTES, layout.size() as isize);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        add(&LIVE_BLOCKS, -1);
        add(&LIVE_BYTES, -(layout.size() as isize));
        // SAFETY: the caller's guarantees, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Growing a `Vec` is an allocation, even when it happens in place.
        if !count_allocation() {
            return core::ptr::null_mut(); // the old block stays as it was
        }
        // SAFETY: the caller's guarantees, passed on.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            add(&LIVE_BYTES, new_size as isize - layout.size() as isize);
        }
        new
    }
}

/// Runs `f` and returns its result with the number of allocations (and
/// reallocations) this thread made meanwhile. Counts only when
/// [`ThreadCounter`] is the global allocator; otherwise always 0.
pub fn count_allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let (result, usage) = measure(f);
    (result, usage.allocations)
}
// ANCHOR_END: counter

// ANCHOR: usage
/// What a piece of code did to this thread's heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usage {
    /// Allocations and reallocations made.
    pub allocations: usize,
    /// Blocks allocated and not freed (negative: it freed older blocks).
    pub live_blocks: isize,
    /// Their bytes.
    pub live_bytes: isize,
}

/// Runs `f` and says what it did to this thread's heap, [`ThreadCounter`]
/// being the global allocator. What `f` returns is still alive when the
/// usage is taken: return `()` to see whether everything was freed.
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, Usage) {
    let now = || Usage {
        allocations: ALLOCATIONS.with(Cell::get),
        live_blocks: LIVE_BLOCKS.with(Cell::get),
        live_bytes: LIVE_BYTES.with(Cell::get),
    };
    let before = now();
    let result = f();
    let after = now();
    let usage = Usage {
        allocations: after.allocations - before.allocations,
        live_blocks: after.live_blocks - before.live_blocks,
        live_bytes: after.live_bytes - before.live_bytes,
    };
    (result, usage)
}
// ANCHOR_END: usage

thread_local! {
    /// Allocations to let through before refusing one; `None`: refuse none.
    static REFUSE_AFTER: Cell<Option<usize>> = const { Cell::new(None) };
    static REFUSED: Cell<bool> = const { Cell::new(false) };
}

/// Called once per allocation: is this the one to refuse?
fn refuse_this_one() -> bool {
    let next = REFUSE_AFTER.try_with(|left| match left.get() {
        Some(0) => {
            left.set(None);
            true
        }
        Some(n) => {
            left.set(Some(n - 1));
            false
        }
        None => false,
    });
    let refuse = next.unwrap_or(false);
    if refuse {
        let _ = REFUSED.try_with(|refused| refused.set(true));
    }
    refuse
}

// ANCHOR: refuse
/// Runs `f` with this thread's allocation number `index` (counting from 0,
/// reallocations included) refused: the global allocator returns null, as it
/// would with no memory left. Returns `f`'s result and whether the refusal
/// happened (`f` may have allocated fewer times than that).
pub fn refusing_allocation<R>(index: usize, f: impl FnOnce() -> R) -> (R, bool) {
    REFUSE_AFTER.with(|left| left.set(Some(index)));
    REFUSED.with(|refused| refused.set(false));
    let result = f();
    REFUSE_AFTER.with(|left| left.set(None));
    (result, REFUSED.with(Cell::get))
}

/// Zig's `std.testing.checkAllAllocationFailures`, over the global
/// allocator: runs `run` once to count its allocations, then once per
/// allocation with that one refused. Every run must free all it allocated;
/// every refused run must return an error (not abort, not swallow it).
/// Returns how many allocations a successful run makes.
///
/// # Errors
/// The first run that broke the rule, and how.
pub fn check_every_failure<E: Debug>(mut run: impl FnMut() -> Result<(), E>) -> Result<usize, String> {
    let (first, usage) = measure(&mut run);
    if let Err(error) = first {
        return Err(format!("failed with no allocation refused: {error:?}"));
    }
    if usage.live_blocks != 0 {
        return Err(format!("left {} block(s) live with no allocation refused", usage.live_blocks));
    }
    for index in 0..usage.allocations {
        let ((outcome, refused), usage) = measure(|| refusing_allocation(index, &mut run));
        if usage.live_blocks != 0 {
            return Err(format!("allocation {index} refused: {} block(s) leaked", usage.live_blocks));
        }
        match outcome {
            Ok(()) if refused => return Err(format!("allocation {index} refused, yet it reported success")),
            Ok(()) => return Err(format!("allocation {index} never came: a run allocates differently each time")),
            Err(_) => {}
        }
    }
    Ok(usage.allocations)
}
// ANCHOR_END: refuse
