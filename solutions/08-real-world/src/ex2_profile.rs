//! Exercise real-world-2: an allocation profiler.
//!
//! Before choosing an allocator, measure what the program asks for: how many
//! blocks, of which sizes, how many live at the worst moment, and how long
//! each one lives. Heap profilers (valgrind's DHAT, heaptrack, the `dhat`
//! crate) answer exactly these questions by wrapping the allocator. This one
//! wraps any course allocator and keeps a record per live block.
//!
//! The book's exercises page (08, "real-world-2") describes the design.

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::RefCell;
use core::fmt::Write as _;
use core::ptr::NonNull;
use std::collections::HashMap;

/// Histogram buckets: bucket `k` holds values up to `2^k` (and above
/// `2^(k-1)`); bucket 0 holds 0 and 1.
pub const BUCKETS: usize = 65;

/// What a [`Profiler`] has seen so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Successful `alloc` calls, and the bytes they asked for.
    pub allocs: u64,
    pub bytes_allocated: u64,
    /// `free` calls of blocks the profiler knows.
    pub frees: u64,
    /// Blocks and bytes live now.
    pub live_blocks: usize,
    pub live_bytes: usize,
    /// The most bytes live at once, the blocks live at that moment, and the
    /// number of the allocation that reached it (1 for the first).
    pub peak_bytes: usize,
    pub peak_blocks: usize,
    pub peak_at: u64,
    /// Successful `resize`s and `remap`s that kept the address, and `remap`s that moved.
    pub in_place: u64,
    pub moved: u64,
    /// Requests the inner allocator refused.
    pub refused: u64,
    /// Frees and resizes of pointers the profiler never handed out: not
    /// passed on, since the inner allocator did not hand them out either.
    pub unknown: u64,
    /// `alloc` sizes by power-of-two bucket.
    pub sizes: [u64; BUCKETS],
    /// Lifetimes of freed blocks, in allocations made while they lived.
    pub lifetimes: [u64; BUCKETS],
}

impl Profile {
    const EMPTY: Self = Self {
        allocs: 0,
        bytes_allocated: 0,
        frees: 0,
        live_blocks: 0,
        live_bytes: 0,
        peak_bytes: 0,
        peak_blocks: 0,
        peak_at: 0,
        in_place: 0,
        moved: 0,
        refused: 0,
        unknown: 0,
        sizes: [0; BUCKETS],
        lifetimes: [0; BUCKETS],
    };
}

/// The histogram bucket of `value`: the smallest `k` with `value <= 2^k`.
pub fn bucket(value: u64) -> usize {
    (u64::BITS - value.saturating_sub(1).leading_zeros()) as usize
}

/// A live block: which allocation made it, and its size now.
#[derive(Clone, Copy, Debug)]
struct Record {
    born: u64,
    size: usize,
}

#[derive(Debug)]
struct State {
    profile: Profile,
    live: HashMap<usize, Record>,
}

/// Forwards every call to `inner` and records what it sees.
#[derive(Debug)]
pub struct Profiler<A: Allocator> {
    inner: A,
    state: RefCell<State>,
}

impl<A: Allocator> Profiler<A> {
    /// A profiler over `inner` that has seen nothing yet.
    pub fn new(inner: A) -> Self {
        Self { inner, state: RefCell::new(State { profile: Profile::EMPTY, live: HashMap::new() }) }
    }

    /// The numbers so far.
    pub fn profile(&self) -> Profile {
        self.state.borrow().profile.clone()
    }

    /// The numbers as a short text report: totals, the peak, then the two
    /// histograms (only their non-empty buckets, one line each). The exact
    /// format is in the test `the_report_of_a_growing_vector`; a bar has
    /// twenty `#` for the largest bucket, proportionally fewer (rounded up)
    /// for the others.
    pub fn report(&self) -> String {
        let p = self.profile();
        let mut out = String::new();
        let _ = writeln!(out, "allocations  {} ({} bytes)", p.allocs, p.bytes_allocated);
        let _ = writeln!(out, "frees        {} ({} blocks still live, {} bytes)", p.frees, p.live_blocks, p.live_bytes);
        let _ = writeln!(
            out,
            "peak         {} bytes in {} blocks, at allocation {}",
            p.peak_bytes, p.peak_blocks, p.peak_at
        );
        let _ = writeln!(
            out,
            "grown/shrunk {} in place, {} moved, {} refused, {} unknown",
            p.in_place, p.moved, p.refused, p.unknown
        );
        for (title, histogram) in [("sizes (bytes)", &p.sizes), ("lifetimes (allocations)", &p.lifetimes)] {
            let _ = writeln!(out, "{title}:");
            for (k, &count) in histogram.iter().enumerate().filter(|(_, count)| **count > 0) {
                let _ = writeln!(out, "  <= {:<8} {count:>6} {}", 1u128 << k, "#".repeat(bar(count, histogram)));
            }
        }
        out
    }
}

