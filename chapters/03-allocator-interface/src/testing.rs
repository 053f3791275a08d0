//! The testing toolkit every later lesson uses: Zig's `std.testing` allocators.
//!
//! - [`TestingAllocator`]: knows every live block; a leak, a double free, or a
//!   free with the wrong layout fails the test and names the block
//!   (`std.testing.allocator`).
//! - [`FailingAllocator`]: refuses the N-th allocation (`std.testing.FailingAllocator`).
//! - [`check_all_allocation_failures`]: runs a function once per allocation it
//!   makes, failing a different one each time, and checks it returns
//!   `OutOfMemory` without leaking (`std.testing.checkAllAllocationFailures`).
//! - [`ValidatingAllocator`]: checks an allocator's answers against the
//!   contract (`std.mem.validationWrap`).

use crate::interface::{Allocator, OutOfMemory};
use crate::layout::is_aligned;
use crate::system::SystemAllocator;
use core::alloc::Layout;
use core::fmt;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

// ANCHOR: testing_allocator
/// A leak-checking allocator for tests: every live block has an id, and
/// dropping the allocator with live blocks fails the test with their list.
///
/// Misuse — a double free, freeing a block it never handed out, or passing the
/// wrong size or alignment back — panics at once with the block's id instead
/// of corrupting memory.
#[derive(Debug)]
pub struct TestingAllocator<A: Allocator = SystemAllocator> {
    inner: A,
    state: Mutex<Tracker>,
}

#[derive(Debug, Default)]
struct Tracker {
    next_id: usize,
    /// Live blocks by address: id, layout, and the pointer itself (kept so
    /// that leaked blocks can be freed after they are reported).
    live: BTreeMap<usize, (usize, Layout, NonNull<u8>)>,
}

// SAFETY: the pointers are handles to blocks this tracker's allocator owns;
// they are only dereferenced by `free`, under the mutex, never shared.
unsafe impl Send for Tracker {}

/// The blocks still live when a [`TestingAllocator`] was checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeakReport {
    /// `(block id, layout)` of each leaked block, in allocation order.
    pub blocks: Vec<(usize, Layout)>,
}

impl fmt::Display for LeakReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes: usize = self.blocks.iter().map(|(_, l)| l.size()).sum();
        write!(f, "memory leak: {} block(s), {bytes} byte(s) never freed", self.blocks.len())?;
        for (id, layout) in &self.blocks {
            write!(f, "\n  block #{id}: {} byte(s), align {}", layout.size(), layout.align())?;
        }
        Ok(())
    }
}

impl TestingAllocator<SystemAllocator> {
    /// A testing allocator over the system allocator.
    pub fn new() -> Self {
        Self::wrap(SystemAllocator)
    }
}

impl Default for TestingAllocator<SystemAllocator> {
    fn default() -> Self {
        Self::new()
    }
}

impl<A: Allocator> TestingAllocator<A> {
    /// A testing allocator over `inner`.
    pub fn wrap(inner: A) -> Self {
        Self { inner, state: Mutex::new(Tracker::default()) }
    }

    fn tracker(&self) -> MutexGuard<'_, Tracker> {
        // A panic while holding the lock is a failed check; the tracker's
        // data is still consistent, so keep reporting from it.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The live blocks, if any, without failing.
    pub fn leaks(&self) -> Option<LeakReport> {
        let tracker = self.tracker();
        let mut blocks: Vec<_> = tracker.live.values().map(|&(id, layout, _)| (id, layout)).collect();
        blocks.sort_unstable_by_key(|&(id, _)| id);
        (!blocks.is_empty()).then_some(LeakReport { blocks })
    }

    /// Number of blocks handed out so far (the next block's id).
    pub fn blocks_allocated(&self) -> usize {
        self.tracker().next_id
    }

    /// Ends the test's use of the allocator: `Err` with the leaks, if any.
    /// Unlike dropping, this does not panic.
    pub fn finish(self) -> Result<(), LeakReport> {
        let report = self.leaks();
        self.release_leaks();
        report.map_or(Ok(()), Err)
    }

    /// Frees every block still live. The table knows each one's layout, so
    /// once a leak is reported the memory itself need not stay leaked.
    fn release_leaks(&self) {
        let live = std::mem::take(&mut self.tracker().live);
        for (_, layout, ptr) in live.into_values() {
            // SAFETY: the table holds exactly the live blocks of `inner`, each
            // with the layout it currently has, and it was just emptied, so
            // nothing can free them again.
            unsafe { self.inner.free(ptr, layout) };
        }
    }

