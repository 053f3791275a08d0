//! Exercise fixed-1: where does the next block go?
//!
//! A bump allocator is one number — how much of the buffer is taken — and one
//! calculation: where the next block starts once its alignment is respected,
//! and whether it still fits.

use core::alloc::Layout;

/// Bytes to skip from `addr` to reach a multiple of `align` (a power of two).
pub fn padding_for(addr: usize, align: usize) -> usize {
    // TODO: the distance from `addr` up to the next multiple of `align` (0 if
    // `addr` already is one). `align` is a power of two, so a mask of its low
    // bits gives the distance with no division and no branch. It must not
    // overflow, even at the top of the address space.
    todo!("padding from {addr:#x} to a multiple of {align}")
}

/// Where a block for `layout` goes in a buffer that starts at address `base`,
/// holds `capacity` bytes and has its first `end` bytes taken: the block's
/// first byte and the new end, both as offsets from `base`. `None` if it does
/// not fit.
pub fn place(base: usize, end: usize, capacity: usize, layout: Layout) -> Option<(usize, usize)> {
    // TODO: where a block of `layout` goes in a buffer at address `base` whose
    // first `end` bytes are taken, out of `capacity`:
    //   1. align the next free *address*, not the offset: the buffer itself may
    //      start at any address;
    //   2. the block must end within the capacity, or it does not fit;
    //   3. no step may overflow: a huge size or alignment is `None`.
    // Return the block's start and the new end, as offsets from `base`.
    todo!("place {layout:?} after {end} of {capacity} bytes at {base:#x}")
}
