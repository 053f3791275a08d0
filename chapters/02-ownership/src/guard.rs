//! Zig's `defer` and `errdefer`, as values whose `Drop` runs the cleanup.
//!
//! ```zig
//! const a = try allocator.alloc(u8, 100);
//! errdefer allocator.free(a);        // only if this function returns an error
//! const b = try allocator.alloc(u8, 100);
//! defer allocator.free(b);           // whenever this scope ends
//! ```

use crate::raw::{OutOfMemory, RawBuffer};
use core::alloc::Layout;
use core::ptr::NonNull;

// ANCHOR: defer
/// Runs `cleanup` when it goes out of scope — on every path: return, `?`,
/// `break`, panic. Zig's `defer`. Several guards run in reverse order of
/// creation, like Zig's defers, because locals drop in reverse order.
#[must_use = "a guard runs its cleanup when dropped: bind it with `let _guard = ...`"]
pub struct Defer<F: FnOnce()> {
    cleanup: Option<F>,
}

pub fn defer<F: FnOnce()>(cleanup: F) -> Defer<F> {
    Defer { cleanup: Some(cleanup) }
}

impl<F: FnOnce()> Drop for Defer<F> {
    fn drop(&mut self) {
        if let Some(cleanup) = self.cleanup.take() {
            cleanup();
        }
    }
}
// ANCHOR_END: defer

// ANCHOR: errdefer
/// Runs `cleanup` when it goes out of scope *unless* [`ErrDefer::disarm`]
/// was called first: Zig's `errdefer`. Call `disarm` just before the
/// successful return; every early return with `?` — and a panic — leaves
/// it armed.
#[must_use = "an errdefer guard must be kept until the success path disarms it"]
pub struct ErrDefer<F: FnOnce()> {
    cleanup: Option<F>,
}

pub fn errdefer<F: FnOnce()>(cleanup: F) -> ErrDefer<F> {
    ErrDefer { cleanup: Some(cleanup) }
}

impl<F: FnOnce()> ErrDefer<F> {
    /// The function succeeded: do not clean up.
    pub fn disarm(mut self) {
        self.cleanup = None;
    }
}

impl<F: FnOnce()> Drop for ErrDefer<F> {
    fn drop(&mut self) {
        if let Some(cleanup) = self.cleanup.take() {
            cleanup();
        }
    }
}
// ANCHOR_END: errdefer

impl<F: FnOnce()> core::fmt::Debug for Defer<F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Defer").field("armed", &self.cleanup.is_some()).finish()
    }
}

impl<F: FnOnce()> core::fmt::Debug for ErrDefer<F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ErrDefer").field("armed", &self.cleanup.is_some()).finish()
    }
}

// ANCHOR: two_blocks
/// Two blocks that belong together (say, keys and values). If the second
/// allocation fails, the first must be freed — Zig's classic `errdefer`.
#[derive(Debug)]
pub struct TwoBlocks {
    pub keys: NonNull<u8>,
    pub values: NonNull<u8>,
    pub layout: Layout,
}

/// One block from the global allocator; `layout` is not zero-sized.
fn alloc(layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
    assert!(layout.size() > 0, "the global allocator is never asked for zero bytes");
    // SAFETY: `layout` has a non-zero size, checked above.
    NonNull::new(unsafe { std::alloc::alloc(layout) }).ok_or(OutOfMemory)
}

pub fn alloc_two(layout: Layout) -> Result<TwoBlocks, OutOfMemory> {
    let keys = alloc(layout)?;
    let free_keys = errdefer(|| {
        // SAFETY: if this runs, `keys` was allocated just above with
        // `layout` and never handed to anyone.
        unsafe { std::alloc::dealloc(keys.as_ptr(), layout) }
    });
    let values = alloc(layout)?; // on error, `free_keys` frees `keys`
    free_keys.disarm();
    Ok(TwoBlocks { keys, values, layout })
}
// ANCHOR_END: two_blocks

// ANCHOR: two_owned
/// The same two blocks, as owners: if the second allocation fails, `?`
/// returns early and `keys` is dropped — freed. No guard needed.
pub fn alloc_two_owned(len: usize) -> Result<(RawBuffer, RawBuffer), OutOfMemory> {
    let keys = RawBuffer::zeroed(len)?;
    let values = RawBuffer::zeroed(len)?;
    Ok((keys, values))
}
// ANCHOR_END: two_owned

impl TwoBlocks {
    /// Gives both blocks back to the global allocator.
    ///
    /// # Safety
    /// The blocks are not used after (nothing stops a copy of the pointers).
    pub unsafe fn free(self) {
        // SAFETY: both blocks came from `alloc_two` with `self.layout`, and
        // `self` is consumed, so this call frees them once; the caller
        // promises no copy of the pointers is used after.
        unsafe {
            std::alloc::dealloc(self.values.as_ptr(), self.layout);
            std::alloc::dealloc(self.keys.as_ptr(), self.layout);
        }
    }
}
