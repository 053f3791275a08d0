//! Exercise c-pitfalls-5: an API that cannot be misused.
//!
//! The same toy heap behind a Rust-shaped API. Two changes to the types —
//! no `Copy` for `Block`, and a lifetime that ties it to its `Heap` — turn
//! three run-time bugs into compile errors: a double free and a use after
//! free (E0382: the block was moved into `free`), and a block that outlives
//! its heap (E0597).

use c_pitfalls::heap::{Ptr, ToyHeap};
use std::cell::RefCell;
use std::marker::PhantomData;

/// A heap whose methods take `&self`, so that live blocks (which borrow
/// it) do not stop anyone from allocating or freeing.
#[derive(Debug)]
pub struct Heap {
    toy: RefCell<ToyHeap>,
}

/// A block of a `Heap`: not `Copy` (one owner, so one free), and borrowing
/// the heap (so it cannot outlive it).
#[derive(Debug)]
pub struct Block<'heap> {
    ptr: Ptr,
    len: u32,
    heap: PhantomData<&'heap Heap>,
}

impl Heap {
    /// A heap of `capacity` bytes.
    pub fn new(capacity: u32) -> Heap {
        Heap { toy: RefCell::new(ToyHeap::new(capacity)) }
    }

    /// A new block holding a copy of `bytes`; `None` when the heap is full.
    pub fn alloc(&self, bytes: &[u8]) -> Option<Block<'_>> {
        let mut toy = self.toy.borrow_mut();
        let len = bytes.len() as u32;
        let ptr = toy.malloc(len)?;
        toy.write(ptr, bytes);
        Some(Block { ptr, len, heap: PhantomData })
    }

    /// The block's bytes.
    pub fn read(&self, block: &Block<'_>) -> Vec<u8> {
        self.toy.borrow_mut().read(block.ptr, block.len)
    }

    /// Frees the block. It is taken by value: afterwards the caller has no
    /// block left to read or free again.
    pub fn free(&self, block: Block<'_>) {
        self.toy.borrow_mut().free(block.ptr);
    }

    /// Blocks allocated and not freed.
    pub fn live_blocks(&self) -> usize {
        self.toy.borrow().leaks().len()
    }
}
