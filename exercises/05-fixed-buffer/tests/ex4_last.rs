//! Tests for exercise fixed-4 (`src/ex4_last.rs`).

use allocator_api2::vec::Vec;
use allocator_interface::{Allocator, CountingAllocator, conformance};
use core::alloc::Layout;
use core::ptr::NonNull;
use fixed_buffer_exercises::ex2_new::Bump;

/// Offsets in these tests assume an aligned buffer (a plain `[u8; N]` may
/// start anywhere).
#[repr(C, align(64))]
struct Aligned<const N: usize>([u8; N]);

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

fn fill(block: NonNull<u8>, len: usize) {
    for i in 0..len {
        // SAFETY: the callers pass a live block of at least `len` bytes.
        unsafe { block.add(i).write(i as u8) };
    }
}

fn holds(block: NonNull<u8>, len: usize) -> bool {
    // SAFETY: the callers pass a live block of at least `len` bytes.
    (0..len).all(|i| unsafe { block.add(i).read() } == i as u8)
}

#[test]
fn only_the_lowest_block_is_last() {
    let mut buffer = [0u8; 64];
    let bump = Bump::new(&mut buffer);
    let a = bump.bump(layout(8, 1)).unwrap();
    let b = bump.bump(layout(8, 1)).unwrap();
    assert!(!bump.is_last_allocation(a));
    assert!(bump.is_last_allocation(b));
}

#[test]
fn blocks_shrink_in_place_but_never_grow_there() {
    let mut buffer = [0u8; 64];
    let bump = Bump::new(&mut buffer);
    bump.bump(layout(16, 1)).unwrap();
    assert!(bump.resize_in_place(16, 4), "shrinking is always possible...");
    assert_eq!(bump.taken(), 16, "...but the tail is not reclaimed: the free space is below");
    assert!(!bump.resize_in_place(16, 17), "the block above is in the way");
}

#[test]
fn the_last_block_moves_down_to_grow_keeping_its_bytes() {
    let mut buffer = Aligned([0u8; 64]);
    let bump = Bump::new(&mut buffer.0);
    bump.bump(layout(8, 1)).unwrap();
    let b = bump.bump(layout(8, 1)).unwrap();
    fill(b, 8);
    // SAFETY: `b` is live with 8 bytes.
    let grown = unsafe { bump.move_last(b, layout(8, 1), 40) }.expect("room below");
    assert_eq!((b.addr().get() - grown.addr().get(), bump.mark()), (32, 16), "down by 32, its end kept");
    assert!(holds(grown, 8), "the bytes came along (the places overlapped)");
    // SAFETY: `grown` is live with 40 bytes.
    assert_eq!(unsafe { bump.move_last(grown, layout(40, 1), 57) }, None, "past the start of the buffer");
    assert_eq!(bump.mark(), 16, "a refused move changes nothing");
}

#[test]
fn the_last_block_moves_up_to_shrink_giving_space_back() {
    let mut buffer = Aligned([0u8; 64]);
    let bump = Bump::new(&mut buffer.0);
    let a = bump.bump(layout(32, 8)).unwrap();
    fill(a, 32);
    // SAFETY: `a` is live with 32 bytes.
    let shrunk = unsafe { bump.move_last(a, layout(32, 8), 8) }.unwrap();
    assert_eq!((shrunk.addr().get() - a.addr().get(), bump.taken()), (24, 8));
    // The first 8 bytes survive, moved 24 up: 0..8 again.
    assert!(holds(shrunk, 8));
}

#[test]
fn only_the_last_block_moves() {
    let mut buffer = [0u8; 64];
    let bump = Bump::new(&mut buffer);
    let a = bump.bump(layout(8, 1)).unwrap();
    bump.bump(layout(8, 1)).unwrap();
    // SAFETY: `a` is live with 8 bytes.
    assert_eq!(unsafe { bump.move_last(a, layout(8, 1), 16) }, None);
    assert_eq!(bump.taken(), 16);
}

#[test]
fn free_gives_back_only_the_last_block() {
    let mut buffer = [0u8; 64];
    let bump = Bump::new(&mut buffer);
    let a = bump.bump(layout(16, 1)).unwrap();
    let b = bump.bump(layout(8, 1)).unwrap();
    bump.free_last(a, 16);
    assert_eq!(bump.taken(), 24, "`a` is not last");
    bump.free_last(b, 8);
    assert_eq!(bump.taken(), 16, "`b` is");
}

#[test]
fn a_growing_vector_moves_down_with_its_contents() {
    let mut buffer = Aligned([0u8; 2048]);
    let bump = Bump::new(&mut buffer.0);
    let counting = CountingAllocator::new(&bump);
    let mut v: Vec<u32, _> = Vec::new_in(&counting);
    for i in 0..200 {
        v.push(i); // one at a time, so that it grows again and again
    }
    assert!(v.iter().copied().eq(0..200));
    let stats = counting.stats();
    assert_eq!(stats.allocs, 1, "one block, moved each time it grew: {stats:?}");
    assert!(stats.remaps > 0, "{stats:?}");
    drop(v);
    assert_eq!(bump.taken(), 0, "and given back whole");
}

#[test]
fn passes_the_conformance_suite() {
    conformance::check_scoped(|test| {
        conformance::with_guarded_buffer(512 * 1024, |buffer| test(&Bump::new(buffer)));
    });
}

#[test]
fn is_a_real_allocator() {
    let mut buffer = Aligned([0u8; 64]);
    let bump = Bump::new(&mut buffer.0);
    let p = bump.alloc(layout(8, 8)).unwrap();
    // SAFETY: `p` is the live last block; each call gets its current layout.
    unsafe {
        assert!(!bump.resize(p, layout(8, 8), 16), "no growing in place");
        let moved = bump.remap(p, layout(8, 8), 16).expect("the last block moves down");
        assert_eq!(moved.addr().get() % 8, 0, "still aligned");
        assert!(!bump.resize(moved, layout(16, 8), 0), "a zero size is refused");
        bump.free(moved, layout(16, 8));
    }
    assert_eq!(bump.taken(), 0);
}
