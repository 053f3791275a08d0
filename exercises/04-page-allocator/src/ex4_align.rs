//! Exercise page-4: alignment beyond a page.

use crate::ex1_rounding::mapped_len;
use crate::ex2_alloc::PageAlloc;
// You will need `allocator_interface::layout::align_up`.
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::ptr::NonNull;
use page_allocator::Os;

impl<O: Os> PageAlloc<O> {
    /// `len` bytes (whole pages) at a multiple of `align` (larger than a
    /// page): map `len + align - page` bytes, then unmap the pages before the
    /// aligned start and after its end.
    pub fn map_aligned(&self, len: usize, align: usize) -> Option<NonNull<u8>> {
        // TODO: the kernel only promises page alignment. Map enough extra that some
        // `len`-byte stretch of the mapping starts at a multiple of `align`: what is
        // the least extra that always works? The pages before that stretch (the
        // head) and after it (the tail) go back to the kernel; an empty one needs no
        // call. Draw it first: |..head..|===== len =====|..tail..|
        todo!("map {len} bytes aligned to {align}")
    }

    /// Moves a block with alignment beyond a page to a bigger (or smaller)
    /// mapping without losing its alignment: reserve an aligned target with
    /// `map_aligned`, then have the kernel move the pages exactly there
    /// (`remap` with `at`). A plain `mremap(MAYMOVE)` only promises page
    /// alignment — the bug Zig 0.15 has (ziglang/zig#22975).
    ///
    /// # Safety
    /// `ptr`/`layout` is a live block of this allocator.
    pub unsafe fn remap_aligned(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // TODO: a move that keeps the alignment: reserve an aligned target of the
        // new length (the function above), then have the kernel move the block's
        // pages exactly there, replacing the reservation (the Os trait's remap can
        // be told where). If the move fails, the reservation is still yours: give
        // it back, or it leaks.
        todo!("move {ptr:?} ({layout:?}) to {new_size} bytes, keeping its alignment")
    }
}

// The allocator interface, built from exercises page-2 to page-4.
//
// SAFETY: every block is its own mapping (page-aligned, or trimmed to a
// larger alignment), so blocks never overlap; resize and remap touch only
// the block's pages, and free unmaps exactly them.
unsafe impl<O: Os> Allocator for PageAlloc<O> {
    // A zero size is refused, as the interface's contract says.
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        if layout.align() <= self.os.page_size() {
            return self.alloc_pages(layout);
        }
        let len = mapped_len(layout.size(), self.os.page_size()).ok_or(OutOfMemory)?;
        self.map_aligned(len, layout.align()).ok_or(OutOfMemory)
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // SAFETY: the caller's guarantees carry over.
        new_size != 0 && unsafe { self.resize_in_place(ptr, layout, new_size) }
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        if new_size == 0 {
            return None;
        }
        // SAFETY: the caller's guarantees carry over.
        if unsafe { self.resize_in_place(ptr, layout, new_size) } {
            return Some(ptr);
        }
        let page = self.os.page_size();
        if layout.align() <= page {
            let (old_len, new_len) = (mapped_len(layout.size(), page)?, mapped_len(new_size, page)?);
            // SAFETY: the block's own mapping; page alignment is all it needs.
            return unsafe { self.os.remap(ptr, old_len, new_len, true, None) };
        }
        // SAFETY: a live block of ours (the caller's contract).
        unsafe { self.remap_aligned(ptr, layout, new_size) }
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller's guarantees carry over.
        unsafe { self.free_pages(ptr, layout) }
    }
}

allocator_interface::impl_allocator_api2!([O: Os] PageAlloc<O>);
