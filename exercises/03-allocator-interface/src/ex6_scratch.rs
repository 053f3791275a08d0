//! Exercise interface-6: a scratch buffer whose slices cannot outlive it.
//!
//! A first bump allocator: a fixed array, and an offset that only moves
//! forward. In Zig a slice from a `FixedBufferAllocator` that outlives its
//! buffer is a dangling pointer found at run time, if at all; in Rust the
//! signature of `alloc` can make it a compile error.

use core::cell::{Cell, UnsafeCell};
use core::mem::MaybeUninit;

/// Hands out zeroed byte slices from an `N`-byte buffer it owns.
#[derive(Debug)]
pub struct Scratch<const N: usize> {
    bytes: UnsafeCell<[MaybeUninit<u8>; N]>,
    used: Cell<usize>,
}

impl<const N: usize> Scratch<N> {
    /// An empty scratch buffer.
    pub const fn new() -> Self {
        Self { bytes: UnsafeCell::new([MaybeUninit::uninit(); N]), used: Cell::new(0) }
    }

    /// Bytes handed out since the last reset.
    pub fn used(&self) -> usize {
        self.used.get()
    }

    /// A zeroed slice of `len` bytes, or `None` if the buffer is full.
    //
    // TODO (1): This signature promises a slice that lives forever
    // (`'static`), so the cases in `tests/ui/ex6_scratch/` compile — and in
    // each, the slice outlives its buffer or survives a `reset`. Tie the
    // slice's lifetime to the borrow of `self` instead (with lifetime elision
    // that is just `&mut [u8]`). Clippy will ask about `&self -> &mut`:
    // handing out disjoint pieces of an `UnsafeCell` is exactly the case it
    // cannot check, so allow `clippy::mut_from_ref` with a comment saying why.
    //
    // TODO (2): Hand out `used..used + len` (checked: `None` past `N`, and
    // no overflow), move `used` forward, zero the bytes and build the slice
    // from a raw pointer: `self.bytes.get().cast::<u8>().add(start)`, then
    // `write_bytes` and `core::slice::from_raw_parts_mut`. Never create a
    // `&mut` to the whole array: earlier slices are still alive. Write the
    // `// SAFETY:` argument: why is this range never handed out twice?
    pub fn alloc(&self, len: usize) -> Option<&'static mut [u8]> {
        todo!("hand out {len} bytes after the first {}", self.used.get())
    }

    /// Makes the whole buffer available again.
    pub fn reset(&mut self) {
        self.used.set(0);
    }
}

impl<const N: usize> Default for Scratch<N> {
    fn default() -> Self {
        Self::new()
    }
}
