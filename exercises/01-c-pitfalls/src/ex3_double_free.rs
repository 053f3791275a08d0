//! Exercise c-pitfalls-3: refuse a double free.
//!
//! The toy heap's `free` believes any pointer. `checked_free` asks first:
//! is this the start of a block the heap knows, and is that block in use?
//! This is the check glibc's "double free detected" and Zig's
//! DebugAllocator make — at run time, on every free.

use c_pitfalls::heap::{Ptr, ToyHeap};

/// A free that was refused, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FreeError {
    /// No block starts at this pointer: it points into the middle of a
    /// block, outside the heap, or past a corrupt header.
    NotABlock(Ptr),
    /// The block is already free.
    DoubleFree(Ptr),
}

/// Frees `ptr` only if it is a block in use; otherwise says why not and
/// leaves the heap unchanged.
pub fn checked_free(heap: &mut ToyHeap, ptr: Ptr) -> Result<(), FreeError> {
    // TODO: do not trust the header in front of `ptr`: it may be the middle of
    // another block, or of nothing. The heap can list its blocks from the start;
    // only the start of one of them may be freed. No block starts there:
    // `NotABlock`. The block there is not in use: `DoubleFree`. Otherwise free it.
    todo!("free {ptr} (in a {}-byte heap) only if it is a block in use", heap.capacity())
}
