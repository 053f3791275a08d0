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
pub fn greeting(heap: &mut ToyHeap, name: &str) -> Option<Ptr> {
    // Checked before anything is allocated: this path now owns nothing.
    if name.is_empty() || !name.is_ascii() {
        return None;
    }
    let len = name.len() as u32;
    let scratch = heap.malloc(len)?;
    let mut capitalised = name.as_bytes().to_vec();
    capitalised[0] = capitalised[0].to_ascii_uppercase();
    heap.write(scratch, &capitalised);

    let Some(out) = heap.malloc(HELLO.len() as u32 + len + 1) else {
        heap.free(scratch); // the heap is full: give back what this call took
        return None;
    };
    heap.write(out, HELLO);
    let name = heap.read(scratch, len);
    heap.write(out.plus(HELLO.len() as u32), &name);
    heap.write(out.plus(HELLO.len() as u32 + len), b"!");
    heap.free(scratch); // done with the scratch copy; `out` goes to the caller
    Some(out)
}
