//! # Lesson 05: the fixed-buffer allocator
//!
//! Zig's `std.heap.FixedBufferAllocator`: a buffer you provide (often on the
//! stack), an index that only moves forward, and out-of-memory as an ordinary
//! value when the buffer is full. No heap, no system calls, memory use known
//! before the program runs — the embedded-systems allocator.
//!
//! - [`FixedBufferAllocator`]: the allocator, over `&'buf mut [u8]`; Rust's
//!   lifetimes make "an allocation outlives its buffer" a compile error.
//! - [`ThreadSafeFixedBufferAllocator`]: the same, bumping with compare-and-swap.
//! - [`StackFallbackAllocator`]: a stack buffer first, another allocator after.
//! - [`map`]: pictures of a buffer (used, padding, free), for tests and the book.
//! - [`messages`]: formatting and parsing with zero heap allocations.
//!
//! The crate is `#![no_std]`: it needs neither the heap nor an operating system.

#![no_std]

extern crate alloc;
#[cfg(test)]
extern crate std;

mod bump;
mod fixed;
pub mod map;
pub mod messages;
mod stack_fallback;
mod thread_safe;

pub use bump::Region;
pub use fixed::FixedBufferAllocator;
pub use stack_fallback::{StackFallback, StackFallbackAllocator};
pub use thread_safe::ThreadSafeFixedBufferAllocator;
