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
        if self.len == self.capacity {
            let capacity = if self.capacity == 0 { FIRST_CAPACITY } else { self.capacity * 2 };
            let grown = match self.ptr {
                // SAFETY: `bytes(capacity)` is at least FIRST_CAPACITY bytes, never zero.
                None => unsafe { std::alloc::alloc(bytes(capacity)) },
                // SAFETY: our live block, with the layout it was allocated
                // with; the new size is non-zero and far below isize::MAX.
                Some(old) => unsafe { std::alloc::realloc(old.as_ptr(), bytes(self.capacity), capacity) },
            };
            // On null the old block is untouched and still ours: nothing changed.
            self.ptr = Some(NonNull::new(grown).ok_or(OutOfMemory)?);
            self.capacity = capacity;
        }
        let ptr = self.ptr.expect("a block with room for one more");
        // SAFETY: `len < capacity`, so the byte is inside our block.
        unsafe { ptr.add(self.len).write(byte) };
        self.len += 1;
        Ok(())
    }
}

impl Drop for ByteBuf {
    fn drop(&mut self) {
        if let Some(ptr) = self.ptr {
            // SAFETY: our block, with its layout; `drop` runs once.
            unsafe { std::alloc::dealloc(ptr.as_ptr(), bytes(self.capacity)) };
        }
    }
}
