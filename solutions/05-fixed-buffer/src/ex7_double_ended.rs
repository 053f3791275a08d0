//! Exercise fixed-7 (capstone): a double-ended stack.
//!
//! One buffer, two stacks growing towards each other: the *low* end bumps up
//! from the start, the *high* end bumps down from the end. A program keeps
//! its results at one end and its temporaries at the other, and throws the
//! temporaries away (`reset_low`) without touching the results. Games and
//! compilers use this shape for per-frame and per-pass scratch memory.
//!
//! ```text
//!  start                                                          end
//!  | low blocks → |            free              | ← high blocks |
//!  0            low                             high        capacity
//! ```

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::Cell;
use core::marker::PhantomData;
use core::ptr::NonNull;

/// Two bump stacks in one borrowed buffer: `[0, low)` is the low end's,
/// `[high, capacity)` the high end's, and `low <= high` always.
#[derive(Debug)]
pub struct DoubleEnded<'buf> {
    start: NonNull<u8>,
    capacity: usize,
    low: Cell<usize>,
    high: Cell<usize>,
    _buffer: PhantomData<&'buf mut [u8]>,
}

/// The low end as an allocator: blocks go up from the start of the buffer.
#[derive(Clone, Copy, Debug)]
pub struct Low<'a, 'buf>(&'a DoubleEnded<'buf>);

/// The high end as an allocator: blocks go down from the end of the buffer.
#[derive(Clone, Copy, Debug)]
pub struct High<'a, 'buf>(&'a DoubleEnded<'buf>);

impl<'buf> DoubleEnded<'buf> {
    /// Both stacks empty, over `buffer`, which stays borrowed while they live.
    pub fn new(buffer: &'buf mut [u8]) -> Self {
        let capacity = buffer.len();
        DoubleEnded {
            start: NonNull::from(buffer).cast(),
            capacity,
            low: Cell::new(0),
            high: Cell::new(capacity),
            _buffer: PhantomData,
        }
    }

    /// The allocator for the low end.
    pub fn low(&self) -> Low<'_, 'buf> {
        Low(self)
    }

    /// The allocator for the high end.
    pub fn high(&self) -> High<'_, 'buf> {
        High(self)
    }

    /// Bytes used by the low end (from the start of the buffer).
    pub fn used_low(&self) -> usize {
        self.low.get()
    }

    /// Bytes used by the high end (up to the end of the buffer).
    pub fn used_high(&self) -> usize {
        self.capacity - self.high.get()
    }

    /// Bytes still free between the two ends.
    pub fn free_bytes(&self) -> usize {
        self.high.get() - self.low.get()
    }

    /// Frees every block of the low end; the high end's stay.
    /// `&mut self`: no handle, so no low block, can still be in use.
    pub fn reset_low(&mut self) {
        self.low.set(0);
    }

    /// Frees every block of the high end; the low end's stay.
    pub fn reset_high(&mut self) {
        self.high.set(self.capacity);
    }

    /// The offset of `ptr` in the buffer.
    fn offset_of(&self, ptr: NonNull<u8>) -> usize {
        ptr.addr().get() - self.start.addr().get()
    }

    /// The block at `offset`.
    fn at(&self, offset: usize) -> NonNull<u8> {
        // SAFETY: callers pass offsets of blocks placed inside the buffer,
        // `offset <= capacity`, so the result is in (or one past) the buffer.
        unsafe { self.start.add(offset) }
    }

    /// The low end's place for `layout`: `(start, end)` offsets, above
    /// `from` and below the high end, or `None`.
    fn place_up(&self, from: usize, layout: Layout) -> Option<(usize, usize)> {
        let base = self.start.addr().get();
        let aligned = base.checked_add(from)?.checked_next_multiple_of(layout.align())?;
        let start = aligned - base;
        let end = start.checked_add(layout.size())?;
        (end <= self.high.get()).then_some((start, end))
    }