    /// Checks the block is live with this exact layout; panics otherwise.
    fn check_live(tracker: &Tracker, ptr: NonNull<u8>, layout: Layout, op: &str) -> usize {
        let Some(&(id, live, _)) = tracker.live.get(&ptr.addr().get()) else {
            panic!("{op} of a block this allocator does not own (a double free, or a foreign pointer)");
        };
        assert!(
            live.size() == layout.size(),
            "{op} of block #{id} with the wrong size: it has {} byte(s), {op} was given {}",
            live.size(),
            layout.size()
        );
        assert!(
            live.align() == layout.align(),
            "{op} of block #{id} with the wrong alignment: it has align {}, {op} was given {}",
            live.align(),
            layout.align()
        );
        id
    }
}

impl<A: Allocator> Drop for TestingAllocator<A> {
    fn drop(&mut self) {
        let report = self.leaks();
        self.release_leaks();
        if let Some(report) = report
            && !std::thread::panicking()
        {
            panic!("{report}");
        }
    }
}

// SAFETY: blocks come from `inner` and calls are forwarded unchanged after the
// bookkeeping checks, which only ever panic, never change a block.
unsafe impl<A: Allocator> Allocator for TestingAllocator<A> {
    #[track_caller]
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory); // refused, as the contract says
        }
        let mut tracker = self.tracker();
        let ptr = self.inner.alloc(layout)?;
        let id = tracker.next_id;
        tracker.next_id += 1;
        tracker.live.insert(ptr.addr().get(), (id, layout, ptr));
        Ok(ptr)
    }

    #[track_caller]
    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        let mut tracker = self.tracker();
        let id = Self::check_live(&tracker, ptr, layout, "resize");
        if new_size == 0 {
            return false; // refused: free the block instead
        }
        // SAFETY: just checked that `ptr`/`layout` is a live block of `inner`.
        let resized = unsafe { self.inner.resize(ptr, layout, new_size) };
        if resized {
            let new_layout = Layout::from_size_align(new_size, layout.align()).expect("resized block fits a layout");
            tracker.live.insert(ptr.addr().get(), (id, new_layout, ptr));
        }
        resized
    }

    #[track_caller]
    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        let mut tracker = self.tracker();
        let id = Self::check_live(&tracker, ptr, layout, "remap");
        if new_size == 0 {
            return None; // refused: free the block instead
        }
        // SAFETY: just checked that `ptr`/`layout` is a live block of `inner`.
        let moved = unsafe { self.inner.remap(ptr, layout, new_size) }?;
        let new_layout = Layout::from_size_align(new_size, layout.align()).expect("remapped block fits a layout");
        tracker.live.remove(&ptr.addr().get());
        tracker.live.insert(moved.addr().get(), (id, new_layout, moved));
        Some(moved)
    }

    #[track_caller]
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        let mut tracker = self.tracker();
        Self::check_live(&tracker, ptr, layout, "free");
        tracker.live.remove(&ptr.addr().get());
        // SAFETY: just checked that `ptr`/`layout` is a live block of `inner`.
        unsafe { self.inner.free(ptr, layout) }
    }
}
// ANCHOR_END: testing_allocator

crate::impl_allocator_api2!([A: Allocator] TestingAllocator<A>);

// ANCHOR: failing_allocator
/// Refuses the `fail_index`-th allocation (counting from 0) and every one after
/// it, and counts what passed through. Resizes and remaps fail from
/// `resize_fail_index` on.
#[derive(Debug)]
pub struct FailingAllocator<A> {
    inner: A,
    fail_index: usize,
    resize_fail_index: usize,
    alloc_index: AtomicUsize,
    resize_index: AtomicUsize,
    deallocations: AtomicUsize,
    allocated_bytes: AtomicUsize,
    freed_bytes: AtomicUsize,
    induced_failure: AtomicBool,
}

impl<A> FailingAllocator<A> {
    /// Fails allocation number `fail_index` and later ones; resizes never fail
    /// by themselves (only when `inner` refuses).
    pub const fn new(inner: A, fail_index: usize) -> Self {
        Self::with_resize_fail_index(inner, fail_index, usize::MAX)
    }

    /// Also fails resize/remap number `resize_fail_index` and later ones.
    pub const fn with_resize_fail_index(inner: A, fail_index: usize, resize_fail_index: usize) -> Self {
        Self {
            inner,
            fail_index,
            resize_fail_index,
            alloc_index: AtomicUsize::new(0),
            resize_index: AtomicUsize::new(0),
            deallocations: AtomicUsize::new(0),
            allocated_bytes: AtomicUsize::new(0),
            freed_bytes: AtomicUsize::new(0),
            induced_failure: AtomicBool::new(false),
        }
    }

