//! The conformance suite every course allocator must pass.
//!
//! Four tests ported from Zig's `lib/std/heap.zig` (`testAllocator`,
//! `testAllocatorAligned`, `testAllocatorLargeAlignment`,
//! `testAllocatorAlignedShrink`), plus a model check: proptest generates random
//! sequences of alloc / resize / remap / free and, after every step, checks
//! that live blocks are aligned, never overlap, and keep their contents.
//!
//! One call runs it all against a fresh allocator from a factory:
//!
//! ```
//! allocator_interface::conformance::check(|| allocator_interface::SystemAllocator);
//! ```
//!
//! Where Zig resizes a block to zero bytes (allowed there), the port frees it:
//! the course interface never sees zero sizes (see [`crate::Allocator`]).

use crate::api2;
use crate::interface::{Allocator, realloc};
use crate::layout::is_aligned;
use crate::redzone::{CANARY, RedZones};
use crate::testing::ValidatingAllocator;
use core::alloc::Layout;
use core::ptr::NonNull;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Zig's `page_size_min` on the platforms the course runs on.
const PAGE_SIZE: usize = 4096;

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).expect("test layouts are valid")
}

/// Runs the four ported Zig tests and the model check, each on a fresh
/// allocator from `make`.
///
/// # Panics
/// With the first failure: which test, and what did not hold.
pub fn check<A: Allocator>(make: impl Fn() -> A) {
    check_scoped(|test| test(&make()));
}

/// [`check`] for allocators that borrow their memory, which a factory
/// function cannot return: `scope` builds a fresh allocator and hands it to
/// the test it is given.
///
/// # Panics
/// As [`check`]: with the first failure.
///
/// ```
/// use allocator_interface::{SystemAllocator, conformance};
/// conformance::check_scoped(|test| {
///     let allocator = SystemAllocator; // e.g. `FixedBufferAllocator::new(&mut buffer)`
///     test(&allocator);
/// });
/// ```
pub fn check_scoped(mut scope: impl FnMut(&mut dyn FnMut(&dyn Allocator))) {
    scope(&mut |a| test_allocator(a));
    scope(&mut |a| test_allocator_aligned(a));
    scope(&mut |a| test_allocator_large_alignment(a));
    scope(&mut |a| test_allocator_aligned_shrink(a));
    scope(&mut |a| test_zero_sizes_are_refused(a));
    scope(&mut |a| test_fill_then_grow(a));
    scope(&mut |a| test_grow_with_a_neighbour(a));
    scope(&mut |a| test_free_and_reuse(a));
    // The same tests again with red zones around every block, so a block
    // that overlaps another, or a write past one, is caught natively too.
    // (Miri catches those by itself, and pays for every byte: not there.)
    if !cfg!(miri) {
        scope(&mut |a| with_red_zones(a, |zones| test_allocator(zones)));
        scope(&mut |a| with_red_zones(a, |zones| test_allocator_aligned(zones)));
        scope(&mut |a| with_red_zones(a, |zones| test_fill_then_grow(zones)));
        scope(&mut |a| with_red_zones(a, |zones| test_grow_with_a_neighbour(zones)));
        scope(&mut |a| with_red_zones(a, |zones| test_free_and_reuse(zones)));
    }
    model_check_scoped(scope);
}

