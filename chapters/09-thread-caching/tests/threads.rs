//! Many threads, one heap: each thread allocates and frees through its own
//! cache; blocks freed by another thread than the one that allocated them
//! find their way back; and the slabs go back to the kernel when empty.

use allocator_interface::Allocator;
use core::alloc::Layout;
use core::ptr::NonNull;
use page_allocator::{PageAllocator, SimulatedOs};
use std::sync::mpsc;
use thread_caching::{Heap, LocalCache};

/// Under Miri, which runs every thread one instruction at a time, less.
const THREADS: usize = if cfg!(miri) { 3 } else { 8 };
const ROUNDS: usize = if cfg!(miri) { 60 } else { 20_000 };

/// A block on its way to another thread.
struct Sent(NonNull<u8>, Layout);
// SAFETY: the block belongs to the heap, which every thread shares; the
// sender gives it up when it sends it.
unsafe impl Send for Sent {}

/// Sizes from 1 byte to 12 KiB (past the largest class), aligned 1 to 64.
fn layout(seed: &mut u64) -> Layout {
    *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let largest = if seed.is_multiple_of(7) { 12 * 1024 } else { 300 };
    let size = 1 + (*seed >> 33) as usize % largest;
    Layout::from_size_align(size, 1 << ((*seed >> 20) % 7)).unwrap()
}

/// Fills a block with its owner's mark; checks it later.
fn mark(block: NonNull<u8>, layout: Layout, byte: u8) {
    // SAFETY: a live block of `layout.size()` bytes.
    unsafe { block.write_bytes(byte, layout.size()) };
}

fn marked(block: NonNull<u8>, layout: Layout, byte: u8) -> bool {
    // SAFETY: a live block of `layout.size()` bytes, written by `mark`.
    unsafe { core::slice::from_raw_parts(block.as_ptr(), layout.size()) }.iter().all(|&b| b == byte)
}

fn stress(heap: &Heap<&SimulatedOs>) {
    std::thread::scope(|scope| {
        for thread in 0..THREADS {
            scope.spawn(move || {
                let cache = LocalCache::new(heap);
                let byte = thread as u8 + 1;
                let mut seed = thread as u64;
                let mut live: Vec<(NonNull<u8>, Layout)> = Vec::new();
                for round in 0..ROUNDS {
                    if live.len() < 40 && round % 3 != 2 {
                        let layout = layout(&mut seed);
                        let block = cache.alloc(layout).expect("memory");
                        assert_eq!(block.addr().get() % layout.align(), 0);
                        mark(block, layout, byte);
                        live.push((block, layout));
                    } else if let Some((block, layout)) = live.pop() {
                        assert!(marked(block, layout, byte), "another thread wrote into this block");
                        // SAFETY: a live block of this heap, with its layout.
                        unsafe { cache.free(block, layout) };
                    }
                }
                for (block, layout) in live {
                    // SAFETY: as above.
                    unsafe { cache.free(block, layout) };
                }
            });
        }
    });
}

#[test]
fn threads_share_one_heap_without_sharing_blocks() {
    let os = SimulatedOs::new(4096, 8192);
    let heap = Heap::new(PageAllocator::with_os(&os));
    stress(&heap);
    assert_eq!(heap.blocks_out(), 0, "every cache gave its blocks back when its thread ended");
    assert!(heap.slabs() <= thread_caching::classes::CLASSES, "only the spares stay mapped: {}", heap.slabs());
}

// ANCHOR: producer_consumer
#[test]
fn a_consumer_frees_what_a_producer_allocated() {
    let os = SimulatedOs::new(4096, 4096);
    let heap = Heap::new(PageAllocator::with_os(&os));
    let layout = Layout::from_size_align(48, 8).unwrap();
    let blocks = if cfg!(miri) { 300 } else { 100_000 };
    let (to_consumer, received) = mpsc::sync_channel::<Sent>(64);
    let heap = &heap;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let cache = LocalCache::new(heap);
            for n in 0..blocks {
                let block = cache.alloc(layout).expect("memory");
                mark(block, layout, n as u8);
                to_consumer.send(Sent(block, layout)).expect("the consumer is there");
            }
        });
        scope.spawn(move || {
            let cache = LocalCache::new(heap);
            for (n, Sent(block, layout)) in received.iter().enumerate() {
                assert!(marked(block, layout, n as u8));
                // SAFETY: a live block of this heap, given up by the producer.
                unsafe { cache.free(block, layout) };
                // The consumer's cache never holds more than two batches:
                // the rest flows back to the heap, and to the producer.
                assert!(cache.cached() <= 2 * thread_caching::cache::batch(2) + 1);
            }
        });
    });
    assert_eq!(heap.blocks_out(), 0);
    // 100,000 blocks of 48 bytes passed through, yet a few slabs held them.
    assert!(heap.slabs() <= 2, "{} slabs", heap.slabs());
}
// ANCHOR_END: producer_consumer