    /// Allocations attempted so far (the failed ones included).
    pub fn allocations(&self) -> usize {
        self.alloc_index.load(Relaxed)
    }
    /// Frees so far.
    pub fn deallocations(&self) -> usize {
        self.deallocations.load(Relaxed)
    }
    /// Bytes handed out by successful allocations and growth.
    pub fn allocated_bytes(&self) -> usize {
        self.allocated_bytes.load(Relaxed)
    }
    /// Bytes given back by frees and shrinking.
    pub fn freed_bytes(&self) -> usize {
        self.freed_bytes.load(Relaxed)
    }
    /// `true` once this allocator has refused a request on purpose.
    pub fn has_induced_failure(&self) -> bool {
        self.induced_failure.load(Relaxed)
    }

    fn record_resize(&self, old: usize, new: usize) {
        if new >= old {
            self.allocated_bytes.fetch_add(new - old, Relaxed);
        } else {
            self.freed_bytes.fetch_add(old - new, Relaxed);
        }
    }

    /// Counts a resize or remap attempt; `false` if it must fail on purpose.
    fn resize_allowed(&self) -> bool {
        if self.resize_index.fetch_add(1, Relaxed) >= self.resize_fail_index {
            self.induced_failure.store(true, Relaxed);
            return false;
        }
        true
    }
}

// SAFETY: every block comes from `inner`; refusing is always allowed.
unsafe impl<A: Allocator> Allocator for FailingAllocator<A> {
    #[track_caller]
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if self.alloc_index.fetch_add(1, Relaxed) >= self.fail_index {
            self.induced_failure.store(true, Relaxed);
            return Err(OutOfMemory);
        }
        let ptr = self.inner.alloc(layout)?;
        self.allocated_bytes.fetch_add(layout.size(), Relaxed);
        Ok(ptr)
    }

    #[track_caller]
    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        let resized = self.resize_allowed() && unsafe { self.inner.resize(ptr, layout, new_size) };
        if resized {
            self.record_resize(layout.size(), new_size);
        }
        resized
    }

    #[track_caller]
    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        if !self.resize_allowed() {
            return None;
        }
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        let moved = unsafe { self.inner.remap(ptr, layout, new_size) }?;
        self.record_resize(layout.size(), new_size);
        Some(moved)
    }

    #[track_caller]
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        self.deallocations.fetch_add(1, Relaxed);
        self.freed_bytes.fetch_add(layout.size(), Relaxed);
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        unsafe { self.inner.free(ptr, layout) }
    }
}
// ANCHOR_END: failing_allocator

crate::impl_allocator_api2!([A: Allocator] FailingAllocator<A>);

// ANCHOR: check_all
/// Errors that can say whether they mean "out of memory".
///
/// [`check_all_allocation_failures`] needs to tell an allocation failure that
/// was passed up correctly from an unrelated error.
pub trait IsOutOfMemory {
    /// `true` if this error reports a failed allocation.
    fn is_out_of_memory(&self) -> bool;
}

impl IsOutOfMemory for OutOfMemory {
    fn is_out_of_memory(&self) -> bool {
        true
    }
}

impl IsOutOfMemory for allocator_api2::alloc::AllocError {
    fn is_out_of_memory(&self) -> bool {
        true
    }
}

impl IsOutOfMemory for allocator_api2::collections::TryReserveError {
    fn is_out_of_memory(&self) -> bool {
        matches!(self.kind(), allocator_api2::collections::TryReserveErrorKind::AllocError { .. })
    }
}

/// What [`check_all_allocation_failures`] found wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllocationFailureError {
    /// The function failed even with no allocation refused.
    FailedWithoutInducedFailure {
        /// The error, formatted with `{:?}`.
        error: String,
    },
    /// With allocation `index` refused, the function still returned `Ok`:
    /// it swallowed the out-of-memory error.
    SwallowedOutOfMemory {
        /// The refused allocation.
        index: usize,
    },
    /// With allocation `index` refused, the allocation was never reached: the
    /// function allocates a different number of times on each run.
    NondeterministicMemoryUsage {
        /// The allocation that was to be refused.
        index: usize,
    },
    /// With allocation `index` refused, an error other than out-of-memory came back.
    UnexpectedError {
        /// The refused allocation.
        index: usize,
        /// The error, formatted with `{:?}`.
        error: String,
    },
    /// Memory was leaked; `index` is the refused allocation, `None` for the
    /// first run where nothing was refused.
    MemoryLeak {
        /// The refused allocation, if any.
        index: Option<usize>,
        /// The leaked blocks.
        report: LeakReport,
    },
}

