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
use core::cell::Cell;
use core::ptr::NonNull;

/// The link a free block holds in its own first bytes: the free lists are
/// doubly linked so that a buddy can be taken out of the middle of one.
struct FreeBlock {
    prev: Option<NonNull<FreeBlock>>,
    next: Option<NonNull<FreeBlock>>,
}

/// What the allocator knows of the smallest-size block at one offset: only
/// the first block of each live or free block is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Head {
    None,
    Free(u32),
    Live(u32),
}

/// A region from the child, split and merged in powers of two.
#[derive(Debug)]
pub struct BuddyAllocator<A: Allocator> {
    child: A,
    region: NonNull<u8>,
    min_block: usize,
    max_order: u32,
    /// The first free block of each order.
    free: Box<[Cell<Option<NonNull<FreeBlock>>>]>,
    /// One entry per smallest block of the region.
    heads: Box<[Cell<Head>]>,
    refused: Cell<usize>,
}

impl<A: Allocator> BuddyAllocator<A> {
    /// A region of `min_block << max_order` bytes from `child`, aligned to
    /// its own size, free as one block. Panics unless `min_block` is a power
    /// of two big enough for two pointers, and `max_order` below 32; `Err`
    /// when the size overflows or the child refuses.
    pub fn new(child: A, min_block: usize, max_order: u32) -> Result<Self, OutOfMemory> {
        assert!(min_block.is_power_of_two(), "min_block must be a power of two, not {min_block}");
        assert!(
            min_block >= size_of::<FreeBlock>(),
            "a free block holds two links: min_block >= {}",
            size_of::<FreeBlock>()
        );
        assert!(max_order < 32, "max_order must be below 32");
        let size = min_block.checked_shl(max_order).filter(|s| s >> max_order == min_block).ok_or(OutOfMemory)?;
        let layout = Layout::from_size_align(size, size).map_err(|_| OutOfMemory)?;
        let region = child.alloc(layout)?;
        let buddy = Self {
            child,
            region,
            min_block,
            max_order,
            free: (0..=max_order).map(|_| Cell::new(None)).collect(),
            heads: (0..1usize << max_order).map(|_| Cell::new(Head::None)).collect(),
            refused: Cell::new(0),
        };
        buddy.push(0, max_order);
        Ok(buddy)
    }

    /// The smallest block size.
    pub fn min_block(&self) -> usize {
        self.min_block
    }

    /// How many free blocks of order `order` there are.
    pub fn free_blocks(&self, order: u32) -> usize {
        let mut count = 0;
        let mut at = self.free[order as usize].get();
        while let Some(block) = at {
            count += 1;
            // SAFETY: blocks on a free list are inside the region and hold a link.
            at = unsafe { block.as_ref() }.next;
        }
        count
    }

    /// Frees refused: pointers into the region that are not the start of a
    /// live block of the order their layout needs.
    pub fn refused_frees(&self) -> usize {
        self.refused.get()
    }

    /// Does `ptr` point into the region?
    pub fn owns(&self, ptr: NonNull<u8>) -> bool {
        ptr.addr().get().wrapping_sub(self.region.addr().get()) < self.min_block << self.max_order
    }

    /// The order of the smallest block that holds `layout`, if the region
    /// has blocks that big.
    fn order_for(&self, layout: Layout) -> Option<u32> {
        let blocks = layout.size().max(layout.align()).div_ceil(self.min_block);
        let order = blocks.next_power_of_two().trailing_zeros();
        (order <= self.max_order).then_some(order)
    }

    fn block(&self, index: usize) -> NonNull<FreeBlock> {
        // SAFETY: `index` counts smallest blocks inside the region.
        unsafe { self.region.add(index * self.min_block) }.cast()
    }

    /// Puts the block at `index` (in smallest blocks) on the free list of `order`.
    fn push(&self, index: usize, order: u32) {
        let list = &self.free[order as usize];
        let block = self.block(index);
        // SAFETY: the block is inside the region, aligned for a `FreeBlock`
        // (its offset is a multiple of `min_block`, itself a power of two at
        // least that big), and nobody else uses its bytes: it is free.
        unsafe { block.write(FreeBlock { prev: None, next: list.get() }) };
        if let Some(mut next) = list.get() {
            // SAFETY: a free block on this list, holding a link.
            unsafe { next.as_mut() }.prev = Some(block);
        }
        list.set(Some(block));
        self.heads[index].set(Head::Free(order));
    }

