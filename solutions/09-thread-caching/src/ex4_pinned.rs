//! Exercise thread-caching-4: reading a fragmentation chart, by drawing one.
//!
//! The lab's charts (09/fragmentation.md) have three lines: what the program
//! asked for (**requested**), what the allocator set aside for it
//! (**usable**: the blocks' full sizes) and what the kernel had to back with
//! memory (**resident**). You compute all three for a simple slab heap, op
//! by op, from a trace — and then say what keeps the resident line up after
//! the program has let go.
//!
//! The heap you model, and nothing more (no caches, no pool, no purge):
//! - A size from 1 to `MAX_SMALL` bytes gets a block of its size class (the
//!   chapter's `class_of_size` and `class_size`). Blocks live in slabs of
//!   `SLAB` bytes, one class per slab, `blocks_per_slab(class)` to a slab.
//!   A new block goes into the class's **oldest** slab that has room (the
//!   first made, of those still mapped); only when none has room is a new
//!   slab mapped. A slab whose last block is freed is unmapped at once.
//! - A bigger size gets whole pages of `PAGE` bytes, its own, unmapped when
//!   it is freed.
//! - Resident memory is every mapped slab and page, in full.
//!
//! ```text
//!   requested  ▁▃▆█▆▃▁▃▆█▆▃▁      the program
//!   usable     ▁▃▇█▇▃▁▃▇█▇▃▁      + the rounding up to a class
//!   resident   ▁▄███████████      + the slabs a few live blocks keep mapped
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use thread_caching::classes::{CLASSES, class_of_size, class_size};
use thread_caching::heap::blocks_per_slab;

/// Slabs are this big, as in the chapter.
pub const SLAB: usize = thread_caching::heap::SLAB;

/// The page size the model maps big blocks with.
pub const PAGE: usize = 4096;

/// One call of a traced program. Ids name blocks: an `Alloc` makes the block
/// `id` live, a `Free` ends it, and the id may be used again afterwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Alloc { id: u32, size: usize },
    Free { id: u32 },
}

/// The chart's three lines at one moment, in bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Point {
    pub requested: usize,
    pub usable: usize,
    pub resident: usize,
}

/// A slab kept mapped by a few live blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pinned {
    /// The block size of the slab's class.
    pub class_size: usize,
    /// Live blocks in the slab.
    pub live: usize,
    /// Blocks the slab holds.
    pub capacity: usize,
}

/// Where a live block is.
#[derive(Clone, Copy, Debug)]
enum Place {
    /// In slab number `slab` of `class`.
    Slab { class: usize, slab: u64 },
    /// In pages of its own, this many bytes of them.
    Pages(usize),
}

/// A live block: what the program asked for, and where it got it.
#[derive(Clone, Copy, Debug)]
struct Live {
    size: usize,
    place: Place,
}

/// The model heap: which blocks are live, and where.
#[derive(Debug, Default)]
pub struct SlabModel {
    live: HashMap<u32, Live>,
    /// Per class, its mapped slabs by number (numbers grow: the oldest
    /// first) with their live blocks, and those of them that have room.
    slabs: Vec<BTreeMap<u64, usize>>,
    room: Vec<BTreeSet<u64>>,
    next_slab: u64,
    /// The three lines, kept up to date op by op.
    now: Point,
    contradictions: usize,
}

impl SlabModel {
    /// A heap with nothing mapped.
    pub fn new() -> Self {
        Self { slabs: vec![BTreeMap::new(); CLASSES], room: vec![BTreeSet::new(); CLASSES], ..Self::default() }
    }

    /// Plays one op and returns the three lines after it.
    pub fn apply(&mut self, op: Op) -> Point {
        let played = match op {
            Op::Alloc { id, size } if size > 0 && !self.live.contains_key(&id) => {
                self.alloc(id, size);
                true
            }
            Op::Alloc { .. } => false,
            Op::Free { id } => match self.live.remove(&id) {
                Some(block) => {
                    self.free(block);
                    true
                }
                None => false,
            },
        };
        self.contradictions += usize::from(!played);
        self.now
    }

    fn alloc(&mut self, id: u32, size: usize) {
        let place = match class_of_size(size) {
            Some(class) => {
                let slab = self.slab_with_room(class);
                let live = self.slabs[class].get_mut(&slab).expect("a mapped slab");
                *live += 1;
                if *live == blocks_per_slab(class) {
                    self.room[class].remove(&slab);
                }
                self.now.usable += class_size(class);
                Place::Slab { class, slab }
            }
            None => {
                let pages = size.next_multiple_of(PAGE);
                self.now.usable += pages;
                self.now.resident += pages;
                Place::Pages(pages)
            }
        };
        self.now.requested += size;
        self.live.insert(id, Live { size, place });
    }

    /// The oldest slab of `class` with room, mapping one if none has.
    fn slab_with_room(&mut self, class: usize) -> u64 {
        if let Some(&oldest) = self.room[class].first() {
            return oldest;
        }
        let slab = self.next_slab;
        self.next_slab += 1;
        self.slabs[class].insert(slab, 0);
        self.room[class].insert(slab);
        self.now.resident += SLAB;
        slab
    }

    fn free(&mut self, block: Live) {
        self.now.requested -= block.size;
        match block.place {
            Place::Slab { class, slab } => {
                self.now.usable -= class_size(class);
                let live = self.slabs[class].get_mut(&slab).expect("a live block's slab is mapped");
                *live -= 1;
                if *live == 0 {
                    self.slabs[class].remove(&slab);
                    self.room[class].remove(&slab);
                    self.now.resident -= SLAB;
                } else {
                    self.room[class].insert(slab);
                }
            }
            Place::Pages(pages) => {
                self.now.usable -= pages;
                self.now.resident -= pages;
            }
        }
    }

    /// Ops that contradicted the trace so far.
    pub fn contradictions(&self) -> usize {
        self.contradictions
    }

    /// The slabs that keep memory resident for little: those holding at
    /// least one live block but fewer than one in eight of their capacity.
    /// Ordered by class size, then by when the slab was mapped.
    pub fn pinned(&self) -> Vec<Pinned> {
        self.slabs
            .iter()
            .enumerate()
            .flat_map(|(class, slabs)| {
                let capacity = blocks_per_slab(class);
                slabs.values().filter(move |&&live| live * 8 < capacity).map(move |&live| Pinned {
                    class_size: class_size(class),
                    live,
                    capacity,
                })
            })
            .collect()
    }
}

/// Every point of a whole trace, from an empty heap: the chart.
pub fn chart(trace: &[Op]) -> Vec<Point> {
    let mut model = SlabModel::new();
    trace.iter().map(|&op| model.apply(op)).collect()
}
