//! Tests for exercise fixed-7 (`src/ex7_double_ended.rs`), the capstone.

use allocator_api2::vec::Vec;
use allocator_interface::{Allocator, CountingAllocator, conformance};
use core::alloc::Layout;
use core::ptr::NonNull;
use fixed_buffer_exercises::ex7_double_ended::DoubleEnded;

/// Offsets in these tests assume an aligned buffer.
#[repr(C, align(64))]
struct Aligned<const N: usize>([u8; N]);

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

fn offset(stack_start: *const u8, ptr: NonNull<u8>) -> usize {
    ptr.addr().get() - stack_start.addr()
}

#[test]
fn both_ends_share_one_buffer() {
    let mut buffer = Aligned([0u8; 64]);
    let base = buffer.0.as_ptr();
    let stack = DoubleEnded::new(&mut buffer.0);
    assert_eq!((stack.used_low(), stack.used_high(), stack.free_bytes()), (0, 0, 64));
    let low = stack.low().alloc(layout(16, 8)).unwrap();
    let high = stack.high().alloc(layout(16, 8)).unwrap();
    assert_eq!((offset(base, low), offset(base, high)), (0, 48), "low from the start, high from the end");
    assert_eq!((stack.used_low(), stack.used_high(), stack.free_bytes()), (16, 16, 32));
}

#[test]
fn high_blocks_go_down_and_are_aligned_down() {
    let mut buffer = Aligned([0u8; 64]);
    let base = buffer.0.as_ptr();
    let stack = DoubleEnded::new(&mut buffer.0);
    let a = stack.high().alloc(layout(3, 1)).unwrap();
    assert_eq!(offset(base, a), 61, "3 bytes at the very end");
    let b = stack.high().alloc(layout(8, 8)).unwrap();
    assert_eq!(offset(base, b), 48, "below 61 - 8 = 53, aligned down to 48");
    assert_eq!(stack.used_high(), 16, "the padding 56..61 counts as used");
    let c = stack.low().alloc(layout(1, 1)).unwrap();
    let d = stack.low().alloc(layout(4, 4)).unwrap();
    assert_eq!((offset(base, c), offset(base, d)), (0, 4), "the low end aligns up, as fixed-3 does");
}

#[test]
fn the_ends_never_cross_and_a_refusal_changes_nothing() {
    let mut buffer = Aligned([0u8; 256]);
    let stack = DoubleEnded::new(&mut buffer.0);
    let mut blocks = std::vec::Vec::new();
    for round in 0.. {
        let size = 1 + round % 13;
        let (from_low, from_high) = (stack.low().alloc(layout(size, 4)), stack.high().alloc(layout(size, 8)));
        blocks.extend(from_low.iter().chain(from_high.iter()).map(|p| (p.addr().get(), size)));
        if from_low.is_err() && from_high.is_err() {
            break;
        }
    }
    let before = (stack.used_low(), stack.used_high());
    assert!(stack.free_bytes() < 13 + 8, "refused only when nearly full: {} free", stack.free_bytes());
    assert!(stack.low().alloc(layout(64, 1)).is_err() && stack.high().alloc(layout(64, 1)).is_err());
    assert_eq!((stack.used_low(), stack.used_high()), before, "a refused request moves neither end");
    blocks.sort_unstable();
    assert!(blocks.windows(2).all(|pair| pair[0].0 + pair[0].1 <= pair[1].0), "two blocks overlap");
}

#[test]
fn free_gives_back_the_last_block_of_each_end() {
    let mut buffer = Aligned([0u8; 64]);
    let stack = DoubleEnded::new(&mut buffer.0);
    let (low, high) = (stack.low(), stack.high());
    let a = low.alloc(layout(8, 8)).unwrap();
    let b = low.alloc(layout(8, 8)).unwrap();
    let c = high.alloc(layout(8, 8)).unwrap();
    let d = high.alloc(layout(8, 8)).unwrap();
    // SAFETY: live blocks with their layouts.
    unsafe {
        low.free(a, layout(8, 8));
        high.free(c, layout(8, 8));
        assert_eq!((stack.used_low(), stack.used_high()), (16, 16), "not the last blocks: nothing moves");
        low.free(b, layout(8, 8));
        high.free(d, layout(8, 8));
    }
    assert_eq!((stack.used_low(), stack.used_high()), (8, 8), "the last ones are given back");
}

#[test]
fn the_last_high_block_moves_when_remapped() {
    let mut buffer = Aligned([0u8; 128]);
    let base = buffer.0.as_ptr();
    let stack = DoubleEnded::new(&mut buffer.0);
    let high = stack.high();
    let block = high.alloc(layout(16, 8)).unwrap();
    // SAFETY: `block` is live with the layout it was last given throughout.
    unsafe {
        block.as_ptr().copy_from(b"sixteen bytes!!!".as_ptr(), 16);
        assert!(!high.resize(block, layout(16, 8), 32), "nothing below the high end's top can grow in place");
        let grown = high.remap(block, layout(16, 8), 40).expect("room below");
        assert_eq!(offset(base, grown), 128 - 40, "moved down so it still ends at the end");
        assert_eq!(core::slice::from_raw_parts(grown.as_ptr(), 16), b"sixteen bytes!!!");
        assert_eq!(stack.used_high(), 40);
        let shrunk = high.remap(grown, layout(40, 8), 8).expect("shrinking always fits");
        assert_eq!(offset(base, shrunk), 120, "moved up: the space is free again");
        assert_eq!(core::slice::from_raw_parts(shrunk.as_ptr(), 8), b"sixteen ");
        assert_eq!(stack.used_high(), 8);
        assert!(high.remap(shrunk, layout(8, 8), 200).is_none(), "past the low end");
        assert_eq!(stack.used_high(), 8, "a refused remap changes nothing");
    }
}

