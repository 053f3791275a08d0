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
    pub fn keep(&self, text: &str) -> &str {
        self.arena.alloc_str(text).expect("out of memory")
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
