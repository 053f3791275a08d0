//! Exercise page-5: an owner for a mapping, and a frozen one.
//!
//! `Pages` owns some pages from the page allocator and gives them back when
//! it is dropped. The kernel can also make pages read-only (`mprotect`); a
//! write to them is then a crash. Types can make that write impossible to
//! express, instead of a crash at run time — if they move and borrow the
//! right things.

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
    //
    // TODO (1): while a freeze lasts, the kernel must say the pages are
    // read-only — so nothing may write them, and no second freeze may end
    // (and thaw them) under the first. The stub's receiver allows both: two
    // cases in tests/ui/ex5_pages compile. The call is `mprotect(2)` (the
    // `libc` crate; 04/guard-pages.md uses it): which range must it be given,
    // and how does it say it failed?
    pub fn freeze(&self) -> std::io::Result<Frozen> {
        todo!("make the {} bytes at {:?} read-only", self.len, self.ptr)
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
//
// TODO (2): design this type — what it holds, and what the compiler must know
// about it. The stub's empty struct compiles; so must yours, without warnings.
#[derive(Debug)]
pub struct Frozen {}

impl Frozen {
    /// The bytes, read-only, for as long as the freeze lasts — not longer.
    //
    // TODO (3): the third case in tests/ui/ex5_pages keeps a view longer.
    pub fn as_slice(&self) -> &'static [u8] {
        todo!("the frozen bytes")
    }
}

// TODO (4): the end of a freeze makes the pages writable again. The kernel
// may refuse; the pages must then never be written — what can `drop` do?
