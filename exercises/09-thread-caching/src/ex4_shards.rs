//! Exercise thread-caching-4 (capstone): frees from another thread, the
//! mimalloc way.
//!
//! The chapter's heap lets any thread free into its own cache, and the heap
//! sorts blocks out under a lock per class. mimalloc does it differently:
//! every slab has an **owner**, one thread's [`Shard`]. The owner allocates
//! and frees its own blocks with no lock and no atomic at all. A block freed
//! by another thread goes onto its slab's **remote list**, a lock-free stack
//! the freeing thread pushes with one compare-and-swap; the owner takes the
//! whole stack with one swap when its own list runs dry. You build that.
//!
//! ```text
//!   slab (64 KiB, aligned: a block's slab is its address masked)
//!   ┌──────────────────────────────┬───────────────────────────────────┐
//!   │ header: owner, class,        │ blocks of one class …             │
//!   │   local (owner only),        │                                   │
//!   │   remote (AtomicPtr: others) │                                   │
//!   └──────────────────────────────┴───────────────────────────────────┘
//! ```

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::{Cell, RefCell};
use core::ptr::NonNull;
use page_allocator::{Os, PageAllocator};
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use thread_caching::classes::CLASSES;
use thread_caching::free_list::FreeList;

/// Slabs are this big and this aligned, as in the chapter.
pub const SLAB: usize = 64 * 1024;

/// Every shard's number, for the slabs' `owner`: never reused.
static NEXT_SHARD: AtomicUsize = AtomicUsize::new(1);

/// The start of every slab. `owner`, `class` and `capacity` never change
/// after the slab is made; `local`, `bumped` and `out` are the owner's
/// alone; `remote` is the only field other threads touch.
#[repr(C)]
#[derive(Debug)]
pub struct SlabHeader {
    pub owner: usize,
    pub class: usize,
    pub capacity: usize,
    /// Blocks handed out from the untouched part so far (owner only).
    pub bumped: Cell<usize>,
    /// Blocks out of the slab, in use anywhere (owner only).
    pub out: Cell<usize>,
    /// Blocks the owner freed (owner only).
    pub local: Cell<FreeList>,
    /// Blocks other threads freed: a stack linked through the blocks' first
    /// word, pushed with compare-and-swap, taken whole with a swap.
    pub remote: AtomicPtr<u8>,
}

/// One thread's allocator. Not `Sync` (its slabs' local lists are unlocked)
/// — each thread makes its own over a shared kernel — but any shard may
/// free any shard's block.
#[derive(Debug)]
pub struct Shard<'os, O: Os + Sync> {
    pages: PageAllocator<&'os O>,
    id: usize,
    /// Per class, the owner's slabs, the one it allocates from first.
    slabs: [RefCell<Vec<NonNull<SlabHeader>>>; CLASSES],
}

impl<'os, O: Os + Sync> Shard<'os, O> {
    /// A shard with no slab yet, over `os` (shared with the other shards).
    pub fn new(os: &'os O) -> Self {
        Self {
            pages: PageAllocator::with_os(os),
            id: NEXT_SHARD.fetch_add(1, Ordering::Relaxed),
            slabs: [const { RefCell::new(Vec::new()) }; CLASSES],
        }
    }

    /// Slabs this shard owns now.
    pub fn slabs(&self) -> usize {
        self.slabs.iter().map(|slabs| slabs.borrow().len()).sum()
    }
}

impl<O: Os + Sync> Drop for Shard<'_, O> {
    // TODO: a shard that ends gives back every slab no block of which is out
    // — and only those: a block another thread still holds will be freed onto
    // its slab's remote list one day, so that slab must stay mapped. Which
    // blocks count as out, if some are waiting on a remote list?
    fn drop(&mut self) {
        let _ = (&self.pages, self.id);
    }
}

// TODO (the whole allocator): blocks of a size class come from this shard's
// slabs (the chapter's `class_of`, `class_size` and `class_align` pick the
// class and place the blocks; a slab holds one class, its blocks after the
// header at the class's alignment). Bigger or more aligned requests go to the
// page allocator; a size of 0 is refused.
//
// The owner allocates from its local list, then — when that is empty — takes
// the slab's whole remote list with a single atomic swap, then the untouched
// part, then a new slab. Freeing its own block is a push on the local list;
// freeing another shard's block pushes it on that slab's remote list with a
// compare-and-swap loop (the block's first word holds the link). Think about
// which atomic orderings make the link and the block's contents visible to
// the owner, and about when a slab may go back to the kernel (an owner's
// last block freed, and it is not the only slab of its class).
//
// resize and remap succeed in place when the new size has the same class;
// the pages handle their own blocks. Every `unsafe` block needs its SAFETY
// argument: who owns the memory, and why nobody else is touching it.
unsafe impl<O: Os + Sync> Allocator for Shard<'_, O> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        todo!("a block for {layout:?} from shard {}", self.id)
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        todo!("free {ptr:?} ({layout:?}) into shard {}", self.id)
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        todo!("resize {ptr:?} ({layout:?}) to {new_size}")
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        todo!("remap {ptr:?} ({layout:?}) to {new_size}")
    }
}