/// Runs `run` with a buffer of `len` bytes between two guards of
/// [`CANARY`] bytes, and panics if anything wrote into a guard. For
/// allocators that live in a buffer (lesson 05): a block grown past the end
/// of its buffer, or placed before its start, is caught natively, not only
/// under Miri.
///
/// ```
/// use allocator_interface::conformance;
/// let total = conformance::with_guarded_buffer(64, |buffer| buffer.len());
/// assert_eq!(total, 64);
/// ```
///
/// # Panics
/// If a byte before or after the buffer changed.
pub fn with_guarded_buffer<R>(len: usize, run: impl FnOnce(&mut [u8]) -> R) -> R {
    let guard_len = if cfg!(miri) { 4096 } else { 64 * 1024 };
    let mut memory = vec![CANARY; guard_len + len + guard_len];
    let (before, rest) = memory.split_at_mut(guard_len);
    let (buffer, after) = rest.split_at_mut(len);
    let result = run(buffer);
    // Whole chunks compare as one `memcmp`: under Miri a byte-by-byte search
    // of the guards cost over a second per buffer. Only damage is searched.
    let clean = |guard: &[u8]| guard.chunks(256).all(|chunk| chunk == &[CANARY; 256][..chunk.len()]);
    if clean(before) && clean(after) {
        return result;
    }
    if let Some(at) = before.iter().rposition(|&byte| byte != CANARY) {
        panic!("a write before the start of the allocator's {len}-byte buffer ({} bytes before it)", guard_len - at);
    }
    if let Some(at) = after.iter().position(|&byte| byte != CANARY) {
        panic!("a write past the end of the allocator's {len}-byte buffer (at offset {})", len + at);
    }
    result
}

/// Runs `test` on `a` behind [`RedZones`], then checks every zone left.
fn with_red_zones(a: &dyn Allocator, test: impl FnOnce(&dyn Allocator)) {
    let zones = RedZones::new(a);
    test(&zones);
    zones.finish();
}

/// 0, 1, …, 255, 0, 1, …, 255: the pattern "byte `offset` holds
/// `seed + offset` (wrapping)" of every seed is a window of it, so a pattern
/// is borrowed, never built. (Building one — 256 calls of a closure — cost
/// Miri more than the whole check of a block.)
static RAMP: [u8; 512] = {
    let mut ramp = [0; 512];
    let mut i = 0;
    while i < ramp.len() {
        ramp[i] = i as u8;
        i += 1;
    }
    ramp
};

/// Byte `offset` holds `seed + offset` (wrapping); it repeats every 256 bytes.
fn ramp_from(seed: u8) -> &'static [u8] {
    &RAMP[seed as usize..][..256]
}

/// The mark of block `id`: byte `offset` holds `id + offset` (wrapping).
fn mark_pattern(id: u8) -> &'static [u8] {
    ramp_from(id)
}

/// Marks `len` bytes at `ptr` with `id` (every byte `id + offset`).
///
/// The pattern is copied 256 bytes at a time: Miri checks a copy once per
/// call, where a byte-by-byte loop costs it a borrow-stack search per byte
/// (minutes for the fill test's megabyte).
///
/// # Safety
/// `ptr..ptr + len` is a live block (or a part of one).
unsafe fn mark(ptr: NonNull<u8>, len: usize, id: u8) {
    let pattern = mark_pattern(id);
    for start in (0..len).step_by(pattern.len()) {
        let n = pattern.len().min(len - start);
        // SAFETY: `start + n <= len`, inside the block (the caller's
        // promise); `pattern` is in a static, which no block can overlap.
        unsafe { core::ptr::copy_nonoverlapping(pattern.as_ptr(), ptr.as_ptr().add(start), n) };
    }
}

/// Panics unless the first `len` bytes at `ptr` still carry `id`'s mark.
///
/// # Safety
/// As [`mark`], for bytes that were marked.
#[track_caller]
unsafe fn assert_marked(ptr: NonNull<u8>, len: usize, id: u8, what: &str) {
    // SAFETY: inside the block (the caller's promise).
    let bytes = unsafe { core::slice::from_raw_parts(ptr.as_ptr(), len) };
    let pattern = mark_pattern(id);
    // Whole chunks compare as one `memcmp`; only a bad chunk is searched.
    for (chunk, start) in bytes.chunks(pattern.len()).zip((0..len).step_by(pattern.len())) {
        if chunk != &pattern[..chunk.len()] {
            let offset = start + (0..chunk.len()).find(|&i| chunk[i] != pattern[i]).unwrap_or(0);
            panic!("{what}: byte {offset} of block {id} was overwritten");
        }
    }
}

