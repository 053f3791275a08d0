//! Size classes: which block size serves which request.
//!
//! Powers of two are simple and waste up to half of every block (a 65-byte
//! request in a 128-byte block). Production allocators cut each doubling
//! into several classes instead — jemalloc and mimalloc four, this one eight
//! — so a block is never more than 1/9 (11.1%) larger than the smallest
//! request it serves, from 64 bytes up. Below 64 bytes the classes step by
//! 8 bytes, the smallest useful step (a free block must hold a pointer).

use core::alloc::Layout;

/// Size classes, smallest first.
pub const CLASSES: usize = 64;

/// The largest size a class serves; bigger requests go to the pages.
pub const MAX_SMALL: usize = 8192;

/// No class promises more alignment than a page.
const MAX_CLASS_ALIGN: usize = 4096;

// ANCHOR: class_size
/// The block size of class `index`: 8, 16, … 64 in steps of 8, then eight
/// classes per doubling — 72, 80, … 128, 144, 160, … 256, … up to 8192.
pub const fn class_size(index: usize) -> usize {
    if index < 8 {
        return (index + 1) * 8;
    }
    let doubling = (index - 8) / 8; // 0 for the classes above 64, 1 above 128, …
    let step = 8 << doubling; // an eighth of the doubling's base
    (64 << doubling) + step * ((index - 8) % 8 + 1)
}

/// The smallest class whose blocks hold `size` bytes, computed, not
/// searched: the position of the highest bit picks the doubling, the bits
/// below it the step. `None` for 0 and for sizes above [`MAX_SMALL`].
pub const fn class_of_size(size: usize) -> Option<usize> {
    if size == 0 || size > MAX_SMALL {
        return None;
    }
    if size <= 64 {
        return Some(size.div_ceil(8) - 1);
    }
    let highest_bit = (usize::BITS - 1 - (size - 1).leading_zeros()) as usize; // 6 for 65..=128
    let doubling = highest_bit - 6;
    // Steps of `8 << doubling`: a shift, not a division, rounding up.
    let step_shift = doubling + 3;
    let steps = (size - (64 << doubling) + (1 << step_shift) - 1) >> step_shift;
    Some(8 + doubling * 8 + steps - 1)
}
// ANCHOR_END: class_size

/// The alignment every block of class `index` has: the largest power of two
/// that divides its size (blocks sit at multiples of the size from an
/// aligned start), at most a page.
pub const fn class_align(index: usize) -> usize {
    let size = class_size(index);
    let align = 1 << size.trailing_zeros();
    if align < MAX_CLASS_ALIGN { align } else { MAX_CLASS_ALIGN }
}

/// The class for a request: the smallest one that holds the size and has
/// the alignment. `None` sends the request to the pages: too big, too
/// aligned, or empty.
#[inline]
pub fn class_of(layout: Layout) -> Option<usize> {
    let first = class_of_size(layout.size())?;
    // Every class is 8-aligned: the common case needs no search.
    if layout.align() <= 8 {
        return Some(first);
    }
    (first..CLASSES).find(|&index| class_align(index) >= layout.align())
}

/// The most a block of class `index` can waste: the share of it that the
/// smallest request it serves leaves unused.
pub fn worst_waste(index: usize) -> f64 {
    let smallest = if index == 0 { 1 } else { class_size(index - 1) + 1 };
    let size = class_size(index);
    (size - smallest) as f64 / size as f64
}

// ANCHOR: table
/// The classes as a Markdown table, as the book shows them: size, alignment,
/// blocks per slab, and the worst waste.
pub fn table(slab_blocks: impl Fn(usize) -> usize) -> String {
    use core::fmt::Write;
    let mut out =
        String::from("| class | block | align | per slab | serves | worst waste |\n|---:|---:|---:|---:|---|---:|\n");
    for index in 0..CLASSES {
        let smallest = if index == 0 { 1 } else { class_size(index - 1) + 1 };
        let _ = writeln!(
            out,
            "| {index} | {} B | {} | {} | {smallest}–{} B | {:.1}% |",
            class_size(index),
            class_align(index),
            slab_blocks(index),
            class_size(index),
            100.0 * worst_waste(index)
        );
    }
    out
}
// ANCHOR_END: table

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_grow_and_end_at_the_largest_small_size() {
        assert_eq!((class_size(0), class_size(7), class_size(8), class_size(15)), (8, 64, 72, 128));
        assert_eq!((class_size(16), class_size(CLASSES - 1)), (144, MAX_SMALL));
        assert!((1..CLASSES).all(|i| class_size(i) > class_size(i - 1)));
    }

    #[test]
    fn every_size_gets_the_smallest_class_that_holds_it() {
        for size in 1..=MAX_SMALL {
            let index = class_of_size(size).unwrap();
            assert!(class_size(index) >= size, "{size}");
            assert!(index == 0 || class_size(index - 1) < size, "{size}: a smaller class holds it");
        }
        assert_eq!((class_of_size(0), class_of_size(MAX_SMALL + 1)), (None, None));
    }

    #[test]
    fn waste_is_bounded_from_64_bytes_up() {
        for index in 8..CLASSES {
            assert!(worst_waste(index) <= 1.0 / 9.0 + 1e-9, "class {index}: {}", worst_waste(index));
        }
    }

    #[test]
    fn alignment_picks_a_class_that_has_it() {
        let class = |size, align| class_of(Layout::from_size_align(size, align).unwrap());
        assert_eq!(class(24, 8).map(class_size), Some(24));
        assert_eq!(class(24, 16).map(class_size), Some(32), "24-byte blocks are only 8-aligned");
        assert_eq!(class(100, 64).map(class_size), Some(128));
        assert_eq!(class(8, 4096).map(class_size), Some(4096));
        assert_eq!(class(8, 8192), None, "more than a page of alignment: the pages");
        assert_eq!(class(9000, 8), None, "too big: the pages");
    }
}
