//! Exercise interface-1: lay out a record by hand.
//!
//! Before an allocator can hand out memory for a value, someone has to say how
//! many bytes the value needs and where each field goes. The compiler does it
//! for every type; here you do it with the alignment arithmetic from the
//! chapter.

use allocator_interface::layout::align_up;
use core::alloc::Layout;

/// The layout of a `#[repr(C)]` struct with these fields, in this order, and
/// the byte offset of each field.
///
/// `None` if the size overflows.
pub fn repr_c_layout(fields: &[Layout]) -> Option<(Layout, Vec<usize>)> {
    let mut offsets = Vec::with_capacity(fields.len());
    let mut size = 0usize;
    let mut align = 1usize;
    for field in fields {
        let offset = align_up(size, field.align())?;
        offsets.push(offset);
        size = offset.checked_add(field.size())?;
        align = align.max(field.align());
    }
    // Round the size up so that in an array every element stays aligned.
    let size = align_up(size, align)?;
    let layout = Layout::from_size_align(size, align).ok()?;
    Some((layout, offsets))
}

/// The layout of `[element; n]`: `n` elements, each `stride` bytes apart,
/// where the stride is the element's size rounded up to its alignment.
///
/// `None` if the size overflows.
pub fn array_layout(element: Layout, n: usize) -> Option<Layout> {
    let stride = align_up(element.size(), element.align())?;
    let size = stride.checked_mul(n)?;
    Layout::from_size_align(size, element.align()).ok()
}

/// The smallest layout these fields can have in *some* order — the freedom
/// `repr(Rust)` has and `repr(C)` does not. Returns the layout and the field
/// order (indices into `fields`).
///
/// Most-aligned fields first leaves no padding between fields, because every
/// size is a multiple of its own alignment. Ties keep their declaration order.
pub fn reordered_layout(fields: &[Layout]) -> Option<(Layout, Vec<usize>)> {
    let mut order: Vec<usize> = (0..fields.len()).collect();
    order.sort_by_key(|&i| core::cmp::Reverse(fields[i].align()));
    let sorted: Vec<Layout> = order.iter().map(|&i| fields[i]).collect();
    let (layout, _) = repr_c_layout(&sorted)?;
    Some((layout, order))
}
