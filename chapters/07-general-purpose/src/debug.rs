//! The debug allocator: Zig's `std.heap.DebugAllocator`, the librarian who
//! keeps an index card for every block it lends out.

use crate::config::{Config, POISON};
use crate::report::{Block, LeakReport, Op, Problem, Report, Shelf, Slot, draw_shelves};
use crate::site::{Site, SiteNumbers, Trace, same_line};
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::{RefCell, UnsafeCell};
use core::fmt;
use core::panic::Location;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicBool, Ordering};
use page_allocator::PageAllocator;
use std::alloc::System;
use std::io::Write as _;

/// A vector in the system allocator: the allocator's own bookkeeping never
/// comes from the allocator it describes (so it can be the global allocator).
pub(crate) type SysVec<T> = allocator_api2::vec::Vec<T, System>;

// ANCHOR: struct
/// An allocator that tracks every block it hands out and reports misuse:
/// leaks, double frees, foreign pointers, wrong sizes, overflows and writes
/// after free. Small blocks are cut from buckets of one size class each;
/// large ones go straight to the child allocator `A`.
///
/// `L` chooses the lock: [`Threaded`] (a spin lock, `Sync`) or
/// [`SingleThreaded`] (a `RefCell`, not `Sync`, no atomic operations).
pub struct DebugAllocator<A: Allocator = PageAllocator, L: Lock = Threaded> {
    child: A,
    config: Config,
    state: L,
}
// ANCHOR_END: struct

/// [`DebugAllocator`] for one thread: Zig's `thread_safe = false`.
pub type SingleThreadedDebugAllocator<A = PageAllocator> = DebugAllocator<A, SingleThreaded>;

/// How the allocator's state is protected: [`Threaded`] or [`SingleThreaded`].
pub trait Lock: private::Sealed {}

/// A lock around the state: the allocator can be shared between threads.
///
/// A spin lock that yields: an allocator holds its lock for tens of
/// nanoseconds, and unlocking is a plain store — where a mutex pays a second
/// atomic read-modify-write on every unlock, a measurable share of a small
/// allocation (see the benchmark in the book).
#[derive(Debug)]
pub struct Threaded {
    locked: AtomicBool,
    state: UnsafeCell<State>,
}

// SAFETY: the state is only reached through `with` while holding `locked`
// (or through `&mut self`), so no two threads ever access it at once; `State`
// is `Send`, so handing it between threads is sound.
unsafe impl Sync for Threaded {}

/// A `RefCell` around the state: one thread only, no atomics.
#[derive(Debug)]
pub struct SingleThreaded(RefCell<State>);

impl Lock for Threaded {}
impl Lock for SingleThreaded {}

mod private {
    /// Sealed: the two locks above are the only ones.
    pub trait Sealed {
        const NEW: Self;
        fn with<R>(&self, f: impl FnOnce(&mut super::State) -> R) -> R;
        fn get_mut(&mut self) -> &mut super::State;
    }
}

impl private::Sealed for Threaded {
    const NEW: Self = Threaded { locked: AtomicBool::new(false), state: UnsafeCell::new(State::NEW) };
    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        while self.locked.compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed).is_err() {
            let mut spins = 0;
            while self.locked.load(Ordering::Relaxed) {
                if spins < 100 {
                    core::hint::spin_loop();
                    spins += 1;
                } else {
                    std::thread::yield_now(); // let the holder (maybe descheduled) finish
                }
            }
        }
        /// Unlocks on the way out, panics included; the state is consistent
        /// at every point a panic can leave it (updates complete or not begun).
        struct Unlock<'a>(&'a AtomicBool);
        impl Drop for Unlock<'_> {
            #[inline]
            fn drop(&mut self) {
                self.0.store(false, Ordering::Release);
            }
        }
        let _unlock = Unlock(&self.locked);
        // SAFETY: we hold the lock, so this is the only reference to the state.
        f(unsafe { &mut *self.state.get() })
    }
    fn get_mut(&mut self) -> &mut State {
        self.state.get_mut()
    }
}

impl private::Sealed for SingleThreaded {
    const NEW: Self = SingleThreaded(RefCell::new(State::NEW));
    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.0.borrow_mut())
    }
    fn get_mut(&mut self) -> &mut State {
        self.0.get_mut()
    }
}

// ANCHOR: state
/// The librarian's records: all of them in the system allocator.
#[doc(hidden)]
#[derive(Debug)]
pub struct State {
    /// Every bucket and large block, sorted by address: a free finds its
    /// record by binary search, and a pointer into nobody's memory finds nothing.
    regions: SysVec<Region>,
    /// Buckets by number; `None` where a released bucket's number is free again.
    buckets: SysVec<Option<Bucket>>,
    vacant: SysVec<usize>,
    /// Per size class, the bucket new blocks of that class come from.
    current: [Option<usize>; usize::BITS as usize],
    /// The region the last lookup found: consecutive frees mostly hit the
    /// same bucket, and checking it first skips the binary search.
    last_region: usize,
    /// Number of the last block handed out.
    last_id: u64,
    /// The lines that free small blocks, numbered for their cards.
    free_sites: SiteNumbers,
    /// Bytes requested and not freed: what the memory limit is checked against.
    requested: usize,
    problems: SysVec<Problem>,
    /// Memory the child handed out again while a kept record (retain_metadata)
    /// still describes it: held unused until drop, see [`DebugAllocator::fresh_from_child`].
    held: SysVec<(NonNull<u8>, Layout)>,
    /// The last large blocks given back to the child (without
    /// `retain_metadata`), by address: a second free of one is still
    /// reported as a double free, until the address is handed out again.
    recently_freed: SysVec<(usize, Block)>,
}

/// How many freed large blocks [`State::recently_freed`] remembers.
const RECENTLY_FREED: usize = 16;

