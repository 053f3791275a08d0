//! Exercise thread-caching-5 (capstone): frees from another thread, the
//! mimalloc way — and your allocator as the program's.
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
//!   │   next/prev (owner's list),  │                                   │
//!   │   local (owner only),        │                                   │
//!   │   remote (AtomicPtr: others) │                                   │
//!   └──────────────────────────────┴───────────────────────────────────┘
//! ```
//!
//! Then `tests/ex5_global.rs` makes a shard per thread the whole test
//! binary's `#[global_allocator]`: the test harness, its threads, `String`,
//! `HashMap`, `Box`es sent between threads. An allocator that is the global
//! one may not allocate through it — no `Vec`, no `Box` in here: the slabs
//! of a class are linked through their own headers, as free blocks are
//! through themselves. (Until `alloc` works, that test binary stops at its
//! first allocation with "panicked while processing panic": make
//! `tests/ex5_shards.rs` pass first.)

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;
use page_allocator::{Os, PageAllocator};
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use thread_caching::classes::CLASSES;
use thread_caching::free_list::FreeList;

/// Slabs are this big and this aligned, as in the chapter.
pub const SLAB: usize = 64 * 1024;

/// Every shard's number, for the slabs' `owner`: never reused, never 0.
static NEXT_SHARD: AtomicUsize = AtomicUsize::new(1);

/// The start of every slab. `owner`, `class` and `capacity` never change
/// after the slab is made; `next`, `prev`, `local`, `bumped` and `out` are
/// the owner's alone; `remote` is the only field other threads touch.
#[repr(C)]
#[derive(Debug)]
pub struct SlabHeader {
    pub owner: usize,
    pub class: usize,
    pub capacity: usize,
    /// The owner's other slabs of this class (owner only).
    pub next: Cell<Option<NonNull<SlabHeader>>>,
    pub prev: Cell<Option<NonNull<SlabHeader>>>,
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
    /// This shard's number, taken from `NEXT_SHARD` when it maps its first
    /// slab (a `const fn` cannot take one); 0 until then.
    id: Cell<usize>,
    /// Per class, the first of the owner's slabs, linked through their
    /// headers' `next` and `prev`.
    slabs: [Cell<Option<NonNull<SlabHeader>>>; CLASSES],
}

impl<'os, O: Os + Sync> Shard<'os, O> {
    /// A shard with no slab yet, over `os` (shared with the other shards).
    /// `const`: a thread-local can hold one without running any code.
    pub const fn new(os: &'os O) -> Self {
        Self { pages: PageAllocator::with_os(os), id: Cell::new(0), slabs: [const { Cell::new(None) }; CLASSES] }
    }

    /// The slabs of `class` this shard owns, first to last.
    fn owned(&self, class: usize) -> impl Iterator<Item = NonNull<SlabHeader>> {
        // SAFETY: every slab on a shard's list is live and the shard's own.
        core::iter::successors(self.slabs[class].get(), |slab| unsafe { slab.as_ref() }.next.get())
    }

    /// Slabs this shard owns now.
    pub fn slabs(&self) -> usize {
        (0..CLASSES).map(|class| self.owned(class).count()).sum()
    }

    /// This shard's number, taken on first use.
    fn id(&self) -> usize {
        if self.id.get() == 0 {
            self.id.set(NEXT_SHARD.fetch_add(1, Ordering::Relaxed));
        }
        self.id.get()
    }
}

impl<O: Os + Sync> Drop for Shard<'_, O> {
    // TODO: a shard that ends gives back every slab no block of which is out
    // — and only those: a block another thread still holds will be freed onto
    // its slab's remote list one day, so that slab must stay mapped. Which
    // blocks count as out, if some are waiting on a remote list?
    fn drop(&mut self) {
        let _ = &self.pages;
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
// part, then a new slab. Keep the slabs of a class on the shard's list
// (`slabs`, linked through `next` and `prev`, `owned` walks it) so that
// allocating does not walk past full slabs every time, and remember that
// nothing here may allocate from the heap: this allocator will be the
// program's. Freeing its own block is a push on the local list; freeing
// another shard's block pushes it on that slab's remote list with a
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
        todo!("a block for {layout:?} from shard {}", self.id())
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        todo!("free {ptr:?} ({layout:?}) into shard {}", self.id())
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        todo!("resize {ptr:?} ({layout:?}) to {new_size}")
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        todo!("remap {ptr:?} ({layout:?}) to {new_size}")
    }
}
