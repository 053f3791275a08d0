//! The central heap: slabs of one size class each, carved from the page
//! allocator, and per class one list of slabs that still have free blocks,
//! under that class's own lock. Threads meet here only to move blocks in
//! batches (the caches of `cache.rs` do the rest).

use crate::classes::{CLASSES, class_align, class_of, class_size};
use crate::free_list::FreeList;
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::ptr::NonNull;
use page_allocator::{Os, PageAllocator};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Every slab is this big and this aligned, so the slab of a block is its
/// address with the low 16 bits cleared: no lookup table, no header per block.
pub const SLAB: usize = 64 * 1024;
const SLAB_LAYOUT: Layout = match Layout::from_size_align(SLAB, SLAB) {
    Ok(layout) => layout,
    Err(_) => panic!("a valid slab layout"),
};

// ANCHOR: slab
/// The start of every slab. Blocks follow from [`data_start`]; the ones
/// never handed out are counted by `bumped`, the ones given back are on
/// `free`.
#[repr(C)]
struct Slab {
    /// Links in its class's list of slabs with free blocks (`listed`).
    next: Option<NonNull<Slab>>,
    prev: Option<NonNull<Slab>>,
    listed: bool,
    class: usize,
    /// Blocks handed out from the untouched part so far.
    bumped: usize,
    /// Blocks the slab holds.
    capacity: usize,
    /// Blocks out of the slab: in use, or in some thread's cache.
    out: usize,
    /// Blocks given back to this slab.
    free: FreeList,
}
// ANCHOR_END: slab

/// Where the blocks of `class` start in a slab: after the header, at the
/// class's alignment.
pub fn data_start(class: usize) -> usize {
    size_of::<Slab>().next_multiple_of(64).max(class_align(class))
}

/// The slab a block lies in: its address rounded down to [`SLAB`], with the
/// block's provenance (the block was carved from it). Never 0: a block lies
/// past its slab's header.
fn slab_of(block: NonNull<u8>) -> NonNull<Slab> {
    block.map_addr(|addr| core::num::NonZeroUsize::new(addr.get() & !(SLAB - 1)).expect("never 0")).cast()
}

/// Blocks of `class` in one slab.
pub fn blocks_per_slab(class: usize) -> usize {
    (SLAB - data_start(class)) / class_size(class)
}

/// One class's share of the heap.
struct Central {
    /// Slabs with a free block (given back, or never handed out).
    partial: Option<NonNull<Slab>>,
    /// Blocks of this class out of their slabs: in use, or in a cache.
    out: usize,
    /// One empty slab kept mapped, so that a class that empties and refills
    /// a slab over and over does not map and unmap it each time.
    spare: Option<NonNull<Slab>>,
}

// SAFETY: the slabs are the heap's memory, reached only under this class's
// lock; the pointers may be used from whichever thread holds it.
unsafe impl Send for Central {}

impl Central {
    const EMPTY: Central = Central { partial: None, out: 0, spare: None };

    /// Puts `slab` at the front of the partial list.
    fn link(&mut self, slab: NonNull<Slab>) {
        // SAFETY: a slab of this class, under its lock (as every access).
        unsafe {
            (*slab.as_ptr()).next = self.partial;
            (*slab.as_ptr()).prev = None;
            (*slab.as_ptr()).listed = true;
            if let Some(head) = self.partial {
                (*head.as_ptr()).prev = Some(slab);
            }
        }
        self.partial = Some(slab);
    }

    /// Takes `slab` off the partial list.
    fn unlink(&mut self, slab: NonNull<Slab>) {
        // SAFETY: a listed slab of this class and its neighbours, under the lock.
        unsafe {
            let (prev, next) = ((*slab.as_ptr()).prev, (*slab.as_ptr()).next);
            match prev {
                Some(prev) => (*prev.as_ptr()).next = next,
                None => self.partial = next,
            }
            if let Some(next) = next {
                (*next.as_ptr()).prev = prev;
            }
            (*slab.as_ptr()).listed = false;
        }
    }
}

