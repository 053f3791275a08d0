//! Exercise interface-1: lay out a record by hand.
//!
//! Before an allocator can hand out memory for a value, someone has to say how
//! many bytes the value needs and where each field goes. The compiler does it
//! for every type; here you do it with the alignment arithmetic from the
//! chapter.

// You will need `allocator_interface::layout::align_up`: bring it into scope.
use core::alloc::Layout;

/// The layout of a `#[repr(C)]` struct with these fields, in this order, and
/// the byte offset of each field.
///
/// `None` if the size overflows.
pub fn repr_c_layout(fields: &[Layout]) -> Option<(Layout, Vec<usize>)> {
    // TODO: lay the fields out in order, as C does: each field starts at the
    // first offset after the previous field that is a multiple of its own
    // alignment, and the struct is as aligned as its most aligned field. Its
    // size is then rounded up to that alignment, so that in an array of them
    // every element is aligned too. Any overflow means there is no layout at
    // all: `None` (`align_up` and the checked arithmetic methods tell you).
    todo!("lay out {} fields like C does", fields.len())
}

/// The layout of `[element; n]`: `n` elements, each `stride` bytes apart,
/// where the stride is the element's size rounded up to its alignment.
///
/// `None` if the size overflows.
pub fn array_layout(element: Layout, n: usize) -> Option<Layout> {
    // TODO: the elements lie end to end, each at a multiple of the element's
    // alignment, so one element's start is the next one's plus the size rounded
    // up to the alignment (the stride). `n` of them, without overflowing; as
    // aligned as one element.
    todo!("lay out {n} elements of {element:?}")
}

/// The smallest layout these fields can have in *some* order — the freedom
/// `repr(Rust)` has and `repr(C)` does not. Returns the layout and the field
/// order (indices into `fields`).
pub fn reordered_layout(fields: &[Layout]) -> Option<(Layout, Vec<usize>)> {
    // TODO: the same fields with the least padding: the most aligned first, and
    // fields of equal alignment in their declared order (the tests check that).
    // Why does that order leave no padding between fields? Then lay them out
    // with the function above.
    todo!("find the smallest order for {} fields", fields.len())
}
