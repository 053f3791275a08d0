//! Exercise fixed-1: where does the next block go?
//!
//! A bump allocator is one number — how much of the buffer is taken — and one
//! calculation: where the next block starts once its alignment is respected,
//! and whether it still fits.

use core::alloc::Layout;

/// Bytes to skip from `addr` to reach a multiple of `align` (a power of two).
pub fn padding_for(addr: usize, align: usize) -> usize {
    // TODO: The distance from `addr` up to the next multiple of `align`
    // (0 if `addr` already is one). `align` is a power of two, so `align - 1`
    // is a mask of the low bits, and "-addr" (`addr.wrapping_neg()`) masked
    // by it is exactly that distance. Must not overflow, even at `usize::MAX`.
    todo!("padding from {addr:#x} to a multiple of {align}")
}

/// Where a block for `layout` goes in a buffer that starts at address `base`,
/// holds `capacity` bytes and has its first `end` bytes taken: the block's
/// first byte and the new end, both as offsets from `base`. `None` if it does
/// not fit.
pub fn place(base: usize, end: usize, capacity: usize, layout: Layout) -> Option<(usize, usize)> {
    // TODO:
    //   1. The next free *address* is `base + end` (checked: `checked_add`).
    //   2. Align that address, not the offset `end`: the buffer itself may
    //      start at any address. The block starts `padding_for(..)` bytes later
    //      (and that aligned address must not overflow either).
    //   3. The new end is the start plus `layout.size()`; it must be at most
    //      `capacity`, or the block does not fit: `None`.
    // Return `Some((start, new_end))` as offsets from `base`.
    todo!("place {layout:?} after {end} of {capacity} bytes at {base:#x}")
}