#[derive(Debug)]
struct Region {
    start: NonNull<u8>,
    len: usize,
    owner: Owner,
}

#[derive(Debug)]
enum Owner {
    Bucket(usize),
    Large(Block),
}

/// `bucket_size` bytes from the child, cut into slots of `1 << class` bytes.
/// Slots are handed out in order and never reused: a freed slot stays
/// poisoned (quarantined) until every slot of the bucket has been freed.
#[derive(Debug)]
struct Bucket {
    page: NonNull<u8>,
    class: u32,
    capacity: usize,
    /// One card per slot handed out so far, in slot order.
    cards: SysVec<Card>,
    /// Block numbers and allocation sites, one entry per run of slots
    /// allocated one after the other from the same line: read only by
    /// reports, and a loop's thousand blocks share one entry.
    births: SysVec<Birth>,
    /// Where slots were freed, for the rare slot whose card could not
    /// number the line ([`SiteNumbers::FULL`]).
    freed_at_unnumbered: SysVec<(usize, &'static Location<'static>)>,
    /// Stack traces (allocation, free) per slot, when configured.
    traces: SysVec<[Option<Trace>; 2]>,
    freed: usize,
    /// The memory went back to the child; the cards are kept (retain_metadata).
    released: bool,
}

/// What a free needs to know about a small block, in 8 bytes: a free reads
/// the card of a block allocated long ago, so a million cards must stay
/// cheap to reach (see the benchmark in the book).
#[derive(Clone, Copy, Debug)]
struct Card {
    size: u32,
    align_log2: u8,
    freed: bool,
    /// Where it was freed, numbered by [`State::free_sites`].
    freed_at: u16,
}

/// Slots `first_slot..` (up to the next run) were allocated in a row from
/// `site`, numbered `first_id`, `first_id + 1`, …
#[derive(Clone, Copy, Debug)]
struct Birth {
    first_slot: usize,
    first_id: u64,
    site: Option<&'static Location<'static>>,
}

