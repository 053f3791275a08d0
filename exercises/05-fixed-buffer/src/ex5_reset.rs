//! Exercise fixed-5: reset, and knowing your own blocks.

use crate::ex2_new::Bump;

impl Bump<'_> {
    /// Frees every block at once. `&mut self` is the proof that none is in
    /// use: every collection allocating from this `Bump` borrows it.
    pub fn reset(&mut self) {
        // TODO: One line. Why is it safe, when blocks may still point into
        // the buffer? (Try calling `reset` while a `Vec` from this `Bump` is
        // alive.)
        todo!("reset an allocator with {} bytes taken", self.end_index.get())
    }

    /// `true` if `ptr` points into the buffer.
    pub fn owns_ptr(&self, ptr: *const u8) -> bool {
        // TODO: the buffer is the addresses from its start up to, but not
        // including, its end. (Zig: sliceContainsPtr.)
        todo!("does the buffer contain {ptr:?}?")
    }

    /// `true` if all of `slice` lies inside the buffer.
    pub fn owns_slice(&self, slice: *const [u8]) -> bool {
        // TODO: the whole slice lies inside the buffer: it starts at or after the
        // buffer's start and ends at or before its end, computed without overflowing.
        todo!("does the buffer contain all {} bytes of {slice:?}?", slice.len())
    }
}
