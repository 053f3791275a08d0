//! Exercise c-pitfalls-2: an overflow becomes an error.
//!
//! C's `strcpy` and `strcat` write until the text ends, wherever the buffer
//! ends. These versions ask the block's header how big the block is first,
//! and refuse — writing nothing — when the text would not fit.

use c_pitfalls::heap::{Ptr, ToyHeap};

/// The text did not fit: nothing was written.
#[derive(Debug, PartialEq, Eq)]
pub struct Overflow {
    /// Bytes the block holds (0 when `dst` is not a block's pointer).
    pub capacity: u32,
    /// Bytes the result needs, the NUL terminator included.
    pub needed: u32,
}

/// `strcpy` with a bound: writes `text` and a NUL byte at `dst` if the
/// block holds them, else nothing.
pub fn copy_str(heap: &mut ToyHeap, dst: Ptr, text: &str) -> Result<(), Overflow> {
    // TODO: the block's size is in its header: `heap.header(dst)` gives
    // `Some((size, in_use))` (use 0 when it is `None`). The result needs
    // `text.len() + 1` bytes (the NUL). Too big: `Err(Overflow { .. })`,
    // before any write. Otherwise write the text, then `[0]` right after it
    // (`dst.plus(n)` is pointer arithmetic).
    todo!("copy {text:?} to {dst} (in a {}-byte heap) only if it fits", heap.capacity())
}

/// `strcat` with a bound: appends `text` after the NUL-terminated string at
/// `dst` if the block holds the result, else writes nothing. A block with no
/// NUL in it holds no string yet: that is an error too (there is no room
/// for a terminator).
pub fn append_str(heap: &mut ToyHeap, dst: Ptr, text: &str) -> Result<(), Overflow> {
    // TODO: read the whole block (`heap.read(dst, capacity)`) and find the
    // first 0 byte: that is where the text goes. No 0 byte: report
    // `needed = capacity + text.len() + 1`. The result needs
    // `end + text.len() + 1` bytes. Careful: `copy_str(heap, dst.plus(end), ..)`
    // would look for a header in front of `dst + end` — there is none.
    todo!("append {text:?} to the string at {dst} (in a {}-byte heap) only if it fits", heap.capacity())
}
