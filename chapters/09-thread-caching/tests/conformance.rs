//! The thread-caching allocator is a real allocator: lesson 03's conformance
//! suite (Zig's allocator tests and the model check) through a cache, over
//! the simulated kernel (which Miri runs) and the real one.

use allocator_interface::conformance;
use page_allocator::{PageAllocator, SimulatedOs};
use thread_caching::{Heap, LocalCache};

#[test]
fn through_a_cache_over_a_simulated_kernel() {
    let os = SimulatedOs::new(4096, 4096);
    conformance::check_scoped(|test| {
        let heap = Heap::new(PageAllocator::with_os(&os));
        let cache = LocalCache::new(&heap);
        test(&cache);
        drop(cache);
        assert_eq!(heap.blocks_out(), 0, "every block came back to its slab");
    });
}

#[test]
#[cfg_attr(miri, ignore = "real mmap; the simulated kernel above runs under Miri")]
fn through_a_cache_over_the_real_kernel() {
    conformance::check_scoped(|test| {
        let heap = Heap::new(PageAllocator::new());
        let cache = LocalCache::new(&heap);
        test(&cache);
        drop(cache);
        assert_eq!(heap.blocks_out(), 0);
    });
}
