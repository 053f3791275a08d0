//! Tests for exercise page-6 (`src/ex6_cache.rs`), the capstone.

use allocator_interface::{Allocator, conformance};
use core::alloc::Layout;
use core::ptr::NonNull;
use page_allocator::{Linux, SimulatedOs};
use page_allocator_exercises::ex6_cache::PageCache;

const PAGE: usize = 4096;

fn pages(count: usize) -> Layout {
    Layout::from_size_align(count * PAGE, 8).unwrap()
}

/// Frees a live block of `count` pages.
fn free<A: Allocator>(a: &A, block: NonNull<u8>, count: usize) {
    // SAFETY: every caller passes a live block of `a` with that many pages.
    unsafe { a.free(block, pages(count)) };
}

#[test]
fn a_freed_block_is_reused_without_a_system_call() {
    let os = SimulatedOs::new(PAGE, 64);
    let cache = PageCache::new(&os, 16);
    let first = cache.alloc(pages(3)).unwrap();
    free(&cache, first, 3);
    assert_eq!((os.calls(), os.mapped_pages(), cache.cached_pages()), (1, 3, 3), "mapped once, kept mapped");
    let again = cache.alloc(Layout::from_size_align(2 * PAGE + 1, 1).unwrap()).unwrap();
    assert_eq!(again, first, "the same pages");
    assert_eq!((os.calls(), cache.cached_pages()), (1, 0), "and no system call for them");
    free(&cache, again, 3);
}

#[test]
fn the_smallest_span_that_fits_is_taken() {
    let os = SimulatedOs::new(PAGE, 64);
    let cache = PageCache::new(&os, 16);
    let blocks = [4, 2, 3].map(|n| (cache.alloc(pages(n)).unwrap(), n));
    for (block, n) in blocks {
        free(&cache, block, n);
    }
    let calls = os.calls();
    let two = cache.alloc(pages(2)).unwrap();
    let three = cache.alloc(pages(3)).unwrap();
    assert_eq!((two, three), (blocks[1].0, blocks[2].0), "exact fits, not the first span on the list");
    assert_eq!((os.calls(), cache.cached_pages()), (calls, 4));
    free(&cache, two, 2);
    free(&cache, three, 3);
}

#[test]
fn a_larger_span_is_split_and_its_tail_stays_cached() {
    let os = SimulatedOs::new(PAGE, 64);
    let cache = PageCache::new(&os, 16);
    let four = cache.alloc(pages(4)).unwrap();
    free(&cache, four, 4);
    let one = cache.alloc(pages(1)).unwrap();
    assert_eq!(one, four, "the head of the span");
    assert_eq!(cache.cached_pages(), 3, "the other three stay cached");
    let rest = cache.alloc(pages(3)).unwrap();
    assert_eq!(os.page_of(rest), os.page_of(four) + 1, "the tail, as one span");
    assert_eq!((os.calls(), os.mapped_pages(), cache.cached_pages()), (1, 4, 0));
    // The two halves are independent blocks now: free them in either order.
    free(&cache, rest, 3);
    free(&cache, one, 1);
    assert_eq!(cache.cached_pages(), 4);
}

#[test]
fn the_budget_is_never_exceeded() {
    let os = SimulatedOs::new(PAGE, 64);
    let cache = PageCache::new(&os, 4);
    let [a, b, c] = [3, 2, 1].map(|n| cache.alloc(pages(n)).unwrap());
    free(&cache, a, 3);
    assert_eq!(cache.cached_pages(), 3);
    free(&cache, b, 2);
    assert_eq!((cache.cached_pages(), os.mapped_pages()), (3, 4), "5 pages would break the budget: unmapped");
    free(&cache, c, 1);
    assert_eq!((cache.cached_pages(), os.mapped_pages()), (4, 4), "exactly the budget is fine");
    let none = PageCache::new(&os, 0);
    let block = none.alloc(pages(1)).unwrap();
    free(&none, block, 1);
    assert_eq!((none.cached_pages(), os.mapped_pages()), (0, 4), "a budget of 0 is a plain page allocator");
}

#[test]
fn dropping_or_trimming_gives_every_cached_page_back() {
    let os = SimulatedOs::new(PAGE, 64);
    {
        let cache = PageCache::new(&os, 16);
        let blocks = [1, 2, 3].map(|n| (cache.alloc(pages(n)).unwrap(), n));
        for (block, n) in blocks {
            free(&cache, block, n);
        }
        cache.trim();
        assert_eq!((cache.cached_pages(), os.mapped_pages()), (0, 0));
        let block = cache.alloc(pages(2)).unwrap();
        assert_eq!(os.calls(), 7, "3 maps, 3 unmaps, and a map again: the cache is empty");
        free(&cache, block, 2);
        assert_eq!(os.mapped_pages(), 2);
    } // the cache goes here
    assert_eq!(os.mapped_pages(), 0, "nothing left mapped when the cache goes");
}

