//! Exercise page-1: everything comes in pages.
//!
//! The kernel maps memory in pages (4 KiB on most x86-64 and Arm Linux
//! systems, 16 KiB on Apple silicon). Whatever you ask for is rounded up.

/// How many pages hold `size` bytes (0 for 0). `None` on overflow.
pub fn pages_for(size: usize, page_size: usize) -> Option<usize> {
    Some(size.checked_add(page_size - 1)? / page_size)
}

/// The bytes actually mapped for a request of `size` bytes.
pub fn mapped_len(size: usize, page_size: usize) -> Option<usize> {
    pages_for(size, page_size)?.checked_mul(page_size)
}

/// The bytes mapped but not asked for.
pub fn waste(size: usize, page_size: usize) -> Option<usize> {
    Some(mapped_len(size, page_size)? - size)
}
