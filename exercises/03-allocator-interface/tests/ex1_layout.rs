//! Tests for exercise interface-1 (`src/ex1_layout.rs`).

use allocator_interface_exercises::ex1_layout::{array_layout, reordered_layout, repr_c_layout};
use core::alloc::Layout;
use core::mem::offset_of;

#[repr(C)]
struct Packet {
    kind: u8,
    length: u32,
    flags: u16,
    payload: *const u8,
}

fn packet_fields() -> [Layout; 4] {
    [Layout::new::<u8>(), Layout::new::<u32>(), Layout::new::<u16>(), Layout::new::<*const u8>()]
}

#[test]
fn repr_c_matches_the_compiler() {
    let (layout, offsets) = repr_c_layout(&packet_fields()).expect("fits");
    assert_eq!(layout, Layout::new::<Packet>(), "size and alignment of the whole struct");
    assert_eq!(
        offsets,
        [offset_of!(Packet, kind), offset_of!(Packet, length), offset_of!(Packet, flags), offset_of!(Packet, payload)],
        "field offsets"
    );
}

#[test]
fn repr_c_pads_the_end_for_arrays() {
    // { u32, u8 }: 5 bytes of fields, but 8 bytes per element in an array.
    let (layout, offsets) = repr_c_layout(&[Layout::new::<u32>(), Layout::new::<u8>()]).expect("fits");
    assert_eq!((layout.size(), layout.align()), (8, 4));
    assert_eq!(offsets, [0, 4]);
    // An empty struct is zero bytes with alignment 1.
    assert_eq!(repr_c_layout(&[]), Some((Layout::new::<()>(), vec![])));
}

#[test]
fn repr_c_reports_overflow() {
    let huge = Layout::from_size_align(isize::MAX as usize - 2, 1).unwrap();
    assert_eq!(repr_c_layout(&[huge, Layout::new::<u64>()]), None);
}

#[test]
fn array_stride_is_size_rounded_to_alignment() {
    let element = Layout::from_size_align(5, 4).unwrap();
    assert_eq!(array_layout(element, 3), Some(Layout::from_size_align(24, 4).unwrap()));
    assert_eq!(array_layout(Layout::new::<u64>(), 10), Some(Layout::new::<[u64; 10]>()));
    assert_eq!(array_layout(Layout::new::<u64>(), 0), Some(Layout::from_size_align(0, 8).unwrap()));
    assert_eq!(array_layout(Layout::new::<u64>(), usize::MAX / 4), None);
}

#[test]
fn reordering_removes_the_padding() {
    let (layout, order) = reordered_layout(&packet_fields()).expect("fits");
    assert_eq!((layout.size(), layout.align()), (16, 8), "C layout is 24 bytes; the best order needs 16");
    assert_eq!(order, [3, 1, 2, 0], "most aligned first, ties in declaration order");
    // Rust's own layout of the same fields is no larger.
    #[allow(dead_code)]
    struct RustPacket(u8, u32, u16, *const u8);
    assert!(core::mem::size_of::<RustPacket>() <= layout.size());
}