impl fmt::Display for AllocationFailureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FailedWithoutInducedFailure { error } => {
                write!(f, "the function failed with no allocation refused: {error}")
            }
            Self::SwallowedOutOfMemory { index } => write!(
                f,
                "allocation {index} was refused but the function returned Ok: it swallowed the out-of-memory error"
            ),
            Self::NondeterministicMemoryUsage { index } => write!(
                f,
                "allocation {index} was never made: the function allocates a different number of times per run"
            ),
            Self::UnexpectedError { index, error } => {
                write!(f, "allocation {index} was refused and the function returned {error}, not out-of-memory")
            }
            Self::MemoryLeak { index: None, report } => write!(f, "with no allocation refused: {report}"),
            Self::MemoryLeak { index: Some(index), report } => {
                write!(f, "with allocation {index} refused: {report}")
            }
        }
    }
}

impl std::error::Error for AllocationFailureError {}

/// The allocator [`check_all_allocation_failures`] hands to the function.
pub type CheckAllocator<'a> = FailingAllocator<&'a TestingAllocator>;

/// Runs `f` once to count its allocations (N), then N more times, refusing
/// allocation 0, 1, … N-1 in turn. Each time `f` must return an
/// out-of-memory error and leak nothing. Returns N.
///
/// This is how Zig tests that every `try` and `errdefer` on an allocation path
/// is right: it visits every error path that allocation failure can take.
pub fn check_all_allocation_failures<E, F>(mut f: F) -> Result<usize, AllocationFailureError>
where
    E: IsOutOfMemory + fmt::Debug,
    F: FnMut(&CheckAllocator<'_>) -> Result<(), E>,
{
    let testing = TestingAllocator::new();
    let counting = FailingAllocator::new(&testing, usize::MAX);
    let first = f(&counting);
    let needed = counting.allocations();
    testing.finish().map_err(|report| AllocationFailureError::MemoryLeak { index: None, report })?;
    if let Err(error) = first {
        return Err(AllocationFailureError::FailedWithoutInducedFailure { error: format!("{error:?}") });
    }

    for index in 0..needed {
        let testing = TestingAllocator::new();
        let failing = FailingAllocator::new(&testing, index);
        let outcome = match f(&failing) {
            Ok(()) if failing.has_induced_failure() => Err(AllocationFailureError::SwallowedOutOfMemory { index }),
            Ok(()) => Err(AllocationFailureError::NondeterministicMemoryUsage { index }),
            Err(error) if !error.is_out_of_memory() => {
                Err(AllocationFailureError::UnexpectedError { index, error: format!("{error:?}") })
            }
            Err(_) => Ok(()),
        };
        // A leak is the more useful report: it is usually why the other check failed.
        testing.finish().map_err(|report| AllocationFailureError::MemoryLeak { index: Some(index), report })?;
        outcome?;
    }
    Ok(needed)
}
// ANCHOR_END: check_all

/// Checks every answer of the allocator it wraps against the course contract:
/// zero sizes refused, correctly aligned blocks coming out.
#[derive(Debug)]
pub struct ValidatingAllocator<A>(pub A);

// SAFETY: forwards every call unchanged; the assertions only ever panic.
unsafe impl<A: Allocator> Allocator for ValidatingAllocator<A> {
    #[track_caller]
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            assert!(self.0.alloc(layout).is_err(), "alloc of zero bytes was not refused");
            return Err(OutOfMemory);
        }
        let ptr = self.0.alloc(layout)?;
        assert!(is_aligned(ptr.addr().get(), layout.align()), "alloc returned a misaligned block for {layout:?}");
        Ok(ptr)
    }

    #[track_caller]
    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        let resized = unsafe { self.0.resize(ptr, layout, new_size) };
        assert!(new_size > 0 || !resized, "resize to zero bytes was not refused");
        resized
    }

    #[track_caller]
    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        let moved = unsafe { self.0.remap(ptr, layout, new_size) }?;
        assert!(new_size > 0, "remap to zero bytes was not refused");
        assert!(is_aligned(moved.addr().get(), layout.align()), "remap lost the block's alignment {}", layout.align());
        Some(moved)
    }

    #[track_caller]
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        unsafe { self.0.free(ptr, layout) }
    }
}

