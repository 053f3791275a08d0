//! Tests for exercise page-4 (`src/ex4_align.rs`).

use allocator_interface::{Allocator, conformance};
use core::alloc::Layout;
use page_allocator::{Linux, SimulatedOs};
use page_allocator_exercises::ex2_alloc::PageAlloc;

const PAGE: usize = 4096;

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

#[test]
fn map_aligned_trims_head_and_tail() {
    let os = SimulatedOs::new(PAGE, 64);
    let pages = PageAlloc::new(&os);
    let first = pages.alloc(layout(PAGE, 8)).unwrap(); // page 0, so the next 16-page boundary is page 16
    let block = pages.map_aligned(2 * PAGE, 16 * PAGE).unwrap();
    assert_eq!(os.page_of(block), 16);
    assert_eq!(os.mapped_pages(), 3, "only the block's pages stay mapped");
    // SAFETY: live blocks with these layouts.
    unsafe {
        pages.free(block, layout(2 * PAGE, 16 * PAGE));
        pages.free(first, layout(PAGE, 8));
    }
}

/// The system calls `map_aligned` makes, as the simulated kernel logs them.
#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn the_system_calls_of_an_aligned_allocation() {
    let os = SimulatedOs::new(PAGE, 64);
    let pages = PageAlloc::new(&os);
    let _first = pages.alloc(layout(3 * PAGE, 8)).unwrap();
    let _aligned = pages.alloc(layout(4 * PAGE, 8 * PAGE)).unwrap();
    insta::assert_snapshot!(os.log());
}

#[test]
fn remap_keeps_alignment_beyond_a_page() {
    let os = SimulatedOs::new(PAGE, 256);
    let pages = PageAlloc::new(&os);
    let aligned = layout(16 * PAGE, 16 * PAGE);
    let block = pages.alloc(aligned).unwrap();
    // SAFETY: `block` is live with `aligned`; then `moved` with the new size.
    unsafe {
        block.write(42);
        let neighbour = pages.alloc(layout(PAGE, 8)).unwrap(); // blocks in-place growth
        let moved = pages.remap(block, aligned, 64 * PAGE).expect("moved by the kernel");
        assert_eq!(os.page_of(moved) % 16, 0, "ziglang/zig#22975: still 64 KiB-aligned");
        assert_eq!(moved.read(), 42);
        pages.free(moved, layout(64 * PAGE, 16 * PAGE));
        pages.free(neighbour, layout(PAGE, 8));
    }
    assert_eq!(os.mapped_pages(), 0, "the reservation did not leak");
}

#[test]
fn passes_the_conformance_suite_on_the_simulated_kernel() {
    conformance::check_scoped(|test| {
        let os = SimulatedOs::new(PAGE, if cfg!(miri) { 192 } else { 1024 });
        test(&PageAlloc::new(&os));
    });
}

#[test]
#[cfg_attr(miri, ignore = "real system calls")]
fn passes_the_conformance_suite_on_the_real_kernel() {
    conformance::check(|| PageAlloc::new(Linux));
}
