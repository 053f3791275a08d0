//! Exercise page-6 (capstone): a page cache.
//!
//! Every `mmap` and `munmap` is a system call, and every fresh page a page
//! fault (04/costs.md). A program that frees a large buffer and asks for one
//! of the same size a moment later pays for both twice. A page cache keeps
//! freed runs of pages ("spans") mapped, up to a budget, and hands them out
//! again: the kernel is asked only when nothing cached fits. glibc's `malloc`
//! does not do this for its large blocks; mimalloc and jemalloc do. The
//! book's exercises page (04, "page-6") describes the design.
//!
//! ```text
//!  head ─▶ [ span of 4 pages: header | … ]   the header lives inside the span
//!                    │ next
//!                    ▼
//!          [ span of 1 page: header ]          next = none
//! ```

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::marker::PhantomData;
use core::ptr::NonNull;
use page_allocator::Os;

/// A page allocator that keeps up to `budget` freed pages mapped for reuse.
#[derive(Debug)]
pub struct PageCache<O: Os> {
    // TODO: the state. Fresh pages come from somewhere you have already
    // written (or from the chapter's version of it); the cached spans form a
    // list with no memory of its own — what does a freed span hold, and what
    // type says so? Allocation takes a shared reference. The cache must know how
    // many pages it holds, without walking the list, to keep the budget.
    _os: PhantomData<O>,
}

impl<O: Os> PageCache<O> {
    /// A cache over `os` that keeps at most `budget` freed pages mapped.
    pub fn new(os: O, budget: usize) -> Self {
        let _ = os;
        todo!("an empty cache with a budget of {budget} pages")
    }

    /// The operating system behind it.
    pub fn os(&self) -> &O {
        todo!("the os")
    }

    /// Pages kept mapped for reuse now (never more than the budget).
    pub fn cached_pages(&self) -> usize {
        todo!("the cached pages")
    }

    /// Gives every cached page back to the kernel.
    pub fn trim(&self) {
        todo!("unmap every cached span")
    }
}

// TODO: the allocator. The contract (03/interface.md, "The four operations"):
// - alloc: a zero size is refused. A request takes the *smallest* cached
//   span that holds its pages (a perfect fit ends the search). A larger span
//   is split: the block is exactly the pages its layout rounds up to, and the
//   rest stays cached. Only when nothing fits are fresh pages mapped. Think
//   about alignment: which requests can a cached span serve at all?
// - free: the block's pages go on the list — unless they would push the
//   cache over its budget, or could never be handed out again; then they go
//   back to the kernel.
// - resize and remap: a block from the cache must be indistinguishable from
//   a fresh one, so the page allocator's own rules apply unchanged.
// - When the cache goes, nothing it holds may stay mapped.
// Sizes near the largest usize, and requests the kernel refuses, must leave
// the cache as it was.
//
// SAFETY: write here why a cached span is never handed out twice, why a split
// leaves two blocks that do not overlap, and why the header may be written
// into a freed block.
unsafe impl<O: Os> Allocator for PageCache<O> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        todo!("allocate {layout:?}")
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        todo!("resize {ptr:?} ({layout:?}) to {new_size} bytes")
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        todo!("remap {ptr:?} ({layout:?}) to {new_size} bytes")
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        todo!("free {ptr:?} ({layout:?})")
    }
}

allocator_interface::impl_allocator_api2!([O: Os] PageCache<O>);
