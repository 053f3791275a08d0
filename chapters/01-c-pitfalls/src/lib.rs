//! # Lesson 01: C-style memory pitfalls
//!
//! Manual memory management has a handful of classic foot-guns: the leak,
//! the double free, the use after free, the buffer overflow, the read of
//! uninitialised memory, the pointer into a dead stack frame, and the
//! question behind most of them — who frees this?
//!
//! - [`heap`]: a toy `malloc`/`free` as trusting as C's, over bytes it owns,
//!   with block headers, a free list and a memory map.
//! - [`stack`]: a toy call stack whose frames are reused after a return.
//! - [`scenes`]: each foot-gun committed on the toys and filmed.
//! - [`safe`]: the same programs in safe Rust, where the compiler or the
//!   types rule the bug out.
//! - [`toolkit`]: the `unsafe` tools the course's allocators are built from —
//!   raw pointers, `Cell`, `MaybeUninit`, `PhantomData` — each in the
//!   smallest program that needs it.
//!
//! The real thing — each bug with real pointers — is in `examples/`, where
//! Miri (`cargo +nightly miri run --example <name>`) and valgrind catch it.

pub mod heap;
pub mod safe;
pub mod scenes;
pub mod stack;
pub mod toolkit;
