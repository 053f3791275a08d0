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
    //
    // TODO: the block itself must remember what came after it — where, in
    // the block, and as what? (The tests read the block's first 4 bytes.)
    pub unsafe fn push(&mut self, slab: NonNull<u8>, offset: u32) {
        todo!("push the block at offset {offset} of the slab at {slab:?}")
    }

    /// Takes the block pushed last: its offset.
    ///
    /// # Safety
    /// `slab` is the slab every block on the list was pushed with.
    //
    // TODO: the inverse of `push`. An empty list gives `None` and changes
    // nothing.
    pub unsafe fn pop(&mut self, slab: NonNull<u8>) -> Option<u32> {
        todo!("pop a block of the slab at {slab:?}")
    }

    /// Moves up to `count` blocks onto `other` (which lists blocks of the same
    /// slab), the most recently pushed first; returns how many moved. A cache
    /// takes a batch from a slab this way.
    ///
    /// # Safety
    /// As [`pop`](Self::pop) and [`push`](Self::push): both lists are of the
    /// slab at `slab`.
    //
    // TODO: fewer than `count` when this list runs out; 0 moves nothing.
    pub unsafe fn move_to(&mut self, slab: NonNull<u8>, other: &mut OffsetFreeList, count: u32) -> u32 {
        todo!("move {count} blocks of the slab at {slab:?} onto {other:?}")
    }
}

impl Default for OffsetFreeList {
    fn default() -> Self {
        Self::new()
    }
}
