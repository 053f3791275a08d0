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
use core::ptr::{self, NonNull};
use page_allocator::{Os, PageAllocator};
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use thread_caching::classes::{CLASSES, class_align, class_of, class_size};
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

    /// Where the blocks of `class` start in a slab.
    fn data_start(class: usize) -> usize {
        size_of::<SlabHeader>().next_multiple_of(64).max(class_align(class))
    }

    /// A block of `class`: from the first of this shard's slabs that has
    /// one — moved to the front, so the next call looks there first — else
    /// from a new slab.
    fn take(&self, class: usize) -> Option<NonNull<u8>> {
        for slab in self.owned(class) {
            if let Some(block) = Self::take_from(slab) {
                if self.slabs[class].get() != Some(slab) {
                    self.unlink(class, slab);
                    self.link(class, slab);
                }
                return Some(block);
            }
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

    /// A fresh slab of `class`, owned by this shard, first on its list.
    fn new_slab(&self, class: usize) -> Option<NonNull<SlabHeader>> {
        let slab = self.pages.alloc(Layout::from_size_align(SLAB, SLAB).ok()?).ok()?.cast::<SlabHeader>();
        let header = SlabHeader {
            owner: self.id(),
            class,
            capacity: (SLAB - Self::data_start(class)) / class_size(class),
            next: Cell::new(None),
            prev: Cell::new(None),
            bumped: Cell::new(0),
            out: Cell::new(0),
            local: Cell::new(FreeList::EMPTY),
            remote: AtomicPtr::new(ptr::null_mut()),
        };
        // SAFETY: a new mapping of `SLAB` bytes, aligned: its header is ours.
        unsafe { slab.write(header) };
        self.link(class, slab);
        Some(slab)
    }

    /// Puts `slab`, on no list, first on this shard's list of `class`.
    fn link(&self, class: usize, slab: NonNull<SlabHeader>) {
        // SAFETY: `slab` and the list's first slab are live slabs of this shard.
        unsafe {
            let first = self.slabs[class].replace(Some(slab));
            slab.as_ref().prev.set(None);
            slab.as_ref().next.set(first);
            if let Some(first) = first {
                first.as_ref().prev.set(Some(slab));
            }
        }
    }

    /// Takes `slab` off this shard's list of `class`.
    fn unlink(&self, class: usize, slab: NonNull<SlabHeader>) {
        // SAFETY: a slab on this shard's list, and its neighbours, all live.
        unsafe {
            let (prev, next) = (slab.as_ref().prev.get(), slab.as_ref().next.get());
            match prev {
                Some(prev) => prev.as_ref().next.set(next),
                None => self.slabs[class].set(next),
            }
            if let Some(next) = next {
                next.as_ref().prev.set(prev);
            }
        }
    }

    /// Unmaps `slab`, which has no block out.
    fn release(&self, class: usize, slab: NonNull<SlabHeader>) {
        self.unlink(class, slab);
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
            let mut next = self.slabs[class].get();
            while let Some(slab) = next {
                // SAFETY: a live slab of this shard.
                let header = unsafe { slab.as_ref() };
                next = header.next.get();
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
// local or remote list) or out. Only the owner touches a slab's local list,
// links and counters (a shard is not `Sync`); other threads touch only the
// remote list, atomically. Larger or more aligned blocks are the page
// allocator's. Zero sizes are refused.
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
        // A shard with no number yet owns no slab; no slab's owner is 0.
        if header.owner == self.id.get() {
            let mut local = header.local.get();
            // SAFETY: the caller gives up a block of this slab.
            unsafe { local.push(ptr) };
            header.local.set(local);
            header.out.set(header.out.get() - 1);
            let only = self.slabs[class].get() == Some(slab) && header.next.get().is_none();
            if header.out.get() == 0 && !only {
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