/// A bar of up to 20 `#`s, in proportion to the histogram's largest bucket.
fn bar(count: u64, histogram: &[u64; BUCKETS]) -> usize {
    let most = histogram.iter().copied().max().unwrap_or(1).max(1);
    (count * 20).div_ceil(most) as usize
}

impl State {
    /// Counts a new live block, and a new peak if this is one.
    fn born(&mut self, ptr: NonNull<u8>, size: usize) {
        let p = &mut self.profile;
        p.allocs += 1;
        p.bytes_allocated += size as u64;
        p.sizes[bucket(size as u64)] += 1;
        self.live.insert(ptr.addr().get(), Record { born: p.allocs, size });
        self.grew(size, 1);
    }

    /// Live bytes and blocks went up: is this the peak?
    fn grew(&mut self, bytes: usize, blocks: usize) {
        let p = &mut self.profile;
        p.live_bytes += bytes;
        p.live_blocks += blocks;
        if p.live_bytes > p.peak_bytes {
            (p.peak_bytes, p.peak_blocks, p.peak_at) = (p.live_bytes, p.live_blocks, p.allocs);
        }
    }

    /// The record of a block the caller names, or `None` (counted) if the
    /// profiler never handed it out.
    fn known(&mut self, ptr: NonNull<u8>) -> Option<Record> {
        let record = self.live.get(&ptr.addr().get()).copied();
        if record.is_none() {
            self.profile.unknown += 1;
        }
        record
    }

    /// A block changed size (and maybe address) successfully.
    fn resized(&mut self, old: NonNull<u8>, new: NonNull<u8>, record: Record, new_size: usize) {
        self.live.remove(&old.addr().get());
        self.live.insert(new.addr().get(), Record { size: new_size, ..record });
        if new == old {
            self.profile.in_place += 1;
        } else {
            self.profile.moved += 1;
        }
        self.profile.live_bytes -= record.size;
        self.grew(new_size, 0);
    }
}

// SAFETY: every block comes from `inner` unchanged, and every call on a block
// is passed to `inner` only for a block the profiler recorded as live (so
// one `inner` handed out and nobody freed); the records change only after
// `inner` answered, so a refused request changes nothing but a counter.
unsafe impl<A: Allocator> Allocator for Profiler<A> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        let result = self.inner.alloc(layout);
        let mut state = self.state.borrow_mut();
        match result {
            Ok(ptr) => state.born(ptr, layout.size()),
            Err(OutOfMemory) => state.profile.refused += 1,
        }
        result
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // SAFETY: the caller's guarantee, passed on.
        unsafe { self.change(ptr, layout, new_size, Change::Resize) }.is_some()
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // SAFETY: the caller's guarantee, passed on.
        unsafe { self.change(ptr, layout, new_size, Change::Remap) }
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        let mut state = self.state.borrow_mut();
        let Some(record) = state.known(ptr) else { return };
        // SAFETY: a live block `inner` handed out; the caller gives its layout.
        unsafe { self.inner.free(ptr, layout) };
        state.live.remove(&ptr.addr().get());
        let p = &mut state.profile;
        p.frees += 1;
        p.lifetimes[bucket(p.allocs - record.born)] += 1;
        p.live_bytes -= record.size;
        p.live_blocks -= 1;
    }
}

/// Which of the two ways to change a block's size was asked for.
#[derive(Clone, Copy)]
enum Change {
    Resize,
    Remap,
}

impl<A: Allocator> Profiler<A> {
    /// `resize` and `remap`: asks `inner`, and the records follow its answer.
    ///
    /// # Safety
    /// As [`Allocator::remap`].
    unsafe fn change(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize, how: Change) -> Option<NonNull<u8>> {
        let mut state = self.state.borrow_mut();
        let record = state.known(ptr)?;
        let result = match how {
            // SAFETY: a live block `inner` handed out, with the caller's layout.
            Change::Resize => unsafe { self.inner.resize(ptr, layout, new_size) }.then_some(ptr),
            // SAFETY: as above.
            Change::Remap => unsafe { self.inner.remap(ptr, layout, new_size) },
        };
        match result {
            Some(moved_to) => state.resized(ptr, moved_to, record, new_size),
            None => state.profile.refused += 1,
        }
        result
    }
}

allocator_interface::impl_allocator_api2!([A: Allocator] Profiler<A>);
