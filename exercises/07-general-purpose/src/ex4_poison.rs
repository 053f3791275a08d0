//! Exercise general-purpose-4: poison and quarantine.
//!
//! A use after free in C reads or writes memory that now belongs to someone
//! else — silently. A debug allocator makes it loud: it fills freed memory
//! with poison (`0xAA`, Zig's `undefined`) and holds it back in quarantine
//! instead of handing it out again. Any byte that stops being poison was
//! written after the free.

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::{Cell, RefCell};
use core::ptr::NonNull;
use std::collections::VecDeque;

/// The byte freed memory is filled with.
pub const POISON: u8 = 0xAA;

/// A write into freed memory: the `freed`-th block freed (counting from 1)
/// had byte `offset` set to `value`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Corruption {
    pub freed: u64,
    pub offset: usize,
    pub value: u8,
}

/// A freed block waiting in quarantine.
#[derive(Debug)]
struct Held {
    ptr: NonNull<u8>,
    layout: Layout,
    freed: u64,
}

/// Wraps a child allocator: frees are poisoned and held back, the oldest
/// going back to the child once more than `capacity` are held.
#[derive(Debug)]
pub struct Quarantine<A: Allocator> {
    child: A,
    capacity: usize,
    held: RefCell<VecDeque<Held>>,
    found: RefCell<Vec<Corruption>>,
    frees: Cell<u64>,
}

impl<A: Allocator> Quarantine<A> {
    pub fn new(child: A, capacity: usize) -> Self {
        Self {
            child,
            capacity,
            held: RefCell::new(VecDeque::new()),
            found: RefCell::new(Vec::new()),
            frees: Cell::new(0),
        }
    }

    /// Blocks currently held in quarantine.
    pub fn held(&self) -> usize {
        self.held.borrow().len()
    }

    /// Checks every quarantined block and returns all corruption found since
    /// the last call — here, or when a block left quarantine.
    pub fn check(&self) -> Vec<Corruption> {
        // TODO: inspect every held block, then hand over (and empty) the list of
        // corruption found.
        todo!("check {} quarantined blocks", self.held())
    }

    /// Records the first non-poison byte of `held`, if any, and poisons the
    /// block again so the same write is reported once.
    fn inspect(&self, held: &Held) {
        // TODO: every byte of a held block should still be `POISON`. Report the
        // first one that is not, as a `Corruption`, and poison the block again so
        // that the same write is not reported twice. Reading the block as bytes
        // needs a slice from its raw parts: the SAFETY comment says why the block
        // is still ours, and initialized.
        todo!("inspect the block freed #{}", held.freed)
    }
}

// SAFETY: blocks come from the child unchanged; a freed block goes back to
// the child only after it leaves quarantine, and never while a caller may
// legitimately use it.
unsafe impl<A: Allocator> Allocator for Quarantine<A> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        self.child.alloc(layout)
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // SAFETY: the caller's guarantees are the child's.
        unsafe { self.child.resize(ptr, layout, new_size) }
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // SAFETY: the caller's guarantees are the child's.
        unsafe { self.child.remap(ptr, layout, new_size) }
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // TODO: instead of freeing the block:
        // 1. poison it, every byte;
        // 2. number the free (from 1) and hold the block, the newest last;
        // 3. when more than `capacity` are held, the oldest leaves: inspected one
        //    last time, then freed to the child.
        todo!("quarantine {ptr:?} ({layout:?})")
    }
}

impl<A: Allocator> Drop for Quarantine<A> {
    fn drop(&mut self) {
        for held in self.held.get_mut().drain(..) {
            // SAFETY: every held block is a live block of the child with its layout.
            unsafe { self.child.free(held.ptr, held.layout) };
        }
    }
}
