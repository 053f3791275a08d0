//! Guard pages: an inaccessible page right after a buffer, so that writing
//! one byte past the end crashes at once instead of corrupting a neighbour.

use crate::os::{Linux, Os, system_page_size};
use core::ptr::NonNull;

// ANCHOR: guard
/// A buffer of whole pages followed by one page that faults on any access
/// (`mprotect(PROT_NONE)`): the technique behind Electric Fence, guard pages
/// under every thread stack, and page-heap debugging modes.
#[derive(Debug)]
pub struct GuardedBuffer {
    start: NonNull<u8>,
    len: usize,
}

impl GuardedBuffer {
    /// `len` bytes (rounded up to pages) that end exactly at a guard page.
    pub fn new(len: usize) -> Option<Self> {
        let page = system_page_size();
        let len = len.div_ceil(page).max(1) * page;
        let start = Linux.map(len + page)?;
        // SAFETY: the last page of our own fresh mapping.
        let protected = unsafe { libc::mprotect(start.as_ptr().add(len).cast(), page, libc::PROT_NONE) };
        if protected != 0 {
            // SAFETY: our own mapping, not yet handed out.
            unsafe { Linux.unmap(start, len + page) };
            return None;
        }
        Some(Self { start, len })
    }

    /// The usable bytes. Index `len()` is the guard page.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: `len` readable, writable, zeroed bytes that only `self` owns.
        unsafe { core::slice::from_raw_parts_mut(self.start.as_ptr(), self.len) }
    }

    /// A raw pointer to the first byte, for demonstrating the overflow.
    pub fn as_mut_ptr(&mut self) -> *mut u8 {
        self.start.as_ptr()
    }
}

impl Drop for GuardedBuffer {
    fn drop(&mut self) {
        // SAFETY: the whole mapping, buffer and guard, made in `new`.
        unsafe { Linux.unmap(self.start, self.len + system_page_size()) };
    }
}
// ANCHOR_END: guard
