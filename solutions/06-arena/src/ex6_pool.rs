//! Exercise arena-6 (capstone): a memory pool.
//!
//! Zig's `std.heap.MemoryPool`: slots of one size, carved from an arena, and
//! a free list threaded *through the freed slots themselves*, so freeing and
//! reusing a slot costs two pointer moves and no memory of its own. Programs
//! that create and destroy many objects of one type — tree and graph nodes,
//! connections, particles — use this shape.
//!
//! ```text
//!   free_list ─┐
//!              ▼
//!  chunk: [slot 0: in use][slot 1: next ─┐][slot 2: in use][slot 3: next = ∅]
//!                                        └──────────────────────▲
//! ```
//!
//! Unlike Zig's pool, which only makes `Item`s, this one is a course
//! allocator: requests that fit a slot get one, others go to the child.

use allocator_interface::{Allocator, OutOfMemory};
use arena::{Arena, ResetMode};
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

/// What a free slot holds: the next free slot. A slot is at least this big
/// and this aligned, so any freed slot can hold it.
struct FreeSlot {
    next: Option<NonNull<FreeSlot>>,
}

/// Slots of one layout from an arena over `A`, reused through an intrusive
/// free list; requests that do not fit a slot are the child's.
#[derive(Debug)]
pub struct MemoryPool<A: Allocator> {
    arena: Arena<A>,
    slot: Layout,
    /// The most recently freed slot, which holds a link to the one before.
    free_list: Cell<Option<NonNull<FreeSlot>>>,
    /// Zig's `Options.growable`: `false` once the pool is fixed.
    growable: bool,
}

impl<A: Allocator> MemoryPool<A> {
    /// An empty pool for blocks that fit `item`. No memory is asked of
    /// `child` until the first allocation.
    pub fn new(child: A, item: Layout) -> Self {
        MemoryPool { arena: Arena::new(child), slot: Self::slot_for(item), free_list: Cell::new(None), growable: true }
    }

    /// A pool with `count` slots ready, which never asks for more (Zig's
    /// `initPreheated` with `.growable = false`).
    pub fn fixed(child: A, item: Layout, count: usize) -> Result<Self, OutOfMemory> {
        let mut pool = Self::new(child, item);
        pool.preheat(count)?;
        pool.growable = false;
        Ok(pool)
    }

    /// The slot for `item`: big and aligned enough for a free-list link too,
    /// and a multiple of its alignment, so slots laid end to end stay aligned.
    fn slot_for(item: Layout) -> Layout {
        let link = Layout::new::<FreeSlot>();
        let size = item.size().max(link.size());
        let align = item.align().max(link.align());
        Layout::from_size_align(size, align).expect("a slot is no bigger than the item's layout allowed").pad_to_align()
    }

    /// The layout of every slot.
    pub fn slot_layout(&self) -> Layout {
        self.slot
    }

    /// Does a block of `layout` live in a slot (rather than in the child)?
    /// Decided by the layout alone, so `free` routes a block the way `alloc` did.
    pub fn fits(&self, layout: Layout) -> bool {
        layout.size() <= self.slot.size() && layout.align() <= self.slot.align()
    }

    /// Adds `count` free slots, so the next `count` slot allocations ask the
    /// child for nothing.
    pub fn preheat(&self, count: usize) -> Result<(), OutOfMemory> {
        for _ in 0..count {
            let slot = self.arena.alloc(self.slot)?;
            // SAFETY: a fresh slot from the arena, not handed out: it is free.
            unsafe { self.push_free(slot) };
        }
        Ok(())
    }

    /// How many freed or preheated slots wait on the free list.
    pub fn free_slots(&self) -> usize {
        let mut count = 0;
        let mut next = self.free_list.get();
        while let Some(slot) = next {
            count += 1;
            // SAFETY: every slot on the list holds a `FreeSlot` link written
            // by `push_free`, and stays in the arena until a reset.
            next = unsafe { slot.as_ref() }.next;
        }
        count
    }

    /// Zig's `create`: a slot (or, if `T` does not fit one, a child block)
    /// holding `value`. A zero-sized `T` is refused, like any zero size.
    pub fn create<T>(&self, value: T) -> Result<NonNull<T>, OutOfMemory> {
        let item = self.alloc(Layout::new::<T>())?.cast::<T>();
        // SAFETY: a fresh block with `T`'s size and alignment.
        unsafe { item.write(value) };
        Ok(item)
    }

