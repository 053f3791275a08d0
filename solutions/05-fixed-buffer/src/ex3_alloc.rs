//! Exercise fixed-3: allocate by bumping.

use crate::ex1_place::place;
use crate::ex2_new::Bump;
use allocator_interface::OutOfMemory;
use core::alloc::Layout;
use core::ptr::NonNull;

impl Bump<'_> {
    /// A block for `layout` after everything allocated so far, or
    /// `OutOfMemory` — with nothing changed — if the buffer is full.
    pub fn bump(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        let (start, new_end) =
            place(self.start.addr().get(), self.end_index.get(), self.capacity, layout).ok_or(OutOfMemory)?;
        self.end_index.set(new_end);
        // SAFETY: `place` checked `start + size <= capacity`, so the block is
        // inside the buffer, and it starts at or after the old end, so it
        // overlaps no block handed out before.
        Ok(unsafe { self.start.add(start) })
    }
}