/// Slabs for every size class over a page allocator, and blocks too big
/// (or too aligned) for a class straight from the pages.
pub struct Heap<O: Os> {
    pages: PageAllocator<O>,
    classes: [Mutex<Central>; CLASSES],
    slabs: AtomicUsize,
    /// Empty slabs kept for any class to reuse, linked through `next`, and
    /// how many; at most `pool_limit` of them.
    pool: Mutex<Pool>,
    pool_limit: usize,
    purge_delay: Duration,
}

// ANCHOR: pool
/// Empty slabs whose memory the pool always keeps (1 MiB): the newest.
pub const POOL_RESIDENT: usize = 16;

/// How long an empty slab waits in the pool before its memory goes back to
/// the kernel: mimalloc 2's `purge_delay` (mimalloc 3, which the `mimalloc`
/// crate builds, waits 1 s; jemalloc decays over 10 s).
pub const PURGE_DELAY: Duration = Duration::from_millis(10);

/// Empty slabs, mapped, waiting for a class; linked through a [`Pooled`]
/// record at the start of each.
struct Pool {
    head: Option<NonNull<Pooled>>,
    len: usize,
    last_purge: Option<Instant>,
}

/// What an empty slab in the pool holds instead of its [`Slab`] header.
struct Pooled {
    next: Option<NonNull<Pooled>>,
    /// When the slab came in.
    since: Instant,
    /// Its memory is back with the kernel (all but this record's page).
    discarded: bool,
}
// ANCHOR_END: pool

// SAFETY: the pooled slabs are the heap's memory, reached only under the
// pool's lock.
unsafe impl Send for Pool {}

impl<O: Os> core::fmt::Debug for Heap<O> {
    /// Never waits for a lock (the caller may hold one): blocks out is
    /// `None` while any class is locked.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let blocks_out: Option<usize> =
            self.classes.iter().map(|class| class.try_lock().ok().map(|central| central.out)).sum();
        f.debug_struct("Heap").field("slabs", &self.slabs()).field("blocks_out", &blocks_out).finish_non_exhaustive()
    }
}

impl<O: Os> Heap<O> {
    /// An empty heap: no slab is mapped until a block is asked for. An
    /// empty slab stays mapped only as its class's spare; the others go back
    /// to the kernel at once.
    pub const fn new(pages: PageAllocator<O>) -> Self {
        Self::with_pool(pages, 0)
    }

    /// An empty heap that also keeps up to `empty_slabs` empty slabs mapped,
    /// for any class to reuse, against the system calls of mapping them
    /// again. A slab that waits there longer than [`PURGE_DELAY`] gives its
    /// memory back to the kernel with [`Os::discard`] (all but its first
    /// page), unless it is one of the newest [`POOL_RESIDENT`]; [`trim`]
    /// gives back all of it at once.
    ///
    /// [`trim`]: Heap::trim
    pub const fn with_pool(pages: PageAllocator<O>, empty_slabs: usize) -> Self {
        Self {
            pages,
            classes: [const { Mutex::new(Central::EMPTY) }; CLASSES],
            slabs: AtomicUsize::new(0),
            pool: Mutex::new(Pool { head: None, len: 0, last_purge: None }),
            pool_limit: empty_slabs,
            purge_delay: PURGE_DELAY,
        }
    }

    /// The same heap with another purge delay than [`PURGE_DELAY`]: zero
    /// gives memory back as soon as a slab is pooled, a long one almost
    /// never (tests use both, to not depend on how fast they run).
    pub const fn with_purge_delay(mut self, delay: Duration) -> Self {
        self.purge_delay = delay;
        self
    }

    /// The page allocator underneath.
    pub fn pages(&self) -> &PageAllocator<O> {
        &self.pages
    }

    /// Slabs mapped now (the spares included).
    pub fn slabs(&self) -> usize {
        self.slabs.load(Ordering::Relaxed)
    }

