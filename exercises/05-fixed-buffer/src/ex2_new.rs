//! Exercise fixed-2: an allocator that borrows its buffer.
//!
//! `Bump` stores a raw pointer to its buffer, and raw pointers have no
//! lifetime. The lifetime `'buf` in the type is what tells the compiler that
//! the buffer is borrowed — but only if `new` says where `'buf` comes from.

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

// TODO (1): this `impl` makes every `Bump` one of `'static`: "the buffer
// lives forever". That is a lie, and the cases in tests/ui/ex2_new prove
// it: they drop or write the buffer while the allocator still points into
// it, and they compile. Let `new` say that the allocator borrows the buffer
// for as long as it lives (the struct already has the lifetime parameter),
// and the compiler rejects both, with the errors in the stderr files.
impl Bump<'static> {
    /// An allocator over `buffer`, which stays borrowed for as long as the
    /// allocator lives.
    pub fn new(buffer: &mut [u8]) -> Self {
        // TODO (2): remember the buffer's length and a pointer to its first byte
        // (made from the whole slice, then cast to a byte pointer). Nothing is
        // taken yet: where is the mark? The marker field carries the lifetime.
        todo!("borrow a buffer of {} bytes", buffer.len())
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
