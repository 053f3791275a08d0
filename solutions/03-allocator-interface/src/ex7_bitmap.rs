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
use core::cell::Cell;
use core::ptr::NonNull;

/// Bits per bitmap word.
const BITS: usize = u64::BITS as usize;

/// A region of equal slots with a used-bit per slot, over a child allocator
/// that takes whatever the region cannot.
#[derive(Debug)]
pub struct BitmapAllocator<A: Allocator> {
    child: A,
    region: NonNull<u8>,
    slot_size: usize,
    slots: usize,
    /// Bit `i` set: slot `i` belongs to a live block.
    used: Box<[Cell<u64>]>,
    /// Bit `i` set: a live block starts at slot `i`.
    starts: Box<[Cell<u64>]>,
    refused: Cell<usize>,
}

impl<A: Allocator> BitmapAllocator<A> {
    /// `slots` slots of `slot_size` bytes in one region from `child`, aligned
    /// to `slot_size`. Panics unless `slot_size` is a power of two and
    /// `slots` is not zero; `Err` when the child refuses the region.
    pub fn new(child: A, slot_size: usize, slots: usize) -> Result<Self, OutOfMemory> {
        assert!(slot_size.is_power_of_two(), "slot_size must be a power of two, not {slot_size}");
        assert!(slots > 0, "a region of no slots");
        let bytes = slot_size.checked_mul(slots).ok_or(OutOfMemory)?;
        let region = child.alloc(Layout::from_size_align(bytes, slot_size).map_err(|_| OutOfMemory)?)?;
        let words = slots.div_ceil(BITS);
        let bitmap = || vec![Cell::new(0); words].into_boxed_slice();
        Ok(Self { child, region, slot_size, slots, used: bitmap(), starts: bitmap(), refused: Cell::new(0) })
    }

    /// The size of one slot.
    pub fn slot_size(&self) -> usize {
        self.slot_size
    }

    /// How many slots the region has.
    pub fn slot_count(&self) -> usize {
        self.slots
    }

    /// Slots in live blocks.
    pub fn used_slots(&self) -> usize {
        self.used.iter().map(|word| word.get().count_ones() as usize).sum()
    }

    /// Frees the region refused: pointers into it that are not the start of
    /// a live block of that size (double, interior and wrong-size frees).
    pub fn refused_frees(&self) -> usize {
        self.refused.get()
    }

    /// Does `ptr` point into the region?
    pub fn owns(&self, ptr: NonNull<u8>) -> bool {
        ptr.addr().get().wrapping_sub(self.region.addr().get()) < self.slots * self.slot_size
    }

    /// The region slot by slot: `#` where a block starts, `+` where it
    /// continues, `.` free.
    pub fn map(&self) -> String {
        (0..self.slots)
            .map(|slot| match (bit(&self.starts, slot), bit(&self.used, slot)) {
                (true, _) => '#',
                (false, true) => '+',
                (false, false) => '.',
            })
            .collect()
    }

    /// How many slots a block of `size` bytes takes.
    fn slots_for(&self, size: usize) -> usize {
        size.div_ceil(self.slot_size)
    }

    /// The lowest run of `count` free slots: the index of its first slot.
    fn find_run(&self, count: usize) -> Option<usize> {
        let mut start = 0;
        while start + count <= self.slots {
            // A full word has no free slot: skip it whole.
            if start.is_multiple_of(BITS) && self.used[start / BITS].get() == u64::MAX {
                start += BITS;
                continue;
            }
            match (start..start + count).find(|&slot| bit(&self.used, slot)) {
                None => return Some(start),
                Some(taken) => start = taken + 1,
            }
        }
        None
    }

    /// Are the `count` slots from `first` all free (`false` past the region)?
    fn all_free(&self, first: usize, count: usize) -> bool {
        first + count <= self.slots && (first..first + count).all(|slot| !bit(&self.used, slot))
    }

