//! Exercise arena-5: references that cannot outlive their request.
//!
//! Everything allocated in an arena dies at the same moment: when the arena
//! is reset or dropped. The borrow checker can enforce that moment — if the
//! types say which borrow each reference comes from.

use allocator_interface::SystemAllocator;
use arena::{Arena, ResetMode};

/// An arena that serves one request at a time: text copied for a request
/// lives until the request ends, and its memory serves the next request.
#[derive(Debug)]
pub struct Scratchpad {
    arena: Arena<SystemAllocator>,
}

/// One request's use of a [`Scratchpad`]. Copies made through it are valid
/// until it ends; when it ends, the arena is emptied for the next request
/// (keeping its memory).
///
/// Three borrows, three guarantees: the request holds the arena *exclusively*
/// (`&'pad mut`), so no second request can share it; `'pad` cannot outlive
/// the scratchpad; and each copy borrows the request itself, so dropping the
/// request — which empties the arena — ends every copy first.
#[derive(Debug)]
pub struct Request<'pad> {
    arena: &'pad mut Arena<SystemAllocator>,
}

impl Scratchpad {
    /// An empty scratchpad.
    pub fn new() -> Self {
        Self { arena: Arena::new(SystemAllocator) }
    }

    /// Starts a request.
    pub fn request(&mut self) -> Request<'_> {
        Request { arena: &mut self.arena }
    }

    /// Bytes the scratchpad can hold without allocating again.
    pub fn capacity(&self) -> usize {
        self.arena.query_capacity()
    }

    /// Bytes taken by the copies of the request in progress (none between
    /// requests).
    pub fn in_use(&self) -> usize {
        self.arena.chunks().iter().map(|chunk| chunk.used).sum()
    }
}

impl Request<'_> {
    /// Copies `text` into the arena; the copy is valid until the request ends,
    /// however long the original lives.
    ///
    /// The copy borrows `self`, not the scratchpad: `'pad` would let it
    /// outlive the request, and the reset in `drop`.
    pub fn keep(&self, text: &str) -> &str {
        self.arena.alloc_str(text).expect("the scratchpad's arena is out of memory")
    }
}

impl Drop for Request<'_> {
    fn drop(&mut self) {
        self.arena.reset(ResetMode::RetainCapacity);
    }
}

impl Default for Scratchpad {
    fn default() -> Self {
        Self::new()
    }
}