impl Birth {
    /// Whether block `id` allocated at `site` into `slot` extends this run.
    #[inline]
    fn continued_by(&self, slot: usize, id: u64, site: Option<&'static Location<'static>>) -> bool {
        let same_site = match (site, self.site) {
            (Some(a), Some(b)) => same_line(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        same_site && self.first_id + (slot - self.first_slot) as u64 == id
    }
}
// ANCHOR_END: state

// SAFETY: the pointers in `State` refer to memory this allocator owns (taken
// from its child); moving the records to another thread moves no access to
// it. All access goes through the lock around the state.
unsafe impl Send for State {}

impl State {
    const NEW: Self = Self {
        regions: SysVec::new_in(System),
        buckets: SysVec::new_in(System),
        vacant: SysVec::new_in(System),
        current: [None; usize::BITS as usize],
        last_region: 0,
        last_id: 0,
        free_sites: SiteNumbers::NEW,
        requested: 0,
        problems: SysVec::new_in(System),
        held: SysVec::new_in(System),
        recently_freed: SysVec::new_in(System),
    };
}

// ANCHOR: size_class
/// The size class of a request: the smallest power of two that holds its
/// size and satisfies its alignment, as an exponent (`32 bytes` → 5).
#[inline]
pub fn size_class(layout: Layout) -> u32 {
    let size_class = usize::BITS - (layout.size().max(1) - 1).leading_zeros();
    size_class.max(layout.align().trailing_zeros())
}

/// Classes below this go into buckets; from here up, straight to the child:
/// the largest small class is a quarter of a bucket, as in Zig
/// (`small_bucket_count`, `debug_allocator.zig` line 228). Our records live
/// outside the bucket, so that class gets four slots; Zig's live at the end
/// of the page, and its search gives that class two (lines 393–413).
#[inline]
pub fn small_classes(bucket_size: usize) -> u32 {
    bucket_size.trailing_zeros() - 1
}
// ANCHOR_END: size_class

#[inline]
fn bucket_layout(bucket_size: usize, class: u32) -> Layout {
    Layout::from_size_align(bucket_size, 1 << class).expect("bucket sizes are powers of two")
}

/// Where a pointer handed to free/resize/remap leads. Passed by value:
/// three words in registers, never a round trip through memory.
#[derive(Clone, Copy)]
enum Found {
    Large(usize),
    /// A small block: slot `slot` of bucket `bucket`.
    Slot {
        bucket: usize,
        slot: usize,
    },
}

impl<A: Allocator> DebugAllocator<A, Threaded> {
    /// A thread-safe debug allocator over `child` with Zig's defaults.
    pub const fn new(child: A) -> Self {
        Self::build(child, Config::DEFAULT)
    }

    /// A thread-safe debug allocator over `child`. Panics unless
    /// `bucket_size` is a power of two of at least 64 bytes.
    pub const fn with_config(child: A, config: Config) -> Self {
        Self::build(child, config)
    }
}

impl<A: Allocator> DebugAllocator<A, SingleThreaded> {
    /// A debug allocator for one thread (not `Sync`, no atomics) over
    /// `child`: Zig's `thread_safe = false`.
    pub const fn single_threaded(child: A, config: Config) -> Self {
        Self::build(child, config)
    }
}

impl<A: Allocator, L: Lock> DebugAllocator<A, L> {
    const fn build(child: A, config: Config) -> Self {
        assert!(
            config.bucket_size.is_power_of_two() && config.bucket_size >= 64 && config.bucket_size as u64 <= 1 << 32,
            "bucket_size: a power of two from 64 bytes to 4 GiB"
        );
        Self { child, config, state: L::NEW }
    }

    /// The configuration this allocator runs with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The child allocator that buckets and large blocks come from.
    pub fn child(&self) -> &A {
        &self.child
    }

    /// Bytes requested and not yet freed.
    pub fn requested_bytes(&self) -> usize {
        self.state.with(|state| state.requested)
    }

    /// Number of the last block handed out (0 before the first): a
    /// checkpoint for [`Self::leaks_since`].
    pub fn last_block_id(&self) -> u64 {
        self.state.with(|state| state.last_id)
    }

    /// The blocks still live, or `None` when there are none.
    ///
    /// ```
    /// use allocator_interface::{Allocator, SystemAllocator};
    /// use core::alloc::Layout;
    /// use general_purpose::DebugAllocator;
    ///
    /// let gpa = DebugAllocator::new(SystemAllocator);
    /// let block = gpa.alloc(Layout::new::<[u64; 4]>())?;
    /// let leaks = gpa.leaks().expect("one block is live");
    /// assert_eq!((leaks.blocks[0].id, leaks.blocks[0].size), (1, 32));
    /// // SAFETY: a live block with its layout.
    /// unsafe { gpa.free(block, Layout::new::<[u64; 4]>()) };
    /// assert!(gpa.leaks().is_none());
    /// # Ok::<(), allocator_interface::OutOfMemory>(())
    /// ```
    pub fn leaks(&self) -> Option<LeakReport> {
        self.leaks_since(0)
    }

    /// The live blocks allocated after checkpoint `after` (a
    /// [`Self::last_block_id`]): Zig's per-test leak check, for a program
    /// whose runtime keeps blocks of its own alive.
    pub fn leaks_since(&self, after: u64) -> Option<LeakReport> {
        // Nothing inside the lock may use the global allocator: it may be us.
        let mut live = self.state.with(|state| {
            let mut live = SysVec::new_in(System);
            state.live_blocks(after, &mut live);
            live
        });
        live.sort_by_key(|block| block.id);
        let blocks: Vec<Block> = live.into_iter().collect();
        (!blocks.is_empty()).then_some(LeakReport { blocks })
    }

    /// The problems found since the last call, oldest first.
    pub fn take_problems(&self) -> Vec<Problem> {
        let taken = self.state.with(|state| core::mem::replace(&mut state.problems, SysVec::new_in(System)));
        taken.into_iter().collect()
    }

    // ANCHOR: check
    /// Looks for damage the allocator could not see happen: writes into
    /// freed (quarantined) blocks and writes past the end of live small
    /// blocks. Records each as a problem and returns how many it found.
    pub fn check(&self) -> usize {
        if !self.config.safety {
            return 0;
        }
        self.state.with(|state| {
            let before = state.problems.len();
            for index in 0..state.regions.len() {
                let region = &state.regions[index];
                let found: SysVec<Problem> = match &region.owner {
                    &Owner::Bucket(bucket) => match state.buckets[bucket].as_mut() {
                        Some(bucket) if !bucket.released => bucket.inspect_all(&state.free_sites),
                        _ => SysVec::new_in(System),
                    },
                    Owner::Large(block) if block.freed_at.is_some() && self.config.never_unmap => {
                        let mut found = SysVec::new_in(System);
                        // SAFETY: `never_unmap` keeps a freed large block's memory mapped.
                        if let Some((offset, value)) = unsafe { damage(region.start, 0, region.len) } {
                            found.push(Problem::WriteAfterFree { block: block.clone(), offset, value });
                        }
                        found
                    }
                    Owner::Large(_) => SysVec::new_in(System),
                };
                for problem in found {
                    state.record(&self.config, problem);
                }
            }
            state.problems.len() - before
        })
    }
    // ANCHOR_END: check

    /// Ends the allocator's life like Zig's `deinit`: `Ok` when nothing
    /// leaked and nothing went wrong, otherwise everything that did.
    /// (Dropping it instead prints the leaks, when `log_problems` is on.)
    pub fn finish(mut self) -> Result<(), Report> {
        self.check();
        let leaks = self.leaks();
        let problems: Vec<Problem> = self.state.get_mut().problems.drain(..).collect();
        if leaks.is_none() && problems.is_empty() { Ok(()) } else { Err(Report { leaks, problems }) }
    }

    // ANCHOR: shelves
    /// The librarian's shelves as text: each bucket with one character per
    /// slot (`#` live, `x` freed and quarantined, `.` not handed out yet),
    /// then the large blocks. Buckets are in size-class order, never by address.
    pub fn shelves(&self) -> String {
        let (shelves, large) = self.shelf_records();
        draw_shelves(&shelves, &large)
    }

    /// The same shelves as an SVG picture, one cell per slot (the book's
    /// playground draws the allocator with it).
    pub fn shelves_svg(&self) -> String {
        let (shelves, large) = self.shelf_records();
        crate::report::svg_shelves(&shelves, &large)
    }

    /// Every bucket's slots and every large block, in size-class and block
    /// order. Copied out under the lock into the system allocator (this may
    /// be the global allocator: allocating from it here would deadlock).
    fn shelf_records(&self) -> (Vec<Shelf>, SysVec<Block>) {
        let (mut shelves, mut large) = self.state.with(|state| {
            let mut shelves = SysVec::new_in(System);
            for (index, bucket) in state.buckets.iter().enumerate() {
                let Some(bucket) = bucket else { continue };
                let mut slots = SysVec::new_in(System);
                slots.extend((0..bucket.capacity).map(|slot| match bucket.cards.get(slot) {
                    _ if bucket.released => Slot::Released,
                    Some(card) if !card.freed => Slot::Live,
                    Some(_) => Slot::Quarantined,
                    None => Slot::Unused,
                }));
                let shelf =
                    Shelf { slot_size: 1 << bucket.class, slots, freed: bucket.freed, released: bucket.released };
                shelves.push((bucket.class, index, shelf));
            }
            let mut large = SysVec::new_in(System);
            for region in &state.regions {
                if let Owner::Large(block) = &region.owner {
                    large.push(block.clone());
                }
            }
            (shelves, large)
        });
        shelves.sort_by_key(|&(class, index, _)| (class, index));
        large.sort_by_key(|block| block.id);
        (shelves.into_iter().map(|(_, _, shelf)| shelf).collect(), large)
    }
    // ANCHOR_END: shelves

    /// The records behind the shelves, bucket by bucket: the runs of block
    /// numbers and allocation lines, the 8-byte card of each slot, and the
    /// numbered lines that freed blocks. Buckets in size-class order.
    pub fn records(&self) -> String {
        use core::fmt::Write as _;
        // Copied under the lock into the system allocator, formatted outside it.
        let (mut buckets, free_sites) = self.state.with(|state| {
            let mut buckets = SysVec::new_in(System);
            for (index, bucket) in state.buckets.iter().enumerate() {
                let Some(bucket) = bucket else { continue };
                let (mut cards, mut births) = (SysVec::new_in(System), SysVec::new_in(System));
                cards.extend_from_slice(&bucket.cards);
                births.extend_from_slice(&bucket.births);
                buckets.push((bucket.class, index, bucket.capacity, cards, births));
            }
            let mut free_sites = SysVec::new_in(System);
            free_sites.extend((1..).map_while(|number| state.free_sites.get(number)));
            (buckets, free_sites)
        });
        buckets.sort_by_key(|&(class, index, ..)| (class, index));
        let at = |site: Option<&'static Location<'static>>| Site::from_parts(site, None).to_string();
        let span = |first: u64, last: u64, what: &str| match first == last {
            true => format!("{what} {first}"),
            false => format!("{what}s {first}–{last}"),
        };
        let mut out = String::new();
        for (class, _, capacity, cards, births) in &buckets {
            let _ = writeln!(out, "bucket of {}-byte slots: {} of {capacity} handed out", 1 << class, cards.len());
            for (run, birth) in births.iter().enumerate() {
                let end = births.get(run + 1).map_or(cards.len(), |next| next.first_slot) - 1;
                let (first, last) = (birth.first_slot as u64, end as u64);
                let ids = span(birth.first_id, birth.first_id + last - first, "block");
                let _ = writeln!(out, "  {:<12} {:<16} from {}", span(first, last, "slot"), ids, at(birth.site));
            }
            for (slot, card) in cards.iter().enumerate() {
                let state = match (card.freed, card.freed_at) {
                    (false, _) => "live".to_string(),
                    (true, SiteNumbers::NONE) => "freed (no line: the global allocator)".to_string(),
                    (true, SiteNumbers::FULL) => "freed (line kept aside: numbering full)".to_string(),
                    (true, number) => format!("freed at line {number}"),
                };
                let _ =
                    writeln!(out, "  card {slot:>2}: {:>3} B, align {:<3} {state}", card.size, 1 << card.align_log2);
            }
        }
        for (number, &site) in (1..).zip(free_sites.iter()) {
            let _ = writeln!(out, "line {number}: {}", at(Some(site)));
        }
        out
    }
}

impl State {
    /// Copies the live blocks numbered above `after` into `out`.
    fn live_blocks(&self, after: u64, out: &mut SysVec<Block>) {
        for region in &self.regions {
            match &region.owner {
                Owner::Bucket(index) => match &self.buckets[*index] {
                    Some(bucket) if !bucket.released => {
                        for (slot, card) in bucket.cards.iter().enumerate() {
                            if !card.freed && bucket.birth(slot).1 > after {
                                out.push(bucket.block(slot, &self.free_sites));
                            }
                        }
                    }
                    _ => {}
                },
                Owner::Large(block) if block.freed_at.is_none() && block.id > after => out.push(block.clone()),
                Owner::Large(_) => {}
            }
        }
    }

    fn record(&mut self, config: &Config, problem: Problem) {
        if config.log_problems {
            // Writing to stderr does not allocate; errors writing it are not ours to report.
            let _ = writeln!(std::io::stderr(), "debug allocator: {problem}");
        }
        self.problems.push(problem);
    }

    #[inline]
    fn next_id(&mut self) -> u64 {
        self.last_id += 1;
        self.last_id
    }

    /// The region holding address `addr`, if any.
    #[inline]
    fn region_at(&mut self, addr: usize) -> Option<usize> {
        let contains = |region: &Region| addr.wrapping_sub(region.start.addr().get()) < region.len;
        if self.regions.get(self.last_region).is_some_and(contains) {
            return Some(self.last_region);
        }
        let after = self.regions.partition_point(|region| region.start.addr().get() <= addr);
        let index = after.checked_sub(1)?;
        self.last_region = index;
        contains(&self.regions[index]).then_some(index)
    }

    /// `true` if a region overlaps `len` bytes at `start`: only a kept
    /// record of memory given back can (`retain_metadata`).
    fn overlaps(&self, start: usize, len: usize) -> bool {
        let at = self.regions.partition_point(|r| r.start.addr().get() < start.saturating_add(len));
        at.checked_sub(1).is_some_and(|last| {
            let region = &self.regions[last];
            region.start.addr().get().saturating_add(region.len) > start
        })
    }

    /// Adds a region, replacing records of released memory the child has
    /// handed out again (only kept ones can overlap: `retain_metadata`).
    fn insert_region(&mut self, region: Region) {
        let (start, end) = (region.start.addr().get(), region.start.addr().get() + region.len);
        // Memory handed out again: a free there now names the new block.
        self.recently_freed.retain(|(freed, _)| !(start..end).contains(freed));
        let mut at = self.regions.partition_point(|r| r.start.addr().get() < start);
        while at > 0 && self.regions[at - 1].start.addr().get() + self.regions[at - 1].len > start {
            at -= 1;
        }
        while at < self.regions.len() && self.regions[at].start.addr().get() < end {
            self.remove_region(at);
        }
        self.regions.insert(at, region);
    }

    fn remove_region(&mut self, index: usize) {
        if let Owner::Bucket(bucket) = self.regions.remove(index).owner {
            self.buckets[bucket] = None;
            self.vacant.push(bucket);
        }
    }

    #[inline]
    fn bucket(&self, index: usize) -> &Bucket {
        self.buckets[index].as_ref().expect("regions name live buckets")
    }

    #[inline]
    fn large(&self, index: usize) -> &Block {
        match &self.regions[index].owner {
            Owner::Large(block) => block,
            Owner::Bucket(_) => unreachable!("Found::Large names a large block"),
        }
    }

    #[inline]
    fn large_mut(&mut self, index: usize) -> &mut Block {
        match &mut self.regions[index].owner {
            Owner::Large(block) => block,
            Owner::Bucket(_) => unreachable!("Found::Large names a large block"),
        }
    }

    /// The full record of a found block, for a report.
    fn describe(&self, found: Found) -> Block {
        match found {
            Found::Large(index) => self.large(index).clone(),
            Found::Slot { bucket, slot, .. } => self.bucket(bucket).block(slot, &self.free_sites),
        }
    }

    #[inline(always)]
    fn layout_of(&self, found: Found) -> (usize, usize) {
        match found {
            Found::Large(index) => (self.large(index).size, self.large(index).align),
            Found::Slot { bucket, slot } => {
                let card = self.bucket(bucket).cards[slot];
                (card.size as usize, 1 << card.align_log2)
            }
        }
    }

    /// Finds the block `ptr` names, or records why it names none and
    /// returns `None`.
    // Always inlined: returned through memory, a `Found` costs a
    // store-forwarding stall on every free (see the benchmark in the book).
    #[inline(always)]
    fn lookup(&mut self, config: &Config, op: Op, ptr: NonNull<u8>, layout: Layout, at: &Site) -> Option<Found> {
        let addr = ptr.addr().get();
        let Some(index) = self.region_at(addr) else {
            self.not_found(config, op, addr, layout, at);
            return None;
        };
        let offset = addr - self.regions[index].start.addr().get();
        let (found, start_of_block, freed) = match self.regions[index].owner {
            Owner::Large(ref block) => (Found::Large(index), 0, block.freed_at.is_some()),
            Owner::Bucket(bucket_index) => {
                let bucket = self.bucket(bucket_index);
                let slot = offset >> bucket.class;
                let Some(card) = bucket.cards.get(slot) else {
                    self.record(config, Problem::NotOurs { op, layout, at: at.clone() });
                    return None;
                };
                let freed = card.freed || bucket.released;
                (Found::Slot { bucket: bucket_index, slot }, slot << bucket.class, freed)
            }
        };
        if offset == start_of_block && !freed {
            return Some(found);
        }
        self.misused(config, op, found, offset - start_of_block, at);
        None
    }

    /// A pointer into no region: a large block freed a moment ago, or not ours.
    #[cold]
    fn not_found(&mut self, config: &Config, op: Op, addr: usize, layout: Layout, at: &Site) {
        let problem = match self.recently_freed.iter().find(|(start, _)| *start == addr) {
            Some((_, block)) => Problem::DoubleFree { op, block: block.clone(), again_at: at.clone() },
            None => Problem::NotOurs { op, layout, at: at.clone() },
        };
        self.record(config, problem);
    }

    /// A pointer `offset` bytes into a block, or to a block already freed.
    #[cold]
    fn misused(&mut self, config: &Config, op: Op, found: Found, offset: usize, at: &Site) {
        let block = self.describe(found);
        let problem = if offset != 0 {
            Problem::Interior { op, block, offset, at: at.clone() }
        } else {
            Problem::DoubleFree { op, block, again_at: at.clone() }
        };
        self.record(config, problem);
    }
}

impl Bucket {
    #[inline]
    fn slot_size(&self) -> usize {
        1 << self.class
    }

    /// Where slot `slot` was allocated, and its block number.
    fn birth(&self, slot: usize) -> (Option<&'static Location<'static>>, u64) {
        let run = self.births[self.births.partition_point(|run| run.first_slot <= slot) - 1];
        (run.site, run.first_id + (slot - run.first_slot) as u64)
    }

    /// The index card of a slot, written out in full for a report.
    fn block(&self, slot: usize, free_sites: &SiteNumbers) -> Block {
        let card = self.cards[slot];
        let [alloc_trace, free_trace] = self.traces.get(slot).cloned().unwrap_or_default();
        let freed_at = match card.freed_at {
            SiteNumbers::FULL => self.freed_at_unnumbered.iter().find(|(at, _)| *at == slot).map(|&(_, site)| site),
            number => free_sites.get(number),
        };
        let (allocated_at, id) = self.birth(slot);
        Block {
            id,
            size: card.size as usize,
            align: 1 << card.align_log2,
            allocated_at: Site::from_parts(allocated_at, alloc_trace),
            freed_at: card.freed.then(|| Site::from_parts(freed_at, free_trace)),
        }
    }

    fn trace_slot(&mut self, slot: usize) -> &mut [Option<Trace>; 2] {
        while self.traces.len() <= slot {
            self.traces.push([None, None]);
        }
        &mut self.traces[slot]
    }

    /// Checks every handed-out slot: freed ones must still be all poison,
    /// live ones must have poison past their end. Re-poisons what it reports,
    /// so each write is reported once.
    fn inspect_all(&mut self, free_sites: &SiteNumbers) -> SysVec<Problem> {
        let slot_size = self.slot_size();
        let mut found = SysVec::new_in(System);
        for slot in 0..self.cards.len() {
            let card = self.cards[slot];
            // SAFETY: the slot lies inside this bucket's memory, which is
            // still ours (not released), and was poisoned or written in full.
            let start = unsafe { self.page.add(slot * slot_size) };
            let from = if card.freed { 0 } else { card.size as usize };
            // SAFETY: as above; the range `from..slot_size` is inside the slot.
            if let Some((offset, value)) = unsafe { damage(start, from, slot_size) } {
                let block = self.block(slot, free_sites);
                found.push(if card.freed {
                    Problem::WriteAfterFree { block, offset, value }
                } else {
                    Problem::Overflow { block, offset, value }
                });
            }
        }
        found
    }
}

/// Finds the first byte in `from..to` at `start` that is not [`POISON`],
/// returns its offset and value, and poisons the range again.
///
/// # Safety
/// `start..start + to` is memory this allocator owns, initialized.
unsafe fn damage(start: NonNull<u8>, from: usize, to: usize) -> Option<(usize, u8)> {
    // SAFETY: the caller guarantees the range is ours and initialized.
    let bytes = unsafe { core::slice::from_raw_parts_mut(start.add(from).as_ptr(), to - from) };
    // Whole chunks first: OR-ing the differences vectorizes, a byte search would not.
    let clean = |chunk: &[u8]| chunk.iter().fold(0, |any, &byte| any | (byte ^ POISON)) == 0;
    if bytes.chunks(256).all(clean) {
        return None;
    }
    let at = bytes.iter().position(|&byte| byte != POISON)?;
    let value = bytes[at];
    bytes.fill(POISON);
    Some((from + at, value))
}

// ANCHOR: alloc
impl<A: Allocator, L: Lock> DebugAllocator<A, L> {
    pub(crate) fn alloc_at(&self, layout: Layout, site: Site) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory); // the contract rules it out: refused
        }
        let config = &self.config;
        self.state.with(|state| {
            let requested = state.requested.checked_add(layout.size()).ok_or(OutOfMemory)?;
            if config.memory_limit.is_some_and(|limit| requested > limit) {
                return Err(OutOfMemory);
            }
            let class = size_class(layout);
            let ptr = if class < small_classes(config.bucket_size) {
                self.alloc_small(state, class, layout, site)?
            } else {
                let ptr = self.fresh_from_child(state, layout)?;
                let block = Block {
                    id: state.next_id(),
                    size: layout.size(),
                    align: layout.align(),
                    allocated_at: site,
                    freed_at: None,
                };
                state.insert_region(Region { start: ptr, len: layout.size(), owner: Owner::Large(block) });
                ptr
            };
            state.requested = requested;
            Ok(ptr)
        })
    }

    /// The next never-used slot of the class's current bucket, or slot 0 of
    /// a new bucket.
    fn alloc_small(
        &self,
        state: &mut State,
        class: u32,
        layout: Layout,
        site: Site,
    ) -> Result<NonNull<u8>, OutOfMemory> {
        let index = match state.current[class as usize] {
            Some(index) if state.buckets[index].as_ref().is_some_and(|b| b.cards.len() < b.capacity) => index,
            _ => self.new_bucket(state, class)?,
        };
        let bucket = state.buckets[index].as_mut().expect("current bucket is live");
        let slot = bucket.cards.len();
        let (location, trace) = site.into_parts();
        let id = state.last_id + 1;
        if !bucket.births.last().is_some_and(|run| run.continued_by(slot, id, location)) {
            bucket.births.try_reserve(1).map_err(|_| OutOfMemory)?;
            bucket.births.push(Birth { first_slot: slot, first_id: id, site: location });
        }
        state.last_id = id;
        let (size, align_log2) = (layout.size() as u32, layout.align().trailing_zeros() as u8);
        bucket.cards.push(Card { size, align_log2, freed: false, freed_at: SiteNumbers::NONE });
        if trace.is_some() {
            bucket.trace_slot(slot)[0] = trace;
        }
        // SAFETY: `slot < capacity`, so the slot lies inside the bucket's memory.
        let ptr = unsafe { bucket.page.add(slot << class) };
        if self.config.safety && layout.size() < 1 << class {
            // The slot's tail, past the requested size, is poisoned: bytes
            // that are not poison any more at free time reveal an overflow.
            // SAFETY: the tail lies inside the slot, which is ours.
            unsafe { ptr.add(layout.size()).write_bytes(POISON, (1 << class) - layout.size()) };
        }
        Ok(ptr)
    }

    /// Memory for a new bucket or large block. With `retain_metadata`, an
    /// address that a kept record still describes is never used again: a
    /// stale free of the old block could not be told from a free of the new
    /// one, and would free a live block. Such memory is held, unused, until
    /// drop, and the child is asked again.
    fn fresh_from_child(&self, state: &mut State, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        loop {
            let ptr = self.child.alloc(layout)?;
            if !state.overlaps(ptr.addr().get(), layout.size()) {
                return Ok(ptr);
            }
            if state.held.try_reserve(1).is_err() {
                // SAFETY: just allocated from the child with this layout.
                unsafe { self.child.free(ptr, layout) };
                return Err(OutOfMemory);
            }
            state.held.push((ptr, layout));
        }
    }

    fn new_bucket(&self, state: &mut State, class: u32) -> Result<usize, OutOfMemory> {
        let bucket_size = self.config.bucket_size;
        let page = self.fresh_from_child(state, bucket_layout(bucket_size, class))?;
        let capacity = bucket_size >> class;
        let mut cards = SysVec::new_in(System);
        // Reserved up front, so no allocation ever grows it.
        if cards.try_reserve_exact(capacity).is_err() {
            // SAFETY: `page` was just allocated with this layout.
            unsafe { self.child.free(page, bucket_layout(bucket_size, class)) };
            return Err(OutOfMemory);
        }
        let traces = SysVec::new_in(System);
        let bucket = Bucket {
            page,
            class,
            capacity,
            cards,
            births: SysVec::new_in(System),
            freed_at_unnumbered: SysVec::new_in(System),
            traces,
            freed: 0,
            released: false,
        };
        let index = match state.vacant.pop() {
            Some(index) => {
                state.buckets[index] = Some(bucket);
                index
            }
            None => {
                state.buckets.push(Some(bucket));
                state.buckets.len() - 1
            }
        };
        state.insert_region(Region { start: page, len: bucket_size, owner: Owner::Bucket(index) });
        state.current[class as usize] = Some(index);
        Ok(index)
    }
}
// ANCHOR_END: alloc