#[test]
fn vectors_grow_in_place_at_the_low_end_and_by_moving_at_the_high_end() {
    let mut buffer = Aligned([0u8; 4096]);
    let stack = DoubleEnded::new(&mut buffer.0);
    let (low, high) = (CountingAllocator::new(stack.low()), CountingAllocator::new(stack.high()));
    let mut up: Vec<u32, _> = Vec::new_in(&low);
    let mut down: Vec<u32, _> = Vec::new_in(&high);
    for i in 0..200 {
        up.push(i);
        down.push(i);
    }
    assert!(up.iter().eq(down.iter()) && down.iter().copied().eq(0..200), "both kept every element");
    let (up_stats, down_stats) = (low.stats(), high.stats());
    assert_eq!((up_stats.allocs, up_stats.remaps), (1, 0), "low: one block grown in place: {up_stats:?}");
    assert_eq!(down_stats.allocs, 1, "high: one block, moved by remap, never copied by the caller: {down_stats:?}");
    assert!(down_stats.remaps > 0, "{down_stats:?}");
    drop((up, down));
    assert_eq!((stack.used_low(), stack.used_high()), (0, 0), "freeing the last blocks emptied both ends");
}

#[test]
fn resetting_one_end_keeps_the_other() {
    let mut buffer = Aligned([0u8; 256]);
    let mut stack = DoubleEnded::new(&mut buffer.0);
    let result = stack.high().alloc(layout(5, 1)).unwrap();
    // SAFETY: a live 5-byte block.
    unsafe { result.as_ptr().copy_from(b"kept!".as_ptr(), 5) };
    for _ in 0..10 {
        stack.low().alloc(layout(20, 4)).unwrap();
    }
    stack.reset_low();
    assert_eq!((stack.used_low(), stack.used_high()), (0, 5));
    // SAFETY: the high block is still live: only the low end was reset.
    assert_eq!(unsafe { core::slice::from_raw_parts(result.as_ptr(), 5) }, b"kept!");
    stack.low().alloc(layout(200, 1)).unwrap();
    stack.reset_high();
    assert_eq!((stack.used_low(), stack.used_high()), (200, 0));
}

#[test]
fn zero_sizes_and_huge_sizes_are_refused_at_both_ends() {
    let mut buffer = Aligned([0u8; 64]);
    let one_mib_aligned_inside = buffer.0.as_ptr().addr() % (1 << 20) == 0;
    let stack = DoubleEnded::new(&mut buffer.0);
    for a in [&stack.low() as &dyn Allocator, &stack.high()] {
        assert!(a.alloc(layout(0, 1)).is_err());
        assert!(a.alloc(layout(usize::MAX / 2, 1)).is_err());
        assert!(a.alloc(layout(65, 1)).is_err(), "one byte more than the buffer");
        if !one_mib_aligned_inside {
            assert!(a.alloc(layout(8, 1 << 20)).is_err(), "no 1 MiB-aligned address in these 64 bytes");
        }
    }
    assert_eq!(stack.free_bytes(), 64);
}

#[test]
fn low_end_passes_the_conformance_suite() {
    conformance::check_scoped(|test| {
        conformance::with_guarded_buffer(512 * 1024, |buffer| {
            let stack = DoubleEnded::new(buffer);
            // Something at the other end, so the two must really stay apart.
            let other = stack.high().alloc(layout(100, 8)).unwrap();
            test(&stack.low());
            // SAFETY: `other` is live; only the low end was used since.
            unsafe { stack.high().free(other, layout(100, 8)) };
        });
    });
}

#[test]
fn high_end_passes_the_conformance_suite() {
    conformance::check_scoped(|test| {
        conformance::with_guarded_buffer(512 * 1024, |buffer| {
            let stack = DoubleEnded::new(buffer);
            let other = stack.low().alloc(layout(100, 8)).unwrap();
            test(&stack.high());
            // SAFETY: `other` is live; only the high end was used since.
            unsafe { stack.low().free(other, layout(100, 8)) };
        });
    });
}

/// The model check on one end while the other end's blocks stay in between.
fn model_check_beside_neighbours(test_high: bool) {
    conformance::model_check_scoped(|test| {
        conformance::with_guarded_buffer(64 * 1024, |buffer| {
            let stack = DoubleEnded::new(buffer);
            let (tested, other): (&dyn Allocator, &dyn Allocator) =
                if test_high { (&stack.high(), &stack.low()) } else { (&stack.low(), &stack.high()) };
            let neighbours: std::vec::Vec<_> =
                [24, 8, 1000].map(|size| (other.alloc(layout(size, 1)).unwrap(), layout(size, 1))).into();
            test(tested);
            for &(ptr, l) in neighbours.iter().rev() {
                // SAFETY: live blocks of the other end, which the test never touched.
                unsafe { other.free(ptr, l) };
            }
            let other_used = if test_high { stack.used_low() } else { stack.used_high() };
            assert_eq!(other_used, 0, "the other end is empty again");
        });
    });
}

#[test]
fn low_end_passes_the_model_check_beside_high_blocks() {
    model_check_beside_neighbours(false);
}

#[test]
fn high_end_passes_the_model_check_beside_low_blocks() {
    model_check_beside_neighbours(true);
}
