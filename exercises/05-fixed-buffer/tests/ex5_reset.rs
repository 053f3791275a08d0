//! Tests for exercise fixed-5 (`src/ex5_reset.rs`).

use allocator_interface::Allocator;
use core::alloc::Layout;
use fixed_buffer::map::{self, Block};
use fixed_buffer_exercises::ex2_new::Bump;

#[repr(C, align(64))]
struct Aligned([u8; 64]);

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

#[test]
fn reset_frees_everything() {
    let mut buffer = [0u8; 32];
    let mut bump = Bump::new(&mut buffer);
    bump.bump(layout(32, 1)).unwrap();
    assert!(bump.bump(layout(1, 1)).is_err());
    bump.reset();
    assert_eq!(bump.taken(), 0);
    assert!(bump.bump(layout(32, 1)).is_ok(), "the whole buffer again");
}

#[test]
fn owns_what_was_handed_out() {
    let mut buffer = [0u8; 32];
    let elsewhere = [0u8; 8];
    let bump = Bump::new(&mut buffer);
    let p = bump.bump(layout(8, 1)).unwrap();
    assert!(bump.owns_ptr(p.as_ptr()));
    // SAFETY: only the addresses are used.
    let (last, below) = unsafe { (p.as_ptr().add(7), p.as_ptr().sub(1)) };
    assert!(bump.owns_ptr(last), "the last byte of the buffer");
    assert!(!bump.owns_ptr(p.as_ptr().wrapping_add(8)), "one past the end");
    assert!(!bump.owns_ptr(below), "free space below the mark is no block's");
    assert!(!bump.owns_ptr(elsewhere.as_ptr()));
    assert!(bump.owns_slice(core::ptr::slice_from_raw_parts(p.as_ptr(), 8)));
    assert!(!bump.owns_slice(core::ptr::slice_from_raw_parts(p.as_ptr(), 9)), "runs past the end");
    assert!(!bump.owns_slice(core::ptr::slice_from_raw_parts(below, 2)), "starts in the free space");
    assert!(!bump.owns_slice(core::ptr::slice_from_raw_parts(elsewhere.as_ptr(), 8)));
    assert!(!bump.owns_slice(core::ptr::slice_from_raw_parts(p.as_ptr(), usize::MAX)), "no overflow");
}

/// Allocations, a free, a resize and a reset, drawn as memory maps. Read the
/// snapshot in `tests/snapshots/`: it is what your allocator must produce.
#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn memory_maps() {
    let mut buffer = Aligned([0; 64]);
    let start = buffer.0.as_ptr().addr();
    let mut bump = Bump::new(&mut buffer.0);
    let mut out = String::new();
    let offset = |p: core::ptr::NonNull<u8>| p.addr().get() - start;

    let name = bump.alloc(layout(5, 1)).unwrap();
    let id = bump.alloc(layout(8, 8)).unwrap();
    let flags = bump.alloc(layout(2, 2)).unwrap();
    let mut blocks = vec![
        Block { id: 0, offset: offset(name), len: 5 },
        Block { id: 1, offset: offset(id), len: 8 },
        Block { id: 2, offset: offset(flags), len: 2 },
    ];
    out += &format!("three blocks:\n{}\n", map::ascii_down(64, bump.mark(), &blocks));

    // SAFETY: `flags` is the last block, live with 2 bytes; `name` is live with 5.
    unsafe {
        let grown = bump.remap(flags, layout(2, 2), 20).unwrap();
        blocks[2] = Block { id: 2, offset: offset(grown), len: 20 };
        out += &format!("the last one grown to 20 bytes, moved down:\n{}\n", map::ascii_down(64, bump.mark(), &blocks));
        bump.free(name, layout(5, 1));
        blocks.remove(0);
        out += &format!("the first one freed (not reclaimed):\n{}\n", map::ascii_down(64, bump.mark(), &blocks));
    }
    assert!(bump.owns_ptr(id.as_ptr()));
    bump.reset();
    out += &format!("after reset:\n{}", map::ascii_down(64, bump.mark(), &[]));
    insta::assert_snapshot!(out);
}
