//! Exercise fixed-5: reset, and knowing your own blocks.

use crate::ex2_new::Bump;

impl Bump<'_> {
    /// Frees every block at once. `&mut self` is the proof that none is in
    /// use: every collection allocating from this `Bump` borrows it.
    pub fn reset(&mut self) {
        self.end_index.set(0);
    }

    /// `true` if `ptr` points into the buffer.
    pub fn owns_ptr(&self, ptr: *const u8) -> bool {
        let start = self.start.as_ptr().addr();
        (start..start + self.capacity).contains(&ptr.addr())
    }

    /// `true` if all of `slice` lies inside the buffer.
    pub fn owns_slice(&self, slice: *const [u8]) -> bool {
        let start = self.start.as_ptr().addr();
        let (ptr, len) = (slice.cast::<u8>().addr(), slice.len());
        ptr >= start && ptr.checked_add(len).is_some_and(|end| end <= start + self.capacity)
    }
}
