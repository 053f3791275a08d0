//! The debug allocator: Zig's `std.heap.DebugAllocator`, the librarian who
//! keeps an index card for every block it lends out.

use crate::config::{Config, POISON};
use crate::report::{Block, LeakReport, Op, Problem, Report};
use crate::site::Site;
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::RefCell;
use core::fmt::{self, Write as _};
use core::ptr::NonNull;
use page_allocator::PageAllocator;
use std::alloc::System;
use std::io::Write as _;
use std::sync::{Mutex, PoisonError};

/// A vector in the system allocator: the allocator's own bookkeeping never
/// comes from the allocator it describes (so it can be the global allocator).
type SysVec<T> = allocator_api2::vec::Vec<T, System>;

// ANCHOR: struct
/// An allocator that tracks every block it hands out and reports misuse:
/// leaks, double frees, foreign pointers, wrong sizes, overflows and writes
/// after free. Small blocks are cut from buckets of one size class each;
/// large ones go straight to the child allocator `A`.
///
/// `L` chooses the lock: [`Threaded`] (a mutex, `Sync`) or
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

/// A mutex around the state: the allocator can be shared between threads.
#[derive(Debug)]
pub struct Threaded(Mutex<State>);

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
    const NEW: Self = Threaded(Mutex::new(State::NEW));
    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        // A panic while the lock was held (say, in the child allocator)
        // leaves the state consistent: every update is completed or not begun.
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
    fn get_mut(&mut self) -> &mut State {
        self.0.get_mut().unwrap_or_else(PoisonError::into_inner)
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
    /// Number of the last block handed out.
    last_id: u64,
    /// Bytes requested and not freed: what the memory limit is checked against.
    requested: usize,
    problems: SysVec<Problem>,
}

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
    slots: SysVec<Block>,
    freed: usize,
    /// The memory went back to the child; the cards are kept (retain_metadata).
    released: bool,
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
        last_id: 0,
        requested: 0,
        problems: SysVec::new_in(System),
    };
}

// ANCHOR: size_class
/// The size class of a request: the smallest power of two that holds its
/// size and satisfies its alignment, as an exponent (`32 bytes` → 5).
pub fn size_class(layout: Layout) -> u32 {
    let size_class = usize::BITS - (layout.size().max(1) - 1).leading_zeros();
    size_class.max(layout.align().trailing_zeros())
}

/// Classes below this go into buckets; from here up, straight to the child.
/// Zig's rule: a bucket holds at least four slots... of its largest class.
pub fn small_classes(bucket_size: usize) -> u32 {
    bucket_size.trailing_zeros() - 1
}
// ANCHOR_END: size_class

fn bucket_layout(bucket_size: usize, class: u32) -> Layout {
    Layout::from_size_align(bucket_size, 1 << class).expect("bucket sizes are powers of two")
}

/// Where a pointer handed to free/resize/remap leads.
enum Found {
    Large(usize),
    Slot { bucket: usize, slot: usize },
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
        assert!(config.bucket_size.is_power_of_two() && config.bucket_size >= 64, "bucket_size: a power of two ≥ 64");
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
            live.extend(state.live_blocks().filter(|block| block.id > after).cloned());
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
                let region = &mut state.regions[index];
                let damage: SysVec<Problem> = match &mut region.owner {
                    Owner::Bucket(bucket) => {
                        let bucket = state.buckets[*bucket].as_mut().expect("regions name live buckets");
                        if bucket.released { SysVec::new_in(System) } else { bucket.inspect_all() }
                    }
                    Owner::Large(block) if block.freed_at.is_some() && self.config.never_unmap => {
                        // SAFETY: `never_unmap` keeps a freed large block's memory mapped.
                        let mut damage = SysVec::new_in(System);
                        damage.extend(unsafe { inspect(region.start, 0, region.len, block, Damage::AfterFree) });
                        damage
                    }
                    Owner::Large(_) => SysVec::new_in(System),
                };
                for problem in damage {
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
        let (mut shelves, mut large) = self.state.with(|state| {
            let mut shelves = SysVec::new_in(System);
            for (index, bucket) in state.buckets.iter().enumerate() {
                let Some(bucket) = bucket else { continue };
                let mut slots = SysVec::new_in(System);
                slots.extend((0..bucket.capacity).map(|slot| match bucket.slots.get(slot) {
                    _ if bucket.released => ' ',
                    Some(block) if block.freed_at.is_none() => '#',
                    Some(_) => 'x',
                    None => '.',
                }));
                shelves.push((bucket.class, index, slots, bucket.freed, bucket.released));
            }
            let mut large = SysVec::new_in(System);
            for region in &state.regions {
                if let Owner::Large(block) = &region.owner {
                    large.push(block.clone());
                }
            }
            (shelves, large)
        });
        shelves.sort_by_key(|&(class, index, ..)| (class, index));
        large.sort_by_key(|block| block.id);
        let mut out = String::new();
        for (class, _, slots, freed, released) in shelves {
            let live = slots.iter().filter(|&&slot| slot == '#').count();
            let slots: String = slots.into_iter().collect();
            let released = if released { ", memory released" } else { "" };
            let _ = writeln!(out, "{:>6} B slots |{slots}| {live} live, {freed} freed{released}", 1usize << class);
        }
        for block in large {
            let status = if block.freed_at.is_some() { "freed" } else { "live" };
            let _ = writeln!(out, "   large {block}: {status}");
        }
        out
    }
    // ANCHOR_END: shelves
}

