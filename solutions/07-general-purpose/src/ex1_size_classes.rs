//! Exercise general-purpose-1: size classes and slots.
//!
//! A debug allocator files every small block in a bucket of one *size
//! class*: a power of two that holds the block's size and satisfies its
//! alignment. The class is written as its exponent: class 5 holds 32-byte slots.
//! All the arithmetic of Zig's `DebugAllocator` buckets is in this file.

/// The size class (exponent) of a request: the smallest `c` with
/// `1 << c >= size` and `1 << c >= align`. `size` may be 0 (treated as 1);
/// `align` is a power of two.
pub fn size_class(size: usize, align: usize) -> u32 {
    let for_size = usize::BITS - (size.max(1) - 1).leading_zeros();
    for_size.max(align.trailing_zeros())
}

/// Whether blocks of `class` go into buckets of `bucket_size` bytes (a power
/// of two): the largest small class is a quarter of a bucket, as in Zig, so a
/// bucket holds at least four slots (Zig's holds two or more: its records
/// share the page).
pub fn is_small(class: u32, bucket_size: usize) -> bool {
    class + 2 <= bucket_size.trailing_zeros()
}

/// How many slots of `class` fit in a bucket of `bucket_size` bytes.
pub fn slot_count(class: u32, bucket_size: usize) -> usize {
    bucket_size >> class
}

/// The slot that address `addr` names in a bucket starting at `bucket_start`:
/// `None` if `addr` is outside the bucket or not at the start of a slot
/// (a pointer into the middle of a block is never a valid free).
pub fn slot_of(bucket_start: usize, bucket_size: usize, class: u32, addr: usize) -> Option<usize> {
    let offset = addr.checked_sub(bucket_start)?;
    let slot_size = 1usize << class;
    (offset < bucket_size && offset % slot_size == 0).then_some(offset / slot_size)
}
