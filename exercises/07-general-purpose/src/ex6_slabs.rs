//! Exercise general-purpose-6 (capstone): a size-class allocator.
//!
//! The debug allocator spends time and memory on every block to catch bugs.
//! The allocator a release build wants does the opposite: no record per
//! block at all. This is the shape of Zig's `SmpAllocator` without its
//! per-thread caches: per power-of-two size class, a free list and a bump
//! pointer, refilled a slab at a time from the child. The book's exercises
//! page (07, "general-purpose-6") describes the design.
//!
//! ```text
//!  slab (SLAB_LEN bytes, SLAB_LEN-aligned), all slots of one class:
//!  [ slab link | in use | free ─┐ | in use | free | not yet handed out … ]
//!                               └─▶ …      ▲             ▲
//!               the class's free list ─────┘   its bump ─┘
//! ```

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::marker::PhantomData;
use core::ptr::NonNull;

/// Bytes per slab, and their alignment (Zig's `slab_len` on 4 KiB pages).
pub const SLAB_LEN: usize = 64 * 1024;
/// The smallest slot: one word, room for a free-list link (Zig's `min_class`).
pub const MIN_SLOT: usize = size_of::<usize>();
/// The largest slot. A slab gives its first slot to the slab list, so
/// classes stop at an eighth of a slab, which wastes at most one slot in eight.
pub const MAX_SLOT: usize = SLAB_LEN / 8;

/// Small blocks in power-of-two slots from slabs of the child; large ones
/// straight from the child.
#[derive(Debug)]
pub struct SizeClasses<A: Allocator> {
    // TODO: the state. Per class, where the next slot comes from (two
    // places); for the whole allocator, the child and whatever it needs to
    // give every slab back at the end. No record per block, and no memory
    // besides the slabs: what do a free slot and a slab's first slot hold?
    // Allocation takes a shared reference.
    _child: PhantomData<A>,
}

impl<A: Allocator> SizeClasses<A> {
    /// An allocator that takes slabs (and large blocks) from `child`.
    pub fn new(child: A) -> Self {
        let _ = child;
        todo!("no slab until the first small block")
    }

    /// The allocator slabs and large blocks come from.
    pub fn child(&self) -> &A {
        todo!("the child")
    }

    /// The slot size a block of `layout` gets, or `None` if it goes to the
    /// child: the smallest power of two of at least `MIN_SLOT` that holds
    /// the size and is a multiple of the alignment — if that is at most
    /// `MAX_SLOT`. Sizes near `usize::MAX` have no such power of two.
    pub fn slot_size(layout: Layout) -> Option<usize> {
        todo!("the slot for {layout:?}")
    }

    /// Slabs taken from the child so far.
    pub fn slabs(&self) -> usize {
        todo!("count the slabs")
    }
}

// TODO: the allocator. The contract (03/interface.md, "The four operations"):
// - alloc: a zero size is refused; a block with no slot size is the child's.
//   Otherwise its class gives, in this order: the most recently freed slot,
//   the next slot of the class's newest slab, or the first free slot of a
//   fresh slab (SLAB_LEN bytes, SLAB_LEN-aligned, from the child). How do
//   you know a slab is used up without storing where it ends?
// - free: routed by the layout alone, like alloc; a slot goes on its class's
//   list. Slabs are never given back while the allocator lives.
// - resize and remap: a slot holds anything of its class in place, but a
//   block may never change class (free would file it wrongly), nor move
//   between the slots and the child. Child blocks are the child's business.
// - When the allocator goes, every slab goes back to the child.
//
// SAFETY: write here why a slot is handed out at most once, why it is big and
// aligned enough, and why the slabs may be freed when the allocator is dropped.
unsafe impl<A: Allocator> Allocator for SizeClasses<A> {
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

allocator_interface::impl_allocator_api2!([A: Allocator] SizeClasses<A>);
