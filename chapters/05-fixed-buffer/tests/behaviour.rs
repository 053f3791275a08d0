//! What the fixed-buffer allocators promise beyond the conformance suite.

use allocator_api2::vec::Vec;
use allocator_interface::testing::TestingAllocator;
use allocator_interface::{Allocator, CountingAllocator, OutOfMemory};
use core::alloc::Layout;
use core::mem::MaybeUninit;
use fixed_buffer::map::{self, Block};
use fixed_buffer::{FixedBufferAllocator, StackFallbackAllocator, ThreadSafeFixedBufferAllocator};

/// A buffer at a known alignment, so offsets (and pictures) are the same on
/// every run.
#[repr(C, align(64))]
struct Aligned<const N: usize>([u8; N]);

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

fn offset(buffer_start: usize, ptr: core::ptr::NonNull<u8>) -> usize {
    ptr.addr().get() - buffer_start
}

// ANCHOR: sequence
/// A short life of a 96-byte buffer, drawn after each step.
fn buffer_story() -> String {
    let mut buffer = Aligned([0u8; 96]);
    let start = buffer.0.as_ptr().addr();
    let fba = FixedBufferAllocator::new(&mut buffer.0);
    let mut blocks = std::vec::Vec::new();
    let mut story = String::new();
    let mut step = |title: &str, fba: &FixedBufferAllocator<'_>, blocks: &[Block]| {
        story.push_str(&format!("{title}\n{}\n", map::ascii(fba.capacity(), fba.end_index(), blocks)));
    };

    let a = fba.alloc(layout(3, 1)).unwrap(); // a 3-byte string
    blocks.push(Block { id: 0, offset: offset(start, a), len: 3 });
    let b = fba.alloc(layout(16, 8)).unwrap(); // two u64: padded to offset 8
    blocks.push(Block { id: 1, offset: offset(start, b), len: 16 });
    let c = fba.alloc(layout(4, 4)).unwrap(); // a u32
    blocks.push(Block { id: 2, offset: offset(start, c), len: 4 });
    step("alloc 3 bytes (align 1), 16 bytes (align 8), 4 bytes (align 4):", &fba, &blocks);

    // SAFETY: `c` is the last block, live with 4 bytes.
    assert!(unsafe { fba.resize(c, layout(4, 4), 20) });
    blocks[2].len = 20;
    step("resize the last block from 4 to 20 bytes, in place:", &fba, &blocks);

    // SAFETY: `b` is live with 16 bytes.
    unsafe { fba.free(b, layout(16, 8)) };
    blocks.remove(1);
    step("free the 16-byte block: not the last, so its bytes stay dead:", &fba, &blocks);

    let d = fba.alloc(layout(32, 32)).unwrap();
    blocks.push(Block { id: 3, offset: offset(start, d), len: 32 });
    step("alloc 32 bytes (align 32): padded to the next multiple of 32:", &fba, &blocks);

    assert_eq!(fba.alloc(layout(64, 1)), Err(OutOfMemory));
    step("alloc 64 bytes: out of memory, and nothing changes:", &fba, &blocks);
    story
}
// ANCHOR_END: sequence

#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn the_life_of_a_buffer() {
    insta::assert_snapshot!(buffer_story());
}

#[test]
fn the_life_of_a_buffer_is_deterministic() {
    assert_eq!(buffer_story(), buffer_story());
}

#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn memory_map_picture() {
    // The buffer at the end of `buffer_story`: block B was freed.
    let blocks = [
        Block { id: 0, offset: 0, len: 3 },
        Block { id: 2, offset: 24, len: 20 },
        Block { id: 3, offset: 64, len: 32 },
    ];
    let svg = map::svg(96, 96, &blocks);
    assert!(!svg.contains("\n\n"));
    insta::assert_snapshot!(svg);
}

#[test]
fn works_from_an_uninitialised_stack_buffer() {
    let mut buffer = [MaybeUninit::<u8>::uninit(); 128];
    let fba = FixedBufferAllocator::from_uninit(&mut buffer);
    let mut v = Vec::new_in(&fba);
    v.extend_from_slice(&[1u32, 2, 3]);
    assert_eq!(v.iter().sum::<u32>(), 6);
}

