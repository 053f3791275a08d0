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
    assert_eq!(bump.end_index(), 0);
    assert!(bump.bump(layout(32, 1)).is_ok(), "the whole buffer again");
}

#[test]
fn owns_what_is_inside_the_buffer() {
    let mut buffer = [0u8; 32];
    let elsewhere = [0u8; 8];
    let bump = Bump::new(&mut buffer);
    let p = bump.bump(layout(8, 1)).unwrap();
    assert!(bump.owns_ptr(p.as_ptr()));
    // SAFETY: only the address is used.
    assert!(bump.owns_ptr(unsafe { p.as_ptr().add(31) }), "the last byte");
    assert!(!bump.owns_ptr(p.as_ptr().wrapping_add(32)), "one past the end");
    assert!(!bump.owns_ptr(elsewhere.as_ptr()));
    assert!(bump.owns_slice(core::ptr::slice_from_raw_parts(p.as_ptr(), 32)));
    assert!(!bump.owns_slice(core::ptr::slice_from_raw_parts(p.as_ptr(), 33)), "runs past the end");
    assert!(!bump.owns_slice(core::ptr::slice_from_raw_parts(elsewhere.as_ptr(), 8)));
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
    out += &format!("three blocks:\n{}\n", map::ascii(64, bump.end_index(), &blocks));

    // SAFETY: `flags` is the last block, live with 2 bytes; `name` is live with 5.
    unsafe {
        assert!(bump.resize(flags, layout(2, 2), 20));
        blocks[2].len = 20;
        out += &format!("the last one grown to 20 bytes:\n{}\n", map::ascii(64, bump.end_index(), &blocks));
        bump.free(name, layout(5, 1));
        blocks.remove(0);
        out += &format!("the first one freed (not reclaimed):\n{}\n", map::ascii(64, bump.end_index(), &blocks));
    }
    assert!(bump.owns_ptr(id.as_ptr()));
    bump.reset();
    out += &format!("after reset:\n{}", map::ascii(64, bump.end_index(), &[]));
    insta::assert_snapshot!(out);
}