// ANCHOR: fill_then_grow
/// Not from Zig: fill the allocator with 4 KiB blocks (until it refuses, or
/// 1 MiB), each marked; then grow the last one, in place and by remap. A grow
/// that succeeds must have found memory of its own: the grown block is
/// written in full, and every other block must keep its mark. (An allocator
/// that grows its last block past the end of its memory fails here.)
pub fn test_fill_then_grow<A: Allocator + ?Sized>(a: &A) {
    const BLOCK: usize = 4096;
    let most = if cfg!(miri) { 12 } else { 256 };
    let l = layout(BLOCK, 8);
    let mut blocks = Vec::new();
    while blocks.len() < most {
        let Ok(ptr) = a.alloc(l) else { break };
        // SAFETY: a fresh block of `BLOCK` bytes.
        unsafe { mark(ptr, BLOCK, blocks.len() as u8) };
        blocks.push(ptr);
    }
    let (mut last, id) = (blocks.pop().expect("room for one 4 KiB block"), blocks.len() as u8);
    let mut size = BLOCK;
    // SAFETY: `last` is live with `layout(size, 8)` throughout.
    unsafe {
        if a.resize(last, layout(size, 8), 2 * BLOCK) {
            mark(last, 2 * BLOCK, id);
            size = 2 * BLOCK;
        }
        if let Some(moved) = a.remap(last, layout(size, 8), size + BLOCK) {
            assert_marked(moved, size, id, "remap of the last block");
            last = moved;
            size += BLOCK;
            mark(last, size, id);
        }
        for (id, &ptr) in blocks.iter().enumerate() {
            assert_marked(ptr, BLOCK, id as u8, "growing the last block");
            a.free(ptr, l);
        }
        assert_marked(last, size, id, "the grown block");
        a.free(last, layout(size, 8));
    }
}
// ANCHOR_END: fill_then_grow

/// Not from Zig: a block with a neighbour right after it grows in place
/// only into free memory, and by remap only with its contents; the
/// neighbour is never touched.
pub fn test_grow_with_a_neighbour<A: Allocator + ?Sized>(a: &A) {
    let small = layout(64, 8);
    let (first, neighbour) = (a.alloc(small).expect("alloc 64"), a.alloc(small).expect("alloc 64"));
    // SAFETY: live blocks; `first` keeps the layout it was last given.
    unsafe {
        mark(first, 64, 1);
        mark(neighbour, 64, 2);
        let mut size = 64;
        if a.resize(first, small, 200) {
            assert_marked(first, 64, 1, "resize next to a neighbour");
            size = 200;
            mark(first, size, 1);
        }
        assert_marked(neighbour, 64, 2, "resize of the block before it");
        let grown = a.remap(first, layout(size, 8), 5000);
        let (block, size) = match grown {
            Some(moved) => {
                assert_marked(moved, size, 1, "remap next to a neighbour");
                mark(moved, 5000, 1);
                (moved, 5000)
            }
            None => (first, size),
        };
        assert_marked(neighbour, 64, 2, "remap of the block before it");
        a.free(block, layout(size, 8));
        assert_marked(neighbour, 64, 2, "free of the block before it");
        a.free(neighbour, small);
    }
}

/// Not from Zig: blocks of mixed sizes are freed out of order and their
/// memory allocated again; live blocks never overlap and keep their contents.
pub fn test_free_and_reuse<A: Allocator + ?Sized>(a: &A) {
    let sizes = [16, 48, 100, 256, 24, 4096, 8, 640];
    let mut live: Vec<(NonNull<u8>, Layout, u8)> = Vec::new();
    let mut next_id = 0u8;
    let mut alloc = |live: &mut Vec<_>, size: usize| {
        let l = layout(size, 8);
        let ptr = a.alloc(l).expect("alloc for reuse");
        // SAFETY: a fresh block of `size` bytes.
        unsafe { mark(ptr, size, next_id) };
        live.push((ptr, l, next_id));
        next_id = next_id.wrapping_add(1);
    };
    for size in sizes.iter().chain(&sizes) {
        alloc(&mut live, *size);
    }
    // Free every other block, from the back, then the first two left.
    for index in (0..live.len()).rev().filter(|i| i % 2 == 1).chain([0, 0]) {
        let (ptr, l, id) = live.remove(index);
        // SAFETY: a live, marked block with its layout.
        unsafe {
            assert_marked(ptr, l.size(), id, "before its free");
            a.free(ptr, l);
        }
    }
    for size in sizes.iter().rev() {
        alloc(&mut live, *size);
    }
    let mut spans: Vec<(usize, usize)> =
        live.iter().map(|(p, l, _)| (p.addr().get(), p.addr().get() + l.size())).collect();
    spans.sort_unstable();
    assert!(spans.windows(2).all(|pair| pair[0].1 <= pair[1].0), "two live blocks overlap after reuse");
    for (ptr, l, id) in live {
        // SAFETY: live, marked blocks with their layouts.
        unsafe {
            assert_marked(ptr, l.size(), id, "after reuse");
            a.free(ptr, l);
        }
    }
}

