//! # Lesson 02: ownership — who frees this?
//!
//! C answers "who frees this?" in comments; Zig answers it with `defer` and
//! `errdefer` at the call site and a leak check at run time; Rust answers it
//! in the type system: every value has one owner, and the owner's `Drop`
//! frees it.
//!
//! - [`counter`]: the heap, watched — the tests' global allocator, which
//!   counts each thread's blocks and can refuse one on purpose.
//! - [`raw`]: an owner of raw memory written by hand — what `Box` does.
//! - [`drops`]: the order values are dropped in, recorded.
//! - [`guard`]: Zig's `defer` and `errdefer` as guard values.
//! - [`hidden`]: the allocations ordinary code makes, counted per thread,
//!   and the same code without them.
//! - [`fallible`]: allocation failure as a value (`try_reserve`).

pub mod counter;
pub mod drops;
pub mod fallible;
pub mod guard;
pub mod hidden;
pub mod raw;
