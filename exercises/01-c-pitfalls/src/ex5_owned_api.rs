//! Exercise c-pitfalls-5: an API that cannot be misused.
//!
//! The same toy heap behind a Rust-shaped API. Two changes to the types —
//! no `Copy` for `Block`, and a lifetime that ties it to its `Heap` — turn
//! three run-time bugs into compile errors: a double free and a use after
//! free (E0382: the block was moved into `free`), and a block that outlives
//! its heap (E0597). The programs in `tests/ui/ex5_owned_api/` commit those
//! bugs; today they compile.

use c_pitfalls::heap::{Ptr, ToyHeap};
use std::cell::RefCell;
// (The solution also imports `std::marker::PhantomData`.)

/// A heap whose methods take `&self`, so that live blocks (which will
/// borrow it) do not stop anyone from allocating or freeing.
#[derive(Debug)]
pub struct Heap {
    toy: RefCell<ToyHeap>,
}

/// A block of a `Heap`.
// TODO: a block is owned, like a `Box`: remove `Clone, Copy`, so that
// `free(block)` moves it and nothing can use it afterwards.
// TODO: tie it to its heap: `Block<'heap>` with a field
// `heap: PhantomData<&'heap Heap>` (it holds no reference, but the compiler
// treats it as if it borrowed the heap). Then `alloc(&self, ..)` returns
// `Option<Block<'_>>`, and `read`/`free` take `&Block<'_>` / `Block<'_>`.
#[derive(Clone, Copy, Debug)]
pub struct Block {
    ptr: Ptr,
    len: u32,
}

impl Heap {
    /// A heap of `capacity` bytes.
    pub fn new(capacity: u32) -> Heap {
        Heap { toy: RefCell::new(ToyHeap::new(capacity)) }
    }

    /// A new block holding a copy of `bytes`; `None` when the heap is full.
    pub fn alloc(&self, bytes: &[u8]) -> Option<Block> {
        // TODO: `self.toy.borrow_mut()`, `malloc(bytes.len())?`, write the
        // bytes, return the block.
        todo!("allocate a block for {bytes:?}")
    }

    /// The block's bytes.
    pub fn read(&self, block: &Block) -> Vec<u8> {
        // TODO: read `block.len` bytes at `block.ptr`.
        todo!("read {block:?}")
    }

    /// Frees the block. It is taken by value: afterwards the caller has no
    /// block left to read or free again.
    pub fn free(&self, block: Block) {
        // TODO: free `block.ptr` in the toy heap.
        todo!("free {block:?}")
    }

    /// Blocks allocated and not freed.
    pub fn live_blocks(&self) -> usize {
        self.toy.borrow().leaks().len()
    }
}
