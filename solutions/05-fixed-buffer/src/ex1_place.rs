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
    addr & !(align - 1)
}

/// Where a block for `layout` goes in a buffer that starts at address `base`
/// and has everything from offset `mark` up taken: the block's first byte as
/// an offset from `base`, which is also the new mark. `None` if it does not
/// fit below the mark.
pub fn place_down(base: usize, mark: usize, layout: Layout) -> Option<usize> {
    let top = base.checked_add(mark)?;
    // Down by the size, then down to the alignment: the address, not the
    // offset, since the buffer may start anywhere.
    let start = align_down(top.checked_sub(layout.size())?, layout.align());
    start.checked_sub(base)
}
