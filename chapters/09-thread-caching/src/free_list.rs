//! The intrusive free list: free blocks linked through their own first
//! word, so keeping track of them costs no memory at all.

use core::ptr::NonNull;

/// What a free block holds: the next free block of its list.
#[repr(C)]
struct FreeBlock {
    next: Option<NonNull<FreeBlock>>,
}

// ANCHOR: free_list
/// Free blocks of one size, linked through the blocks: `push` writes the old
/// head into the block, `pop` reads it back. Blocks must be at least a
/// pointer in size and alignment (every size class is).
#[derive(Clone, Copy, Debug, Default)]
pub struct FreeList {
    head: Option<NonNull<FreeBlock>>,
    len: usize,
}

impl FreeList {
    /// No blocks.
    pub const EMPTY: FreeList = FreeList { head: None, len: 0 };

    /// Blocks on the list.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Puts `block` on the list.
    ///
    /// # Safety
    /// `block` is free memory of at least a pointer's size and alignment,
    /// which nothing else reads or writes while it is on the list.
    pub unsafe fn push(&mut self, block: NonNull<u8>) {
        let block = block.cast::<FreeBlock>();
        // SAFETY: the caller gives us the block's first word.
        unsafe { block.write(FreeBlock { next: self.head }) };
        self.head = Some(block);
        self.len += 1;
    }

    /// Takes the block pushed last.
    pub fn pop(&mut self) -> Option<NonNull<u8>> {
        let head = self.head?;
        // SAFETY: every block on the list was pushed as free memory that
        // holds its link, and nothing else has touched it since.
        self.head = unsafe { head.read().next };
        self.len -= 1;
        Some(head.cast())
    }
}
// ANCHOR_END: free_list

// SAFETY: a list is only the addresses of free blocks; whoever holds it owns
// them, on any thread (blocks move between threads through the heap).
unsafe impl Send for FreeList {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_in_first_out_through_the_blocks() {
        let mut words = [0usize; 4];
        let base = NonNull::from(&mut words).cast::<usize>();
        let mut list = FreeList::EMPTY;
        for i in 0..4 {
            // SAFETY: four separate words of `words`, used only by the list.
            unsafe { list.push(base.add(i).cast()) };
        }
        assert_eq!(list.len(), 4);
        let popped: Vec<usize> =
            core::iter::from_fn(|| list.pop()).map(|block| block.cast::<usize>().addr().get()).collect();
        let expected: Vec<usize> = (0..4).rev().map(|i| base.addr().get() + i * size_of::<usize>()).collect();
        assert_eq!(popped, expected);
        assert!(list.is_empty() && list.pop().is_none());
    }
}
