//! Exercise c-pitfalls-4: generation counters catch a use after free.
//!
//! A `Handle` is a pointer plus the generation of the block when it was
//! handed out. Freeing a block bumps its generation, so every handle to the
//! old allocation goes stale — even after the heap hands the same block to
//! someone else. Many game engines and ECS libraries use exactly this
//! (generational indices).

use c_pitfalls::heap::{Ptr, ToyHeap};
use std::collections::HashMap;

/// A checked pointer: copyable like a C pointer, but it knows which
/// allocation it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handle {
    ptr: Ptr,
    generation: u32,
}

impl Handle {
    /// The block's pointer in the toy heap.
    pub fn ptr(self) -> Ptr {
        self.ptr
    }
}

/// The handle is from an allocation that was freed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UseAfterFree {
    pub ptr: Ptr,
    /// The generation the handle was made in.
    pub handle_generation: u32,
    /// The block's generation now.
    pub block_generation: u32,
}

/// A toy heap that hands out generation-checked handles.
#[derive(Debug)]
pub struct GenHeap {
    heap: ToyHeap,
    /// The current generation of each block pointer ever handed out.
    generations: HashMap<Ptr, u32>,
}

impl GenHeap {
    /// A heap of `capacity` bytes.
    pub fn new(capacity: u32) -> Self {
        GenHeap { heap: ToyHeap::new(capacity), generations: HashMap::new() }
    }

    /// The toy heap underneath (for its map and free list).
    pub fn heap(&self) -> &ToyHeap {
        &self.heap
    }

    /// Allocates `bytes`; the handle carries the block's current generation.
    pub fn alloc(&mut self, bytes: u32) -> Option<Handle> {
        // TODO: a block from the toy heap, and a handle that carries the block's
        // current generation (a block never seen before is in generation 0).
        todo!("allocate {bytes} bytes and hand out a handle")
    }

    /// Frees the handle's block, which makes every copy of the handle stale.
    pub fn free(&mut self, handle: Handle) -> Result<(), UseAfterFree> {
        // TODO: a stale handle frees nothing, and says why. Otherwise the block's
        // generation moves on, so that every handle to it is stale from now on, and
        // the block goes back to the heap.
        todo!("free {handle:?} if it is current")
    }

    /// Reads `len` bytes of the handle's block.
    pub fn read(&mut self, handle: Handle, len: u32) -> Result<Vec<u8>, UseAfterFree> {
        // TODO: check, then read through the toy heap.
        todo!("read {len} bytes through {handle:?} if it is current")
    }

    /// Writes `bytes` at the start of the handle's block.
    pub fn write(&mut self, handle: Handle, bytes: &[u8]) -> Result<(), UseAfterFree> {
        // TODO: check, then write through the toy heap.
        todo!("write {bytes:?} through {handle:?} if it is current")
    }

    /// The handle's pointer, if the handle is from the block's current
    /// generation.
    fn check(&self, handle: Handle) -> Result<Ptr, UseAfterFree> {
        // TODO: a handle is good while its generation is its block's current one (0
        // for a block never seen). Good: its pointer. Stale: `UseAfterFree`, with
        // both generations, so that the message can explain what happened.
        todo!("is {handle:?} current?")
    }
}
