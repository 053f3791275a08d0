//! Exercise page-7 (capstone): a buddy allocator.
//!
//! One region of `2^max_order` blocks of the smallest size, cut in halves on
//! demand: a block of order `k` is `min_block << k` bytes, and its *buddy* is
//! the other half of the order-`k + 1` block it was split from — found by
//! flipping one bit of its offset. A freed block whose buddy is free too
//! merges back into the bigger block, so the region never fragments into
//! pieces that cannot be put together again. The Linux kernel hands out
//! physical pages this way.
//!
//! ```text
//!  order 3 │               0..8                │
//!  order 2 │      0..4       │      4..8       │
//!  order 1 │  0..2  │  2..4  │                     offset ^ (1 << k) = buddy
//!  order 0 │0│1│                                     (in blocks of min_block)
//! ```
//!
//! The book's exercises page (04, "page-7") describes the design.

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::marker::PhantomData;
use core::ptr::NonNull;

// TODO: a free block's own first bytes hold its free-list links. Taking a
// buddy off its list must not mean walking the list from the start: what
// links make removing from the middle cheap?

/// A region from the child, split and merged in powers of two.
#[derive(Debug)]
pub struct BuddyAllocator<A: Allocator> {
    // TODO: the state. The child and the region (start, smallest block size,
    // highest order); one free list per order; and, for every smallest block
    // of the region, whether a live or a free block of some order starts
    // there — `free` needs it to refuse what is not a block, and merging
    // needs it to know whether a buddy is free and whole. A count of refused
    // frees. Every operation takes `&self`.
    _child: PhantomData<A>,
}

impl<A: Allocator> BuddyAllocator<A> {
    /// A region of `min_block << max_order` bytes from `child`, aligned to
    /// its own size, free as one block. Panics unless `min_block` is a power
    /// of two big enough for two pointers, and `max_order` below 32; `Err`
    /// when the size overflows or the child refuses.
    pub fn new(child: A, min_block: usize, max_order: u32) -> Result<Self, OutOfMemory> {
        // TODO: the panics' messages say "power of two" and "two links"; a
        // shift can lose bits as surely as a product can overflow.
        let _ = child;
        todo!("a buddy region of {min_block} << {max_order} bytes")
    }

    /// The smallest block size.
    pub fn min_block(&self) -> usize {
        todo!("the smallest block size")
    }

    /// How many free blocks of order `order` there are.
    pub fn free_blocks(&self, order: u32) -> usize {
        todo!("walk the free list of order {order}")
    }

    /// Frees refused: pointers into the region that are not the start of a
    /// live block of the order their layout needs.
    pub fn refused_frees(&self) -> usize {
        todo!("the refused frees")
    }

    /// Does `ptr` point into the region?
    pub fn owns(&self, ptr: NonNull<u8>) -> bool {
        todo!("is {ptr:?} in the region?")
    }
}

// TODO: the allocator. The contract (03/interface.md, "The four operations"):
// - alloc: a zero size is refused. The order of a block is the smallest
//   whose size holds both the layout's size and its alignment (blocks are
//   aligned to their size). Take a free block of that order, or split the
//   smallest bigger free one — the lower half is used or split again, the
//   upper halves go on their free lists. No block big enough: the child.
// - free: outside the region, the child's. Inside: only the start of a live
//   block of exactly the layout's order; anything else is counted as refused
//   and changes nothing. A freed block merges with its buddy while the buddy
//   is free and of the same order, then goes on its list.
// - resize: in place while the block keeps its order; a block never splits
//   or merges while live. remap: a region block never moves; the child's may.
// And on drop, the region goes back to the child.
//
// SAFETY: write here why no two live blocks overlap, why each is aligned
// and big enough, and why writing links into free blocks is sound.
unsafe impl<A: Allocator> Allocator for BuddyAllocator<A> {
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

allocator_interface::impl_allocator_api2!([A: Allocator] BuddyAllocator<A>);
