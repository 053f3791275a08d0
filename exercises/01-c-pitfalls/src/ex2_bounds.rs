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
    // TODO: never write past the block. Its size is in its header (the toy heap
    // reads it for you; a pointer with no header has no room at all). The text
    // needs one byte more than its length: the NUL. If that does not fit, return
    // `Overflow` with the room it would need — before writing anything.
    // Otherwise write the text, then the terminating 0 right after it.
    todo!("copy {text:?} to {dst} (in a {}-byte heap) only if it fits", heap.capacity())
}

/// `strcat` with a bound: appends `text` after the NUL-terminated string at
/// `dst` if the block holds the result, else writes nothing. A block with no
/// NUL in it holds no string yet: that is an error too (there is no room
/// for a terminator).
pub fn append_str(heap: &mut ToyHeap, dst: Ptr, text: &str) -> Result<(), Overflow> {
    // TODO: the text goes where the 0 that ends the current string is: the first
    // 0 byte within the block. A block with no 0 byte holds no string; report
    // what it would need (its whole capacity, plus the text and its NUL). The
    // result, NUL included, must fit in the block. Careful: the function above
    // looks for a header in front of the pointer it is given, and the middle of a
    // block has none.
    todo!("append {text:?} to the string at {dst} (in a {}-byte heap) only if it fits", heap.capacity())
}
