//! # Lesson 06: arenas
//!
//! Zig's `std.heap.ArenaAllocator`: many allocations, one lifetime, one free.
//!
//! - [`Arena`]: bump allocation in chunks that come from a child allocator,
//!   with Zig's three reset modes and a zeroing reset.
//! - [`json`]: a JSON parser whose whole tree lives in an arena — the
//!   classic arena workload — to compare with `serde_json::Value`.
//! - [`report`]: pictures of an arena's chunks, for tests and the book.

mod arena;
pub mod json;
pub mod report;

pub use arena::{Arena, ChunkInfo, ResetMode};
