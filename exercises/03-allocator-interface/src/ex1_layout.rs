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
    // TODO: Walk the fields in order, keeping a running `size` (start at 0)
    // and the struct's `align` (start at 1):
    //   - a field starts at `size` rounded up to the field's alignment
    //     (`align_up`, which returns `None` on overflow: use `?`);
    //   - `size` becomes that offset plus the field's size (`checked_add`);
    //   - the struct is as aligned as its most aligned field.
    // Finally round `size` up to `align`, so that in an array of this struct
    // every element is aligned too, and build the `Layout` with
    // `Layout::from_size_align(size, align).ok()?`.
    todo!("lay out {} fields like C does", fields.len())
}

/// The layout of `[element; n]`: `n` elements, each `stride` bytes apart,
/// where the stride is the element's size rounded up to its alignment.
///
/// `None` if the size overflows.
pub fn array_layout(element: Layout, n: usize) -> Option<Layout> {
    // TODO: stride = element size rounded up to element alignment; size =
    // stride * n without overflowing (`checked_mul`); the array is as aligned
    // as its element.
    todo!("lay out {n} elements of {element:?}")
}

/// The smallest layout these fields can have in *some* order — the freedom
/// `repr(Rust)` has and `repr(C)` does not. Returns the layout and the field
/// order (indices into `fields`).
pub fn reordered_layout(fields: &[Layout]) -> Option<(Layout, Vec<usize>)> {
    // TODO: Sort the field indices by alignment, most aligned first (a stable
    // sort keeps ties in declaration order: `sort_by_key` with
    // `core::cmp::Reverse`). Why does that leave no padding between fields?
    // Then reuse `repr_c_layout` on the fields in that order.
    todo!("find the smallest order for {} fields", fields.len())
}