// ANCHOR: free
impl<A: Allocator, L: Lock> DebugAllocator<A, L> {
    pub(crate) fn free_at(&self, ptr: NonNull<u8>, layout: Layout, site: Site) {
        let config = &self.config;
        self.state.with(|state| {
            let Some(found) = state.lookup(config, Op::Free, ptr, layout, &site) else { return };
            let (size, align) = state.layout_of(found);
            if config.safety && (size != layout.size() || align != layout.align()) {
                // Report it, then free what was allocated, not what the caller claims.
                let block = state.describe(found);
                state.record(config, Problem::WrongLayout { op: Op::Free, block, given: layout, at: site.clone() });
            }
            state.requested -= size;
            match found {
                Found::Large(index) => {
                    state.large_mut(index).freed_at = Some(site);
                    self.free_large(state, index);
                }
                Found::Slot { bucket, slot, .. } => self.free_small(state, bucket, slot, site),
            }
        })
    }

    fn free_large(&self, state: &mut State, index: usize) {
        let Region { start, owner: Owner::Large(block), .. } = &state.regions[index] else {
            unreachable!("Found::Large names a large block")
        };
        let (start, layout) = (*start, block.layout());
        if self.config.never_unmap {
            if self.config.safety {
                // SAFETY: the block is ours and stays mapped (never_unmap).
                unsafe { start.write_bytes(POISON, layout.size()) };
            }
            return; // the card stays: `check` watches the memory, drop frees it.
        }
        // SAFETY: a live large block, allocated from the child with this layout.
        unsafe { self.child.free(start, layout) };
        if !self.config.retain_metadata {
            let Owner::Large(block) = state.regions.remove(index).owner else {
                unreachable!("Found::Large names a large block")
            };
            if state.recently_freed.len() == RECENTLY_FREED {
                state.recently_freed.remove(0);
            }
            // Best effort: without room, the next free of it is "never handed out".
            if state.recently_freed.try_reserve(1).is_ok() {
                state.recently_freed.push((start.addr().get(), block));
            }
        }
    }