    /// The high end's place for `layout`, ending at or below `below` and
    /// above the low end: the start offset, or `None`.
    fn place_down(&self, below: usize, layout: Layout) -> Option<usize> {
        let base = self.start.addr().get();
        let top = base + below;
        // Round down: clear the low bits (the alignment is a power of two).
        let aligned = top.checked_sub(layout.size())? & !(layout.align() - 1);
        let start = aligned.checked_sub(base)?;
        (start >= self.low.get()).then_some(start)
    }
}

// SAFETY: low blocks lie in `[0, low)`, each placed after every live one and
// aligned as asked; `low` only moves back over the last block, which the
// caller gives up (free) or keeps with its new size (resize). `low <= high`
// always holds (`place_up` and the resize check against `high`), so low and
// high blocks never overlap. The buffer is borrowed for `'buf`, which
// outlives the handle. Zero sizes are refused.
unsafe impl Allocator for Low<'_, '_> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        let stack = self.0;
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        let (start, end) = stack.place_up(stack.low.get(), layout).ok_or(OutOfMemory)?;
        stack.low.set(end);
        Ok(stack.at(start))
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        let stack = self.0;
        let start = stack.offset_of(ptr);
        if new_size == 0 {
            return false;
        }
        if start + layout.size() != stack.low.get() {
            // Not the last block: it may shrink (its tail stays unused).
            return new_size <= layout.size();
        }
        match start.checked_add(new_size) {
            Some(end) if end <= stack.high.get() => {
                stack.low.set(end);
                true
            }
            _ => false,
        }
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // SAFETY: the caller's promise about `ptr` and `layout` carries over.
        unsafe { self.resize(ptr, layout, new_size) }.then_some(ptr)
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        let stack = self.0;
        let start = stack.offset_of(ptr);
        if start + layout.size() == stack.low.get() {
            stack.low.set(start);
        }
    }
}

// SAFETY: high blocks lie in `[high, capacity)`: each is placed below every
// live one (ending at or below `high`), aligned down as asked, and never
// below `low` (`place_down`). `high` only moves up over the last block, which
// the caller gives up (free) or that moves up with its remap. A remap copies
// the kept bytes with `ptr::copy`, which allows the overlap of a block moving
// within its own old range. The buffer is borrowed for `'buf`. Zero sizes
// are refused.
unsafe impl Allocator for High<'_, '_> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        let stack = self.0;
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        let start = stack.place_down(stack.high.get(), layout).ok_or(OutOfMemory)?;
        stack.high.set(start);
        Ok(stack.at(start))
    }

    unsafe fn resize(&self, _ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // Growing in place would run into the block above (or the end of the
        // buffer): only shrinking is possible, and its tail stays unused.
        new_size != 0 && new_size <= layout.size()
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        let stack = self.0;
        let start = stack.offset_of(ptr);
        if new_size == 0 {
            return None;
        }
        if start != stack.high.get() {
            // SAFETY: the caller's promise about `ptr` and `layout` carries over.
            return unsafe { self.resize(ptr, layout, new_size) }.then_some(ptr);
        }
        // The last block moves so that it still ends where it ended: down to
        // grow, up to shrink (which gives the space back).
        let end = start + layout.size();
        let new_start = stack.place_down(end, Layout::from_size_align(new_size, layout.align()).ok()?)?;
        let moved = stack.at(new_start);
        // SAFETY: both ranges lie in the buffer — the old block, and
        // `[new_start, new_start + new_size)` within `[low, end)` — and
        // `ptr::copy` allows them to overlap. No other live block is in
        // `[low, end)`: this is the lowest high block.
        unsafe { core::ptr::copy(ptr.as_ptr(), moved.as_ptr(), layout.size().min(new_size)) };
        stack.high.set(new_start);
        Some(moved)
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        let stack = self.0;
        let start = stack.offset_of(ptr);
        if start == stack.high.get() {
            // The padding that was above the block stays used until a reset:
            // nothing records how much there was.
            stack.high.set(start + layout.size());
        }
    }
}

allocator_interface::impl_allocator_api2!(['a, 'buf] Low<'a, 'buf>);
allocator_interface::impl_allocator_api2!(['a, 'buf] High<'a, 'buf>);
