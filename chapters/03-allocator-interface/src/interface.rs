//! The course allocator interface: Zig's `std.mem.Allocator` vtable, in Rust.
//!
//! Zig's allocator is a pointer plus four function pointers:
//!
//! ```zig
//! pub const VTable = struct {
//!     alloc:  *const fn (*anyopaque, len: usize, alignment: Alignment, ret_addr: usize) ?[*]u8,
//!     resize: *const fn (*anyopaque, memory: []u8, alignment: Alignment, new_len: usize, ret_addr: usize) bool,
//!     remap:  *const fn (*anyopaque, memory: []u8, alignment: Alignment, new_len: usize, ret_addr: usize) ?[*]u8,
//!     free:   *const fn (*anyopaque, memory: []u8, alignment: Alignment, ret_addr: usize) void,
//! };
//! ```
//!
//! [`Allocator`] has the same four operations. A `&dyn Allocator` *is* that
//! pointer-plus-vtable pair, and a generic `A: Allocator` is the same thing
//! resolved at compile time.

use core::alloc::Layout;
use core::fmt;
use core::ptr::NonNull;

// ANCHOR: out_of_memory
/// The one way an allocation fails: Zig's `error.OutOfMemory`, as a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OutOfMemory;

impl fmt::Display for OutOfMemory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("out of memory")
    }
}

impl core::error::Error for OutOfMemory {}
// ANCHOR_END: out_of_memory

// ANCHOR: trait
/// An allocator: hands out blocks of memory and takes them back.
///
/// Every method takes `&self`, like Zig's `*anyopaque` context: an allocator is
/// shared by everything that allocates from it, so any state it keeps (a bump
/// offset, a free list, counters) lives behind interior mutability.
///
/// # The contract for callers
/// - Sizes passed in are never zero. Zero-sized requests are answered by the
///   caller without asking the allocator (Zig does the same in its
///   `Allocator` front end; [`crate::api2`] does it for Rust collections).
///   An allocator handed a zero size anyway refuses it, the same way
///   everywhere: `alloc` returns `Err(OutOfMemory)`, `resize` `false`,
///   `remap` `None`, and the block is unchanged (the conformance suite checks it).
/// - `ptr`/`layout` passed to `resize`, `remap` and `free` describe a block
///   this allocator returned and that is still live: the same alignment, and
///   the size it was last given (by `alloc`, or a successful `resize`/`remap`).
///
/// # Safety
///
/// For implementors:
/// - `alloc` returns a block of at least `layout.size()` bytes aligned to
///   `layout.align()`, which does not overlap any other live block, and stays
///   valid until it is freed or successfully remapped — or until the
///   allocator value itself is dropped, or its lifetime ends. Moving the
///   allocator value must not invalidate its blocks (the rule of Rust's own
///   `Allocator` trait): an allocator that keeps its memory inline hands out
///   a borrowing handle instead, as lesson 05's stack-fallback allocator does.
/// - `resize` either changes the block's size **in place** and returns `true`,
///   or changes nothing and returns `false`. The first `min(old, new)` bytes
///   are kept.
/// - `remap` returns a block of the new size with the same alignment holding the
///   first `min(old, new)` bytes (it may move; on success the old pointer is
///   dead), or `None` and changes nothing. It is allowed to always say `None`:
///   the caller then falls back to alloc + copy + free.
/// - `free` accepts every live block.
///
/// Callers (collections, the conformance suite) rely on this for memory
/// safety, which is why the trait is `unsafe` to implement.
pub unsafe trait Allocator {
    /// Allocates a block for `layout` (`layout.size() > 0`).
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory>;

    /// Tries to grow or shrink the block **in place** to `new_size` (> 0).
    ///
    /// # Safety
    /// `ptr` and `layout` describe a live block of this allocator.
    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool;

    /// Resizes the block to `new_size` (> 0), moving it if that is cheaper than
    /// the caller's alloc + copy + free; `None` if it cannot.
    ///
    /// # Safety
    /// `ptr` and `layout` describe a live block of this allocator. On `Some`,
    /// `ptr` is dead and the returned pointer owns the block.
    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>>;

    /// Gives the block back.
    ///
    /// # Safety
    /// `ptr` and `layout` describe a live block of this allocator; it is dead
    /// afterwards.
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout);
}
// ANCHOR_END: trait

// ANCHOR: realloc
/// Resizes a block by whatever means it takes: in place, then `remap`, then
/// a fresh allocation with a copy. Zig's `Allocator.realloc` skips the first
/// step — it tries `remap` and never `resize` (`lib/std/mem/Allocator.zig`,
/// lines 380–415); the outcome is the same for the course's allocators,
/// whose `remap` each tries in place first.
///
/// # Safety
/// `ptr`/`layout` describe a live block of `allocator`, and `new_size > 0`.
/// On `Ok` the old pointer is dead; on `Err` the old block is untouched.
#[track_caller]
pub unsafe fn realloc<A: Allocator + ?Sized>(
    allocator: &A,
    ptr: NonNull<u8>,
    layout: Layout,
    new_size: usize,
) -> Result<NonNull<u8>, OutOfMemory> {
    // SAFETY: the caller guarantees `ptr`/`layout` describe a live block.
    if unsafe { allocator.resize(ptr, layout, new_size) } {
        return Ok(ptr);
    }
    // SAFETY: as above; a `None` leaves the block untouched.
    if let Some(moved) = unsafe { allocator.remap(ptr, layout, new_size) } {
        return Ok(moved);
    }
    let new_layout = Layout::from_size_align(new_size, layout.align()).map_err(|_| OutOfMemory)?;
    let new_ptr = allocator.alloc(new_layout)?;
    // SAFETY: both blocks are live and distinct (the allocator never hands out
    // overlapping blocks) and each holds at least `min(old, new)` bytes.
    unsafe {
        core::ptr::copy_nonoverlapping(ptr.as_ptr(), new_ptr.as_ptr(), layout.size().min(new_size));
        allocator.free(ptr, layout);
    }
    Ok(new_ptr)
}
// ANCHOR_END: realloc

// ANCHOR: forwarding
// A reference to an allocator is an allocator: `&arena` can be handed to a
// wrapper or a collection without giving the arena away.
//
// SAFETY: every call forwards to `A`, which upholds the contract.
unsafe impl<A: Allocator + ?Sized> Allocator for &A {
    #[track_caller]
    #[inline]
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        (**self).alloc(layout)
    }
    #[track_caller]
    #[inline]
    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        unsafe { (**self).resize(ptr, layout, new_size) }
    }
    #[track_caller]
    #[inline]
    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        unsafe { (**self).remap(ptr, layout, new_size) }
    }
    #[track_caller]
    #[inline]
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        unsafe { (**self).free(ptr, layout) }
    }
}
// ANCHOR_END: forwarding
