//! A buffer inside the allocator itself (on the stack, if the allocator is),
//! and another allocator for whatever does not fit — Zig's `stackFallback`.

use crate::bump::Region;
use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::{Cell, UnsafeCell};
use core::mem::MaybeUninit;
use core::ptr::NonNull;

// ANCHOR: owner
/// `N` bytes of its own, then `fallback`.
///
/// The buffer is inline, so moving this value would move every block in it:
/// allocate through [`get`](Self::get), whose handle borrows the owner and so
/// pins it in place for as long as blocks can be used.
///
/// ```
/// use fixed_buffer::StackFallbackAllocator;
/// use allocator_interface::SystemAllocator;
/// use allocator_api2::vec::Vec;
///
/// let sfa = StackFallbackAllocator::<256, _>::new(SystemAllocator);
/// let mut small = Vec::new_in(sfa.get());
/// small.extend_from_slice(b"fits in the 256 stack bytes");
/// ```
#[derive(Debug)]
pub struct StackFallbackAllocator<const N: usize, F> {
    buffer: UnsafeCell<[MaybeUninit<u8>; N]>,
    end_index: Cell<usize>,
    fallback: F,
}
// ANCHOR_END: owner

impl<const N: usize, F> StackFallbackAllocator<N, F> {
    /// An empty buffer in front of `fallback`.
    pub const fn new(fallback: F) -> Self {
        Self { buffer: UnsafeCell::new([MaybeUninit::uninit(); N]), end_index: Cell::new(0), fallback }
    }

    /// The allocator: a handle that borrows the buffer in place.
    pub fn get(&self) -> StackFallback<'_, N, F> {
        StackFallback { owner: self }
    }

    /// Bytes of the inline buffer in use.
    pub fn stack_used(&self) -> usize {
        self.end_index.get()
    }

    /// Frees every block in the inline buffer (`&mut self`: no handle is
    /// alive). Blocks from the fallback are the fallback's business.
    pub fn reset(&mut self) {
        self.end_index.set(0);
    }

    /// The fallback allocator.
    pub fn fallback(&self) -> &F {
        &self.fallback
    }
}

/// The allocator of a [`StackFallbackAllocator`], from [`get`](StackFallbackAllocator::get).
#[derive(Debug)]
pub struct StackFallback<'a, const N: usize, F> {
    owner: &'a StackFallbackAllocator<N, F>,
}

impl<const N: usize, F> Clone for StackFallback<'_, N, F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<const N: usize, F> Copy for StackFallback<'_, N, F> {}

impl<const N: usize, F> StackFallback<'_, N, F> {
    fn stack(&self) -> Region<'_> {
        // A raw pointer from the `UnsafeCell`, never a reference to the whole
        // array: blocks handed out earlier stay valid.
        let start = NonNull::new(self.owner.buffer.get().cast::<u8>()).expect("a field is never null");
        Region { start, capacity: N, end: &self.owner.end_index }
    }
}

// ANCHOR: routing
// SAFETY: stack blocks come from `Region` (see `FixedBufferAllocator`) inside
// the owner's buffer, which cannot move while this handle borrows it; every
// other block comes from `fallback` and every call for it is forwarded
// there, chosen by address: a block is in the buffer or it is not.
unsafe impl<const N: usize, F: Allocator> Allocator for StackFallback<'_, N, F> {
    #[track_caller]
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        match self.stack().alloc(layout) {
            Some(ptr) => Ok(ptr),
            None => self.owner.fallback.alloc(layout),
        }
    }

    #[track_caller]
    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        let stack = self.stack();
        if stack.owns(ptr.as_ptr()) {
            return stack.resize(ptr, layout.size(), new_size);
        }
        // SAFETY: not in the buffer, so a live block of the fallback.
        unsafe { self.owner.fallback.resize(ptr, layout, new_size) }
    }

    #[track_caller]
    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        let stack = self.stack();
        if stack.owns(ptr.as_ptr()) {
            // A stack block cannot move; `realloc` then copies it to wherever
            // `alloc` finds room — the fallback, when the stack is full.
            return stack.resize(ptr, layout.size(), new_size).then_some(ptr);
        }
        // SAFETY: not in the buffer, so a live block of the fallback.
        unsafe { self.owner.fallback.remap(ptr, layout, new_size) }
    }

    #[track_caller]
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        let stack = self.stack();
        if stack.owns(ptr.as_ptr()) {
            stack.free(ptr, layout.size());
        } else {
            // SAFETY: not in the buffer, so a live block of the fallback.
            unsafe { self.owner.fallback.free(ptr, layout) }
        }
    }
}
// ANCHOR_END: routing

allocator_interface::impl_allocator_api2!(['a, const N: usize, F: Allocator] StackFallback<'a, N, F>);
