//! Tests for exercise fixed-4 (`src/ex4_last.rs`).

use allocator_api2::vec::Vec;
use allocator_interface::{Allocator, CountingAllocator, conformance};
use core::alloc::Layout;
use fixed_buffer_exercises::ex2_new::Bump;

/// Offsets in these tests assume an aligned buffer (a plain `[u8; N]` may
/// start anywhere).
#[repr(C, align(64))]
struct Aligned<const N: usize>([u8; N]);

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

#[test]
fn only_the_last_block_is_last() {
    let mut buffer = [0u8; 64];
    let bump = Bump::new(&mut buffer);
    let a = bump.bump(layout(8, 1)).unwrap();
    let b = bump.bump(layout(8, 1)).unwrap();
    assert!(!bump.is_last_allocation(a, 8));
    assert!(bump.is_last_allocation(b, 8));
    assert!(!bump.is_last_allocation(b, 4), "the length matters too");
}

#[test]
fn the_last_block_grows_and_shrinks_in_place() {
    let mut buffer = [0u8; 64];
    let bump = Bump::new(&mut buffer);
    bump.bump(layout(8, 1)).unwrap();
    let b = bump.bump(layout(8, 1)).unwrap();
    assert!(bump.resize_in_place(b, 8, 40));
    assert_eq!(bump.end_index(), 48);
    assert!(!bump.resize_in_place(b, 40, 57), "past the end of the buffer");
    assert_eq!(bump.end_index(), 48, "a refused resize changes nothing");
    assert!(bump.resize_in_place(b, 40, 2));
    assert_eq!(bump.end_index(), 10, "shrinking gives the tail back");
}

#[test]
fn other_blocks_only_shrink_and_keep_their_tail() {
    let mut buffer = [0u8; 64];
    let bump = Bump::new(&mut buffer);
    let a = bump.bump(layout(16, 1)).unwrap();
    bump.bump(layout(8, 1)).unwrap();
    assert!(!bump.resize_in_place(a, 16, 17), "growing would overwrite its neighbour");
    assert!(bump.resize_in_place(a, 16, 4), "shrinking is always possible...");
    assert_eq!(bump.end_index(), 24, "...but nothing is reclaimed");
}

#[test]
fn free_gives_back_only_the_last_block() {
    let mut buffer = [0u8; 64];
    let bump = Bump::new(&mut buffer);
    let a = bump.bump(layout(16, 1)).unwrap();
    let b = bump.bump(layout(8, 1)).unwrap();
    bump.free_last(a, 16);
    assert_eq!(bump.end_index(), 24, "`a` is not last");
    bump.free_last(b, 8);
    assert_eq!(bump.end_index(), 16, "`b` is");
}

#[test]
fn a_growing_vector_never_moves() {
    let mut buffer = Aligned([0u8; 1024]);
    let bump = Bump::new(&mut buffer.0);
    let counting = CountingAllocator::new(&bump);
    let mut v: Vec<u32, _> = Vec::new_in(&counting);
    v.extend(0..200);
    let stats = counting.stats();
    assert_eq!((stats.allocs, stats.remaps), (1, 0), "one block, grown in place: {stats:?}");
    drop(v);
    assert_eq!(bump.end_index(), 0);
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
    // SAFETY: `p` is the live last block of 8 bytes.
    unsafe {
        assert!(bump.resize(p, layout(8, 8), 16));
        assert_eq!(bump.remap(p, layout(16, 8), 100), None, "bump allocators cannot move blocks");
        bump.free(p, layout(16, 8));
    }
    assert_eq!(bump.end_index(), 0);
}
