//! # Lesson 07: the general-purpose debug allocator
//!
//! Zig's `std.heap.DebugAllocator` (once `GeneralPurposeAllocator`) in Rust:
//! an allocator that keeps a record of every block it hands out, like a
//! librarian with an index card per book, and so can tell you about leaks,
//! double frees, foreign pointers, wrong sizes, overflows and writes into
//! freed memory — deterministically, by block number and source location.
//!
//! - [`DebugAllocator`]: size-class buckets for small blocks, the child
//!   allocator for large ones, a [`Config`] modelled on Zig's.
//! - [`GlobalDebugAllocator`]: the same as a `#[global_allocator]`, with
//!   per-checkpoint leak reports: Rust's `std.testing.allocator`.
//! - [`report`]: what it tells you.

mod config;
mod debug;
mod global;
pub mod report;
mod site;

pub use config::{Config, MAX_STACK_FRAMES, POISON};
pub use debug::{
    DebugAllocator, Lock, SingleThreaded, SingleThreadedDebugAllocator, Threaded, size_class, small_classes,
};
pub use global::GlobalDebugAllocator;
pub use report::{Block, LeakReport, Op, Problem, Report};
pub use site::Site;
