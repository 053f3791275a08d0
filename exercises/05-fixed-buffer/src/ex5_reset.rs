//! Exercise fixed-5: reset, and knowing your own blocks.

use crate::ex2_new::Bump;

impl Bump<'_> {
    /// Frees every block at once. `&mut self` is the proof that none is in
    /// use: every collection allocating from this `Bump` borrows it.
    pub fn reset(&mut self) {
        // TODO: One line. Why is it safe, when blocks may still point into
        // the buffer? (Try calling `reset` while a `Vec` from this `Bump` is
        // alive.)
        todo!("reset an allocator with its mark at {}", self.mark.get())
    }

    /// `true` if `ptr` points into the part of the buffer handed out (the
    /// taken end, from the mark up): a free byte below the mark is no block's.
    pub fn owns_ptr(&self, ptr: *const u8) -> bool {
        // TODO: the taken part is the addresses from the mark up to, but not
        // including, the buffer's end. (Zig's ownsPtr asks about the whole
        // buffer: sliceContainsPtr. Ours is stricter.)
        todo!("does the buffer contain {ptr:?}?")
    }

    /// `true` if all of `slice` lies inside the taken part of the buffer.
    pub fn owns_slice(&self, slice: *const [u8]) -> bool {
        // TODO: the whole slice lies inside the taken part: it starts at or
        // after the mark and ends at or before the buffer's end, computed
        // without overflowing (a slice's length can be anything).
        todo!("does the buffer contain all {} bytes of {slice:?}?", slice.len())
    }
}
