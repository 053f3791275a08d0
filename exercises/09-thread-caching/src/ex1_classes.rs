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
//
// TODO: the sizes drawn above. Four classes share each doubling above 64
// bytes, evenly spaced, the last of them being the doubling's top (128, 256,
// …). Work out, for an index, which doubling it falls in and how far into it.
pub fn class_size(index: usize) -> usize {
    todo!("the size of class {index}")
}

/// The smallest class that holds `size` bytes; `None` for 0 and for sizes
/// above [`MAX_SMALL`].
//
// TODO: the inverse of `class_size`, computed rather than searched: a size's
// highest set bit names its doubling, and the bits just below say which
// quarter of it. Mind the sizes exactly on a class (64, 80, 128, 16384),
// the ones just above (65, 129) and both ends of the range.
pub fn class_of_size(size: usize) -> Option<usize> {
    todo!("the class for {size} bytes")
}

/// The most a block of class `index` can waste: the share of it left unused
/// by the smallest request the class serves.
//
// TODO: as the chapter's `worst_waste`, for these classes: what is the
// smallest size that lands in class `index`?
pub fn worst_waste(index: usize) -> f64 {
    todo!("the worst waste of class {index}")
}
