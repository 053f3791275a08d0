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

    /// The block `pop` would take next.
    pub fn first(&self) -> Option<NonNull<u8>> {
        self.head.map(NonNull::cast)
    }

    /// Puts `block` on the list.
    ///
    /// # Safety
    /// `block` is free memory of at least a pointer's size and alignment,
    /// which nothing else reads or writes while it is on the list.
    #[inline]
    pub unsafe fn push(&mut self, block: NonNull<u8>) {
        let block = block.cast::<FreeBlock>();
        // SAFETY: the caller gives us the block's first word.
        unsafe { block.write(FreeBlock { next: self.head }) };
        self.head = Some(block);
        self.len += 1;
    }

    /// Puts `count` blocks of `size` bytes that lie one after another from
    /// `first` on the list, linked in address order: they come back off it
    /// first to last, so a program walks the memory forwards (measured
    /// faster than backwards: lesson 09's caches page, "How fast").
    ///
    /// # Safety
    /// As [`push`](Self::push), for each of the blocks.
    pub unsafe fn push_carved(&mut self, first: NonNull<u8>, size: usize, count: usize) {
        if count == 0 {
            return;
        }
        let first = first.cast::<FreeBlock>();
        let mut block = first;
        for _ in 1..count {
            // SAFETY: the caller's run holds `count` blocks of `size` bytes.
            let next = unsafe { block.byte_add(size) };
            // SAFETY: free memory the caller gives us; written forwards, in
            // the order the blocks will be used.
            unsafe { block.write(FreeBlock { next: Some(next) }) };
            block = next;
        }
        // SAFETY: the run's last block.
        unsafe { block.write(FreeBlock { next: self.head }) };
        self.head = Some(first);
        self.len += count;
    }

    /// Takes blocks off the front while `same` holds for them, at most
    /// `max`: a chain that can move to another list whole. Only reads the
    /// blocks' links (it needs none rewritten).
    pub fn take_while(&mut self, max: usize, same: impl Fn(NonNull<u8>) -> bool) -> Chain {
        let Some(head) = self.head.filter(|head| max > 0 && same(head.cast())) else {
            return Chain { head: None, tail: None, len: 0 };
        };
        let (mut tail, mut len) = (head, 1);
        // SAFETY: blocks on the list hold their links (as in `pop`).
        let mut next = unsafe { tail.read().next };
        while let Some(block) = next.filter(|block| len < max && same(block.cast())) {
            tail = block;
            len += 1;
            // SAFETY: as above.
            next = unsafe { block.read().next };
        }
        self.head = next;
        self.len -= len;
        Chain { head: Some(head), tail: Some(tail), len }
    }

    /// Puts a whole chain on the front of the list: one write, whatever its
    /// length.
    pub fn prepend(&mut self, chain: Chain) {
        let (Some(head), Some(tail)) = (chain.head, chain.tail) else { return };
        // SAFETY: a chain's blocks are free blocks holding their links, its
        // tail among them; it was taken off a list, so no other list has it.
        unsafe { (*tail.as_ptr()).next = self.head };
        self.head = Some(head);
        self.len += chain.len;
    }

    /// Takes the block pushed last.
    #[inline]
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

/// Blocks cut from the front of a [`FreeList`], still linked, with their
/// last block at hand: [`FreeList::prepend`] moves them in one step.
#[derive(Debug)]
#[must_use = "the blocks of a chain are lost unless it is prepended to a list"]
pub struct Chain {
    head: Option<NonNull<FreeBlock>>,
    tail: Option<NonNull<FreeBlock>>,
    len: usize,
}

impl Chain {
    /// Blocks in the chain.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The chain's first block.
    pub fn first(&self) -> Option<NonNull<u8>> {
        self.head.map(NonNull::cast)
    }
}

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

    fn addresses(list: &mut FreeList) -> Vec<usize> {
        core::iter::from_fn(|| list.pop()).map(|block| block.addr().get()).collect()
    }

    #[test]
    fn a_carved_run_comes_off_in_address_order_before_the_old_blocks() {
        let mut words = [0usize; 6];
        let base = NonNull::from(&mut words).cast::<u8>();
        let word = size_of::<usize>();
        let mut list = FreeList::EMPTY;
        // SAFETY: word 5 and words 1..=4 of `words`, used only by the list.
        unsafe {
            list.push(base.add(5 * word));
            list.push_carved(base.add(word), word, 4);
            list.push_carved(base, word, 0);
        }
        assert_eq!(list.len(), 5);
        let expected: Vec<usize> = [1, 2, 3, 4, 5].iter().map(|i| base.addr().get() + i * word).collect();
        assert_eq!(addresses(&mut list), expected);
    }

    #[test]
    fn a_chain_moves_whole_and_stops_where_the_predicate_or_the_limit_does() {
        let mut words = [0usize; 6];
        let base = NonNull::from(&mut words).cast::<u8>();
        let word = size_of::<usize>();
        let at = |i: usize| base.addr().get() + i * word;
        let mut from = FreeList::EMPTY;
        // SAFETY: the six words of `words`, used only by the lists.
        unsafe { from.push_carved(base, word, 6) };
        let below_4 = |block: NonNull<u8>| block.addr().get() < at(4);

        let chain = from.take_while(3, below_4);
        assert_eq!((chain.len(), chain.first().map(|b| b.addr().get())), (3, Some(at(0))));
        let mut other = 0usize;
        let other = NonNull::from(&mut other).cast::<u8>();
        let mut to = FreeList::EMPTY;
        // SAFETY: `other` is a word used only by `to`.
        unsafe { to.push(other) };
        to.prepend(chain);
        assert_eq!(to.len(), 4);

        // The limit was 3; the predicate stops the next chain after word 3.
        let chain = from.take_while(10, below_4);
        assert_eq!(chain.len(), 1);
        to.prepend(chain);
        assert!(from.take_while(10, below_4).is_empty(), "word 4 fails the predicate");
        assert_eq!(addresses(&mut from), vec![at(4), at(5)]);
        assert_eq!(addresses(&mut to), vec![at(3), at(0), at(1), at(2), other.addr().get()]);
    }
}
