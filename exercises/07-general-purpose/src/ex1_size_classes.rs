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
    // TODO: the exponent of the next power of two at or above `size` (a size of
    // 0 or 1 is class 0), and at least the exponent of `align`. The integer
    // types count their leading and trailing zero bits for you; for a power of
    // two, one of those counts IS its exponent.
    todo!("the size class of {size} bytes aligned to {align}")
}

/// Whether blocks of `class` go into buckets of `bucket_size` bytes (a power
/// of two): the largest small class is a quarter of a bucket, as in Zig, so a
/// bucket holds at least four slots (Zig's holds two or more: its records
/// share the page).
pub fn is_small(class: u32, bucket_size: usize) -> bool {
    // TODO: at least four slots of the class fit in a bucket.
    todo!("is class {class} small in buckets of {bucket_size} bytes?")
}

/// How many slots of `class` fit in a bucket of `bucket_size` bytes.
pub fn slot_count(class: u32, bucket_size: usize) -> usize {
    // TODO: the bucket is all slots (this allocator keeps its records
    // elsewhere, not at the end of the bucket).
    todo!("slots of class {class} in {bucket_size} bytes")
}

/// The slot that address `addr` names in a bucket starting at `bucket_start`:
/// `None` if `addr` is outside the bucket or not at the start of a slot
/// (a pointer into the middle of a block is never a valid free).
pub fn slot_of(bucket_start: usize, bucket_size: usize, class: u32, addr: usize) -> Option<usize> {
    // TODO: the slot at `addr`, which must be inside the bucket and at the start
    // of a slot. An address before the bucket has no offset at all: mind the
    // subtraction.
    todo!("the slot at {addr:#x} in the bucket at {bucket_start:#x} ({bucket_size} bytes, class {class})")
}
