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
    ///
    /// The slice borrows `self`: the buffer cannot be dropped, moved or
    /// reset while the slice is alive.
    #[allow(clippy::mut_from_ref)] // disjoint slices of an `UnsafeCell`, as in bumpalo
    pub fn alloc(&self, len: usize) -> Option<&mut [u8]> {
        let start = self.used.get();
        let end = start.checked_add(len).filter(|&end| end <= N)?;
        self.used.set(end);
        // SAFETY: `start..end` is inside the buffer and was never handed out
        // before (`used` only grows until `reset`, which takes `&mut self` and
        // so cannot run while any slice is alive). The pointer is derived from
        // the `UnsafeCell` without creating a reference to the whole array, so
        // earlier slices stay valid.
        let slice = unsafe {
            let base = self.bytes.get().cast::<u8>().add(start);
            base.write_bytes(0, len);
            core::slice::from_raw_parts_mut(base, len)
        };
        Some(slice)
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