    /// Blocks of every class out of their slabs: in use, or in a cache.
    pub fn blocks_out(&self) -> usize {
        (0..CLASSES).map(|class| self.lock(class).out).sum()
    }

    fn lock(&self, class: usize) -> MutexGuard<'_, Central> {
        // Nothing under the lock panics halfway through a change; a panic
        // elsewhere in the holding thread leaves the lists whole.
        self.classes[class].lock().unwrap_or_else(PoisonError::into_inner)
    }

    // ANCHOR: refill
    /// Moves up to `want` free blocks of `class` onto `list`, from the slabs
    /// with free blocks first, then from a fresh slab. Fewer only when the
    /// pages run out.
    pub fn refill(&self, class: usize, want: usize, list: &mut FreeList) -> usize {
        let (size, start) = (class_size(class), data_start(class));
        // Runs of never-used blocks are linked after the lock is let go:
        // writing into memory no cache holds yet is slow, and the unlock (an
        // atomic operation) would wait for those writes, with the lock held.
        // A batch is never bigger than a slab: at most the rest of one slab
        // and the start of a new one.
        let mut untouched: [Option<(NonNull<u8>, usize)>; 2] = [None; 2];
        let mut central = self.lock(class);
        let mut got = 0;
        while got < want {
            let Some(slab) = central.partial.or_else(|| self.new_slab(&mut central, class)) else { break };
            // SAFETY: a slab of this class, owned by the heap, under its lock.
            let header = unsafe { &mut *slab.as_ptr() };
            let freed = header.free.take_while(want - got, |_| true);
            got += freed.len();
            header.out += freed.len();
            list.prepend(freed);
            let fresh = (want - got).min(header.capacity - header.bumped);
            if fresh > 0 {
                // SAFETY: inside the slab: `capacity` blocks fit after `data_start`.
                let first = unsafe { slab.cast::<u8>().add(start + header.bumped * size) };
                match untouched.iter_mut().find(|run| run.is_none()) {
                    Some(run) => *run = Some((first, fresh)),
                    // SAFETY: `fresh` blocks never handed out, one after another.
                    None => unsafe { list.push_carved(first, size, fresh) },
                }
                header.bumped += fresh;
                header.out += fresh;
                got += fresh;
            }
            if header.free.is_empty() && header.bumped == header.capacity {
                central.unlink(slab);
            }
        }
        central.out += got;
        drop(central);
        for (first, count) in untouched.into_iter().flatten() {
            // SAFETY: `count` blocks after `first` that this call took out of
            // their slab's untouched part: nobody else can reach them.
            unsafe { list.push_carved(first, size, count) };
        }
        got
    }
    // ANCHOR_END: refill

    /// A slab for `class` on the partial list: the spare, or a new mapping.
    fn new_slab(&self, central: &mut Central, class: usize) -> Option<NonNull<Slab>> {
        let slab = match central.spare.take().or_else(|| self.take_pooled()) {
            Some(empty) => empty,
            None => {
                let slab = self.pages.alloc(SLAB_LAYOUT).ok()?.cast::<Slab>();
                self.slabs.fetch_add(1, Ordering::Relaxed);
                slab
            }
        };
        let header = Slab {
            next: None,
            prev: None,
            listed: false,
            class,
            bumped: 0,
            capacity: blocks_per_slab(class),
            out: 0,
            free: FreeList::EMPTY,
        };
        // SAFETY: a whole slab no block of which is out: its header is ours to write.
        unsafe { slab.write(header) };
        central.link(slab);
        Some(slab)
    }

    // ANCHOR: flush
    /// Gives `count` blocks from `list` back to their slabs. A slab that gets
    /// every block back leaves the list: it becomes the spare, or goes back
    /// to the kernel.
    ///
    /// # Safety
    /// Every block on `list` is a block of `class` from this heap that no
    /// one uses any more.
    pub unsafe fn flush(&self, class: usize, list: &mut FreeList, count: usize) {
        let mut central = self.lock(class);
        let mut left = count.min(list.len());
        central.out -= left;
        while left > 0 {
            // Blocks freed one after another mostly share a slab: each run
            // of them moves to its slab in one step, however long.
            let slab = list.first().map(slab_of).expect("`left` blocks remain");
            let run = list.take_while(left, |block| slab_of(block) == slab);
            left -= run.len();
            // SAFETY: the blocks came from a slab of this class (the caller's
            // promise), which is live while a block of it is out.
            let header = unsafe { &mut *slab.as_ptr() };
            debug_assert_eq!(header.class, class, "a block freed with another size class");
            header.out -= run.len();
            header.free.prepend(run);
            if header.out == 0 {
                if header.listed {
                    central.unlink(slab);
                }
                self.retire(&mut central, slab);
            } else if !header.listed {
                central.link(slab);
            }
        }
    }
    // ANCHOR_END: flush

    /// An empty slab: kept as the class's spare if it has none, else in the
    /// pool if it has room, else unmapped.
    fn retire(&self, central: &mut Central, slab: NonNull<Slab>) {
        if central.spare.is_none() {
            central.spare = Some(slab);
            return;
        }
        // The class lock is held: always class, then pool, never the other way.
        let mut pool = self.pool.lock().unwrap_or_else(PoisonError::into_inner);
        if pool.len < self.pool_limit {
            let pooled = slab.cast::<Pooled>();
            let now = Instant::now();
            let record = Pooled { next: pool.head, since: now, discarded: false };
            // SAFETY: an empty slab off every list: its start is ours to
            // write, and a slab is aligned for any header.
            unsafe { pooled.write(record) };
            pool.head = Some(pooled);
            pool.len += 1;
            self.purge_aged(&mut pool, now);
            return;
        }
        drop(pool);
        // SAFETY: a slab mapped by `new_slab` with this layout, no block of
        // which is out, off every list.
        unsafe { self.pages.free(slab.cast(), SLAB_LAYOUT) };
        self.slabs.fetch_sub(1, Ordering::Relaxed);
    }

    // ANCHOR: purge
    /// Gives back the memory of the pooled slabs that have waited the purge
    /// delay ([`PURGE_DELAY`] unless set) — all but the newest
    /// [`POOL_RESIDENT`] — looking at most once per delay. A program that
    /// frees a lot and allocates again at once reuses warm slabs; one that
    /// stops allocating hands them back (when it next empties a slab: there
    /// is no background thread).
    fn purge_aged(&self, pool: &mut Pool, now: Instant) {
        let delay = self.purge_delay;
        if pool.last_purge.is_some_and(|last| now.duration_since(last) < delay) {
            return;
        }
        pool.last_purge = Some(now);
        self.discard_pooled(pool, POOL_RESIDENT, |slab| now.duration_since(slab.since) >= delay);
    }

    /// Gives back the memory of every slab this heap keeps empty — the pool's
    /// and each class's spare — keeping their addresses, as glibc's
    /// `malloc_trim` does. Returns how many slabs it emptied.
    pub fn trim(&self) -> usize {
        let mut trimmed = 0;
        for class in 0..CLASSES {
            let central = self.lock(class);
            if let Some(spare) = central.spare {
                self.discard_blocks(spare.cast());
                trimmed += 1;
            }
        }
        let mut pool = self.pool.lock().unwrap_or_else(PoisonError::into_inner);
        trimmed + self.discard_pooled(&mut pool, 0, |_| true)
    }

    /// Discards the pooled slabs that are `aged`, past the newest `keep`
    /// whose memory is still there.
    fn discard_pooled(&self, pool: &mut Pool, keep: usize, aged: impl Fn(&Pooled) -> bool) -> usize {
        let (mut kept, mut discarded) = (0, 0);
        let mut next = pool.head;
        while let Some(slab) = next {
            // SAFETY: a pooled slab, reached under the pool's lock (`&mut Pool`).
            let record = unsafe { &mut *slab.as_ptr() };
            next = record.next;
            if record.discarded {
                continue;
            }
            if kept < keep {
                kept += 1;
            } else if aged(record) {
                self.discard_blocks(slab.cast());
                record.discarded = true;
                discarded += 1;
            }
        }
        discarded
    }

    /// Gives the memory of an empty slab back to the kernel and keeps the
    /// addresses: every page but the first, where the slab's header or pool
    /// record is. Its next user finds zeroed pages, which the kernel fills
    /// in as they are touched.
    fn discard_blocks(&self, slab: NonNull<u8>) {
        let page = self.pages.os().page_size();
        if page >= SLAB {
            return;
        }
        // SAFETY: past the first page, inside the slab.
        let blocks = unsafe { slab.add(page) };
        // SAFETY: pages of a slab this heap mapped, no block of which is out:
        // nobody needs what they hold.
        unsafe { self.pages.os().discard(blocks, SLAB - page) };
    }
    // ANCHOR_END: purge

    /// An empty slab from the pool, if there is one.
    fn take_pooled(&self) -> Option<NonNull<Slab>> {
        let mut pool = self.pool.lock().unwrap_or_else(PoisonError::into_inner);
        let slab = pool.head?;
        // SAFETY: a pooled slab, reached only under this lock.
        pool.head = unsafe { (*slab.as_ptr()).next };
        pool.len -= 1;
        Some(slab.cast())
    }

    /// One block without a cache: for a thread whose cache is gone (being
    /// torn down), and for blocks that no class serves.
    pub fn alloc_uncached(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        let Some(class) = class_of(layout) else { return self.pages.alloc(layout) };
        let mut one = FreeList::EMPTY;
        self.refill(class, 1, &mut one);
        one.pop().ok_or(OutOfMemory)
    }

    /// Gives back one block without a cache.
    ///
    /// # Safety
    /// `ptr` and `layout` describe a live block of this heap.
    pub unsafe fn free_uncached(&self, ptr: NonNull<u8>, layout: Layout) {
        match class_of(layout) {
            None => {
                // SAFETY: the caller's block, from the pages with this layout.
                unsafe { self.pages.free(ptr, layout) }
            }
            Some(class) => {
                let mut one = FreeList::EMPTY;
                // SAFETY: the caller gives the block up; it is of this class.
                unsafe {
                    one.push(ptr);
                    self.flush(class, &mut one, 1);
                }
            }
        }
    }
}

