//! Exercise interface-7 (capstone): a bitmapped block.
//!
//! One region from the child, cut into slots of one size, and a bitmap with a
//! bit per slot. A block takes a *run* of free slots (as many as its size
//! needs), the lowest run that fits; freeing clears the run's bits. A second
//! bitmap marks where each block starts, so a free can be checked against
//! what was handed out. Whatever the region cannot serve — too big, aligned
//! past a slot, or no run free — falls back to the child, and a pointer
//! outside the region is the child's. Andrei Alexandrescu's `BitmappedBlock`
//! and `FallbackAllocator`, composed.
//!
//! ```text
//!  used:   1 1 1 0 1 0 0 0      map():  # + + . # . . .
//!  starts: 1 0 0 0 1 0 0 0              (block of 3 slots, free, block of 1, free…)
//! ```
//!
//! The book's exercises page (03, "interface-7") describes the design.

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::marker::PhantomData;
use core::ptr::NonNull;

/// A region of equal slots with a used-bit per slot, over a child allocator
/// that takes whatever the region cannot.
#[derive(Debug)]
pub struct BitmapAllocator<A: Allocator> {
    // TODO: the state. The child, the region it gave (where it starts, how
    // many slots of what size), the two bitmaps, and the count of refused
    // frees. Every operation takes `&self`: which parts change through a
    // shared reference, and what type lets them? A bitmap of `n` slots
    // needs `n` bits, rounded up to whole words.
    _child: PhantomData<A>,
}

impl<A: Allocator> BitmapAllocator<A> {
    /// `slots` slots of `slot_size` bytes in one region from `child`, aligned
    /// to `slot_size`. Panics unless `slot_size` is a power of two and
    /// `slots` is not zero; `Err` when the child refuses the region.
    pub fn new(child: A, slot_size: usize, slots: usize) -> Result<Self, OutOfMemory> {
        // TODO: the region's size is a product of two numbers the caller
        // chose: what if it does not fit in a `usize`?
        let _ = child;
        todo!("a region of {slots} slots of {slot_size} bytes")
    }

    /// The size of one slot.
    pub fn slot_size(&self) -> usize {
        todo!("the slot size")
    }

    /// How many slots the region has.
    pub fn slot_count(&self) -> usize {
        todo!("the slot count")
    }

    /// Slots in live blocks.
    pub fn used_slots(&self) -> usize {
        todo!("count the used bits")
    }

    /// Frees the region refused: pointers into it that are not the start of
    /// a live block of that size (double, interior and wrong-size frees).
    pub fn refused_frees(&self) -> usize {
        todo!("the refused frees")
    }

    /// Does `ptr` point into the region?
    pub fn owns(&self, ptr: NonNull<u8>) -> bool {
        todo!("is {ptr:?} in the region?")
    }

    /// The region slot by slot: `#` where a block starts, `+` where it
    /// continues, `.` free.
    pub fn map(&self) -> String {
        todo!("draw the bitmaps")
    }
}

// TODO: the allocator. The contract (03/interface.md, "The four operations"):
// - alloc: a zero size is refused. A block the region can hold (aligned at
//   most to a slot, no bigger than the region) takes the lowest run of free
//   slots long enough for its size; if there is none, or the region cannot
//   hold it at all, the child is asked instead.
// - free: a pointer outside the region is the child's. Inside, it must be
//   the start of a live block whose run is exactly as long as the layout's
//   size needs; anything else (a double free, a pointer into the middle of a
//   block or a slot, a wrong size) is counted as refused and changes nothing.
// - resize: the child's blocks are the child's business. A region block grows
//   in place into free slots right after its run (never past the region's
//   end), or shrinks and gives its tail slots back.
// - remap: a region block never moves; the child's may.
// And on drop, the region goes back to the child.
//
// SAFETY: write here why no two live blocks share a slot, why every block is
// aligned and long enough, and why a pointer is never given to the wrong
// allocator.
unsafe impl<A: Allocator> Allocator for BitmapAllocator<A> {
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

allocator_interface::impl_allocator_api2!([A: Allocator] BitmapAllocator<A>);