#[test]
fn empty_slabs_go_back_to_the_kernel_but_one() {
    let os = SimulatedOs::new(4096, 1024);
    let heap = Heap::new(PageAllocator::with_os(&os));
    let cache = LocalCache::new(&heap);
    let layout = Layout::from_size_align(4096, 8).unwrap(); // 15 to a slab
    let blocks: Vec<_> = (0..60).map(|_| cache.alloc(layout).unwrap()).collect();
    let mapped = heap.slabs();
    assert!(mapped >= 4, "{mapped}");
    for block in blocks {
        // SAFETY: live blocks of this heap.
        unsafe { cache.free(block, layout) };
    }
    drop(cache);
    assert_eq!((heap.slabs(), heap.blocks_out()), (1, 0), "one spare slab stays mapped");
    assert_eq!(os.mapped_pages(), 16, "a 64 KiB slab of 4 KiB pages");
    drop(heap);
    assert_eq!(os.mapped_pages(), 0, "and the heap unmaps it when dropped");
}

#[test]
fn a_pool_keeps_empty_slabs_for_any_class_to_reuse() {
    let os = SimulatedOs::new(4096, 1024);
    let heap = Heap::with_pool(PageAllocator::with_os(&os), 2);
    let cache = LocalCache::new(&heap);
    let big = Layout::from_size_align(4096, 8).unwrap(); // 15 to a slab
    let blocks: Vec<_> = (0..60).map(|_| cache.alloc(big).unwrap()).collect();
    for block in blocks {
        // SAFETY: live blocks of this heap.
        unsafe { cache.free(block, big) };
    }
    drop(cache);
    assert_eq!(heap.slabs(), 3, "the spare and two in the pool; the fourth went back");
    let calls = os.calls();
    let cache = LocalCache::new(&heap);
    let small = Layout::from_size_align(16, 8).unwrap(); // another class
    let block = cache.alloc(small).unwrap();
    assert_eq!(os.calls(), calls, "a pooled slab served the new class: no system call");
    // SAFETY: a live block of this heap.
    unsafe { cache.free(block, small) };
    drop(cache);
    drop(heap);
    assert_eq!(os.mapped_pages(), 0, "dropping the heap unmaps the pool too");
}

/// Allocates `slabs` slabs' worth of 4 KiB blocks, writes them, frees them
/// all; returns the blocks' addresses.
fn fill_and_empty<O: page_allocator::Os>(heap: &Heap<O>, slabs: usize) -> Vec<usize> {
    let cache = LocalCache::new(heap);
    let big = Layout::from_size_align(4096, 8).unwrap(); // 15 to a slab
    let blocks: Vec<_> = (0..slabs * 15).map(|_| cache.alloc(big).unwrap()).collect();
    for &block in &blocks {
        // SAFETY: a live block of 4096 bytes.
        unsafe { block.write_bytes(0xAB, 4096) };
    }
    let addresses = blocks.iter().map(|b| b.addr().get()).collect();
    for block in blocks {
        // SAFETY: live blocks of this heap.
        unsafe { cache.free(block, big) };
    }
    addresses
}

/// Lets the pooled slabs age past the purge delay, then empties one more
/// slab: the purge runs when a slab enters the pool.
fn wait_and_purge<O: page_allocator::Os>(heap: &Heap<O>) {
    std::thread::sleep(thread_caching::heap::PURGE_DELAY * 2);
    fill_and_empty(heap, 1);
}

fn madvise_lines(os: &SimulatedOs) -> Vec<String> {
    os.log().lines().filter(|line| line.starts_with("madvise")).map(str::to_string).collect()
}

fn pages_of(line: &str) -> usize {
    let pages: Vec<usize> =
        line.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).map(|n| n.parse().unwrap()).collect();
    pages[1] - pages[0]
}

