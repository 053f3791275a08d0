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
use core::marker::PhantomData;
use core::ptr::NonNull;

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

/// The histogram bucket of `value`: the smallest `k` with `value <= 2^k`.
pub fn bucket(value: u64) -> usize {
    // TODO: 0 and 1 are bucket 0; 2 is bucket 1; 3 and 4 are bucket 2; the
    // largest `u64` is bucket 64. One bit operation from `u64` answers it.
    todo!("the bucket of {value}")
}

/// Forwards every call to `inner` and records what it sees.
#[derive(Debug)]
pub struct Profiler<A: Allocator> {
    // TODO: the state. The inner allocator, the profile so far, and what the
    // profiler must remember about each live block to count its lifetime and
    // its bytes when it goes — found again by the address the caller passes.
    // Every operation takes `&self`.
    _inner: PhantomData<A>,
}

impl<A: Allocator> Profiler<A> {
    /// A profiler over `inner` that has seen nothing yet.
    pub fn new(inner: A) -> Self {
        let _ = inner;
        todo!("a profiler")
    }

    /// The numbers so far.
    pub fn profile(&self) -> Profile {
        todo!("the profile")
    }

    /// The numbers as a short text report: totals, the peak, then the two
    /// histograms (only their non-empty buckets, one line each). The exact
    /// format is in the test `the_report_of_a_growing_vector`; a bar has
    /// twenty `#` for the largest bucket, proportionally fewer (rounded up)
    /// for the others.
    pub fn report(&self) -> String {
        todo!("the report")
    }
}

// TODO: the allocator. A wrapper's rule (03/composition.md): ask the inner
// allocator first, and change your own records only after it answered.
// - alloc: a success is a new live block (count it, its size's bucket, and a
//   new peak if live bytes are now higher than ever); a refusal is counted.
// - free: a block the profiler did not hand out (a stranger, or one already
//   freed) is counted as unknown and never reaches the inner allocator.
//   Otherwise its lifetime is the number of allocations made since it was.
// - resize and remap: the same check first. On success the block may have a
//   new address and has a new size; live bytes and the peak follow.
//
// SAFETY: write here why the inner allocator only ever sees its own live
// blocks.
unsafe impl<A: Allocator> Allocator for Profiler<A> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        todo!("allocate {layout:?}")
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        todo!("resize {ptr:?} ({layout:?}) to {new_size} bytes")
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        todo!("remap {ptr:?} ({layout:?}) to {new_size} bytes")
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        todo!("free {ptr:?} ({layout:?})")
    }
}

allocator_interface::impl_allocator_api2!([A: Allocator] Profiler<A>);
