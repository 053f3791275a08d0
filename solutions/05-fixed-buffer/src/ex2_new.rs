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
        let capacity = buffer.len();
        let start = NonNull::from(buffer).cast::<u8>();
        Bump { start, capacity, mark: Cell::new(capacity), _buffer: PhantomData }
    }

    /// A second allocator over the free part of this one — everything below
    /// the mark — for temporaries: all of them are given back at once when it
    /// is dropped, and this allocator goes on as if nothing happened.
    ///
    /// It borrows *this allocator*, not the buffer, and mutably: `&mut self`
    /// keeps this one from handing out the same free bytes while the nested
    /// one lives, and the returned lifetime (the borrow's, not `'buf`) keeps
    /// the nested one from outliving it.
    pub fn nested(&mut self) -> Bump<'_> {
        let free = self.mark.get();
        Bump { start: self.start, capacity: free, mark: Cell::new(free), _buffer: PhantomData }
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
