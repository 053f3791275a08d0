//! What asking the kernel costs. Run: `cargo bench -p chapter-04-page-allocator`.

use allocator_interface::{Allocator, SystemAllocator};
use core::alloc::Layout;
use divan::{Bencher, black_box};
use page_allocator::PageAllocator;
use page_allocator::os::{Linux, Os};

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [4096, 64 * 1024, 1024 * 1024];

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, 8).unwrap()
}

// ANCHOR: bench
/// One block from our page allocator, given back at once.
#[divan::bench(args = SIZES)]
fn page_allocator_alloc_free(size: usize) {
    let pages = PageAllocator::new();
    let block = pages.alloc(layout(size)).expect("memory");
    // SAFETY: a live block of this layout.
    unsafe { pages.free(black_box(block), layout(size)) };
}

/// The same two system calls, made directly.
#[divan::bench(args = SIZES)]
fn raw_mmap_munmap(size: usize) {
    let block = Linux.map(size).expect("memory");
    // SAFETY: the mapping just made.
    unsafe { Linux.unmap(black_box(block), size) };
}

/// `malloc` + `free` of the same size: usually no system call at all.
#[divan::bench(args = SIZES)]
fn malloc_free(size: usize) {
    let block = SystemAllocator.alloc(layout(size)).expect("memory");
    // SAFETY: a live block of this layout.
    unsafe { SystemAllocator.free(black_box(block), layout(size)) };
}

/// Mapping is cheap; touching is not. Map 1 MiB (256 pages), write one byte
/// per page — each first write is a page fault — and unmap.
#[divan::bench]
fn first_touch_256_pages(bencher: Bencher) {
    let page = Linux.page_size();
    let len = 256 * page;
    bencher.bench_local(|| {
        let block = Linux.map(len).expect("memory");
        for offset in (0..len).step_by(page) {
            // SAFETY: inside the fresh mapping.
            unsafe { block.add(offset).write(1) };
        }
        // SAFETY: the mapping just made.
        unsafe { Linux.unmap(black_box(block), len) };
    });
}

/// The same pages, never touched: the kernel never really allocated them.
#[divan::bench]
fn no_touch_256_pages() {
    let len = 256 * Linux.page_size();
    let block = Linux.map(len).expect("memory");
    // SAFETY: the mapping just made.
    unsafe { Linux.unmap(black_box(block), len) };
}
// ANCHOR_END: bench