impl State {
    fn live_blocks(&self) -> impl Iterator<Item = &Block> {
        self.regions.iter().flat_map(move |region| {
            let blocks: &[Block] = match &region.owner {
                Owner::Bucket(index) => match &self.buckets[*index] {
                    Some(bucket) if !bucket.released => &bucket.slots,
                    _ => &[],
                },
                Owner::Large(block) => core::slice::from_ref(block),
            };
            blocks.iter().filter(|block| block.freed_at.is_none())
        })
    }

    fn record(&mut self, config: &Config, problem: Problem) {
        if config.log_problems {
            // Writing to stderr does not allocate; errors writing it are not ours to report.
            let _ = writeln!(std::io::stderr(), "debug allocator: {problem}");
        }
        self.problems.push(problem);
    }

    fn next_block(&mut self, layout: Layout, site: Site) -> Block {
        self.last_id += 1;
        Block { id: self.last_id, size: layout.size(), align: layout.align(), allocated_at: site, freed_at: None }
    }

    /// The region holding address `addr`, if any.
    fn region_at(&self, addr: usize) -> Option<usize> {
        let after = self.regions.partition_point(|region| region.start.addr().get() <= addr);
        let index = after.checked_sub(1)?;
        let region = &self.regions[index];
        (addr - region.start.addr().get() < region.len).then_some(index)
    }

    /// Adds a region, replacing records of released memory the child has
    /// handed out again (only kept ones can overlap: `retain_metadata`).
    fn insert_region(&mut self, region: Region) {
        let (start, end) = (region.start.addr().get(), region.start.addr().get() + region.len);
        let mut at = self.regions.partition_point(|r| r.start.addr().get() < start);
        while at > 0 && self.regions[at - 1].start.addr().get() + self.regions[at - 1].len > start {
            at -= 1;
        }
        while at < self.regions.len() && self.regions[at].start.addr().get() < end {
            let stale = self.regions.remove(at);
            if let Owner::Bucket(index) = stale.owner {
                self.buckets[index] = None;
                self.vacant.push(index);
            }
        }
        self.regions.insert(at, region);
    }

    fn remove_region(&mut self, index: usize) {
        if let Owner::Bucket(bucket) = self.regions.remove(index).owner {
            self.buckets[bucket] = None;
            self.vacant.push(bucket);
        }
    }

    /// Finds the block `ptr` names, or records why it names none and
    /// returns `None`.
    fn lookup(&mut self, config: &Config, op: Op, ptr: NonNull<u8>, layout: Layout, at: &Site) -> Option<Found> {
        let addr = ptr.addr().get();
        let Some(index) = self.region_at(addr) else {
            self.record(config, Problem::NotOurs { op, layout, at: at.clone() });
            return None;
        };
        let offset = addr - self.regions[index].start.addr().get();
        let (found, block) = match &self.regions[index].owner {
            Owner::Large(block) => (Found::Large(index), block),
            &Owner::Bucket(bucket_index) => {
                let bucket = self.buckets[bucket_index].as_ref().expect("regions name live buckets");
                let slot = offset >> bucket.class;
                let Some(block) = bucket.slots.get(slot) else {
                    self.record(config, Problem::NotOurs { op, layout, at: at.clone() });
                    return None;
                };
                (Found::Slot { bucket: bucket_index, slot }, block)
            }
        };
        let start_of_block = match found {
            Found::Large(_) => 0,
            Found::Slot { slot, bucket } => slot << self.buckets[bucket].as_ref().map_or(0, |b| b.class),
        };
        let problem = if offset != start_of_block {
            Problem::Interior { op, block: block.clone(), offset: offset - start_of_block, at: at.clone() }
        } else if block.freed_at.is_some() {
            Problem::DoubleFree { op, block: block.clone(), again_at: at.clone() }
        } else {
            return Some(found);
        };
        self.record(config, problem);
        None
    }