    fn free_small(&self, state: &mut State, index: usize, slot: usize, site: Site) {
        let config = &self.config;
        let (location, trace) = site.into_parts();
        let freed_at = state.free_sites.number(location);
        let bucket = state.buckets[index].as_mut().expect("live bucket");
        let card = &mut bucket.cards[slot];
        (card.freed, card.freed_at) = (true, freed_at);
        let size = card.size as usize;
        if let (SiteNumbers::FULL, Some(location)) = (freed_at, location) {
            // Best effort: without room, the report says "<global allocator>".
            if bucket.freed_at_unnumbered.try_reserve(1).is_ok() {
                bucket.freed_at_unnumbered.push((slot, location));
            }
        }
        if trace.is_some() {
            bucket.trace_slot(slot)[1] = trace;
        }
        bucket.freed += 1;
        if config.safety {
            // SAFETY: the slot is inside the bucket's memory.
            let start = unsafe { bucket.page.add(slot << bucket.class) };
            let overflow = if size < bucket.slot_size() {
                // SAFETY: the tail `size..slot_size` is inside the slot and
                // was initialized (poisoned) when the block was allocated.
                unsafe { damage(start, size, bucket.slot_size()) }
            } else {
                None
            };
            // SAFETY: the slot is ours and `slot_size` bytes long: quarantine it whole.
            unsafe { start.write_bytes(POISON, bucket.slot_size()) };
            if let Some((offset, value)) = overflow {
                let mut block = bucket.block(slot, &state.free_sites);
                block.freed_at = None; // it was live when it overflowed
                state.record(config, Problem::Overflow { block, offset, value });
            }
        }
        if state.bucket(index).freed == state.bucket(index).capacity {
            self.release_bucket(state, index);
        }
    }

