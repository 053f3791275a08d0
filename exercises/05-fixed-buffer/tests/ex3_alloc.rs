//! Tests for exercise fixed-3 (`src/ex3_alloc.rs`).

use allocator_interface::OutOfMemory;
use core::alloc::Layout;
use fixed_buffer_exercises::ex2_new::Bump;

#[repr(C, align(64))]
struct Aligned([u8; 64]);

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

#[test]
fn blocks_go_down_from_the_end() {
    let mut buffer = Aligned([0; 64]);
    let start = buffer.0.as_ptr().addr();
    let bump = Bump::new(&mut buffer.0);
    let a = bump.bump(layout(8, 8)).unwrap();
    let b = bump.bump(layout(8, 8)).unwrap();
    assert_eq!((a.addr().get() - start, b.addr().get() - start), (56, 48));
    assert_eq!((bump.mark(), bump.taken()), (48, 16));
}

#[test]
fn blocks_are_aligned_with_padding_above_them() {
    let mut buffer = Aligned([0; 64]);
    let start = buffer.0.as_ptr().addr();
    let bump = Bump::new(&mut buffer.0);
    bump.bump(layout(1, 1)).unwrap();
    let word = bump.bump(layout(8, 8)).unwrap();
    assert_eq!(word.addr().get() - start, 48, "7 bytes of padding between it and the byte above");
    let big = bump.bump(layout(4, 32)).unwrap();
    assert_eq!(big.addr().get() % 32, 0);
    assert_eq!(bump.mark(), 32);
}

#[test]
fn a_full_buffer_is_an_error_that_changes_nothing() {
    let mut buffer = Aligned([0; 64]);
    let bump = Bump::new(&mut buffer.0);
    bump.bump(layout(60, 1)).unwrap();
    assert_eq!(bump.bump(layout(8, 1)), Err(OutOfMemory));
    assert_eq!(bump.mark(), 4, "a refused request must not move the mark");
    assert!(bump.bump(layout(4, 1)).is_ok(), "what still fits still works");
    assert_eq!(bump.bump(layout(1, 1)), Err(OutOfMemory));
}

#[test]
fn huge_sizes_and_alignments_are_refused() {
    let mut buffer = Aligned([0; 64]);
    let huge_align = 1 << 40;
    let has_such_address = buffer.0.as_ptr().addr().is_multiple_of(huge_align);
    let bump = Bump::new(&mut buffer.0);
    assert_eq!(bump.bump(layout(usize::MAX / 2, 1)), Err(OutOfMemory));
    if !has_such_address {
        assert_eq!(bump.bump(layout(1, huge_align)), Err(OutOfMemory), "no such aligned address in the buffer");
    }
    assert_eq!(bump.taken(), 0);
}

#[test]
fn blocks_can_be_written() {
    let mut buffer = [0u8; 32];
    let bump = Bump::new(&mut buffer);
    let a = bump.bump(layout(16, 1)).unwrap();
    let b = bump.bump(layout(16, 1)).unwrap();
    // SAFETY: two distinct live 16-byte blocks.
    unsafe {
        a.write_bytes(0xAA, 16);
        b.write_bytes(0xBB, 16);
        assert_eq!(a.read(), 0xAA, "writing `b` must not touch `a`");
    }
}

#[test]
#[allow(unused_mut)] // `nested` borrows mutably once fixed-2 is done
fn a_nested_allocator_hands_out_only_the_free_part() {
    let mut buffer = Aligned([0; 64]);
    let start = buffer.0.as_ptr().addr();
    let mut outer = Bump::new(&mut buffer.0);
    outer.bump(layout(16, 8)).unwrap();
    {
        let inner = outer.nested();
        assert_eq!((inner.capacity(), inner.mark()), (48, 48), "the 16 taken bytes are not lent");
        let temporary = inner.bump(layout(8, 8)).unwrap();
        assert_eq!(temporary.addr().get() - start, 40, "just below the parent's block");
        assert_eq!(inner.bump(layout(48, 1)), Err(OutOfMemory), "the nested one cannot reach above its part");
    }
    assert_eq!(outer.mark(), 48, "dropping the nested allocator gave its blocks back");
    assert_eq!(outer.bump(layout(8, 8)).unwrap().addr().get() - start, 40, "and the parent reuses them");
}
