//! Exercise arena-5: references that cannot outlive their request.
//!
//! Everything allocated in an arena dies at the same moment: when the arena
//! is reset or dropped. The borrow checker can enforce that moment — if the
//! types say which borrow each reference comes from.

use allocator_interface::SystemAllocator;
use arena::Arena;

/// An arena that serves one request at a time: text copied for a request
/// lives until the request ends, and its memory serves the next request.
#[derive(Debug)]
pub struct Scratchpad {
    arena: Arena<SystemAllocator>,
}

/// One request's use of a [`Scratchpad`]. Copies made through it are valid
/// until it ends; when it ends, the arena is emptied for the next request
/// (keeping its memory).
//
// TODO (1): design this type. What must a request hold to copy text into the
// arena and to empty it at the end — and what must the compiler know, so
// that no copy survives the request, no two requests share the arena, and no
// request outlives its scratchpad? The cases in tests/ui/ex5_lifetimes are
// those three misuses. Every one of them compiles with the stub's types; with
// yours the compiler must refuse each, with the errors in the `.stderr` files.
#[derive(Debug)]
pub struct Request {}

impl Scratchpad {
    /// An empty scratchpad.
    pub fn new() -> Self {
        Self { arena: Arena::new(SystemAllocator) }
    }

    /// Starts a request.
    //
    // TODO (2): the receiver and the return type are part of the design.
    pub fn request(&self) -> Request {
        todo!("start a request over an arena of {} bytes", self.arena.query_capacity())
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

impl Request {
    /// Copies `text` into the arena; the copy is valid until the request ends,
    /// however long the original lives.
    //
    // TODO (3): an arena that cannot get memory is a bug for this scratchpad:
    // panic, saying so. And the return type's lifetime is yours to choose.
    pub fn keep(&self, text: &str) -> &'static str {
        todo!("keep a copy of {text:?}")
    }
}

// TODO (4): the request ends when it is dropped, and the arena must then be
// empty for the next one (the `Drop` trait, 02/guards.md), keeping its memory.

impl Default for Scratchpad {
    fn default() -> Self {
        Self::new()
    }
}
