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
// TODO: make the compiler refuse the two programs in tests/ui/ex5_owned_api
// (read them first: both compile today, and both are bugs at run time).
// A freed block must be unusable: what must `Block` not be, so that passing
// it by value to `free` uses it up?
// TODO: a block must not outlive its heap, though it holds no reference to
// it. Give `Block` a lifetime for the heap it came from, and a zero-sized
// `PhantomData` field (01/unsafe-toolkit.md) that makes the compiler treat the block as
// a borrow of the heap. Then let the signatures of `alloc`, `read` and `free`
// say where a block comes from, and who owns it when.
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
        // TODO: a block of the bytes' length from the toy heap (none when it is
        // full), holding the bytes.
        todo!("allocate a block for {bytes:?}")
    }

    /// The block's bytes.
    pub fn read(&self, block: &Block) -> Vec<u8> {
        // TODO: all the bytes the block holds.
        todo!("read {block:?}")
    }

    /// Frees the block. It is taken by value: afterwards the caller has no
    /// block left to read or free again.
    pub fn free(&self, block: Block) {
        // TODO: give the block back to the toy heap.
        todo!("free {block:?}")
    }

    /// Blocks allocated and not freed.
    pub fn live_blocks(&self) -> usize {
        self.toy.borrow().leaks().len()
    }
}
