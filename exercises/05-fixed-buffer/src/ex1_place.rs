//! Exercise fixed-1: where does the next block go — bumping down.
//!
//! The chapter's allocator bumps *up*: the free space starts at the end
//! index and blocks go after it. This one bumps *down*, as bumpalo does: the
//! free space is everything below a mark, and each block goes just under it.
//! Going down, aligning is rounding an address down, which is a single mask
//! and cannot overflow: fewer checks on the path every allocation takes.

use core::alloc::Layout;

/// The largest multiple of `align` (a power of two) at or below `addr`.
pub fn align_down(addr: usize, align: usize) -> usize {
    // TODO: a multiple of a power of two has its low bits clear. Rounding
    // down never leaves the address space: nothing here can overflow.
    todo!("round {addr:#x} down to a multiple of {align}")
}

/// Where a block for `layout` goes in a buffer that starts at address `base`
/// and has everything from offset `mark` up taken: the block's first byte as
/// an offset from `base`, which is also the new mark. `None` if it does not
/// fit below the mark.
pub fn place_down(base: usize, mark: usize, layout: Layout) -> Option<usize> {
    // TODO: the block ends at the mark at most and starts at an aligned
    // *address* (the buffer itself may start anywhere, so aligning the offset
    // is not the same). It must not start below the buffer. No step may wrap
    // around: a size bigger than the free space is `None`, never an address
    // near the top of memory.
    todo!("place {layout:?} below offset {mark} of the buffer at {base:#x}")
}
