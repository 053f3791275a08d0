//! Exercise general-purpose-6 (capstone): a size-class allocator.
//!
//! The debug allocator spends time and memory on every block to catch bugs.
//! The allocator a release build wants does the opposite: no record per
//! block at all. This is the shape of Zig's `SmpAllocator` without its
//! per-thread caches: one free list and one bump pointer per power-of-two
//! size class, refilled a slab at a time from the child.
//!
//! ```text
//!  slab (SLAB_LEN bytes, SLAB_LEN-aligned), all slots of one class:
//!  ┌────────┬────────┬────────┬────────┬────────┬─────────────────────┐
//!  │ header │ in use │ free ──┼─┐ in use│ free   │ not yet handed out  │
//!  └────────┴────────┴────────┴─┼───────┴──▲─────┴─────────────────────┘
//!  frees[class] ─────────────────┼──────────┘   next[class] ─▶ bump from here
//!                                └─▶ …
//! ```

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

/// Bytes per slab, and their alignment (Zig's `slab_len` on 4 KiB pages).
pub const SLAB_LEN: usize = 64 * 1024;
/// The smallest slot: one word, room for a free-list link (Zig's `min_class`).
pub const MIN_SLOT: usize = size_of::<usize>();
/// The largest slot. A slab gives its first slot to the slab list, so
/// classes stop at an eighth of a slab, which wastes at most one slot in eight.
pub const MAX_SLOT: usize = SLAB_LEN / 8;

const MIN_CLASS: u32 = MIN_SLOT.trailing_zeros();
const CLASSES: usize = (MAX_SLOT.trailing_zeros() - MIN_CLASS + 1) as usize;

/// A free slot holds the next free slot of its class; a slab's first slot
/// holds the previous slab.
struct Link {
    next: Option<NonNull<Link>>,
}

/// Small blocks in power-of-two slots from slabs of the child; large ones
/// straight from the child.
pub struct SizeClasses<A: Allocator> {
    child: A,
    /// Per class: the most recently freed slot.
    frees: [Cell<Option<NonNull<Link>>>; CLASSES],
    /// Per class: the next never-used slot in the newest slab, `None` when
    /// that slab is used up (or there is none yet).
    next: [Cell<Option<NonNull<u8>>>; CLASSES],
    /// Every slab, newest first, to give back when the allocator goes.
    slabs: Cell<Option<NonNull<Link>>>,
}

impl<A: Allocator> SizeClasses<A> {
    /// An allocator that takes slabs (and large blocks) from `child`.
    pub fn new(child: A) -> Self {
        SizeClasses {
            child,
            frees: core::array::from_fn(|_| Cell::new(None)),
            next: core::array::from_fn(|_| Cell::new(None)),
            slabs: Cell::new(None),
        }
    }

    /// The allocator slabs and large blocks come from.
    pub fn child(&self) -> &A {
        &self.child
    }

    /// The slot size a block of `layout` gets, or `None` if it goes to the
    /// child: the smallest power of two of at least `MIN_SLOT` that holds
    /// the size and is a multiple of the alignment.
    pub fn slot_size(layout: Layout) -> Option<usize> {
        let slot = layout.size().checked_next_power_of_two()?.max(layout.align()).max(MIN_SLOT);
        (slot <= MAX_SLOT).then_some(slot)
    }

    /// Slabs taken from the child so far.
    pub fn slabs(&self) -> usize {
        let mut count = 0;
        let mut slab = self.slabs.get();
        while let Some(header) = slab {
            count += 1;
            // SAFETY: every slab on the list starts with its header.
            slab = unsafe { header.as_ref() }.next;
        }
        count
    }

    fn class(slot: usize) -> usize {
        (slot.trailing_zeros() - MIN_CLASS) as usize
    }

    fn slab_layout() -> Layout {
        Layout::from_size_align(SLAB_LEN, SLAB_LEN).expect("a power of two")
    }

