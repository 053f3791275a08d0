//! Exercise c-pitfalls-1: plug the leaks.
//!
//! `greeting` is written the C way: it allocates a scratch block, and every
//! path out of the function must free it by hand. C has no `defer`, so each
//! `return` needs its own `free` — or the function is rearranged so that
//! fewer paths own the block.

use c_pitfalls::heap::{Ptr, ToyHeap};

const HELLO: &[u8] = b"Hello, ";

/// Builds `"Hello, Name!"` (the name capitalised) in a new block, which the
/// caller must free. `None` when the name is empty or not ASCII, or when
/// the heap is full.
///
/// It works — and leaks `scratch` on three of its four paths.
// TODO: every path out of `greeting` must leave the heap as it found it,
// except for the block it returns. Find each path that loses `scratch`:
//   1. a rejected name: must the check come after the first malloc?
//   2. the heap full at the second malloc: the early return skips any free,
//      so that path has to free before it returns;
//   3. success: `out` is the caller's, `scratch` is not.
// The tests call `greeting` on each path and then ask the heap for leaks.
pub fn greeting(heap: &mut ToyHeap, name: &str) -> Option<Ptr> {
    let len = name.len() as u32;
    let scratch = heap.malloc(len)?;
    if name.is_empty() || !name.is_ascii() {
        return None;
    }
    let mut capitalised = name.as_bytes().to_vec();
    capitalised[0] = capitalised[0].to_ascii_uppercase();
    heap.write(scratch, &capitalised);

    let out = heap.malloc(HELLO.len() as u32 + len + 1)?;
    heap.write(out, HELLO);
    let name = heap.read(scratch, len);
    heap.write(out.plus(HELLO.len() as u32), &name);
    heap.write(out.plus(HELLO.len() as u32 + len), b"!");
    Some(out)
}