    fn block_mut(&mut self, found: &Found) -> &mut Block {
        match *found {
            Found::Large(index) => match &mut self.regions[index].owner {
                Owner::Large(block) => block,
                Owner::Bucket(_) => unreachable!("Found::Large names a large block"),
            },
            Found::Slot { bucket, slot } => &mut self.buckets[bucket].as_mut().expect("live bucket").slots[slot],
        }
    }
}

impl Bucket {
    fn slot_size(&self) -> usize {
        1 << self.class
    }

    /// Checks every handed-out slot: freed ones must still be all poison,
    /// live ones must have poison past their end. Re-poisons what it reports,
    /// so each write is reported once.
    fn inspect_all(&mut self) -> SysVec<Problem> {
        let slot_size = self.slot_size();
        let mut found = SysVec::new_in(System);
        for (slot, block) in self.slots.iter().enumerate() {
            // SAFETY: the slot lies inside this bucket's memory, which is
            // still ours (not released), and was poisoned or written in full.
            let start = unsafe { self.page.add(slot * slot_size) };
            let (from, kind) =
                if block.freed_at.is_some() { (0, Damage::AfterFree) } else { (block.size, Damage::PastEnd) };
            // SAFETY: as above; the range `from..slot_size` is inside the slot.
            found.extend(unsafe { inspect(start, from, slot_size, block, kind) });
        }
        found
    }
}

#[derive(Clone, Copy)]
enum Damage {
    AfterFree,
    PastEnd,
}

/// Returns a problem if bytes `from..to` at `start` are not all [`POISON`],
/// and poisons them again.
///
/// # Safety
/// `start..start + to` is memory this allocator owns, initialized.
unsafe fn inspect(start: NonNull<u8>, from: usize, to: usize, block: &Block, kind: Damage) -> Option<Problem> {
    // SAFETY: the caller guarantees the range is ours and initialized.
    let bytes = unsafe { core::slice::from_raw_parts_mut(start.add(from).as_ptr(), to - from) };
    let at = bytes.iter().position(|&byte| byte != POISON)?;
    let (offset, value) = (from + at, bytes[at]);
    bytes.fill(POISON);
    let block = block.clone();
    Some(match kind {
        Damage::AfterFree => Problem::WriteAfterFree { block, offset, value },
        Damage::PastEnd => Problem::Overflow { block, offset, value },
    })
}

