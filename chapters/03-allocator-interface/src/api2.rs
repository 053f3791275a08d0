//! Plugging course allocators into Rust collections.
//!
//! Rust's own `Allocator` trait (`std::alloc::Allocator`, the `allocator_api`
//! feature) is still unstable. The [`allocator_api2`] crate is the same trait
//! on stable Rust, and bumpalo, hashbrown and others accept it, so every course
//! allocator implements it too:
//!
//! ```
//! use allocator_interface::SystemAllocator;
//! use allocator_api2::vec::Vec;
//!
//! let mut v = Vec::new_in(SystemAllocator);
//! v.extend_from_slice(b"explicit allocators");
//! assert_eq!(v.len(), 19);
//! ```
//!
//! The orphan rule forbids `impl<A: Allocator> allocator_api2::Allocator for A`,
//! so each allocator opts in with [`impl_allocator_api2!`](crate::impl_allocator_api2),
//! which forwards to the functions below. They are the translation layer:
//! `allocator_api2` allows zero-sized blocks and alignment changes, the course
//! interface does not, so those cases are handled here, once.

use crate::interface::{Allocator, realloc};
use allocator_api2::alloc::AllocError;
use core::alloc::Layout;
use core::ptr::NonNull;

/// A well-aligned, never-dereferenced pointer for a zero-sized block.
#[inline]
fn dangling(layout: Layout) -> NonNull<u8> {
    // `align` is a non-zero power of two, so it is a valid non-null address
    // for a zero-sized block of that alignment.
    NonNull::without_provenance(layout.align().try_into().expect("alignment is non-zero"))
}

/// `allocator_api2::Allocator::allocate` for a course allocator.
#[track_caller]
pub fn allocate<A: Allocator + ?Sized>(a: &A, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
    if layout.size() == 0 {
        return Ok(NonNull::slice_from_raw_parts(dangling(layout), 0));
    }
    let ptr = a.alloc(layout).map_err(|_| AllocError)?;
    Ok(NonNull::slice_from_raw_parts(ptr, layout.size()))
}

/// `allocator_api2::Allocator::deallocate` for a course allocator.
///
/// # Safety
/// As `allocator_api2::Allocator::deallocate`.
#[track_caller]
pub unsafe fn deallocate<A: Allocator + ?Sized>(a: &A, ptr: NonNull<u8>, layout: Layout) {
    if layout.size() != 0 {
        // SAFETY: the caller passes a block `allocate` made with this layout.
        unsafe { a.free(ptr, layout) }
    }
}

/// `grow` and `shrink` for a course allocator.
///
/// # Safety
/// As `allocator_api2::Allocator::grow`/`shrink`.
#[track_caller]
pub unsafe fn reallocate<A: Allocator + ?Sized>(
    a: &A,
    ptr: NonNull<u8>,
    old: Layout,
    new: Layout,
) -> Result<NonNull<[u8]>, AllocError> {
    if old.size() == 0 {
        return allocate(a, new);
    }
    if new.size() == 0 {
        // SAFETY: `ptr`/`old` describe a live, non-empty block.
        unsafe { a.free(ptr, old) };
        return allocate(a, new);
    }
    if old.align() == new.align() {
        // SAFETY: `ptr`/`old` describe a live block and `new.size() > 0`.
        let moved = unsafe { realloc(a, ptr, old, new.size()) }.map_err(|_| AllocError)?;
        return Ok(NonNull::slice_from_raw_parts(moved, new.size()));
    }
    // The course interface never changes a block's alignment: move it.
    let fresh = allocate(a, new)?;
    // SAFETY: two distinct live blocks, each at least `min(old, new)` bytes.
    unsafe {
        core::ptr::copy_nonoverlapping(ptr.as_ptr(), fresh.as_ptr().cast(), old.size().min(new.size()));
        a.free(ptr, old);
    }
    Ok(fresh)
}

/// Implements [`allocator_api2::alloc::Allocator`] for a course allocator.
///
/// ```ignore
/// impl_allocator_api2!(SystemAllocator);
/// impl_allocator_api2!([A: Allocator] CountingAllocator<A>);
/// ```
#[macro_export]
macro_rules! impl_allocator_api2 {
    ([$($generics:tt)*] $ty:ty) => {
        // SAFETY: every method forwards to `$crate::api2`, which keeps
        // `allocator_api2`'s contract on top of the course contract that
        // `$ty` upholds as an `unsafe impl Allocator`.
        unsafe impl<$($generics)*> $crate::allocator_api2::alloc::Allocator for $ty {
            #[inline]
            #[track_caller]
            fn allocate(
                &self,
                layout: ::core::alloc::Layout,
            ) -> ::core::result::Result<::core::ptr::NonNull<[u8]>, $crate::allocator_api2::alloc::AllocError> {
                $crate::api2::allocate(self, layout)
            }
            #[inline]
            #[track_caller]
            unsafe fn deallocate(&self, ptr: ::core::ptr::NonNull<u8>, layout: ::core::alloc::Layout) {
                // SAFETY: the caller upholds `deallocate`'s contract.
                unsafe { $crate::api2::deallocate(self, ptr, layout) }
            }
            #[inline]
            #[track_caller]
            unsafe fn grow(
                &self,
                ptr: ::core::ptr::NonNull<u8>,
                old: ::core::alloc::Layout,
                new: ::core::alloc::Layout,
            ) -> ::core::result::Result<::core::ptr::NonNull<[u8]>, $crate::allocator_api2::alloc::AllocError> {
                // SAFETY: the caller upholds `grow`'s contract.
                unsafe { $crate::api2::reallocate(self, ptr, old, new) }
            }
            #[inline]
            #[track_caller]
            unsafe fn shrink(
                &self,
                ptr: ::core::ptr::NonNull<u8>,
                old: ::core::alloc::Layout,
                new: ::core::alloc::Layout,
            ) -> ::core::result::Result<::core::ptr::NonNull<[u8]>, $crate::allocator_api2::alloc::AllocError> {
                // SAFETY: the caller upholds `shrink`'s contract.
                unsafe { $crate::api2::reallocate(self, ptr, old, new) }
            }
        }
    };
    ($ty:ty) => { $crate::impl_allocator_api2!([] $ty); };
}

// `&dyn Allocator` works with collections too: the runtime-polymorphic form
// that Zig's `std.mem.Allocator` always is.
crate::impl_allocator_api2!(['a] dyn Allocator + 'a);
