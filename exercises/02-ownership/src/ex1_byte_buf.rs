//! Exercise ownership-1: a growable buffer that frees itself.
//!
//! `ByteBuf` owns a block from the global allocator, grows it by doubling,
//! and gives it back when dropped — a `Vec<u8>` written by hand. Its owner
//! never calls `free`: dropping the buffer does, exactly once, whoever owns
//! it by then.

use core::alloc::Layout;
use core::ptr::NonNull;

/// The global allocator said no (it returned a null pointer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfMemory;

/// The first block a buffer asks for.
pub const FIRST_CAPACITY: usize = 8;

/// Bytes in a block from the global allocator, owned: freed when the buffer
/// is dropped.
#[derive(Debug, Default)]
pub struct ByteBuf {
    /// `None` until the first push: an empty buffer allocates nothing.
    ptr: Option<NonNull<u8>>,
    len: usize,
    capacity: usize,
}

fn bytes(capacity: usize) -> Layout {
    Layout::array::<u8>(capacity).expect("capacities stay far below isize::MAX")
}

impl ByteBuf {
    pub fn new() -> Self {
        Self { ptr: None, len: 0, capacity: 0 }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn as_slice(&self) -> &[u8] {
        match self.ptr {
            // SAFETY: the first `len` bytes of our block are initialized.
            Some(ptr) => unsafe { core::slice::from_raw_parts(ptr.as_ptr(), self.len) },
            None => &[],
        }
    }

    /// Appends `byte`, growing the block (to `FIRST_CAPACITY`, then double)
    /// when it is full. If the allocator says no, returns the error and
    /// leaves the buffer as it was.
    pub fn push(&mut self, byte: u8) -> Result<(), OutOfMemory> {
        // TODO (1): a full buffer (or one with no block yet) grows first:
        // FIRST_CAPACITY bytes the first time, then twice the capacity, keeping
        // the bytes it holds. The global allocator's functions are in
        // `std::alloc` (02/owners.md, "An owner written by hand"); one of
        // them keeps the bytes for you. Its "no" is a null pointer: then return
        // the error with the buffer exactly as it was — still owning its old
        // block. Each call is `unsafe`: say why it is sound in a SAFETY comment.
        // Then the byte goes at offset `len`, and is counted.
        todo!("push {byte} onto a buffer of {} bytes", self.len)
    }
}

impl Drop for ByteBuf {
    fn drop(&mut self) {
        // TODO (2): give the block back, if there is one, with the layout it has
        // now. Rust calls `drop` exactly once, on whoever owns the buffer last —
        // that is the whole point. (Until then every buffer leaks, and the tests'
        // leak checks say so. No todo here: a panic in `drop` while a test is
        // already panicking would abort the whole test program.)
    }
}
