//! Exercise fixed-5: reset, and knowing your own blocks.

use crate::ex2_new::Bump;

impl Bump<'_> {
    /// Frees every block at once. `&mut self` is the proof that none is in
    /// use: every collection allocating from this `Bump` borrows it.
    pub fn reset(&mut self) {
        self.mark.set(self.capacity);
    }

    /// `true` if `ptr` points into the part of the buffer handed out (the
    /// taken end, from the mark up): a free byte below the mark is no block's.
    pub fn owns_ptr(&self, ptr: *const u8) -> bool {
        let start = self.start.as_ptr().addr();
        (start + self.mark.get()..start + self.capacity).contains(&ptr.addr())
    }

    /// `true` if all of `slice` lies inside the taken part of the buffer.
    pub fn owns_slice(&self, slice: *const [u8]) -> bool {
        let start = self.start.as_ptr().addr();
        let (ptr, len) = (slice.cast::<u8>().addr(), slice.len());
        ptr >= start + self.mark.get() && ptr.checked_add(len).is_some_and(|end| end <= start + self.capacity)
    }
}
