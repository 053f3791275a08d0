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
//! allocator: requests that fit a slot get one, others go to the child. The
//! book's exercises page (06, "arena-6") describes the design.

use allocator_interface::{Allocator, OutOfMemory};
use arena::ResetMode;
use core::alloc::Layout;
use core::marker::PhantomData;
use core::ptr::NonNull;

/// Slots of one layout from an arena over `A`, reused through an intrusive
/// free list; requests that do not fit a slot are the child's.
#[derive(Debug)]
pub struct MemoryPool<A: Allocator> {
    // TODO: the state. Where slots come from (the chapter's arena over the
    // child hands them out and takes them all back at once), the slot
    // layout, the head of the free list, and whether the pool may still grow.
    // Allocation takes a shared reference, so the head changes through one.
    // What does a free slot hold, and what type says so?
    _child: PhantomData<A>,
}

impl<A: Allocator> MemoryPool<A> {
    /// An empty pool for blocks that fit `item`. No memory is asked of
    /// `child` until the first allocation.
    pub fn new(child: A, item: Layout) -> Self {
        // TODO: the slot must hold the item *and*, once freed, a free-list
        // link: at least as big and as aligned as both. Slots lie end to end
        // in the arena, so their size is a multiple of their alignment.
        let _ = child;
        todo!("a pool for {item:?}")
    }

    /// A pool with `count` slots ready, which never asks for more (Zig's
    /// `initPreheated` with `.growable = false`).
    pub fn fixed(child: A, item: Layout, count: usize) -> Result<Self, OutOfMemory> {
        let _ = child;
        todo!("a fixed pool of {count} slots for {item:?}")
    }

    /// The layout of every slot.
    pub fn slot_layout(&self) -> Layout {
        todo!("the slot layout")
    }

    /// Does a block of `layout` live in a slot (rather than in the child)?
    /// Decided by the layout alone, so `free` routes a block the way `alloc` did.
    pub fn fits(&self, layout: Layout) -> bool {
        todo!("does {layout:?} fit a slot?")
    }

    /// Adds `count` free slots, so the next `count` slot allocations ask the
    /// child for nothing.
    pub fn preheat(&self, count: usize) -> Result<(), OutOfMemory> {
        todo!("preheat {count} slots")
    }

    /// How many freed or preheated slots wait on the free list.
    pub fn free_slots(&self) -> usize {
        todo!("walk the free list")
    }

    /// Zig's `create`: a slot (or, if `T` does not fit one, a child block)
    /// holding `value`. A zero-sized `T` is refused, like any zero size.
    pub fn create<T>(&self, value: T) -> Result<NonNull<T>, OutOfMemory> {
        let _ = value;
        todo!("a {} in the pool", core::any::type_name::<T>())
    }

    /// Zig's `destroy`: drops the item and frees its block.
    ///
    /// # Safety
    /// `item` came from `create` on this pool, and nobody uses it afterwards.
    pub unsafe fn destroy<T>(&self, item: NonNull<T>) {
        // TODO: a `T` may own memory of its own: it must be dropped, once,
        // before its block is given back.
        todo!("destroy {item:?}")
    }

    /// Frees every slot at once, keeping arena memory as `mode` says (Zig's
    /// `MemoryPool.reset`). Blocks that went to the child are not touched:
    /// they are still the caller's to free. `false` if a retaining mode could
    /// not keep its chunk; the pool is then empty but fine.
    pub fn reset(&mut self, mode: ResetMode) -> bool {
        // TODO: what would the free list point into after the arena's reset?
        todo!("reset the pool, {mode:?}")
    }
}

// TODO: the allocator. The contract (03/interface.md, "The four operations"):
// - alloc: a zero size is refused. A block that fits a slot takes the most
//   recently freed slot, else a fresh one from the arena — unless the pool is
//   fixed, then it is refused. A block that does not fit is the child's.
// - free: a slot goes on the front of the free list, its link written into
//   the slot itself (the caller has given the bytes up); a child block goes
//   back to the child. Nothing else is allocated or freed.
// - resize and remap: inside a slot, any size up to the slot's is free to
//   take, in place. A child block is the child's business. But no block may
//   cross from one side to the other: `free` routes by the layout it is
//   given, so a block must always be found where its layout says it is.
//
// SAFETY: write here why a slot is never handed out twice, why it is big and
// aligned enough for every block that fits, and how long it stays valid.
unsafe impl<A: Allocator> Allocator for MemoryPool<A> {
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

allocator_interface::impl_allocator_api2!([A: Allocator] MemoryPool<A>);