    /// Takes the free block at `index` off the free list of `order`.
    fn unlink(&self, index: usize, order: u32) {
        let block = self.block(index);
        // SAFETY: the block is free (its head says so), so it holds a link.
        let FreeBlock { prev, next } = unsafe { block.read() };
        match prev {
            // SAFETY: the neighbours on a free list are free blocks holding links.
            Some(mut prev) => unsafe { prev.as_mut() }.next = next,
            None => self.free[order as usize].set(next),
        }
        if let Some(mut next) = next {
            // SAFETY: as above.
            unsafe { next.as_mut() }.prev = prev;
        }
        self.heads[index].set(Head::None);
    }

    /// The index of the first free block of `order` or above, split down to `order`.
    fn take(&self, order: u32) -> Option<usize> {
        let found = (order..=self.max_order).find(|&k| self.free[k as usize].get().is_some())?;
        let block = self.free[found as usize].get()?;
        let index = (block.addr().get() - self.region.addr().get()) / self.min_block;
        self.unlink(index, found);
        for k in (order..found).rev() {
            self.push(index + (1 << k), k); // the upper half is the free buddy
        }
        self.heads[index].set(Head::Live(order));
        Some(index)
    }

    /// Frees the block at `index`, merging it with its buddy while that is
    /// free and of the same order.
    fn give_back(&self, mut index: usize, mut order: u32) {
        self.heads[index].set(Head::None);
        while order < self.max_order {
            let buddy = index ^ (1 << order);
            if self.heads[buddy].get() != Head::Free(order) {
                break;
            }
            self.unlink(buddy, order);
            index = index.min(buddy);
            order += 1;
        }
        self.push(index, order);
    }

    /// The index of a live block of `order` at `ptr`, or `None`.
    fn live_block(&self, ptr: NonNull<u8>, order: Option<u32>) -> Option<usize> {
        let offset = ptr.addr().get() - self.region.addr().get();
        let index = offset / self.min_block;
        let order = order?;
        (offset.is_multiple_of(self.min_block) && self.heads[index].get() == Head::Live(order)).then_some(index)
    }
}

// SAFETY: a block handed out is taken off the free lists and marked live
// until freed, and splitting only ever puts the *other* halves on the lists,
// so no two live blocks overlap. A block of order `k` is `min_block << k`
// bytes at an offset that is a multiple of that size, in a region aligned to
// its whole size: it is aligned to its own size, which is at least the
// layout's size and alignment. The region lives until drop; anything outside
// it is the child's, routed back by address.
unsafe impl<A: Allocator> Allocator for BuddyAllocator<A> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        if let Some(index) = self.order_for(layout).and_then(|order| self.take(order)) {
            return Ok(self.block(index).cast());
        }
        self.child.alloc(layout)
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        if new_size == 0 {
            return false;
        }
        if !self.owns(ptr) {
            // SAFETY: a live block of the child, as the caller guarantees.
            return unsafe { self.child.resize(ptr, layout, new_size) };
        }
        // In place only within the block's own size: a block never changes order.
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else { return false };
        let order = self.order_for(layout);
        self.live_block(ptr, order).is_some() && self.order_for(new_layout) == order
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        if !self.owns(ptr) && new_size > 0 {
            // SAFETY: a live block of the child, as the caller guarantees.
            return unsafe { self.child.remap(ptr, layout, new_size) };
        }
        // SAFETY: the caller's guarantee, passed on.
        unsafe { self.resize(ptr, layout, new_size) }.then_some(ptr)
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        if !self.owns(ptr) {
            // SAFETY: a live block of the child, as the caller guarantees.
            return unsafe { self.child.free(ptr, layout) };
        }
        let order = self.order_for(layout);
        match (self.live_block(ptr, order), order) {
            (Some(index), Some(order)) if layout.size() > 0 => self.give_back(index, order),
            _ => self.refused.set(self.refused.get() + 1),
        }
    }
}

impl<A: Allocator> Drop for BuddyAllocator<A> {
    /// Gives the region back: blocks still in it end with it.
    fn drop(&mut self) {
        let size = self.min_block << self.max_order;
        // SAFETY: the region came from the child with this layout in `new`.
        unsafe { self.child.free(self.region, Layout::from_size_align(size, size).expect("checked in new")) };
    }
}

allocator_interface::impl_allocator_api2!([A: Allocator] BuddyAllocator<A>);