// ANCHOR: zero_sizes
/// Not from Zig: sizes are never zero (the contract of [`Allocator`]), and an
/// allocator that is handed one anyway refuses it cleanly — `alloc` returns
/// `Err`, `resize` `false`, `remap` `None`, and the block is unchanged —
/// instead of handing out a block that cannot be freed, or freeing one.
pub fn test_zero_sizes_are_refused<A: Allocator + ?Sized>(a: &A) {
    for align in [1, 8, PAGE_SIZE, 2 * PAGE_SIZE, 16 * PAGE_SIZE] {
        assert!(a.alloc(layout(0, align)).is_err(), "alloc of 0 bytes aligned to {align} was not refused");
    }
    let block = layout(48, 8);
    let ptr = a.alloc(block).expect("alloc 48 bytes");
    // SAFETY: a live block of 48 bytes.
    unsafe { ptr.write_bytes(0x5A, 48) };
    // SAFETY: `ptr`/`block` describe a live block; the zero sizes must be refused.
    unsafe {
        assert!(!a.resize(ptr, block, 0), "resize to 0 bytes was not refused");
        assert!(a.remap(ptr, block, 0).is_none(), "remap to 0 bytes was not refused");
        let bytes = core::slice::from_raw_parts(ptr.as_ptr(), 48);
        assert!(bytes.iter().all(|&b| b == 0x5A), "a refused resize changed the block");
        a.free(ptr, block);
    }
}
// ANCHOR_END: zero_sizes

// ANCHOR: test_allocator
/// Zig's `testAllocator`: many small blocks, a growing array of pointers to
/// them, shrinking, zero-sized requests, and five `u32`s written in full.
pub fn test_allocator<A: Allocator + ?Sized>(allocator: &A) {
    let a = ValidatingAllocator(allocator);
    let ptr_layout = Layout::new::<NonNull<i32>>();
    let array = |len: usize| layout(len * ptr_layout.size(), ptr_layout.align());

    let mut slice = a.alloc(array(100)).expect("alloc 100 pointers").cast::<NonNull<i32>>();
    for i in 0..100 {
        let item = a.alloc(Layout::new::<i32>()).expect("alloc an i32").cast::<i32>();
        // SAFETY: `item` is a fresh i32 block; `slice` holds 100 pointers.
        unsafe {
            item.write(i as i32);
            slice.add(i).write(item);
        }
    }

    // SAFETY: `slice` is live with `array(100)`.
    slice = unsafe { realloc(&a, slice.cast(), array(100), array(20_000).size()) }.expect("grow to 20000").cast();
    for i in 0..100 {
        // SAFETY: the first 100 pointers survived the realloc; each is a live i32.
        unsafe {
            let item = slice.add(i).read();
            assert_eq!(item.read(), i as i32, "contents lost by realloc");
            a.free(item.cast(), Layout::new::<i32>());
        }
    }

    let mut len = 20_000;
    // SAFETY: `slice` is live with `array(len)` at every step.
    unsafe {
        if a.resize(slice.cast(), array(len), array(50).size()) {
            len = 50;
            if a.resize(slice.cast(), array(len), array(25).size()) {
                len = 25;
                // Zig: resize to 0 then realloc to 10; here: free, then alloc 10.
                a.free(slice.cast(), array(len));
                slice = a.alloc(array(10)).expect("alloc 10 pointers").cast();
                len = 10;
            }
        }
        a.free(slice.cast(), array(len));
    }

    // Zero-length and zero-sized-type allocations never reach the allocator.
    let empty = api2::allocate(&a, layout(0, 1)).expect("zero-length allocation");
    // SAFETY: `empty` came from `allocate` with this layout.
    unsafe { api2::deallocate(&a, empty.cast(), layout(0, 1)) };
    let zst = api2::allocate(&a, Layout::new::<()>()).expect("zero-sized type");
    // SAFETY: as above.
    unsafe { api2::deallocate(&a, zst.cast(), Layout::new::<()>()) };

    // Zig's `alignedAlloc(u32, null, 5)` (a `null` alignment is the natural
    // one, despite the variable's name, `oversize`): five words, fully written.
    let words = layout(5 * 4, 64);
    let oversize = a.alloc(words).expect("alloc 5 words").cast::<u32>();
    for i in 0..5 {
        // SAFETY: the block holds 5 aligned u32s.
        unsafe { oversize.add(i).write(0xDEAD_BEEF) };
    }
    // SAFETY: live with `words`.
    unsafe { a.free(oversize.cast(), words) };
}
// ANCHOR_END: test_allocator

