//! An owner of raw memory, written by hand: what `Box<[u8]>` does for you.

use core::alloc::Layout;
use core::ptr::NonNull;

/// The allocator had no memory for the request (or the request was too
/// large to describe). Lesson 03's allocator interface has the same error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfMemory;

impl core::fmt::Display for OutOfMemory {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("out of memory")
    }
}

impl std::error::Error for OutOfMemory {}

// ANCHOR: raw_buffer
/// `len` zeroed bytes from the global allocator, freed exactly once: when
/// the buffer is dropped. Moving the buffer moves the duty to free it.
#[derive(Debug)]
pub struct RawBuffer {
    ptr: NonNull<u8>,
    len: usize,
}

impl RawBuffer {
    /// Allocates `len` zeroed bytes, or says why not.
    pub fn zeroed(len: usize) -> Result<Self, OutOfMemory> {
        let layout = Layout::array::<u8>(len).map_err(|_| OutOfMemory)?;
        if len == 0 {
            // The global allocator must not be asked for zero bytes: an empty
            // buffer owns no block, and a well-aligned dangling pointer is
            // all a zero-length slice needs (what `Vec::new` does).
            return Ok(Self { ptr: NonNull::dangling(), len });
        }
        // SAFETY: `layout` has a non-zero size, as `alloc_zeroed` requires.
        let ptr = unsafe { std::alloc::alloc_zeroed(layout) };
        // A null pointer is the global allocator's "no".
        let ptr = NonNull::new(ptr).ok_or(OutOfMemory)?;
        Ok(Self { ptr, len })
    }

    pub fn as_slice(&self) -> &[u8] {
        // SAFETY: we own `len` initialized bytes at `ptr` (none if `len` is
        // 0); the shared borrow of `self` keeps them from being freed or
        // written meanwhile.
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as above, and `&mut self` makes this the only borrow.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for RawBuffer {
    fn drop(&mut self) {
        if self.len == 0 {
            return; // no block
        }
        let layout = Layout::array::<u8>(self.len).expect("valid when allocated");
        // SAFETY: the block came from the global allocator with this layout,
        // and `drop` runs once: ownership guarantees nobody frees it twice.
        unsafe { std::alloc::dealloc(self.ptr.as_ptr(), layout) };
    }
}
// ANCHOR_END: raw_buffer
