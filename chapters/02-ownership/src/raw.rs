//! An owner of raw memory, written by hand: what `Box<[u8]>` does for you.

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::ptr::NonNull;

// ANCHOR: raw_buffer
/// `len` zeroed bytes from allocator `A`, freed exactly once: when the
/// buffer is dropped. Moving the buffer moves the duty to free it.
#[derive(Debug)]
pub struct RawBuffer<A: Allocator> {
    ptr: NonNull<u8>,
    len: usize,
    allocator: A,
}

impl<A: Allocator> RawBuffer<A> {
    /// Allocates `len` (> 0) zeroed bytes, or says why not.
    pub fn zeroed(len: usize, allocator: A) -> Result<Self, OutOfMemory> {
        let layout = Layout::array::<u8>(len).map_err(|_| OutOfMemory)?;
        let ptr = allocator.alloc(layout)?;
        // SAFETY: `ptr` is a fresh block of `len` writable bytes.
        unsafe { ptr.write_bytes(0, len) };
        Ok(Self { ptr, len, allocator })
    }

    pub fn as_slice(&self) -> &[u8] {
        // SAFETY: we own `len` initialized bytes at `ptr`; the shared borrow
        // of `self` keeps them from being freed or written meanwhile.
        unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as above, and `&mut self` makes this the only borrow.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl<A: Allocator> Drop for RawBuffer<A> {
    fn drop(&mut self) {
        let layout = Layout::array::<u8>(self.len).expect("valid when allocated");
        // SAFETY: the block came from `self.allocator` with this layout, and
        // `drop` runs once: ownership guarantees nobody frees it twice.
        unsafe { self.allocator.free(self.ptr, layout) };
    }
}
// ANCHOR_END: raw_buffer
