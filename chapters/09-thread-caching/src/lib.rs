//! # Lesson 09: the allocators you ship
//!
//! The debug allocator of lesson 07 is built to find bugs; the allocators
//! programs ship with are built to be fast on every thread and to waste
//! little. This lesson builds one the way glibc's tcache, tcmalloc and Zig's
//! `SmpAllocator` do, in four parts:
//!
//! - [`classes`]: size classes, eight per doubling, so a block wastes at
//!   most 1/9 of itself from 64 bytes up;
//! - [`free_list`]: the intrusive free list, linked through the free blocks;
//! - [`heap`]: 64 KiB slabs of one class each from lesson 04's page
//!   allocator, one list of partly free slabs per class under its own lock,
//!   and empty slabs given back to the kernel;
//! - [`cache`]: a per-thread cache of free blocks per class in front of the
//!   heap, filled and emptied in batches — and [`global`], which makes it
//!   the program's `#[global_allocator]`.

pub mod cache;
pub mod classes;
pub mod free_list;
pub mod global;
pub mod heap;

pub use cache::LocalCache;
pub use global::{HEAP, ThreadCachingAllocator};
pub use heap::Heap;
