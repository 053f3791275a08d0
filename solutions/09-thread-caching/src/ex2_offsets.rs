//! Exercise thread-caching-2: a free list of offsets.
//!
//! The chapter's free list links blocks with pointers: 8 bytes each, and a
//! stray write into a free block can send the next allocation anywhere in
//! memory. A list *inside one slab* can link with 4-byte offsets from the
//! slab's start instead — the blocks of a 64 KiB slab are all within reach —
//! so a link can never point outside the slab, and blocks as small as 4
//! bytes can be listed. This is how allocators with small blocks (and
//! hardened ones) keep their lists.

use core::ptr::NonNull;

/// The offset that ends a list: no block starts there.
pub const END: u32 = u32::MAX;

/// Free blocks of one slab, linked through the blocks by their offsets from
/// the slab's start. Last in, first out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OffsetFreeList {
    /// The offset of the block pushed last, or [`END`].
    head: u32,
    len: u32,
}

impl OffsetFreeList {
    /// No blocks.
    pub const fn new() -> Self {
        Self { head: END, len: 0 }
    }

    /// Blocks on the list.
    pub fn len(&self) -> u32 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Puts the block at `offset` in the slab at `slab` on the list.
    ///
    /// # Safety
    /// `slab + offset` is the start of a free block of at least 4 bytes,
    /// aligned to 4, inside the slab, which nothing else reads or writes while
    /// it is on the list; every block of the list is in this same slab.
    pub unsafe fn push(&mut self, slab: NonNull<u8>, offset: u32) {
        // SAFETY: the caller's free block, 4-aligned and at least 4 bytes:
        // its first 4 bytes hold the offset of the block that was the head.
        unsafe { slab.add(offset as usize).cast::<u32>().write(self.head) };
        self.head = offset;
        self.len += 1;
    }

    /// Takes the block pushed last: its offset.
    ///
    /// # Safety
    /// `slab` is the slab every block on the list was pushed with.
    pub unsafe fn pop(&mut self, slab: NonNull<u8>) -> Option<u32> {
        if self.head == END {
            return None;
        }
        let offset = self.head;
        // SAFETY: the head block was pushed into this slab with its link in
        // its first 4 bytes, untouched since.
        self.head = unsafe { slab.add(offset as usize).cast::<u32>().read() };
        self.len -= 1;
        Some(offset)
    }

    /// Moves up to `count` blocks onto `other` (which lists blocks of the same
    /// slab), the most recently pushed first; returns how many moved. A cache
    /// takes a batch from a slab this way.
    ///
    /// # Safety
    /// As [`pop`](Self::pop) and [`push`](Self::push): both lists are of the
    /// slab at `slab`.
    pub unsafe fn move_to(&mut self, slab: NonNull<u8>, other: &mut OffsetFreeList, count: u32) -> u32 {
        let mut moved = 0;
        while moved < count {
            // SAFETY: both lists are of this slab (the caller's promise).
            let Some(offset) = (unsafe { self.pop(slab) }) else { break };
            // SAFETY: a block just popped is free, and goes straight onto a
            // list of the same slab.
            unsafe { other.push(slab, offset) };
            moved += 1;
        }
        moved
    }
}

impl Default for OffsetFreeList {
    fn default() -> Self {
        Self::new()
    }
}