    /// Every slot was handed out and freed: check the quarantine one last
    /// time, then give the memory back (unless `never_unmap`).
    fn release_bucket(&self, state: &mut State, index: usize) {
        let config = &self.config;
        let bucket = state.buckets[index].as_mut().expect("live bucket");
        let damage = if config.safety { bucket.inspect_all(&state.free_sites) } else { SysVec::new_in(System) };
        let (page, class) = (bucket.page, bucket.class);
        if state.current[class as usize] == Some(index) {
            state.current[class as usize] = None;
        }
        for problem in damage {
            state.record(config, problem);
        }
        if config.never_unmap {
            return;
        }
        // SAFETY: the bucket's memory came from the child with this layout and no slot is live.
        unsafe { self.child.free(page, bucket_layout(config.bucket_size, class)) };
        if config.retain_metadata {
            state.buckets[index].as_mut().expect("live bucket").released = true;
        } else {
            let region = state.region_at(page.addr().get()).expect("a bucket has a region");
            state.remove_region(region);
        }
    }
}
// ANCHOR_END: free

impl<A: Allocator, L: Lock> DebugAllocator<A, L> {
    /// `resize` and `remap`: the block keeps its size class (small) or stays
    /// large, as in Zig. A request the allocator cannot meet — a wrong
    /// layout, a size past the memory limit or past `isize::MAX` — changes
    /// nothing and says so (`None`).
    pub(crate) fn resize_at(
        &self,
        ptr: NonNull<u8>,
        layout: Layout,
        new_size: usize,
        site: Site,
        op: Op,
    ) -> Option<NonNull<u8>> {
        let config = &self.config;
        self.state.with(|state| {
            let found = state.lookup(config, op, ptr, layout, &site)?;
            if new_size == 0 {
                return None; // the contract rules it out: refused
            }
            let (size, align) = state.layout_of(found);
            if config.safety && (size, align) != (layout.size(), layout.align()) {
                let block = state.describe(found);
                state.record(config, Problem::WrongLayout { op, block, given: layout, at: site });
                return None;
            }
            // From the recorded size, not the caller's: with safety off a
            // wrong layout must not corrupt the count (or underflow it).
            let requested = (state.requested - size).checked_add(new_size)?;
            if new_size > size && config.memory_limit.is_some_and(|limit| requested > limit) {
                return None;
            }
            let new_layout = Layout::from_size_align(new_size, align).ok()?;
            let moved_to = match found {
                Found::Slot { bucket, slot, .. } => self.resize_small(state, bucket, slot, ptr, size, new_layout)?,
                Found::Large(index) => self.resize_large(state, index, op, new_layout)?,
            };
            state.requested = requested;
            Some(moved_to)
        })
    }