/// Zig's `testAllocatorAligned`: alloc, grow, shrink, free at alignments 1–64.
pub fn test_allocator_aligned<A: Allocator + ?Sized>(allocator: &A) {
    let a = ValidatingAllocator(allocator);
    for align in [1, 2, 4, 8, 16, 32, 64] {
        let mut size = 10;
        let mut slice = a.alloc(layout(size, align)).expect("initial alloc");
        // SAFETY: every call gets the block with the size it currently has.
        unsafe {
            slice = realloc(&a, slice, layout(size, align), 100).expect("grow");
            size = 100;
            if a.resize(slice, layout(size, align), 10) {
                size = 10;
            }
            a.free(slice, layout(size, align));

            // "realloc from zero": a fresh block.
            size = 100;
            slice = a.alloc(layout(size, align)).expect("alloc after free");
            if a.resize(slice, layout(size, align), 10) {
                size = 10;
            }
            a.free(slice, layout(size, align));
        }
    }
}

/// Zig's `testAllocatorLargeAlignment`: half-a-page alignment survives every
/// resize and realloc.
pub fn test_allocator_large_alignment<A: Allocator + ?Sized>(allocator: &A) {
    let a = ValidatingAllocator(allocator);
    let large_align = PAGE_SIZE / 2;
    let aligned = |p: NonNull<u8>| is_aligned(p.addr().get(), large_align);

    let mut size = 500;
    let mut slice = a.alloc(layout(size, large_align)).expect("alloc 500");
    assert!(aligned(slice));
    // SAFETY: every call gets the block with the size it currently has.
    unsafe {
        if a.resize(slice, layout(size, large_align), 100) {
            size = 100;
        }
        slice = realloc(&a, slice, layout(size, large_align), 5000).expect("grow to 5000");
        size = 5000;
        assert!(aligned(slice), "realloc lost the alignment");
        if a.resize(slice, layout(size, large_align), 10) {
            size = 10;
        }
        slice = realloc(&a, slice, layout(size, large_align), 20_000).expect("grow to 20000");
        size = 20_000;
        assert!(aligned(slice), "realloc lost the alignment");
        a.free(slice, layout(size, large_align));
    }
}

/// Zig's `testAllocatorAlignedShrink`: shrinking a block that happens to be
/// far more aligned than asked keeps its contents.
pub fn test_allocator_aligned_shrink<A: Allocator + ?Sized>(allocator: &A) {
    let a = ValidatingAllocator(allocator);
    let alloc_size = PAGE_SIZE * 2 + 50;
    let block = layout(alloc_size, 16);

    // Zig keeps allocating until it gets a block that is *not* aligned to 32
    // pages, so the shrink cannot rely on accidental over-alignment.
    let mut stuff_to_free = Vec::new();
    let mut slice = a.alloc(block).expect("alloc");
    while is_aligned(slice.addr().get(), PAGE_SIZE * 32) {
        stuff_to_free.push(slice);
        slice = a.alloc(block).expect("alloc");
    }
    for item in stuff_to_free {
        // SAFETY: each is live with `block`.
        unsafe { a.free(item, block) };
    }

    // SAFETY: `slice` is live with `block`, which is larger than 60 bytes.
    unsafe {
        slice.write(0x12);
        slice.add(60).write(0x34);
        let shrunk = realloc(&a, slice, block, alloc_size / 2).expect("shrink");
        assert_eq!(shrunk.read(), 0x12);
        assert_eq!(shrunk.add(60).read(), 0x34);
        a.free(shrunk, layout(alloc_size / 2, 16));
    }
}

