//! Exercise page-6 (capstone): a page cache.
//!
//! Every `mmap` and `munmap` is a system call, and every fresh page a page
//! fault (04/costs.md). A program that frees a large buffer and asks for one
//! of the same size a moment later pays for both twice. `PageCache` keeps
//! freed runs of pages ("spans") mapped, up to a budget, and hands them out
//! again: the kernel is asked only when the cache has nothing that fits.
//!
//! ```text
//!  head ─▶ ┌ Span { pages: 4, next } ┬───────────────┐   (a freed run of 4 pages;
//!          └─────────────┬───────────┴───────────────┘    the header is inside it)
//!                        ▼
//!          ┌ Span { pages: 1, next: None } ┐
//!          └───────────────────────────────┘
//! ```
//!
//! A block handed out is always exactly the pages its layout rounds up to —
//! a larger span is split and its tail stays cached — so `free`, `resize`
//! and `remap` can treat it as if the kernel had just mapped it.

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;
use page_allocator::{Os, PageAllocator};

/// A cached run of pages. The header lives in the span's first bytes: freed
/// pages belong to nobody, so the cache needs no memory of its own.
struct Span {
    pages: usize,
    next: Option<NonNull<Span>>,
}

/// Where a pointer to a span is kept: the list's head, or a span's `next`.
type Link = *mut Option<NonNull<Span>>;

/// A page allocator that keeps up to `budget` freed pages mapped for reuse.
pub struct PageCache<O: Os> {
    pages: PageAllocator<O>,
    head: Cell<Option<NonNull<Span>>>,
    cached: Cell<usize>,
    budget: usize,
}

impl<O: Os> PageCache<O> {
    /// A cache over `os` that keeps at most `budget` freed pages mapped.
    pub fn new(os: O, budget: usize) -> Self {
        PageCache { pages: PageAllocator::with_os(os), head: Cell::new(None), cached: Cell::new(0), budget }
    }

    /// The operating system behind it.
    pub fn os(&self) -> &O {
        self.pages.os()
    }

    /// Pages kept mapped for reuse now (never more than the budget).
    pub fn cached_pages(&self) -> usize {
        self.cached.get()
    }

    /// Gives every cached page back to the kernel.
    pub fn trim(&self) {
        let page = self.page_size();
        while let Some(span) = self.head.get() {
            // SAFETY: a span on the list is mapped and starts with its header.
            let Span { pages, next } = unsafe { span.read() };
            self.head.set(next);
            // SAFETY: `pages` pages at `span`, cached, so used by nobody.
            unsafe { self.os().unmap(span.cast(), pages * page) };
        }
        self.cached.set(0);
    }

    fn page_size(&self) -> usize {
        self.os().page_size()
    }

    /// Whether blocks of this layout go through the cache. Larger alignments
    /// need the chapter's over-map-and-trim; a cached span may not be aligned.
    fn cacheable(&self, layout: Layout) -> bool {
        layout.align() <= self.page_size()
    }

    /// The smallest cached span of at least `pages` pages, taken off the list;
    /// if larger, split, and the tail stays cached in its place.
    fn take(&self, pages: usize) -> Option<NonNull<u8>> {
        // The best span so far: where it is linked from, where it is, its pages.
        let mut best: Option<(Link, NonNull<Span>, usize)> = None;
        let mut link: Link = self.head.as_ptr();
        // SAFETY: `link` is the head cell or the `next` field of a cached span.
        while let Some(span) = unsafe { *link } {
            // SAFETY: a cached span starts with its header.
            let size = unsafe { (*span.as_ptr()).pages };
            if size >= pages && best.is_none_or(|(_, _, best_size)| size < best_size) {
                best = Some((link, span, size));
                if size == pages {
                    break; // nothing fits better
                }
            }
            // SAFETY: as above; the field's address, not a reference.
            link = unsafe { &raw mut (*span.as_ptr()).next };
        }
        let (link, span, size) = best?;
        // SAFETY: `span`'s header is valid; the cache is not shared across threads.
        let next = unsafe { (*span.as_ptr()).next };
        let replacement = if size == pages {
            next
        } else {
            // SAFETY: the tail starts `pages` pages into the span, inside it;
            // its first bytes are free and page-aligned for the header.
            unsafe {
                let tail = span.byte_add(pages * self.page_size());
                tail.write(Span { pages: size - pages, next });
                Some(tail)
            }
        };
        // SAFETY: `link` still points at `span` (nothing changed the list).
        unsafe { *link = replacement };
        self.cached.set(self.cached.get() - pages);
        Some(span.cast())
    }
}

// SAFETY: a block is exactly the pages its layout rounds up to — fresh from
// the chapter's page allocator, or a cached span (split to that length) that
// nobody uses — so blocks never overlap each other or the cache. Freed pages
// are either unmapped or put on the list and never handed out twice.
// Resizing and remapping go to the page allocator, which only touches the
// block's own pages: a block from the cache is indistinguishable from a
// fresh one.
unsafe impl<O: Os> Allocator for PageCache<O> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory);
        }
        if self.cacheable(layout) {
            let len = self.pages.mapped_len(layout.size()).ok_or(OutOfMemory)?;
            if let Some(block) = self.take(len / self.page_size()) {
                return Ok(block);
            }
        }
        self.pages.alloc(layout)
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // SAFETY: the caller's contract, passed on; the block is page-allocator shaped.
        unsafe { self.pages.resize(ptr, layout, new_size) }
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // SAFETY: as `resize`.
        unsafe { self.pages.remap(ptr, layout, new_size) }
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        let len = self.pages.mapped_len(layout.size()).expect("a live block's size rounds up");
        let pages = len / self.page_size();
        if !self.cacheable(layout) || self.cached.get().saturating_add(pages) > self.budget {
            // SAFETY: the caller's contract, passed on.
            return unsafe { self.pages.free(ptr, layout) };
        }
        let span = ptr.cast::<Span>();
        // SAFETY: the block's pages are mapped, writable, page-aligned and
        // now ours: the header fits in the first of them.
        unsafe { span.write(Span { pages, next: self.head.get() }) };
        self.head.set(Some(span));
        self.cached.set(self.cached.get() + pages);
    }
}

impl<O: Os> core::fmt::Debug for PageCache<O> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PageCache").field("cached_pages", &self.cached.get()).field("budget", &self.budget).finish()
    }
}

impl<O: Os> Drop for PageCache<O> {
    fn drop(&mut self) {
        self.trim();
    }
}

allocator_interface::impl_allocator_api2!([O: Os] PageCache<O>);
