//! What a page allocator does, seen through the simulated kernel's log (page
//! numbers, never addresses) and checked against the real one.

use allocator_interface::Allocator;
use core::alloc::Layout;
use page_allocator::{PageAllocator, SimulatedOs, waste};

const PAGE: usize = 4096;

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

#[test]
fn one_byte_costs_a_page() {
    let os = SimulatedOs::new(PAGE, 64);
    let pages = PageAllocator::with_os(&os);
    let block = pages.alloc(layout(1, 1)).unwrap();
    assert_eq!(os.mapped_pages(), 1);
    // SAFETY: live, 1 byte.
    unsafe { pages.free(block, layout(1, 1)) };
    assert_eq!(os.mapped_pages(), 0);
}

#[test]
fn a_thousand_one_byte_blocks_map_a_thousand_pages() {
    // (A hundred under Miri, where every simulated page costs seconds.)
    let n = if cfg!(miri) { 100 } else { 1000 };
    let os = SimulatedOs::new(PAGE, n);
    let pages = PageAllocator::with_os(&os);
    let blocks: Vec<_> = (0..n).map(|_| pages.alloc(layout(1, 1)).unwrap()).collect();
    assert_eq!(os.mapped_pages() * PAGE, n * 4096, "{n} bytes asked, {n} pages mapped");
    assert_eq!(os.calls(), n, "and one system call each");
    for block in blocks {
        // SAFETY: live, 1 byte each.
        unsafe { pages.free(block, layout(1, 1)) };
    }
}

#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn what_small_requests_waste() {
    insta::assert_snapshot!(waste(PAGE, &[1, 8, 100, 1000, 4095, 4096, 4097, 10_000, 65_536, 1_000_000]));
}

#[test]
fn fresh_memory_is_zeroed() {
    let pages = PageAllocator::new();
    #[cfg(miri)]
    let os = SimulatedOs::new(PAGE, 8);
    #[cfg(miri)]
    let pages = PageAllocator::with_os(&os);
    let block = pages.alloc(layout(3 * PAGE, 8)).unwrap();
    // SAFETY: a live block of 3 pages.
    let bytes = unsafe { core::slice::from_raw_parts(block.as_ptr(), 3 * PAGE) };
    assert!(bytes.iter().all(|&b| b == 0));
    // SAFETY: live, this layout.
    unsafe { pages.free(block, layout(3 * PAGE, 8)) };
}

// ANCHOR: trim
#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn alignment_beyond_a_page_maps_more_and_trims() {
    let os = SimulatedOs::new(PAGE, 64);
    let pages = PageAllocator::with_os(&os);
    let _first = pages.alloc(layout(PAGE, PAGE)).unwrap(); // page 0: so page 1 is not 16-page aligned
    let block = pages.alloc(layout(2 * PAGE, 16 * PAGE)).unwrap();
    assert_eq!(os.page_of(block) % 16, 0, "64 KiB-aligned");
    assert_eq!(os.mapped_pages(), 3, "only the block's own pages stay mapped");
    insta::assert_snapshot!(os.log());
}
// ANCHOR_END: trim

#[test]
fn resize_in_place_unmaps_the_tail_or_claims_the_next_pages() {
    let os = SimulatedOs::new(PAGE, 64);
    let pages = PageAllocator::with_os(&os);
    let block = pages.alloc(layout(4 * PAGE, 8)).unwrap();
    // SAFETY: `block` is live with the layout passed at each step.
    unsafe {
        assert!(pages.resize(block, layout(4 * PAGE, 8), 4 * PAGE - 100), "same pages: nothing to do");
        assert!(pages.resize(block, layout(4 * PAGE, 8), PAGE));
        assert_eq!(os.mapped_pages(), 1, "three tail pages went back");
        assert!(pages.resize(block, layout(PAGE, 8), 6 * PAGE), "the next pages are free");
        let neighbour = pages.alloc(layout(PAGE, 8)).unwrap();
        assert_eq!(os.page_of(neighbour), 6);
        assert!(!pages.resize(block, layout(6 * PAGE, 8), 7 * PAGE), "page 6 is taken");
        pages.free(neighbour, layout(PAGE, 8));
        pages.free(block, layout(6 * PAGE, 8));
    }
}

// ANCHOR: remap_alignment
/// ziglang/zig#22975: Zig 0.15's page allocator moves a block with
/// `mremap(MAYMOVE)`, which only promises page alignment, and so can lose a
/// larger alignment. This test fails for such an allocator.
#[test]
fn remap_keeps_alignment_beyond_a_page() {
    let os = SimulatedOs::new(PAGE, 256);
    let pages = PageAllocator::with_os(&os);
    let aligned = layout(16 * PAGE, 16 * PAGE);
    let block = pages.alloc(aligned).unwrap();
    // SAFETY: live with `aligned`; the neighbour forces the block to move.
    unsafe {
        block.write(42);
        let neighbour = pages.alloc(layout(PAGE, 8)).unwrap();
        assert_eq!(os.page_of(neighbour), os.page_of(block) + 16, "right behind the block");
        let moved = pages.remap(block, aligned, 64 * PAGE).expect("the kernel moves it");
        assert_ne!(moved, block, "it had to move");
        assert_eq!(os.page_of(moved) % 16, 0, "still 64 KiB-aligned after the move");
        assert_eq!(moved.read(), 42, "contents moved with it");
        pages.free(moved, layout(64 * PAGE, 16 * PAGE));
        pages.free(neighbour, layout(PAGE, 8));
    }
    assert_eq!(os.mapped_pages(), 0);
}
// ANCHOR_END: remap_alignment

#[test]
#[cfg_attr(miri, ignore = "real system calls")]
fn remap_keeps_alignment_on_the_real_kernel() {
    let pages = PageAllocator::new();
    let align = 1 << 20;
    let aligned = layout(align, align);
    let block = pages.alloc(aligned).unwrap();
    assert_eq!(block.addr().get() % align, 0);
    // SAFETY: live with `aligned`; afterwards `moved` with the new size.
    unsafe {
        block.write(7);
        let moved = pages.remap(block, aligned, 64 << 20).expect("64 MiB");
        assert_eq!(moved.addr().get() % align, 0, "1 MiB alignment kept, moved or not");
        assert_eq!(moved.read(), 7);
        pages.free(moved, layout(64 << 20, align));
    }
}

#[test]
fn the_address_space_picture_shows_blocks_by_page() {
    let os = SimulatedOs::new(PAGE, 32);
    let pages = PageAllocator::with_os(&os);
    let a = pages.alloc(layout(PAGE + 1, 1)).unwrap(); // two pages
    let b = pages.alloc(layout(1, 1)).unwrap();
    let (first_a, first_b) = (os.page_of(a), os.page_of(b));
    let svg = os.svg(&[('A', first_a..first_a + 2), ('B', first_b..first_b + 1)]);
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert_eq!(svg.matches("<rect").count(), 32, "one cell per page");
    assert_eq!(svg.matches(r#"text-anchor="middle">A<"#).count(), 2, "block A spans two pages");
    assert_eq!(svg.matches(r#"text-anchor="middle">B<"#).count(), 1);
    assert!(svg.contains("3 of 32 pages of 4096 bytes mapped"), "{svg}");
    assert!(!svg.contains("0x"), "page numbers, not addresses");
    // SAFETY: both live, with the layouts they were allocated with.
    unsafe {
        pages.free(a, layout(PAGE + 1, 1));
        pages.free(b, layout(1, 1));
    }
    assert!(os.svg(&[]).contains("0 of 32 pages"));
}
