//! Exercise page-5: an owner for a mapping, and a freeze of it.
//!
//! `Pages` owns some pages from the page allocator and gives them back when
//! it is dropped. The kernel can also make pages read-only (`mprotect`); a
//! write to them is then a crash. Types can make that write impossible to
//! express, instead of a crash at run time — if they borrow the right things.

use allocator_interface::Allocator;
use core::alloc::Layout;
use core::ptr::NonNull;
use page_allocator::PageAllocator;

/// Pages of zeroed memory, unmapped on drop.
#[derive(Debug)]
pub struct Pages {
    ptr: NonNull<u8>,
    len: usize,
}

impl Pages {
    /// At least `len` bytes (`len > 0`) of fresh, zeroed pages.
    pub fn new(len: usize) -> Option<Pages> {
        let ptr = PageAllocator::new().alloc(Layout::from_size_align(len, 1).ok()?).ok()?;
        Some(Pages { ptr, len })
    }

    /// The bytes, borrowed from `self`: they cannot outlive it.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: `len` bytes that only `self` owns, readable and writable
        // while it is a `Pages`, for as long as the `&mut self` borrow lasts.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }

    /// Makes the pages read-only until the returned freeze ends; their bytes
    /// stay as they are. An error is the kernel's refusal (`errno`).
    ///
    /// `&mut self`, although a freeze only reads: the borrow is what keeps
    /// everything else — a writer, a second freeze that would thaw the pages
    /// under this one, the unmap — away until the freeze ends.
    pub fn freeze(&mut self) -> std::io::Result<Frozen<'_>> {
        self.protect(libc::PROT_READ)?;
        Ok(Frozen { pages: self })
    }

    /// `mprotect` over the whole mapping.
    fn protect(&self, protection: libc::c_int) -> std::io::Result<()> {
        // SAFETY: `ptr` is the page-aligned start of our own mapping, and the
        // kernel rounds `len` up to the pages that hold it — all ours. When
        // pages become read-only no `&mut` into them is alive: `freeze` holds
        // the only one, to `self`.
        let status = unsafe { libc::mprotect(self.ptr.as_ptr().cast(), self.len, protection) };
        if status == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
    }
}

impl Drop for Pages {
    fn drop(&mut self) {
        let layout = Layout::from_size_align(self.len, 1).expect("valid when allocated");
        // SAFETY: our block, with the layout it was allocated with.
        unsafe { PageAllocator::new().free(self.ptr, layout) };
    }
}

/// A freeze of some [`Pages`]: while it lasts they are read-only, in the
/// kernel and in the types; when it ends (on drop) they are writable again.
///
/// It holds the exclusive borrow that `freeze` took, and gives out only
/// shared views — so there is no `&mut` to the bytes anywhere while the
/// kernel would fault on a write.
#[derive(Debug)]
pub struct Frozen<'pages> {
    pages: &'pages mut Pages,
}

impl Frozen<'_> {
    /// The bytes, read-only, for as long as the freeze lasts — not longer.
    pub fn as_slice(&self) -> &[u8] {
        // SAFETY: `len` bytes of a mapping that stays mapped while the freeze
        // borrows its owner; nothing can write them while `&self` is held.
        unsafe { core::slice::from_raw_parts(self.pages.ptr.as_ptr(), self.pages.len) }
    }
}

impl Drop for Frozen<'_> {
    fn drop(&mut self) {
        // A `Pages` that the kernel keeps read-only would crash at its first
        // write: refusing to go on is the only safe answer left in `drop`.
        if let Err(error) = self.pages.protect(libc::PROT_READ | libc::PROT_WRITE) {
            panic!("the kernel refused to make frozen pages writable again: {error}");
        }
    }
}