    /// A slot of `slot` bytes: a freed one, else the next one of the newest
    /// slab, else the second of a fresh slab (its first holds the slab link).
    fn alloc_slot(&self, slot: usize) -> Result<NonNull<u8>, OutOfMemory> {
        let class = Self::class(slot);
        if let Some(free) = self.frees[class].get() {
            // SAFETY: a slot on the free list holds its link.
            self.frees[class].set(unsafe { free.as_ref() }.next);
            return Ok(free.cast());
        }
        let block = match self.next[class].get() {
            Some(block) => block,
            None => {
                let slab = self.child.alloc(Self::slab_layout())?.cast::<Link>();
                // SAFETY: a fresh, slab-aligned block of SLAB_LEN bytes: its
                // first slot is ours for the header, the second follows it.
                unsafe {
                    slab.write(Link { next: self.slabs.get() });
                    self.slabs.set(Some(slab));
                    slab.cast::<u8>().add(slot)
                }
            }
        };
        // SAFETY: `block` is a slot inside its slab; one slot further is
        // inside or one past the end. Slabs are SLAB_LEN-aligned, so the end
        // is exactly where the address is a multiple of SLAB_LEN.
        let after = unsafe { block.add(slot) };
        self.next[class].set((!after.addr().get().is_multiple_of(SLAB_LEN)).then_some(after));
        Ok(block)
    }
}

// SAFETY: a slot is handed out from one of three places, each of which gives
// it once: the free list (popped), the bump pointer of its class (moved past
// it), or a fresh slab from the child. Slots of one class tile their slabs,
// and a class's size is a power of two at least the block's size and
// alignment, so every slot is aligned and big enough. `free` routes by the
// layout alone — the same `slot_size` — so a block goes back to where it came
// from, and `resize`/`remap` never change a block's class. Large blocks are
// the child's. Slabs are given back only when the allocator is dropped, when
// no block can be live.
unsafe impl<A: Allocator> Allocator for SizeClasses<A> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        match Self::slot_size(layout) {
            Some(slot) => self.alloc_slot(slot),
            None => self.child.alloc(layout),
        }
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return false;
        };
        match (Self::slot_size(layout), Self::slot_size(new_layout)) {
            // The slot has room up to its size; a smaller class would be a
            // different slot size when freed.
            (Some(old), Some(new)) => new_size != 0 && old == new,
            // SAFETY: a child block, resized within the child: the caller's contract.
            (None, None) => unsafe { self.child.resize(ptr, layout, new_size) },
            _ => false,
        }
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        let new_layout = Layout::from_size_align(new_size, layout.align()).ok()?;
        match (Self::slot_size(layout), Self::slot_size(new_layout)) {
            (Some(old), Some(new)) => (new_size != 0 && old == new).then_some(ptr),
            // SAFETY: as `resize`.
            (None, None) => unsafe { self.child.remap(ptr, layout, new_size) },
            _ => None,
        }
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        let Some(slot) = Self::slot_size(layout) else {
            // SAFETY: a child block (the caller's contract, routed by layout).
            return unsafe { self.child.free(ptr, layout) };
        };
        let class = Self::class(slot);
        let link = ptr.cast::<Link>();
        // SAFETY: the caller gives the slot up; at least a word, word-aligned.
        unsafe { link.write(Link { next: self.frees[class].get() }) };
        self.frees[class].set(Some(link));
    }
}

impl<A: Allocator> Drop for SizeClasses<A> {
    fn drop(&mut self) {
        while let Some(slab) = self.slabs.get() {
            // SAFETY: a slab on the list starts with its header.
            self.slabs.set(unsafe { slab.as_ref() }.next);
            // SAFETY: a slab from the child with this layout; no block can
            // outlive the allocator, so nothing uses it any more.
            unsafe { self.child.free(slab.cast(), Self::slab_layout()) };
        }
    }
}

impl<A: Allocator> core::fmt::Debug for SizeClasses<A> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SizeClasses").field("slabs", &self.slabs()).finish_non_exhaustive()
    }
}

allocator_interface::impl_allocator_api2!([A: Allocator] SizeClasses<A>);