    /// Zig's `destroy`: drops the item and frees its block.
    ///
    /// # Safety
    /// `item` came from `create` on this pool, and nobody uses it afterwards.
    pub unsafe fn destroy<T>(&self, item: NonNull<T>) {
        // SAFETY: a live `T` from `create` (the caller's promise), dropped
        // once, then its block freed with the layout it was allocated with.
        unsafe {
            item.drop_in_place();
            self.free(item.cast(), Layout::new::<T>());
        }
    }

    /// Frees every slot at once, keeping arena memory as `mode` says (Zig's
    /// `MemoryPool.reset`). Blocks that went to the child are not touched:
    /// they are still the caller's to free. `false` if a retaining mode could
    /// not keep its chunk; the pool is then empty but fine.
    pub fn reset(&mut self, mode: ResetMode) -> bool {
        // The list links through slots that the reset gives back.
        self.free_list.set(None);
        self.arena.reset(mode)
    }

    /// Puts `slot` on the free list, writing the link into the slot.
    ///
    /// # Safety
    /// `slot` is a slot of this pool that nobody uses any more.
    unsafe fn push_free(&self, slot: NonNull<u8>) {
        let slot = slot.cast::<FreeSlot>();
        // SAFETY: a slot is big and aligned enough for a `FreeSlot`
        // (`slot_for`), and the caller gives it up, so we may write it.
        unsafe { slot.write(FreeSlot { next: self.free_list.get() }) };
        self.free_list.set(Some(slot));
    }

    /// The most recently freed slot, taken off the list.
    fn pop_free(&self) -> Option<NonNull<u8>> {
        let slot = self.free_list.get()?;
        // SAFETY: slots on the list hold the link `push_free` wrote, and
        // nobody else uses them.
        self.free_list.set(unsafe { slot.as_ref() }.next);
        Some(slot.cast())
    }
}

// SAFETY: a slot is handed out either from the free list (taken off it, so
// once) or fresh from the arena; it goes back on the list only at `free`.
// Slots are `slot` bytes aligned to `slot.align()`, so any block that `fits`
// is in bounds and aligned. The arena keeps slots in place until `reset`
// (`&mut self`) or drop. Other blocks are the child's, and `fits` routes every
// call on a block the way `alloc` routed it: resize and remap never move a
// block across that line. Zero sizes are refused.
unsafe impl<A: Allocator> Allocator for MemoryPool<A> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        if !self.fits(layout) {
            return self.arena.child().alloc(layout);
        }
        match self.pop_free() {
            Some(slot) => Ok(slot),
            None if self.growable => self.arena.alloc(self.slot),
            None => Err(OutOfMemory),
        }
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        let new_layout = match Layout::from_size_align(new_size, layout.align()) {
            Ok(new_layout) if new_size != 0 => new_layout,
            _ => return false,
        };
        match (self.fits(layout), self.fits(new_layout)) {
            // Within the slot: nothing to do.
            (true, true) => true,
            // SAFETY: a child block stays one; the caller's promise carries over.
            (false, false) => unsafe { self.arena.child().resize(ptr, layout, new_size) },
            // Crossing the line would make `free` route it wrongly.
            _ => false,
        }
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        if !self.fits(layout) && !self.fits(Layout::from_size_align(new_size, layout.align()).ok()?) {
            // SAFETY: a child block stays one; the caller's promise carries over.
            return unsafe { self.arena.child().remap(ptr, layout, new_size) };
        }
        // SAFETY: the caller's promise carries over.
        unsafe { self.resize(ptr, layout, new_size) }.then_some(ptr)
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        if self.fits(layout) {
            // SAFETY: a slot of this pool (`fits` routed its alloc here), and
            // the caller gives it up.
            unsafe { self.push_free(ptr) }
        } else {
            // SAFETY: a child block, and the caller gives it up.
            unsafe { self.arena.child().free(ptr, layout) }
        }
    }
}

allocator_interface::impl_allocator_api2!([A: Allocator] MemoryPool<A>);
