//! # Lesson 03: the allocator interface
//!
//! Zig passes an allocator to everything that allocates. This crate is that
//! idea in Rust, and the foundation every later lesson builds on:
//!
//! - [`layout`]: size and alignment arithmetic.
//! - [`Allocator`]: the course interface, Zig's vtable (`alloc`, `resize`,
//!   `remap`, `free`), and [`realloc`] on top of it.
//! - [`api2`]: every course allocator also works with real collections
//!   (`allocator_api2::vec::Vec::new_in(&a)`).
//! - [`SystemAllocator`]: `malloc`/`free` behind the interface.
//! - [`CountingAllocator`]: composition — an allocator wrapping an allocator.
//! - [`testing`]: leak checking, failure injection, and
//!   [`check_all_allocation_failures`](testing::check_all_allocation_failures).
//! - [`conformance`]: Zig's `std.heap` tests and a model check, for any
//!   allocator, also run with [`redzone`]s around every block.

//!
//! Without the default `std` feature the crate is `#![no_std]`: the
//! interface, the layout arithmetic and the counting wrapper, which is what an
//! allocator for an embedded target needs (lesson 05 builds one).

#![cfg_attr(not(feature = "std"), no_std)]

pub mod api2;
#[cfg(feature = "std")]
pub mod conformance;
pub mod counting;
#[cfg(feature = "std")]
pub mod diagram;
pub mod interface;
pub mod layout;
#[cfg(feature = "std")]
pub mod redzone;
#[cfg(feature = "std")]
pub mod system;
#[cfg(feature = "std")]
pub mod testing;

pub use counting::{CountingAllocator, Stats};
pub use interface::{Allocator, OutOfMemory, realloc};
#[cfg(feature = "std")]
pub use system::SystemAllocator;

/// Re-exported so [`impl_allocator_api2!`] works in crates that do not depend
/// on `allocator-api2` themselves, and so everyone uses the same version.
pub use allocator_api2;
