//! Size and alignment arithmetic: the few lines every allocator is built on.
//!
//! An alignment is always a power of two, so "round up to a multiple of
//! `align`" is a mask operation, not a division. These are the same formulas
//! as Zig's `std.mem.alignForward` / `alignBackward`, with the overflow made a
//! value instead of undefined behaviour.

// ANCHOR: align_up
/// Rounds `addr` up to the next multiple of `align`, or `None` on overflow.
///
/// `align` must be a power of two (checked with a debug assertion; a
/// [`Layout`] guarantees it).
///
/// ```
/// use allocator_interface::layout::align_up;
/// assert_eq!(align_up(13, 8), Some(16));
/// assert_eq!(align_up(16, 8), Some(16));
/// assert_eq!(align_up(usize::MAX, 8), None);
/// ```
#[inline]
pub const fn align_up(addr: usize, align: usize) -> Option<usize> {
    debug_assert!(align.is_power_of_two());
    let mask = align - 1;
    match addr.checked_add(mask) {
        Some(bumped) => Some(bumped & !mask),
        None => None,
    }
}

/// Rounds `addr` down to a multiple of `align` (a power of two). Never overflows.
#[inline]
pub const fn align_down(addr: usize, align: usize) -> usize {
    debug_assert!(align.is_power_of_two());
    addr & !(align - 1)
}
// ANCHOR_END: align_up

/// How many bytes must be skipped from `addr` to reach an `align` boundary.
///
/// This is the "padding" a bump allocator wastes before an allocation.
#[inline]
pub const fn padding_for(addr: usize, align: usize) -> usize {
    debug_assert!(align.is_power_of_two());
    addr.wrapping_neg() & (align - 1)
}

/// `true` if `addr` is a multiple of `align` (a power of two).
#[inline]
pub const fn is_aligned(addr: usize, align: usize) -> bool {
    debug_assert!(align.is_power_of_two());
    addr & (align - 1) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn align_up_rounds_to_the_next_multiple() {
        assert_eq!(align_up(0, 8), Some(0));
        assert_eq!(align_up(1, 8), Some(8));
        assert_eq!(align_up(8, 8), Some(8));
        assert_eq!(align_up(9, 1), Some(9));
        assert_eq!(align_up(4097, 4096), Some(8192));
        assert_eq!(align_up(usize::MAX - 6, 8), None);
        assert_eq!(align_up(usize::MAX - 7, 8), Some(usize::MAX - 7));
    }

    #[test]
    fn align_down_padding_and_is_aligned_agree() {
        for addr in 0..200usize {
            for shift in 0..8 {
                let align = 1 << shift;
                let up = align_up(addr, align).unwrap();
                assert_eq!(up - addr, padding_for(addr, align));
                assert!(is_aligned(up, align));
                assert!(is_aligned(align_down(addr, align), align));
                assert!(align_down(addr, align) <= addr && addr - align_down(addr, align) < align);
            }
        }
    }
}