    /// A small block resizes in place within its slot, never leaving its class.
    fn resize_small(
        &self,
        state: &mut State,
        index: usize,
        slot: usize,
        ptr: NonNull<u8>,
        size: usize,
        new_layout: Layout,
    ) -> Option<NonNull<u8>> {
        let bucket = state.buckets[index].as_mut().expect("live bucket");
        if size_class(new_layout) != bucket.class {
            return None; // a block never changes size class (Zig's rule)
        }
        let new_size = new_layout.size();
        if self.config.safety && new_size < size {
            // SAFETY: the cut-off tail is inside the live slot.
            unsafe { ptr.add(new_size).write_bytes(POISON, size - new_size) };
        }
        bucket.cards[slot].size = new_size as u32;
        Some(ptr)
    }

    /// A large block asks the child, and never becomes small.
    fn resize_large(&self, state: &mut State, index: usize, op: Op, new_layout: Layout) -> Option<NonNull<u8>> {
        if size_class(new_layout) < small_classes(self.config.bucket_size) {
            return None;
        }
        let (start, old_layout) = (state.regions[index].start, state.large(index).layout());
        let new_size = new_layout.size();
        let moved_to = match op {
            // SAFETY: a live large block of the child, with its recorded layout.
            Op::Remap => unsafe { self.child.remap(start, old_layout, new_size) }?,
            // SAFETY: as above.
            _ => unsafe { self.child.resize(start, old_layout, new_size) }.then_some(start)?,
        };
        let mut region = state.regions.remove(index);
        region.start = moved_to;
        region.len = new_size;
        if let Owner::Large(block) = &mut region.owner {
            block.size = new_size;
        }
        state.insert_region(region);
        Some(moved_to)
    }
}

