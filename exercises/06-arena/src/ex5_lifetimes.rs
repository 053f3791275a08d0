//! Exercise arena-5: references that cannot outlive their arena.
//!
//! Everything allocated in an arena dies at the same moment: when the arena
//! is reset or dropped. The borrow checker can enforce that moment — if the
//! signatures tell it which borrow each reference comes from.

use allocator_interface::SystemAllocator;
use arena::{Arena, ResetMode};

/// Text copied into an arena, for the length of one request.
#[derive(Debug)]
pub struct Scratchpad {
    arena: Arena<SystemAllocator>,
}

impl Scratchpad {
    /// An empty scratchpad.
    pub fn new() -> Self {
        Self { arena: Arena::new(SystemAllocator) }
    }

    /// Copies `text` into the arena and returns the copy, borrowed from the
    /// scratchpad: it cannot outlive it, nor survive a `clear`.
    //
    // TODO (1): a `'static` copy claims to live forever, so the cases in
    // tests/ui/ex5_lifetimes compile: a copy used after `clear` (its bytes now
    // belong to the next request), and one used after the scratchpad is gone.
    // Let the signature say what the copy really borrows, and the compiler
    // rejects both.
    pub fn keep(&self, text: &str) -> &'static str {
        // TODO (2): a copy of the text in the arena; an arena that cannot get memory
        // is a bug for this scratchpad: panic with a message saying so.
        todo!("keep a copy of {text:?}")
    }

    /// Forgets every copy at once (keeping the memory for the next request).
    pub fn clear(&mut self) {
        self.arena.reset(ResetMode::RetainCapacity);
    }

    /// Bytes the scratchpad can hold without allocating again.
    pub fn capacity(&self) -> usize {
        self.arena.query_capacity()
    }
}

impl Default for Scratchpad {
    fn default() -> Self {
        Self::new()
    }
}