impl<O: Os> Drop for Heap<O> {
    /// Unmaps the spares and the pool. Every other slab has blocks out: a leak (the
    /// caches borrow the heap, so theirs have been given back), and its
    /// memory stays mapped.
    fn drop(&mut self) {
        let mut empty = Vec::new();
        for class in &mut self.classes {
            let central = class.get_mut().unwrap_or_else(PoisonError::into_inner);
            empty.extend(central.spare.take());
        }
        while let Some(slab) = self.take_pooled() {
            empty.push(slab);
        }
        for slab in empty {
            // SAFETY: mapped by `new_slab` with this layout, no block out.
            unsafe { self.pages.free(slab.cast(), SLAB_LAYOUT) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use page_allocator::SimulatedOs;

    #[test]
    fn debug_output_never_waits_for_a_class_lock() {
        let os = SimulatedOs::new(4096, 64);
        let heap = Heap::new(PageAllocator::with_os(&os));
        let mut list = FreeList::EMPTY;
        assert_eq!(heap.refill(3, 5, &mut list), 5);
        assert_eq!(format!("{heap:?}"), "Heap { slabs: 1, blocks_out: Some(5), .. }");
        let held = heap.lock(3);
        assert_eq!(format!("{heap:?}"), "Heap { slabs: 1, blocks_out: None, .. }", "no deadlock");
        drop(held);
        // SAFETY: the five blocks `refill` gave, of class 3, unused.
        unsafe { heap.flush(3, &mut list, 5) };
        assert_eq!(heap.blocks_out(), 0);
    }
}
