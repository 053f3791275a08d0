//! Exercise fixed-2: an allocator that borrows its buffer.
//!
//! `Bump` stores a raw pointer to its buffer, and raw pointers have no
//! lifetime. The lifetime in the type is what tells the compiler what is
//! borrowed, and for how long — the buffer, or another allocator.

use core::cell::Cell;
use core::marker::PhantomData;
use core::ptr::NonNull;

/// A bump allocator over a borrowed buffer, bumping down from its end (the
/// methods come in exercises fixed-3 to fixed-5).
#[derive(Debug)]
pub struct Bump<'buf> {
    pub(crate) start: NonNull<u8>,
    pub(crate) capacity: usize,
    /// Everything from this offset to the end is taken; below it is free.
    pub(crate) mark: Cell<usize>,
    pub(crate) _buffer: PhantomData<&'buf mut [u8]>,
}

impl<'buf> Bump<'buf> {
    /// An allocator over `buffer`, which stays borrowed for as long as the
    /// allocator lives.
    pub fn new(buffer: &'buf mut [u8]) -> Self {
        // TODO (1): remember where the buffer is and how big. Nothing is taken
        // yet — and this allocator bumps *down*: where does its mark start?
        todo!("borrow a buffer of {} bytes", buffer.len())
    }

    /// A second allocator over the free part of this one — everything below
    /// the mark — for temporaries: all of them are given back at once when it
    /// is dropped, and this allocator goes on as if nothing happened.
    //
    // TODO (2): the body is short; the signature is the exercise. As written
    // it lets the two allocators hand out the same free bytes, and lets the
    // nested one outlive this one: the cases in tests/ui/ex2_new compile. Ask
    // what the nested allocator really borrows, and for how long, and what
    // this one may do meanwhile; then the compiler rejects every case, with
    // the errors in the `.stderr` files beside them.
    pub fn nested(&self) -> Bump<'buf> {
        todo!("an allocator over the {} free bytes", self.mark.get())
    }
}

impl Bump<'_> {
    /// The buffer's size in bytes.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The offset below which the buffer is free.
    pub fn mark(&self) -> usize {
        self.mark.get()
    }

    /// Bytes taken from the end of the buffer, padding included.
    pub fn taken(&self) -> usize {
        self.capacity - self.mark.get()
    }
}
