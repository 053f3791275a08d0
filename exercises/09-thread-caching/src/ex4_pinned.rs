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

use thread_caching::classes::MAX_SMALL;

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

/// The model heap: which blocks are live, and where.
#[derive(Debug, Default)]
pub struct SlabModel {
    // TODO: your fields. What must you know about a live id to free it, and
    // about a class's slabs to place a new block by the rule above?
}

impl SlabModel {
    /// A heap with nothing mapped.
    pub fn new() -> Self {
        Self::default()
    }

    /// Plays one op and returns the three lines after it.
    //
    // TODO: a trace can contradict itself — a free of an id that is not live
    // (never allocated, or freed already), an alloc of an id that is live, a
    // size of 0 (no Rust program asks for it). Such an op changes nothing
    // and is counted in `contradictions`. Sizes up to `MAX_SMALL` (included)
    // go to slabs; a slab's memory counts from its mapping to its unmapping,
    // however few of its blocks are live.
    pub fn apply(&mut self, op: Op) -> Point {
        todo!("play {op:?}; slabs serve up to {MAX_SMALL} bytes, pages the rest")
    }

    /// Ops that contradicted the trace so far.
    pub fn contradictions(&self) -> usize {
        todo!("count the ops that changed nothing")
    }

    /// The slabs that keep memory resident for little: those holding at
    /// least one live block but fewer than one in eight of their capacity.
    /// Ordered by class size, then by when the slab was mapped.
    pub fn pinned(&self) -> Vec<Pinned> {
        todo!("find the slabs that a few blocks keep mapped")
    }
}

/// Every point of a whole trace, from an empty heap: the chart.
pub fn chart(trace: &[Op]) -> Vec<Point> {
    let mut model = SlabModel::new();
    trace.iter().map(|&op| model.apply(op)).collect()
}