    /// The slot index `ptr` points at, if it is the start of a live block
    /// whose run covers `slots` slots; `None` means the free is refused.
    fn block_start(&self, ptr: NonNull<u8>, slots: usize) -> Option<usize> {
        if slots == 0 {
            return None; // a zero size names no block
        }
        let offset = ptr.addr().get() - self.region.addr().get();
        let first = offset / self.slot_size;
        let whole = offset.is_multiple_of(self.slot_size) && bit(&self.starts, first);
        // The run must be that long and end there: its last slot is used,
        // and the next one is free or starts another block.
        let ends = first + slots <= self.slots
            && bit(&self.used, first + slots - 1)
            && (first + slots == self.slots || !bit(&self.used, first + slots) || bit(&self.starts, first + slots));
        let one_block = (first + 1..first + slots).all(|slot| !bit(&self.starts, slot));
        (whole && ends && one_block).then_some(first)
    }

    fn refuse(&self) {
        self.refused.set(self.refused.get() + 1);
    }

    /// A block the region can hold: aligned at most to a slot, and small
    /// enough for the region at all.
    fn fits_region(&self, layout: Layout) -> bool {
        layout.align() <= self.slot_size && layout.size() <= self.slots * self.slot_size
    }

    /// The address of slot `slot`.
    fn slot_ptr(&self, slot: usize) -> NonNull<u8> {
        // SAFETY: callers pass `slot < self.slots`, so the offset stays inside the region.
        unsafe { self.region.add(slot * self.slot_size) }
    }
}

fn bit(map: &[Cell<u64>], slot: usize) -> bool {
    map[slot / BITS].get() & (1 << (slot % BITS)) != 0
}

fn set_bits(map: &[Cell<u64>], first: usize, count: usize, on: bool) {
    for slot in first..first + count {
        let word = &map[slot / BITS];
        let mask = 1 << (slot % BITS);
        word.set(if on { word.get() | mask } else { word.get() & !mask });
    }
}

// SAFETY: a region block is a run of slots whose used-bits were all clear
// when it was handed out and stay set until it is freed, so no two live
// blocks share a slot; the region is aligned to `slot_size` and slots are
// `slot_size` apart, so every slot is aligned to any alignment up to it, the
// only ones the region takes; a run covers at least the block's size and
// lies inside the region, which lives until `drop`. Everything else is the
// child's, routed back by address: a pointer outside the region was never
// the region's.
unsafe impl<A: Allocator> Allocator for BitmapAllocator<A> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        if self.fits_region(layout) {
            let count = self.slots_for(layout.size());
            if let Some(first) = self.find_run(count) {
                set_bits(&self.used, first, count, true);
                set_bits(&self.starts, first, 1, true);
                return Ok(self.slot_ptr(first));
            }
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
        let (old, new) = (self.slots_for(layout.size()), self.slots_for(new_size));
        let Some(first) = self.block_start(ptr, old) else {
            return false;
        };
        if new > old && !self.all_free(first + old, new - old) {
            return false;
        }
        if new > old {
            set_bits(&self.used, first + old, new - old, true);
        } else {
            set_bits(&self.used, first + new, old - new, false);
        }
        true
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        if new_size == 0 {
            return None;
        }
        if !self.owns(ptr) {
            // SAFETY: a live block of the child, as the caller guarantees.
            return unsafe { self.child.remap(ptr, layout, new_size) };
        }
        // A region block never moves: in place, or the caller copies.
        // SAFETY: the caller's guarantee, passed on.
        unsafe { self.resize(ptr, layout, new_size) }.then_some(ptr)
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        if !self.owns(ptr) {
            // SAFETY: a live block of the child, as the caller guarantees.
            return unsafe { self.child.free(ptr, layout) };
        }
        let count = self.slots_for(layout.size());
        match self.block_start(ptr, count) {
            Some(first) => {
                set_bits(&self.used, first, count, false);
                set_bits(&self.starts, first, 1, false);
            }
            None => self.refuse(),
        }
    }
}

impl<A: Allocator> Drop for BitmapAllocator<A> {
    /// Gives the region back: blocks still in it end with it, as in an arena.
    fn drop(&mut self) {
        let layout = Layout::from_size_align(self.slots * self.slot_size, self.slot_size);
        // SAFETY: the region came from the child with this layout in `new`.
        unsafe { self.child.free(self.region, layout.expect("checked in new")) };
    }
}

allocator_interface::impl_allocator_api2!([A: Allocator] BitmapAllocator<A>);