// ANCHOR: interface
// SAFETY: small blocks are disjoint slots of buckets the child gave us, each
// aligned to its size class (≥ the requested alignment, since the bucket is
// aligned to the class); large blocks come straight from the child. Slots
// are never handed out twice, and memory goes back to the child only when
// none of its blocks is live. Bad pointers are looked up in our own records
// before anything is touched, so misuse is reported instead of corrupting state.
unsafe impl<A: Allocator, L: Lock> Allocator for DebugAllocator<A, L> {
    #[track_caller]
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        self.alloc_at(layout, Site::here(self.config.stack_frames))
    }

    #[track_caller]
    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        self.resize_at(ptr, layout, new_size, Site::here(self.config.stack_frames), Op::Resize).is_some()
    }

    #[track_caller]
    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        self.resize_at(ptr, layout, new_size, Site::here(self.config.stack_frames), Op::Remap)
    }

    #[track_caller]
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        self.free_at(ptr, layout, Site::here(self.config.stack_frames))
    }
}
// ANCHOR_END: interface

allocator_interface::impl_allocator_api2!([A: Allocator, L: Lock] DebugAllocator<A, L>);

impl<A: Allocator, L: Lock> Drop for DebugAllocator<A, L> {
    /// Reports leaks (when `log_problems` is on) and gives every byte it
    /// still holds back to the child — leaked blocks included, so the
    /// child sees no leak of its own.
    fn drop(&mut self) {
        if self.config.log_problems
            && let Some(leaks) = self.leaks()
        {
            let _ = writeln!(std::io::stderr(), "debug allocator: {leaks:#}");
        }
        let bucket_size = self.config.bucket_size;
        let state = self.state.get_mut();
        for region in state.regions.drain(..) {
            let layout = match &region.owner {
                Owner::Bucket(index) => match &state.buckets[*index] {
                    Some(bucket) if !bucket.released => bucket_layout(bucket_size, bucket.class),
                    _ => continue,
                },
                Owner::Large(block) if block.freed_at.is_none() || self.config.never_unmap => block.layout(),
                Owner::Large(_) => continue,
            };
            // SAFETY: the region's memory came from the child with this layout and was not given back.
            unsafe { self.child.free(region.start, layout) };
        }
        for (ptr, layout) in state.held.drain(..) {
            // SAFETY: held memory came from the child with this layout and was never used.
            unsafe { self.child.free(ptr, layout) };
        }
    }
}

impl<A: Allocator + fmt::Debug, L: Lock> fmt::Debug for DebugAllocator<A, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DebugAllocator")
            .field("child", &self.child)
            .field("config", &self.config)
            .field("requested_bytes", &self.requested_bytes())
            .finish_non_exhaustive()
    }
}