// ANCHOR: model
/// One step of the model check.
#[derive(Clone, Debug)]
pub enum Op {
    /// Allocate `size` bytes aligned to `1 << align_log2`.
    Alloc {
        /// Bytes.
        size: usize,
        /// log2 of the alignment.
        align_log2: u32,
    },
    /// Resize (in place) the `index % live`-th live block.
    Resize {
        /// Which live block.
        index: usize,
        /// New size.
        size: usize,
    },
    /// Remap (may move) the `index % live`-th live block.
    Remap {
        /// Which live block.
        index: usize,
        /// New size.
        size: usize,
    },
    /// Free the `index % live`-th live block.
    Free {
        /// Which live block.
        index: usize,
    },
}

/// The model: what the allocator should be holding.
struct Block {
    ptr: NonNull<u8>,
    layout: Layout,
    /// Each block's bytes are `seed + offset` (wrapping), so a byte written
    /// through another block, or lost by a move, is caught.
    seed: u8,
}

impl Block {
    /// The block's pattern: byte `offset` is `seed + offset`, which repeats
    /// every 256 bytes. Written and compared a chunk at a time (a copy, a
    /// `memcmp`): the check reads every live byte after every step, and under
    /// Miri, which checks each access, a byte-at-a-time loop dominated it.
    fn pattern(&self) -> &'static [u8] {
        ramp_from(self.seed)
    }

    fn fill(&self, from: usize) {
        let pattern = self.pattern();
        let mut at = from;
        while at < self.layout.size() {
            let n = (256 - at % 256).min(self.layout.size() - at);
            // SAFETY: `at + n` is at most the block's size: inside the live
            // block; the pattern is in a static, which no block can overlap.
            unsafe { core::ptr::copy_nonoverlapping(pattern.as_ptr().add(at % 256), self.ptr.add(at).as_ptr(), n) };
            at += n;
        }
    }

    fn verify(&self, upto: usize) -> Result<(), TestCaseError> {
        // SAFETY: the first `upto` bytes are inside the live block.
        let bytes = unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), upto) };
        let pattern = self.pattern();
        for (chunk, start) in bytes.chunks(256).zip((0..upto).step_by(256)) {
            if chunk != &pattern[..chunk.len()] {
                let offset = start + (0..chunk.len()).find(|&i| chunk[i] != pattern[i]).unwrap_or(0);
                prop_assert!(false, "block contents lost at offset {}", offset);
            }
        }
        Ok(())
    }
}

fn op_strategy() -> impl Strategy<Value = Op> {
    // Mostly small blocks, sometimes larger than a page; alignments up to 4 KiB.
    // Under Miri every byte access costs ~1000×: smaller blocks still cross a
    // page boundary and walk the same paths.
    let (small, large) = if cfg!(miri) { (64, PAGE_SIZE + 64) } else { (256, 3 * PAGE_SIZE) };
    let size = prop_oneof![4 => 1usize..=small, 1 => small + 1..=large];
    prop_oneof![
        3 => (size.clone(), 0u32..=12).prop_map(|(size, align_log2)| Op::Alloc { size, align_log2 }),
        1 => (any::<usize>(), size.clone()).prop_map(|(index, size)| Op::Resize { index, size }),
        1 => (any::<usize>(), size).prop_map(|(index, size)| Op::Remap { index, size }),
        2 => any::<usize>().prop_map(|index| Op::Free { index }),
    ]
}

