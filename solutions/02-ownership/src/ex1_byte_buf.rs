//! Exercise ownership-1: a growable buffer that frees itself.
//!
//! `ByteBuf` owns a block from an allocator, grows it by doubling, and gives
//! it back when dropped — a `Vec<u8>` written by hand. Its owner never calls
//! `free`: dropping the buffer does, exactly once, whoever owns it by then.

use allocator_interface::{Allocator, OutOfMemory, realloc};
use core::alloc::Layout;
use core::ptr::NonNull;

/// The first block a buffer asks for.
pub const FIRST_CAPACITY: usize = 8;

/// Bytes in a block from `A`, owned: freed when the buffer is dropped.
#[derive(Debug)]
pub struct ByteBuf<A: Allocator> {
    /// `None` until the first push: an empty buffer allocates nothing.
    ptr: Option<NonNull<u8>>,
    len: usize,
    capacity: usize,
    allocator: A,
}

fn bytes(capacity: usize) -> Layout {
    Layout::array::<u8>(capacity).expect("capacities stay far below isize::MAX")
}

impl<A: Allocator> ByteBuf<A> {
    pub fn new(allocator: A) -> Self {
        Self { ptr: None, len: 0, capacity: 0, allocator }
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
        if self.len == self.capacity {
            let capacity = if self.capacity == 0 { FIRST_CAPACITY } else { self.capacity * 2 };
            let ptr = match self.ptr {
                None => self.allocator.alloc(bytes(capacity))?,
                // SAFETY: our live block, with the layout it was allocated with.
                Some(old) => unsafe { realloc(&self.allocator, old, bytes(self.capacity), capacity)? },
            };
            self.ptr = Some(ptr);
            self.capacity = capacity;
        }
        let ptr = self.ptr.expect("a block with room for one more");
        // SAFETY: `len < capacity`, so the byte is inside our block.
        unsafe { ptr.add(self.len).write(byte) };
        self.len += 1;
        Ok(())
    }
}

impl<A: Allocator> Drop for ByteBuf<A> {
    fn drop(&mut self) {
        if let Some(ptr) = self.ptr {
            // SAFETY: our block, with its layout; `drop` runs once.
            unsafe { self.allocator.free(ptr, bytes(self.capacity)) };
        }
    }
}
