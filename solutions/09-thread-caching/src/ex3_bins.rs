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
    pub fn alloc(&mut self, central: &mut impl Central) -> Option<usize> {
        if self.blocks.is_empty() {
            central.take(self.batch, &mut self.blocks);
        }
        // The most recently freed block: still warm in the CPU's cache.
        self.blocks.pop()
    }

    /// Takes `block` back. A bin that holds more than two batches gives one
    /// batch back to `central`.
    pub fn free(&mut self, block: usize, central: &mut impl Central) {
        self.blocks.push(block);
        if self.blocks.len() > 2 * self.batch {
            // The oldest batch goes back: the newest stay for `alloc`, and
            // the bin keeps a batch and one, so a thread that frees and
            // allocates around the limit does not go back at every call.
            let mut oldest: Vec<usize> = self.blocks.drain(..self.batch).collect();
            central.give(&mut oldest);
        }
    }

    /// Gives every block back to `central` (the thread is ending).
    pub fn drain(&mut self, central: &mut impl Central) {
        central.give(&mut self.blocks);
    }
}