crate::impl_allocator_api2!([A: Allocator] ValidatingAllocator<A>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn testing_allocator_names_leaked_blocks() {
        let testing = TestingAllocator::new();
        let a = testing.alloc(Layout::new::<u64>()).unwrap();
        let b = testing.alloc(Layout::new::<[u8; 3]>()).unwrap();
        // SAFETY: `a` is live with this layout.
        unsafe { testing.free(a, Layout::new::<u64>()) };
        let report = testing.leaks().unwrap();
        assert_eq!(
            report.to_string(),
            "memory leak: 1 block(s), 3 byte(s) never freed\n  block #1: 3 byte(s), align 1"
        );
        // SAFETY: `b` is live with this layout.
        unsafe { testing.free(b, Layout::new::<[u8; 3]>()) };
        assert_eq!(testing.finish(), Ok(()));
    }

    #[test]
    #[should_panic(expected = "double free")]
    fn testing_allocator_catches_a_double_free() {
        let testing = TestingAllocator::new();
        let layout = Layout::new::<u32>();
        let p = testing.alloc(layout).unwrap();
        // SAFETY: live block; the second free is the bug under test, and the
        // tracker panics before it reaches the system allocator.
        unsafe {
            testing.free(p, layout);
            testing.free(p, layout);
        }
    }

    #[test]
    #[should_panic(expected = "free of block #0 with the wrong size: it has 16 byte(s), free was given 8")]
    fn testing_allocator_catches_a_wrong_size() {
        let testing = TestingAllocator::new();
        let p = testing.alloc(Layout::new::<[u64; 2]>()).unwrap();
        // SAFETY: the tracker panics before the wrong layout reaches `System`.
        unsafe { testing.free(p, Layout::new::<u64>()) };
    }

    #[test]
    #[should_panic(expected = "memory leak: 1 block(s), 4 byte(s) never freed")]
    fn testing_allocator_fails_the_test_on_drop() {
        let testing = TestingAllocator::new();
        testing.alloc(Layout::new::<u32>()).unwrap();
    }

    #[test]
    fn failing_allocator_refuses_from_the_index_on() {
        let failing = FailingAllocator::new(TestingAllocator::new(), 2);
        let layout = Layout::new::<u16>();
        let a = failing.alloc(layout).unwrap();
        let b = failing.alloc(layout).unwrap();
        assert!(!failing.has_induced_failure());
        assert_eq!(failing.alloc(layout), Err(OutOfMemory));
        assert_eq!(failing.alloc(layout), Err(OutOfMemory));
        assert!(failing.has_induced_failure());
        // SAFETY: both blocks are live with this layout.
        unsafe {
            failing.free(a, layout);
            failing.free(b, layout);
        }
        assert_eq!((failing.allocations(), failing.deallocations()), (4, 2));
        assert_eq!((failing.allocated_bytes(), failing.freed_bytes()), (4, 4));
    }

    fn build_list(a: &CheckAllocator<'_>, swallow: bool) -> Result<(), allocator_api2::collections::TryReserveError> {
        let mut outer = allocator_api2::vec::Vec::new_in(a);
        for i in 0..3u8 {
            let mut inner = allocator_api2::vec::Vec::new_in(a);
            match inner.try_reserve(4) {
                Ok(()) => inner.push(i),
                Err(_) if swallow => continue,
                Err(e) => return Err(e),
            }
            outer.try_reserve(1)?;
            outer.push(inner);
        }
        Ok(())
    }

    #[test]
    fn check_all_allocation_failures_passes_a_correct_function() {
        assert_eq!(check_all_allocation_failures(|a| build_list(a, false)), Ok(4));
    }

    #[test]
    fn check_all_allocation_failures_reports_a_swallowed_error() {
        assert_eq!(
            check_all_allocation_failures(|a| build_list(a, true)),
            Err(AllocationFailureError::SwallowedOutOfMemory { index: 0 })
        );
    }

    #[test]
    fn check_all_allocation_failures_reports_a_leak() {
        let leaky = |a: &CheckAllocator<'_>| -> Result<(), OutOfMemory> {
            let block = a.alloc(Layout::new::<u64>())?;
            let second = a.alloc(Layout::new::<u64>())?; // leaks `block` when it fails
            // SAFETY: both blocks are live with this layout.
            unsafe {
                a.free(second, Layout::new::<u64>());
                a.free(block, Layout::new::<u64>());
            }
            Ok(())
        };
        let error = check_all_allocation_failures(leaky).unwrap_err();
        assert_eq!(
            error.to_string(),
            "with allocation 1 refused: memory leak: 1 block(s), 8 byte(s) never freed\n  block #0: 8 byte(s), align 8"
        );
    }
}
