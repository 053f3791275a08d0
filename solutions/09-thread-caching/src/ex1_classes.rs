//! Exercise thread-caching-1: size classes, four per doubling.
//!
//! The chapter cuts each doubling into eight classes. jemalloc and mimalloc
//! cut it into four: fewer classes (fewer slabs half full), more waste per
//! block. Here you build that spacing, from 16 bytes to 16 KiB:
//!
//! ```text
//! 16, 32, 48, 64,            (steps of 16 up to 64)
//! 80, 96, 112, 128,          (four per doubling from here on)
//! 160, 192, 224, 256,
//! 320, …                     … up to 16384
//! ```

/// Classes from 16 bytes to [`MAX_SMALL`].
pub const CLASSES: usize = 36;

/// The largest size a class serves.
pub const MAX_SMALL: usize = 16 * 1024;

/// The block size of class `index` (`index < CLASSES`).
pub fn class_size(index: usize) -> usize {
    if index < 4 {
        return (index + 1) * 16;
    }
    // Four classes per doubling: 64 → 128 is doubling 0, with steps of 16.
    let doubling = (index - 4) / 4;
    let step = 16 << doubling;
    (64 << doubling) + step * ((index - 4) % 4 + 1)
}

/// The smallest class that holds `size` bytes; `None` for 0 and for sizes
/// above [`MAX_SMALL`].
pub fn class_of_size(size: usize) -> Option<usize> {
    if size == 0 || size > MAX_SMALL {
        return None;
    }
    if size <= 64 {
        return Some(size.div_ceil(16) - 1);
    }
    // `size - 1` keeps a size exactly on a doubling's top in that doubling.
    let highest_bit = (usize::BITS - 1 - (size - 1).leading_zeros()) as usize;
    let doubling = highest_bit - 6;
    let step = 16 << doubling;
    Some(4 + doubling * 4 + (size - (64 << doubling)).div_ceil(step) - 1)
}

/// The most a block of class `index` can waste: the share of it left unused
/// by the smallest request the class serves.
pub fn worst_waste(index: usize) -> f64 {
    let smallest = if index == 0 { 1 } else { class_size(index - 1) + 1 };
    let size = class_size(index);
    (size - smallest) as f64 / size as f64
}
