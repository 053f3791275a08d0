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
use core::ptr::{self, NonNull};
use page_allocator::{Os, PageAllocator};
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use thread_caching::classes::{CLASSES, class_align, class_of, class_size};
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

    /// Where the blocks of `class` start in a slab.
    fn data_start(class: usize) -> usize {
        size_of::<SlabHeader>().next_multiple_of(64).max(class_align(class))
    }

    /// A block of `class` from one of this shard's slabs, newest slab first;
    /// a new slab when none has a free block.
    fn take(&self, class: usize) -> Option<NonNull<u8>> {
        let owned = self.slabs[class].borrow().clone();
        if let Some(block) = owned.iter().rev().find_map(|&slab| Self::take_from(slab)) {
            return Some(block);
        }
        Self::take_from(self.new_slab(class)?)
    }

    /// A block from `slab`: the local list, else the remote list taken
    /// whole, else the untouched part.
    fn take_from(slab: NonNull<SlabHeader>) -> Option<NonNull<u8>> {
        // SAFETY: a live slab of this shard: its owner-only fields are ours.
        let header = unsafe { slab.as_ref() };
        let mut local = header.local.get();
        if local.is_empty() {
            Self::collect_remote(header, &mut local);
        }
        let block = local.pop().or_else(|| {
            let bumped = header.bumped.get();
            (bumped < header.capacity).then(|| {
                header.bumped.set(bumped + 1);
                let offset = Self::data_start(header.class) + bumped * class_size(header.class);
                // SAFETY: inside the slab: `capacity` blocks fit after the start.
                unsafe { slab.cast::<u8>().add(offset) }
            })
        });
        header.local.set(local);
        header.out.set(header.out.get() + usize::from(block.is_some()));
        block
    }

    /// Moves the blocks other threads freed onto `local`.
    fn collect_remote(header: &SlabHeader, local: &mut FreeList) {
        // Acquire: the pushers' writes of the links (and of the blocks'
        // last contents) happen before we read them.
        let mut next = header.remote.swap(ptr::null_mut(), Ordering::Acquire);
        while let Some(block) = NonNull::new(next) {
            // SAFETY: a block on the remote stack holds the next one's address
            // in its first word, written before it was pushed.
            next = unsafe { block.cast::<*mut u8>().read() };
            // SAFETY: a freed block of this slab, now ours alone.
            unsafe { local.push(block) };
            header.out.set(header.out.get() - 1);
        }
    }

    /// A fresh slab of `class`, owned by this shard.
    fn new_slab(&self, class: usize) -> Option<NonNull<SlabHeader>> {
        let slab = self.pages.alloc(Layout::from_size_align(SLAB, SLAB).ok()?).ok()?.cast::<SlabHeader>();
        let header = SlabHeader {
            owner: self.id,
            class,
            capacity: (SLAB - Self::data_start(class)) / class_size(class),
            bumped: Cell::new(0),
            out: Cell::new(0),
            local: Cell::new(FreeList::EMPTY),
            remote: AtomicPtr::new(ptr::null_mut()),
        };
        // SAFETY: a new mapping of `SLAB` bytes, aligned: its header is ours.
        unsafe { slab.write(header) };
        self.slabs[class].borrow_mut().push(slab);
        Some(slab)
    }

    /// Unmaps `slab`, which has no block out.
    fn release(&self, class: usize, slab: NonNull<SlabHeader>) {
        self.slabs[class].borrow_mut().retain(|&owned| owned != slab);
        // SAFETY: a slab mapped by `new_slab` with this layout, no block out,
        // so no other thread can push onto its remote list any more.
        unsafe { self.pages.free(slab.cast(), Layout::from_size_align_unchecked(SLAB, SLAB)) };
    }
}

impl<O: Os + Sync> Drop for Shard<'_, O> {
    /// Unmaps every slab with no block out. A slab whose blocks are still out
    /// (another thread holds them) stays mapped, abandoned: their frees will
    /// land on its remote list, which nobody reads.
    fn drop(&mut self) {
        for class in 0..CLASSES {
            let owned = self.slabs[class].borrow().clone();
            for slab in owned {
                // SAFETY: a live slab of this shard.
                let header = unsafe { slab.as_ref() };
                let mut local = header.local.get();
                Self::collect_remote(header, &mut local);
                header.local.set(local);
                if header.out.get() == 0 {
                    self.release(class, slab);
                }
            }
        }
    }
}

// SAFETY: a block of a class is carved from one slab, at a multiple of the
// class size past a start aligned to the class's alignment, which `class_of`
// chose to cover the layout's; it is on at most one list at a time (a slab's
// local or remote list) or out. Only the owner touches a slab's local list
// and counters (a shard is not `Sync`); other threads touch only the remote
// list, atomically. Larger or more aligned blocks are the page allocator's.
// Zero sizes are refused.
unsafe impl<O: Os + Sync> Allocator for Shard<'_, O> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        match class_of(layout) {
            None => self.pages.alloc(layout),
            Some(class) => self.take(class).ok_or(OutOfMemory),
        }
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        let Some(class) = class_of(layout) else {
            // SAFETY: a live block from the pages, with its layout.
            return unsafe { self.pages.free(ptr, layout) };
        };
        let slab = ptr
            .map_addr(|addr| core::num::NonZeroUsize::new(addr.get() & !(SLAB - 1)).expect("past a header: not 0"))
            .cast::<SlabHeader>();
        // SAFETY: the block's slab is live while the block is out; only its
        // unchanging fields and `remote` are read here unless we own it.
        let header = unsafe { slab.as_ref() };
        if header.owner == self.id {
            let mut local = header.local.get();
            // SAFETY: the caller gives up a block of this slab.
            unsafe { local.push(ptr) };
            header.local.set(local);
            header.out.set(header.out.get() - 1);
            if header.out.get() == 0 && self.slabs[class].borrow().len() > 1 {
                self.release(class, slab);
            }
            return;
        }
        // Another shard's block: push it onto its slab's remote stack.
        let mut head = header.remote.load(Ordering::Relaxed);
        loop {
            // SAFETY: the caller gives the block up: its first word is ours.
            unsafe { ptr.cast::<*mut u8>().write(head) };
            // Release: the link (and the block's contents) are visible to
            // the owner that takes the stack.
            match header.remote.compare_exchange_weak(head, ptr.as_ptr(), Ordering::Release, Ordering::Relaxed) {
                Ok(_) => return,
                Err(now) => head = now,
            }
        }
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        let Ok(new) = Layout::from_size_align(new_size, layout.align()) else { return false };
        match (class_of(layout), class_of(new)) {
            (Some(old), Some(new)) => old == new,
            // SAFETY: a live block from the pages, with its layout.
            (None, None) if new_size > 0 => unsafe { self.pages.resize(ptr, layout, new_size) },
            _ => false,
        }
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        let new = Layout::from_size_align(new_size, layout.align()).ok()?;
        match (class_of(layout), class_of(new)) {
            (Some(old), Some(new)) if old == new => Some(ptr),
            // SAFETY: a live block from the pages, with its layout.
            (None, None) if new_size > 0 => unsafe { self.pages.remap(ptr, layout, new_size) },
            _ => None,
        }
    }
}