#[test]
fn over_aligned_blocks_bypass_the_cache() {
    let os = SimulatedOs::new(PAGE, 128);
    let cache = PageCache::new(&os, 64);
    let span = cache.alloc(pages(8)).unwrap();
    free(&cache, span, 8);
    let aligned = Layout::from_size_align(PAGE, 16 * PAGE).unwrap();
    let block = cache.alloc(aligned).unwrap();
    assert_eq!(block.addr().get() % (16 * PAGE), 0);
    assert_eq!(cache.cached_pages(), 8, "a cached span is only page-aligned: not taken");
    // SAFETY: a live block with this layout.
    unsafe { cache.free(block, aligned) };
    assert_eq!((cache.cached_pages(), os.mapped_pages()), (8, 8), "and not cached when freed");
}

#[test]
fn a_block_from_the_cache_resizes_and_remaps_like_a_fresh_one() {
    let os = SimulatedOs::new(PAGE, 64);
    {
        let cache = PageCache::new(&os, 16);
        let four = cache.alloc(pages(4)).unwrap();
        free(&cache, four, 4);
        let block = cache.alloc(pages(1)).unwrap();
        // SAFETY: one page of our own block.
        unsafe { block.write_bytes(0x5a, PAGE) };
        // SAFETY: `block` is live with one page; each call keeps the caller's
        // contract (the layout passed is the block's current one).
        unsafe {
            assert!(!cache.resize(block, pages(1), 2 * PAGE), "the next page is a cached span, still mapped");
            let moved = cache.remap(block, pages(1), 2 * PAGE).expect("the kernel moves it");
            assert_ne!(os.page_of(moved), os.page_of(four) + 1, "not onto the cached pages");
            assert_eq!(*moved.as_ptr().add(PAGE - 1), 0x5a, "the contents moved with it");
            assert!(cache.resize(moved, pages(2), 1), "shrinking unmaps the tail");
            free(&cache, moved, 1);
        }
        assert_eq!(cache.cached_pages(), 4, "the split tail was never touched");
    } // the cache goes here
    assert_eq!(os.mapped_pages(), 0);
}

#[test]
fn zero_and_huge_sizes_are_refused() {
    let os = SimulatedOs::new(PAGE, 16);
    let cache = PageCache::new(&os, 8);
    let block = cache.alloc(pages(2)).unwrap();
    free(&cache, block, 2);
    assert!(cache.alloc(Layout::from_size_align(0, 1).unwrap()).is_err());
    assert!(cache.alloc(Layout::from_size_align(isize::MAX as usize - PAGE, 8).unwrap()).is_err());
    assert!(cache.alloc(pages(17)).is_err(), "more pages than the kernel has");
    assert_eq!(cache.cached_pages(), 2, "no refused request took the cached span");
}

#[test]
fn works_with_16_kib_pages() {
    let os = SimulatedOs::new(16 * 1024, 16);
    let cache = PageCache::new(&os, 4);
    let small = Layout::from_size_align(5000, 8).unwrap();
    let block = cache.alloc(small).unwrap();
    // SAFETY: live, with this layout.
    unsafe { cache.free(block, small) };
    assert_eq!(cache.cached_pages(), 1, "5000 bytes is one 16 KiB page");
    let page = Layout::from_size_align(16 * 1024, 16 * 1024).unwrap();
    assert_eq!(cache.alloc(page).unwrap(), block, "a page-aligned request reuses it");
    // SAFETY: live, with this layout.
    unsafe { cache.free(block, page) };
}

#[test]
fn a_busy_program_makes_a_handful_of_system_calls() {
    // The page allocator alone makes two calls per block: 2,000 here.
    let os = SimulatedOs::new(PAGE, 64);
    let cache = PageCache::new(&os, 16);
    let rounds = if cfg!(miri) { 50 } else { 1000 };
    for round in 0..rounds {
        let n = 1 + round % 4;
        let block = cache.alloc(pages(n)).unwrap();
        free(&cache, block, n);
    }
    assert!(os.calls() <= 4, "{} system calls:\n{}", os.calls(), os.log());
}

#[test]
fn passes_the_conformance_suite_over_the_simulated_kernel() {
    for budget in [4, 64] {
        conformance::check_scoped(|test| {
            let os = SimulatedOs::new(PAGE, if cfg!(miri) { 192 } else { 1024 });
            test(&PageCache::new(&os, budget));
            assert_eq!(os.mapped_pages(), 0, "every page given back when the cache went");
        });
    }
}

#[test]
#[cfg_attr(miri, ignore = "real system calls: Miri runs the simulated kernel instead")]
fn passes_the_conformance_suite_over_linux() {
    conformance::check(|| PageCache::new(Linux, 64));
}
