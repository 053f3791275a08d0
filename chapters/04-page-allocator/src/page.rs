//! Zig's `std.heap.page_allocator`: every block is its own mapping.

use crate::os::{Linux, Os};
use allocator_interface::layout::align_up;
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::ptr::NonNull;

// SAFETY: forwards to `O`, which upholds the contract.
unsafe impl<O: Os + ?Sized> Os for &O {
    fn page_size(&self) -> usize {
        (**self).page_size()
    }
    fn map(&self, len: usize) -> Option<NonNull<u8>> {
        (**self).map(len)
    }
    unsafe fn unmap(&self, ptr: NonNull<u8>, len: usize) {
        // SAFETY: forwarded unchanged.
        unsafe { (**self).unmap(ptr, len) }
    }
    unsafe fn remap(
        &self,
        ptr: NonNull<u8>,
        old_len: usize,
        new_len: usize,
        may_move: bool,
        at: Option<NonNull<u8>>,
    ) -> Option<NonNull<u8>> {
        // SAFETY: forwarded unchanged.
        unsafe { (**self).remap(ptr, old_len, new_len, may_move, at) }
    }
    unsafe fn discard(&self, ptr: NonNull<u8>, len: usize) {
        // SAFETY: forwarded unchanged.
        unsafe { (**self).discard(ptr, len) }
    }
}

// ANCHOR: struct
/// Asks the operating system for every block: a fresh mapping of whole pages,
/// zero-filled, given back with `munmap` when freed.
///
/// Right for a few large, long-lived blocks (and as the child of an arena or
/// a general-purpose allocator); wasteful for small ones — a 1-byte request
/// costs a whole page. It keeps no state: the kernel's page tables are the
/// bookkeeping.
#[derive(Clone, Copy, Debug, Default)]
pub struct PageAllocator<O: Os = Linux> {
    os: O,
}
// ANCHOR_END: struct

impl PageAllocator<Linux> {
    /// The page allocator over the real kernel.
    pub const fn new() -> Self {
        Self { os: Linux }
    }
}

impl<O: Os> PageAllocator<O> {
    /// A page allocator over another source of pages (a simulation, in tests).
    pub const fn with_os(os: O) -> Self {
        Self { os }
    }

    /// The operating system behind it.
    pub fn os(&self) -> &O {
        &self.os
    }

    /// Bytes of pages that a block of `size` bytes occupies.
    pub fn mapped_len(&self, size: usize) -> Option<usize> {
        align_up(size, self.os.page_size())
    }

    // ANCHOR: aligned
    /// Maps `len` bytes (whole pages) at a multiple of `align` (> a page):
    /// map more than needed, then give back the pages before and after the
    /// aligned part. The kernel only promises page alignment.
    ///
    /// ```text
    ///  mapped:  |..head..|=========== len ===========|..tail..|
    ///           ^ any page          ^ a multiple of `align`
    /// ```
    fn map_aligned(&self, len: usize, align: usize) -> Option<NonNull<u8>> {
        let page = self.os.page_size();
        let over = len.checked_add(align - page)?;
        let mapped = self.os.map(over)?;
        let Some(start) = align_up(mapped.addr().get(), align) else {
            // No aligned address above the mapping: a real kernel never
            // returns one so close to the end of the address space, but if
            // it did, give it back rather than leak it.
            // SAFETY: the mapping of `over` bytes just made, used by no one.
            unsafe { self.os.unmap(mapped, over) };
            return None;
        };
        let head = start - mapped.addr().get();
        let tail = over - head - len;
        // SAFETY: `head + len + tail == over`: the three ranges are the mapping.
        unsafe {
            let aligned = mapped.add(head);
            if head > 0 {
                self.os.unmap(mapped, head);
            }
            if tail > 0 {
                self.os.unmap(aligned.add(len), tail);
            }
            Some(aligned)
        }
    }
    // ANCHOR_END: aligned
}

// ANCHOR: impl
// SAFETY: every block is its own mapping of whole pages from `os`, aligned as
// asked (page alignment from the kernel, larger ones by trimming), so blocks
// never overlap; resize and remap only touch the block's own pages (or
// unmapped ones the kernel hands over), and free unmaps exactly them.
unsafe impl<O: Os> Allocator for PageAllocator<O> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory); // the contract rules it out: refused
        }
        let len = self.mapped_len(layout.size()).ok_or(OutOfMemory)?;
        let block = if layout.align() <= self.os.page_size() {
            self.os.map(len)
        } else {
            self.map_aligned(len, layout.align())
        };
        block.ok_or(OutOfMemory)
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        let len = self.mapped_len(layout.size()).expect("a live block's size rounds up");
        // SAFETY: the block is its own mapping of `len` bytes.
        unsafe { self.os.unmap(ptr, len) };
    }
    // ANCHOR_END: impl

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        if new_size == 0 {
            return false; // refused: it would unmap the whole block
        }
        let (Some(old_len), Some(new_len)) = (self.mapped_len(layout.size()), self.mapped_len(new_size)) else {
            return false;
        };
        if new_len == old_len {
            // Same pages: nothing to ask the kernel.
            return true;
        }
        if new_len < old_len {
            // SAFETY: the tail pages belong to this block, which keeps `new_len`.
            unsafe { self.os.unmap(ptr.add(new_len), old_len - new_len) };
            return true;
        }
        // Grow in place only: the pages after the block must be free.
        // SAFETY: `ptr`/`old_len` is this block's mapping.
        unsafe { self.os.remap(ptr, old_len, new_len, false, None) }.is_some()
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        if new_size == 0 {
            return None; // refused, as `resize`
        }
        let old_len = self.mapped_len(layout.size())?;
        let new_len = self.mapped_len(new_size)?;
        // SAFETY: `ptr`/`layout` is a live block (caller's contract).
        if unsafe { self.resize(ptr, layout, new_size) } {
            return Some(ptr);
        }
        if layout.align() <= self.os.page_size() {
            // The kernel moves the pages (no copy) anywhere: page-aligned is enough.
            // SAFETY: this block's mapping.
            return unsafe { self.os.remap(ptr, old_len, new_len, true, None) };
        }
        // A larger alignment must survive the move (Zig 0.15 loses it:
        // ziglang/zig#22975). Reserve an aligned target first, then have the
        // kernel move the pages exactly there.
        let target = self.map_aligned(new_len, layout.align())?;
        // SAFETY: `target` is a fresh mapping of `new_len` bytes that nothing
        // uses; `MREMAP_FIXED` replaces it with the block's pages.
        let moved = unsafe { self.os.remap(ptr, old_len, new_len, true, Some(target)) };
        if moved.is_none() {
            // SAFETY: the unused reservation.
            unsafe { self.os.unmap(target, new_len) };
        }
        moved
    }
}

allocator_interface::impl_allocator_api2!([O: Os] PageAllocator<O>);
