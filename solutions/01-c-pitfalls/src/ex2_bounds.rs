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

/// The payload size of the block at `dst`, as its header says.
fn capacity(heap: &ToyHeap, dst: Ptr) -> u32 {
    heap.header(dst).map_or(0, |(size, _)| size)
}

/// `strcpy` with a bound: writes `text` and a NUL byte at `dst` if the
/// block holds them, else nothing.
pub fn copy_str(heap: &mut ToyHeap, dst: Ptr, text: &str) -> Result<(), Overflow> {
    let capacity = capacity(heap, dst);
    let needed = text.len() as u32 + 1;
    if needed > capacity {
        return Err(Overflow { capacity, needed });
    }
    heap.write(dst, text.as_bytes());
    heap.write(dst.plus(text.len() as u32), &[0]);
    Ok(())
}

/// `strcat` with a bound: appends `text` after the NUL-terminated string at
/// `dst` if the block holds the result, else writes nothing. A block with no
/// NUL in it holds no string yet: that is an error too (there is no room
/// for a terminator).
pub fn append_str(heap: &mut ToyHeap, dst: Ptr, text: &str) -> Result<(), Overflow> {
    let capacity = capacity(heap, dst);
    let current = heap.read(dst, capacity);
    let Some(end) = current.iter().position(|&byte| byte == 0) else {
        return Err(Overflow { capacity, needed: capacity + text.len() as u32 + 1 });
    };
    let needed = (end + text.len()) as u32 + 1;
    if needed > capacity {
        return Err(Overflow { capacity, needed });
    }
    let end = dst.plus(end as u32);
    heap.write(end, text.as_bytes());
    heap.write(end.plus(text.len() as u32), &[0]);
    Ok(())
}
