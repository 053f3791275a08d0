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
//! - [`conformance`]: Zig's `std.heap` tests and a model check, for any allocator.

pub mod api2;
pub mod conformance;
pub mod counting;
pub mod diagram;
pub mod interface;
pub mod layout;
pub mod system;
pub mod testing;

pub use counting::{CountingAllocator, Stats};
pub use interface::{Allocator, OutOfMemory, realloc};
pub use system::SystemAllocator;

/// Re-exported so [`impl_allocator_api2!`] works in crates that do not depend
/// on `allocator-api2` themselves, and so everyone uses the same version.
pub use allocator_api2;
