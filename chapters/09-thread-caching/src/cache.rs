//! A thread's cache: a free list per size class, in front of the heap.
//! Allocating and freeing touch only the cache — no lock, no atomic — and
//! the heap is asked only to move a batch of blocks in or out.

use crate::classes::{CLASSES, class_of, class_size};
use crate::free_list::FreeList;
use crate::heap::Heap;
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;
use page_allocator::Os;

/// Blocks moved between a cache and the heap at once: about 16 KiB worth,
/// at least 4 and at most 256 blocks.
pub fn batch(class: usize) -> usize {
    BATCHES[class]
}

/// [`batch`] for every class, worked out once: `free` asks on every call,
/// and a division there costs more than the rest of the fast path.
const BATCHES: [usize; CLASSES] = {
    let mut batches = [0; CLASSES];
    let mut class = 0;
    while class < CLASSES {
        let fit = 16 * 1024 / class_size(class);
        batches[class] = if fit < 4 {
            4
        } else if fit > 256 {
            256
        } else {
            fit
        };
        class += 1;
    }
    batches
};

// ANCHOR: cache
/// One thread's blocks, in front of a shared [`Heap`]. Not `Sync`: each
/// thread makes its own (the global allocator keeps one per thread in a
/// thread-local). A block may be freed into any thread's cache — the one
/// that allocated it or another — since every block belongs to the heap.
pub struct LocalCache<'heap, O: Os> {
    heap: &'heap Heap<O>,
    bins: [Cell<FreeList>; CLASSES],
}

impl<'heap, O: Os> LocalCache<'heap, O> {
    /// An empty cache in front of `heap`.
    pub const fn new(heap: &'heap Heap<O>) -> Self {
        Self { heap, bins: [const { Cell::new(FreeList::EMPTY) }; CLASSES] }
    }

    /// Blocks the cache holds now, all classes together.
    pub fn cached(&self) -> usize {
        self.bins.iter().map(|bin| bin.get().len()).sum()
    }

    /// Gives every cached block back to the heap.
    pub fn flush(&self) {
        for (class, bin) in self.bins.iter().enumerate() {
            let mut list = bin.take();
            let count = list.len();
            // SAFETY: the cache's blocks are free blocks of their bin's class.
            unsafe { self.heap.flush(class, &mut list, count) };
        }
    }
}
// ANCHOR_END: cache

/// The slow paths, kept out of line so that the fast ones above stay a
/// handful of instructions where they are called.
impl<O: Os> LocalCache<'_, O> {
    /// A batch from the heap into the empty `bin`, and one block of it.
    #[cold]
    #[inline(never)]
    fn refill(&self, class: usize, bin: &mut FreeList) -> Result<NonNull<u8>, OutOfMemory> {
        self.heap.refill(class, batch(class), bin);
        bin.pop().ok_or(OutOfMemory)
    }

    /// # Safety
    /// `bin` holds free blocks of `class`.
    #[cold]
    #[inline(never)]
    unsafe fn flush_batch(&self, class: usize, bin: &mut FreeList) {
        // SAFETY: the caller's promise.
        unsafe { self.heap.flush(class, bin, batch(class)) };
    }

    /// Zero bytes (refused), or too big or too aligned for a class.
    #[cold]
    fn alloc_pages(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        self.heap.pages().alloc(layout)
    }

    /// # Safety
    /// A live block from the pages, with its layout.
    #[cold]
    unsafe fn free_pages(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller's promise.
        unsafe { self.heap.pages().free(ptr, layout) }
    }
}

impl<O: Os> core::fmt::Debug for LocalCache<'_, O> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("LocalCache").field("cached", &self.cached()).finish_non_exhaustive()
    }
}

impl<O: Os> Drop for LocalCache<'_, O> {
    fn drop(&mut self) {
        self.flush();
    }
}

// SAFETY: blocks come from the heap's slabs, each handed to one caller until
// it is freed: a block is on at most one list (a cache's bin, a slab's free
// list) or out. Blocks of a class are at least a pointer in size and aligned
// to the class's alignment, which `class_of` picked to cover the layout's;
// other requests go to the page allocator, which meets the trait itself.
// Zero sizes are refused.
unsafe impl<O: Os> Allocator for LocalCache<'_, O> {
    // ANCHOR: alloc
    #[inline]
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        let Some(class) = class_of(layout) else { return self.alloc_pages(layout) };
        let mut bin = self.bins[class].get();
        let block = match bin.pop() {
            Some(block) => Ok(block),
            None => self.refill(class, &mut bin),
        };
        self.bins[class].set(bin);
        block
    }

    #[inline]
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        let Some(class) = class_of(layout) else {
            // SAFETY: a live block from the pages, with its layout.
            return unsafe { self.free_pages(ptr, layout) };
        };
        let mut bin = self.bins[class].get();
        // SAFETY: the caller gives up a block of this class.
        unsafe { bin.push(ptr) };
        if bin.len() > 2 * batch(class) {
            // Too many: a batch goes back, so the heap can give it to another
            // thread (a consumer freeing what a producer allocated).
            // SAFETY: the bin holds free blocks of this class.
            unsafe { self.flush_batch(class, &mut bin) };
        }
        self.bins[class].set(bin);
    }
    // ANCHOR_END: alloc

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        let Ok(new) = Layout::from_size_align(new_size, layout.align()) else { return false };
        match (class_of(layout), class_of(new)) {
            // Any size of the same class fits the same block.
            (Some(old), Some(new)) => old == new && new_size > 0,
            // SAFETY: a live block from the pages, with its layout.
            (None, None) if new_size > 0 => unsafe { self.heap.pages().resize(ptr, layout, new_size) },
            _ => false,
        }
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        let new = Layout::from_size_align(new_size, layout.align()).ok()?;
        match (class_of(layout), class_of(new)) {
            (Some(old), Some(new)) if old == new && new_size > 0 => Some(ptr),
            // SAFETY: a live block from the pages, with its layout.
            (None, None) if new_size > 0 => unsafe { self.heap.pages().remap(ptr, layout, new_size) },
            _ => None,
        }
    }
}