#[test]
fn a_pooled_slab_keeps_its_memory_until_it_has_waited() {
    use std::time::Duration;
    let os = SimulatedOs::new(4096, 2048);
    let an_hour = Duration::from_secs(3600);
    let heap = Heap::with_pool(PageAllocator::with_os(&os), 64).with_purge_delay(an_hour);
    fill_and_empty(&heap, 1 + thread_caching::heap::POOL_RESIDENT + 4);
    fill_and_empty(&heap, 1);
    assert_eq!(madvise_lines(&os), Vec::<String>::new(), "nothing has waited an hour");
}

#[test]
fn once_it_has_waited_a_pooled_slab_gives_its_memory_back() {
    use thread_caching::heap::POOL_RESIDENT;
    let os = SimulatedOs::new(4096, 2048);
    let heap = Heap::with_pool(PageAllocator::with_os(&os), 64);
    // The spare, the resident few, and some more (the cache's batches may
    // have taken a slab more).
    fill_and_empty(&heap, 1 + POOL_RESIDENT + 4);
    let slabs = heap.slabs();
    assert!(slabs >= 1 + POOL_RESIDENT + 4);
    wait_and_purge(&heap);
    let discards = madvise_lines(&os);
    assert_eq!(discards.len(), slabs - 1 - POOL_RESIDENT, "all but the spare and the newest few:\n{}", os.log());
    assert!(discards.iter().all(|line| pages_of(line) == 15), "all of a slab but its first page: {discards:?}");
    assert_eq!(heap.slabs(), slabs, "discarded, not unmapped");
    // Reused: no new mapping, and the discarded pages serve blocks again.
    let maps = os.log().lines().filter(|line| line.starts_with("mmap")).count();
    fill_and_empty(&heap, 1 + POOL_RESIDENT + 4);
    assert_eq!(os.log().lines().filter(|line| line.starts_with("mmap")).count(), maps, "{}", os.log());
    // `trim` gives back the rest at once: the spare and the pool's resident few.
    let before = madvise_lines(&os).len();
    let trimmed = heap.trim();
    assert_eq!(madvise_lines(&os).len() - before, trimmed);
    assert!(trimmed > POOL_RESIDENT, "the spare and the pool: trimmed {trimmed}");
    assert_eq!(heap.trim(), 1, "only the spare is left to trim: it is not marked");
}

#[test]
fn with_no_delay_a_slab_gives_its_memory_back_as_it_is_pooled() {
    use thread_caching::heap::POOL_RESIDENT;
    let os = SimulatedOs::new(4096, 2048);
    let heap = Heap::with_pool(PageAllocator::with_os(&os), 64).with_purge_delay(std::time::Duration::ZERO);
    fill_and_empty(&heap, 1 + POOL_RESIDENT + 4);
    assert_eq!(madvise_lines(&os).len(), heap.slabs() - 1 - POOL_RESIDENT, "{}", os.log());
}

#[test]
#[cfg_attr(miri, ignore = "asks the real kernel which pages are resident")]
fn on_linux_the_purged_pages_are_no_longer_resident() {
    use page_allocator::Linux;
    use thread_caching::heap::{POOL_RESIDENT, SLAB};
    assert_eq!(page_allocator::os::system_page_size(), 4096, "this test counts 4 KiB pages");
    let heap: Heap<Linux> = Heap::with_pool(PageAllocator::new(), 64);
    let addresses = fill_and_empty(&heap, 1 + POOL_RESIDENT + 4);
    let mut slabs: Vec<usize> = addresses.iter().map(|a| a & !(SLAB - 1)).collect();
    slabs.sort_unstable();
    slabs.dedup();
    let resident_pages = |slab: usize| {
        let mut vec = [0u8; SLAB / 4096];
        // SAFETY: `slab` is a mapping of the heap, SLAB bytes long (the heap
        // is alive), and `vec` has a byte for each of its pages.
        let result = unsafe { libc::mincore(slab as *mut libc::c_void, SLAB, vec.as_mut_ptr()) };
        assert_eq!(result, 0, "mincore");
        vec.iter().filter(|v| *v & 1 == 1).count()
    };
    let count = |pages: fn(usize) -> bool| slabs.iter().filter(|&&s| pages(resident_pages(s))).count();
    assert_eq!(count(|n| n <= 1), 0, "nothing given back before the delay");
    wait_and_purge(&heap);
    let expected = (1 + POOL_RESIDENT, heap.slabs() - 1 - POOL_RESIDENT);
    assert_eq!((count(|n| n > 1), count(|n| n <= 1)), expected, "kept, and given back");
    heap.trim();
    assert_eq!(count(|n| n <= 1), slabs.len(), "after trim, only first pages");
}