// ANCHOR: alloc
impl<A: Allocator, L: Lock> DebugAllocator<A, L> {
    pub(crate) fn alloc_at(&self, layout: Layout, site: Site) -> Result<NonNull<u8>, OutOfMemory> {
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
                let ptr = self.child.alloc(layout)?;
                let block = state.next_block(layout, site);
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
            Some(index) if state.buckets[index].as_ref().is_some_and(|b| b.slots.len() < b.capacity) => index,
            _ => self.new_bucket(state, class)?,
        };
        let block = state.next_block(layout, site);
        let bucket = state.buckets[index].as_mut().expect("current bucket is live");
        let slot = bucket.slots.len();
        bucket.slots.push(block);
        // SAFETY: `slot < capacity`, so the slot lies inside the bucket's memory.
        let ptr = unsafe { bucket.page.add(slot << class) };
        if self.config.safety {
            // Fresh memory reads as poison, like Zig's `undefined`: and the
            // bytes past the requested size reveal an overflow at free time.
            // SAFETY: the slot is ours and `1 << class` bytes long.
            unsafe { ptr.write_bytes(POISON, 1 << class) };
        }
        Ok(ptr)
    }

    fn new_bucket(&self, state: &mut State, class: u32) -> Result<usize, OutOfMemory> {
        let bucket_size = self.config.bucket_size;
        let page = self.child.alloc(bucket_layout(bucket_size, class))?;
        let capacity = bucket_size >> class;
        let mut slots = SysVec::new_in(System);
        if slots.try_reserve_exact(capacity).is_err() {
            // SAFETY: `page` was just allocated with this layout.
            unsafe { self.child.free(page, bucket_layout(bucket_size, class)) };
            return Err(OutOfMemory);
        }
        let bucket = Bucket { page, class, capacity, slots, freed: 0, released: false };
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
            let block = state.block_mut(&found);
            let wrong_layout = config.safety && block.layout() != layout;
            let freed = block.clone();
            block.freed_at = Some(site.clone());
            state.requested -= freed.size;
            if wrong_layout {
                // Free what was allocated, not what the caller claims.
                state.record(
                    config,
                    Problem::WrongLayout { op: Op::Free, block: freed.clone(), given: layout, at: site },
                );
            }
            match found {
                Found::Large(index) => self.free_large(state, index, &freed),
                Found::Slot { bucket, slot } => self.free_small(state, bucket, slot, &freed),
            }
        })
    }

    fn free_large(&self, state: &mut State, index: usize, block: &Block) {
        let start = state.regions[index].start;
        if self.config.never_unmap {
            if self.config.safety {
                // SAFETY: the block is ours and stays mapped (never_unmap).
                unsafe { start.write_bytes(POISON, block.size) };
            }
            return; // the card stays: `check` watches the memory, drop frees it.
        }
        // SAFETY: a live large block, allocated from the child with this layout.
        unsafe { self.child.free(start, block.layout()) };
        if !self.config.retain_metadata {
            state.remove_region(index);
        }
    }

    fn free_small(&self, state: &mut State, index: usize, slot: usize, block: &Block) {
        let config = &self.config;
        let bucket = state.buckets[index].as_mut().expect("live bucket");
        if config.safety {
            // SAFETY: the slot is inside the bucket's memory, initialized
            // (poisoned at allocation, then written by its owner).
            let start = unsafe { bucket.page.add(slot << bucket.class) };
            // SAFETY: as above; the slot is `slot_size` bytes long.
            let overflow = unsafe { inspect(start, block.size, bucket.slot_size(), block, Damage::PastEnd) };
            // SAFETY: as above: quarantine the whole slot.
            unsafe { start.write_bytes(POISON, bucket.slot_size()) };
            if let Some(problem) = overflow {
                state.record(config, problem);
            }
        }
        let bucket = state.buckets[index].as_mut().expect("live bucket");
        bucket.freed += 1;
        if bucket.freed == bucket.capacity {
            self.release_bucket(state, index);
        }
    }

    /// Every slot was handed out and freed: check the quarantine one last
    /// time, then give the memory back (unless `never_unmap`).
    fn release_bucket(&self, state: &mut State, index: usize) {
        let config = &self.config;
        let bucket = state.buckets[index].as_mut().expect("live bucket");
        let damage = if config.safety { bucket.inspect_all() } else { SysVec::new_in(System) };
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
            let block = state.block_mut(&found);
            if config.safety && block.layout() != layout {
                let block = block.clone();
                state.record(config, Problem::WrongLayout { op, block, given: layout, at: site });
                return None;
            }
            let requested = state.requested - layout.size() + new_size;
            if new_size > layout.size() && config.memory_limit.is_some_and(|limit| requested > limit) {
                return None;
            }
            let new_layout = Layout::from_size_align(new_size, layout.align()).ok()?;
            let moved_to = match found {
                Found::Slot { bucket, .. } => {
                    let bucket = state.buckets[bucket].as_ref().expect("live bucket");
                    if size_class(new_layout) != bucket.class {
                        return None; // a block never changes size class (Zig's rule)
                    }
                    if config.safety && new_size < layout.size() {
                        // SAFETY: the cut-off tail is inside the live slot.
                        unsafe { ptr.add(new_size).write_bytes(POISON, layout.size() - new_size) };
                    }
                    ptr
                }
                Found::Large(index) => {
                    if size_class(new_layout) < small_classes(config.bucket_size) {
                        return None; // and never moves from large to small
                    }
                    let start = state.regions[index].start;
                    let moved_to = match op {
                        // SAFETY: a live large block of the child, with its recorded layout.
                        Op::Remap => unsafe { self.child.remap(start, layout, new_size) }?,
                        // SAFETY: as above.
                        _ => unsafe { self.child.resize(start, layout, new_size) }.then_some(start)?,
                    };
                    let mut region = state.regions.remove(index);
                    region.start = moved_to;
                    region.len = new_size;
                    state.insert_region(region);
                    moved_to
                }
            };
            let found = match found {
                Found::Large(_) => Found::Large(state.region_at(moved_to.addr().get()).expect("just inserted")),
                slot => slot,
            };
            state.block_mut(&found).size = new_size;
            state.requested = requested;
            Some(moved_to)
        })
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
