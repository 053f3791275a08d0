//! Exercise fixed-3: allocate by bumping down.

use crate::ex1_place::place_down;
use crate::ex2_new::Bump;
use allocator_interface::OutOfMemory;
use core::alloc::Layout;
use core::ptr::NonNull;

impl Bump<'_> {
    /// A block for `layout` below everything allocated so far, or
    /// `OutOfMemory` — with nothing changed — if it does not fit.
    pub fn bump(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        let start = place_down(self.start.addr().get(), self.mark.get(), layout).ok_or(OutOfMemory)?;
        self.mark.set(start);
        // SAFETY: `place_down` put the block at or above the buffer's start
        // and ending at or below the old mark, which is inside the buffer;
        // every block handed out before lies at or above that mark.
        Ok(unsafe { self.start.add(start) })
    }
}