/// Applies `ops` to the allocator and checks the invariants after each step.
pub fn run_ops<A: Allocator + ?Sized>(allocator: &A, ops: &[Op]) -> Result<(), TestCaseError> {
    let a = ValidatingAllocator(allocator);
    let mut live: Vec<Block> = Vec::new();
    let result = ops.iter().enumerate().try_for_each(|(step, op)| {
        apply(&a, &mut live, op, step as u8)?;
        check_invariants(&live)
    });
    for block in live {
        // SAFETY: every block in the model is live with its recorded layout.
        unsafe { a.free(block.ptr, block.layout) };
    }
    result
}

fn apply<A: Allocator>(a: &A, live: &mut Vec<Block>, op: &Op, seed: u8) -> Result<(), TestCaseError> {
    match *op {
        Op::Alloc { size, align_log2 } => {
            let block_layout = layout(size, 1 << align_log2);
            // Running out of memory is allowed; anything returned must be right.
            if let Ok(ptr) = a.alloc(block_layout) {
                let block = Block { ptr, layout: block_layout, seed };
                block.fill(0);
                live.push(block);
            }
        }
        Op::Resize { index, size } if !live.is_empty() => {
            let count = live.len();
            let block = &mut live[index % count];
            // SAFETY: the block is live with its recorded layout.
            if unsafe { a.resize(block.ptr, block.layout, size) } {
                let kept = block.layout.size().min(size);
                block.layout = layout(size, block.layout.align());
                block.verify(kept)?;
                block.fill(kept);
            }
        }
        Op::Remap { index, size } if !live.is_empty() => {
            let count = live.len();
            let block = &mut live[index % count];
            // SAFETY: the block is live with its recorded layout.
            if let Some(moved) = unsafe { a.remap(block.ptr, block.layout, size) } {
                let kept = block.layout.size().min(size);
                block.ptr = moved;
                block.layout = layout(size, block.layout.align());
                block.verify(kept)?;
                block.fill(kept);
            }
        }
        Op::Free { index } if !live.is_empty() => {
            let block = live.swap_remove(index % live.len());
            block.verify(block.layout.size())?;
            // SAFETY: the block is live with its recorded layout.
            unsafe { a.free(block.ptr, block.layout) };
        }
        _ => {}
    }
    Ok(())
}

fn check_invariants(live: &[Block]) -> Result<(), TestCaseError> {
    let mut spans: Vec<(usize, usize)> =
        live.iter().map(|b| (b.ptr.addr().get(), b.ptr.addr().get() + b.layout.size())).collect();
    spans.sort_unstable();
    for pair in spans.windows(2) {
        prop_assert!(pair[0].1 <= pair[1].0, "two live blocks overlap");
    }
    for block in live {
        prop_assert!(is_aligned(block.ptr.addr().get(), block.layout.align()), "misaligned block");
        block.verify(block.layout.size())?;
    }
    Ok(())
}

/// Runs random operation sequences against fresh allocators from `make`;
/// panics with the smallest failing sequence proptest can find.
pub fn model_check<A: Allocator>(make: impl Fn() -> A) {
    model_check_scoped(|test| test(&make()));
}

/// [`model_check`] with a fresh allocator per sequence from `scope`, as in
/// [`check_scoped`].
pub fn model_check_scoped(scope: impl FnMut(&mut dyn FnMut(&dyn Allocator))) {
    // Miri is ~1000x slower: two short sequences per allocator still walk
    // every path (the native run tries 256 of up to 200 steps), and the
    // model check is called for every allocator of the course: at four
    // sequences it was the largest share of `check`'s Miri time.
    let (cases, max_ops) = if cfg!(miri) { (2, 24) } else { (256, 200) };
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let strategy = proptest::collection::vec(op_strategy(), 0..max_ops);
    // proptest wants a `Fn`; the scope is only ever called by one case at a time.
    let scope = core::cell::RefCell::new(scope);
    let outcome = runner.run(&strategy, |ops| {
        let mut result = Ok(());
        (scope.borrow_mut())(&mut |a| result = run_ops(a, &ops));
        result
    });
    if let Err(error) = outcome {
        panic!("model check failed: {error}");
    }
}
// ANCHOR_END: model
