//! Exercise fixed-1: where does the next block go?
//!
//! A bump allocator is one number — how much of the buffer is taken — and one
//! calculation: where the next block starts once its alignment is respected,
//! and whether it still fits.

use core::alloc::Layout;

/// Bytes to skip from `addr` to reach a multiple of `align` (a power of two).
pub fn padding_for(addr: usize, align: usize) -> usize {
    // `-addr mod align`, with a mask because `align` is a power of two.
    addr.wrapping_neg() & (align - 1)
}

/// Where a block for `layout` goes in a buffer that starts at address `base`,
/// holds `capacity` bytes and has its first `end` bytes taken: the block's
/// first byte and the new end, both as offsets from `base`. `None` if it does
/// not fit.
pub fn place(base: usize, end: usize, capacity: usize, layout: Layout) -> Option<(usize, usize)> {
    // Align the address, not the offset: the buffer may start anywhere.
    let next = base.checked_add(end)?;
    let padding = padding_for(next, layout.align());
    // The aligned address itself must exist.
    next.checked_add(padding)?;
    let start = end + padding;
    let new_end = start.checked_add(layout.size())?;
    (new_end <= capacity).then_some((start, new_end))
}
