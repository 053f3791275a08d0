//! Exercise thread-caching-3: when a cache goes to the heap.
//!
//! A thread cache is fast because it rarely takes the heap's lock — and
//! correct only if blocks still flow: a thread that only frees (a consumer)
//! must hand blocks back, or its cache grows without end while a producer
//! thread maps new memory. This exercise is that policy alone, with blocks
//! as plain numbers and the heap behind a trait, so the tests can count
//! every trip to it.

/// The shared heap, as a cache sees it: it hands out and takes back blocks
/// of one size class, a batch at a time, behind a lock.
pub trait Central {
    /// Puts up to `want` free blocks on `into`; how many it put (0 when the
    /// memory has run out).
    fn take(&mut self, want: usize, into: &mut Vec<usize>) -> usize;
    /// Takes back every block in `blocks` (leaving it empty).
    fn give(&mut self, blocks: &mut Vec<usize>);
}

/// One size class of a thread's cache: its free blocks, the most recently
/// freed last.
#[derive(Debug)]
pub struct Bin {
    blocks: Vec<usize>,
    batch: usize,
}

impl Bin {
    /// An empty bin that moves `batch` blocks at a time (`batch > 0`).
    pub fn new(batch: usize) -> Self {
        assert!(batch > 0, "a batch moves at least one block");
        Self { blocks: Vec::new(), batch }
    }

    /// Free blocks held.
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// A free block: from the bin, or — when it is empty — from a batch taken
    /// from `central`. `None` only when `central` has none.
    //
    // TODO: one trip to `central` per `batch` allocations at most, and the
    // block handed out is the one freed most recently (its memory is the
    // likeliest to be in the CPU's cache).
    pub fn alloc(&mut self, central: &mut impl Central) -> Option<usize> {
        let _ = central;
        todo!("a block from {} held, or a batch of {} from the heap", self.blocks.len(), self.batch)
    }

    /// Takes `block` back. A bin that holds more than two batches gives one
    /// batch back to `central`.
    //
    // TODO: which blocks go back — the ones freed longest ago, or the newest?
    // Keep the ones `alloc` wants. Then think about a thread that allocates
    // and frees one block over and over just at the limit: how often does it
    // go to `central`? (A test counts.)
    pub fn free(&mut self, block: usize, central: &mut impl Central) {
        let _ = central;
        todo!("take back block {block}")
    }

    /// Gives every block back to `central` (the thread is ending).
    pub fn drain(&mut self, central: &mut impl Central) {
        let _ = central;
        todo!("give back {} blocks", self.blocks.len())
    }
}
