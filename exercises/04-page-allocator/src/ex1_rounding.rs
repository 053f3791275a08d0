//! Exercise page-1: everything comes in pages.
//!
//! The kernel maps memory in pages (4 KiB on most x86-64 and Arm Linux
//! systems, 16 KiB on Apple silicon). Whatever you ask for is rounded up.

/// How many pages hold `size` bytes (0 for 0). `None` on overflow.
pub fn pages_for(size: usize, page_size: usize) -> Option<usize> {
    // TODO: the pages `size` bytes need: a division that rounds UP (a partial
    // page is a whole page). Near the largest usize the usual trick overflows:
    // the answer must then be `None`, never a wrap-around.
    todo!("pages for {size} bytes with {page_size}-byte pages")
}

/// The bytes actually mapped for a request of `size` bytes.
pub fn mapped_len(size: usize, page_size: usize) -> Option<usize> {
    // TODO: The number of pages times the page size (checked).
    todo!("bytes mapped for {size} bytes with {page_size}-byte pages")
}

/// The bytes mapped but not asked for.
pub fn waste(size: usize, page_size: usize) -> Option<usize> {
    // TODO: Mapped minus asked for.
    todo!("bytes wasted by {size} bytes with {page_size}-byte pages")
}
