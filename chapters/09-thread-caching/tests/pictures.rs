//! What the book shows, generated from the code: the size classes.

use thread_caching::classes::table;
use thread_caching::heap::blocks_per_slab;

#[test]
#[cfg_attr(miri, ignore = "a picture: no unsafe code to check")]
fn size_class_table() {
    insta::assert_snapshot!("size_classes", table(blocks_per_slab));
}

/// The simulated kernel's log from line `from` on.
fn log_from(os: &page_allocator::SimulatedOs, from: usize) -> String {
    let lines: String = os.log().lines().skip(from).map(|line| format!("  {line}\n")).collect();
    if lines.is_empty() { "  (no system call)\n".to_string() } else { lines }
}

/// Fills three slabs with 4 KiB blocks, then frees them all: what the
/// kernel is asked while they are freed.
fn emptied(heap: &thread_caching::Heap<&page_allocator::SimulatedOs>, os: &page_allocator::SimulatedOs) -> String {
    use allocator_interface::Allocator;
    use core::alloc::Layout;
    let cache = thread_caching::LocalCache::new(heap);
    let big = Layout::from_size_align(4096, 8).unwrap(); // 15 to a slab
    let blocks: Vec<_> = (0..45).map(|_| cache.alloc(big).unwrap()).collect();
    let filled = os.log().lines().count();
    for block in blocks {
        // SAFETY: live blocks of this heap, freed once.
        unsafe { cache.free(block, big) };
    }
    drop(cache);
    log_from(os, filled)
}

#[test]
fn giving_slabs_back() {
    use page_allocator::{PageAllocator, SimulatedOs};
    use thread_caching::Heap;
    let os = SimulatedOs::new(4096, 256);
    let unpooled = Heap::new(PageAllocator::with_os(&os));
    let without_pool = emptied(&unpooled, &os);
    drop(unpooled);
    let os = SimulatedOs::new(4096, 256);
    let pooled = Heap::with_pool(PageAllocator::with_os(&os), 8);
    let with_pool = emptied(&pooled, &os);
    let kept = pooled.slabs();
    let before_trim = os.log().lines().count();
    let trimmed = pooled.trim();
    let trim_log = log_from(&os, before_trim);
    let picture = format!(
        "Heap::new: an emptied slab is unmapped, but one spare per class\n{without_pool}\n\
         Heap::with_pool(.., 8): emptied slabs wait in the pool, mapped ({kept} slabs)\n{with_pool}\n\
         trim(): their memory goes back, all but each one's first page ({trimmed} slabs)\n{trim_log}"
    );
    // Miri cannot run insta (it starts processes), but it checks the unsafe
    // code this picture runs: there, compare with the snapshot's text.
    if cfg!(miri) {
        let saved = include_str!("snapshots/pictures__giving_slabs_back.snap");
        let body = saved.splitn(3, "---\n").nth(2).expect("a snapshot header");
        assert_eq!(body.trim_end(), picture.trim_end());
    } else {
        insta::assert_snapshot!("giving_slabs_back", picture);
    }
}