#[test]
fn collections_grow_in_place_when_they_are_last() {
    let mut buffer = Aligned([0u8; 256]);
    let fba = FixedBufferAllocator::new(&mut buffer.0);
    let counting = CountingAllocator::new(&fba);
    let mut v: Vec<u64, _> = Vec::new_in(&counting);
    for i in 0..20 {
        v.push(i);
    }
    let stats = counting.stats();
    assert_eq!((stats.allocs, stats.remaps), (1, 0), "the only block grows in place: {stats:?}");
    assert!(stats.resizes >= 2, "{stats:?}");
    drop(v);
    assert_eq!(fba.end_index(), 0, "freeing the last block gives it all back");
}

#[test]
fn eight_threads_share_one_buffer() {
    const THREADS: usize = 8;
    const PER_THREAD: usize = if cfg!(miri) { 20 } else { 2_000 };
    // One block of slack: the buffer may need padding before the first block.
    let mut buffer = vec![0u8; (THREADS * PER_THREAD + 1) * 16];
    let buffer_start = buffer.as_ptr().addr();
    let fba = ThreadSafeFixedBufferAllocator::new(&mut buffer);
    let block = layout(16, 8);
    let mut all: std::vec::Vec<usize> = std::thread::scope(|s| {
        let handles: std::vec::Vec<_> = (0..THREADS)
            .map(|t| {
                let fba = &fba;
                s.spawn(move || {
                    let mut mine = std::vec::Vec::with_capacity(PER_THREAD);
                    for i in 0..PER_THREAD {
                        let p = fba.alloc(block).expect("the buffer holds every block");
                        // SAFETY: a fresh 16-byte block that only this thread has.
                        unsafe { p.cast::<[usize; 2]>().write([t, i]) };
                        mine.push(p);
                    }
                    // Every block still holds what its thread wrote: no overlap.
                    for (i, p) in mine.iter().enumerate() {
                        // SAFETY: written above, never freed.
                        assert_eq!(unsafe { p.cast::<[usize; 2]>().read() }, [t, i]);
                    }
                    mine.into_iter().map(|p| p.addr().get()).collect::<std::vec::Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), THREADS * PER_THREAD, "every block is distinct");
    let padding = all[0] - buffer_start;
    assert_eq!(fba.end_index() - padding, THREADS * PER_THREAD * 16, "no byte lost: 16-byte blocks pack exactly");
}

#[test]
fn stack_first_then_fallback_with_frees_routed_to_their_owner() {
    let fallback = CountingAllocator::new(TestingAllocator::new());
    // 64 bytes hold one 48-byte block even after alignment padding (the
    // inline buffer may start at any address), but never two.
    let sfa = StackFallbackAllocator::<64, _>::new(&fallback);
    let handle = sfa.get();
    let small = handle.alloc(layout(48, 8)).unwrap();
    assert_eq!(fallback.stats().allocs, 0, "48 bytes fit on the stack");
    let big = handle.alloc(layout(48, 8)).unwrap();
    assert_eq!(fallback.stats().allocs, 1, "another 48 do not: the fallback");
    // SAFETY: both live with their layouts; the testing allocator would
    // panic if a stack block were routed to it.
    unsafe {
        handle.free(big, layout(48, 8));
        handle.free(small, layout(48, 8));
    }
    assert_eq!(fallback.stats().live_blocks(), 0);
    assert!(sfa.stack_used() < 8, "only alignment padding is left");
}

#[test]
fn a_vector_spills_from_the_stack_to_the_heap() {
    let fallback = CountingAllocator::new(TestingAllocator::new());
    let sfa = StackFallbackAllocator::<128, _>::new(&fallback);
    let mut v = Vec::new_in(sfa.get());
    for i in 0..100u64 {
        v.push(i);
    }
    assert_eq!(v.iter().sum::<u64>(), 4950, "contents survive the move to the heap");
    assert!(fallback.stats().allocs >= 1);
    drop(v);
    assert_eq!(fallback.stats().live_blocks(), 0);
}
