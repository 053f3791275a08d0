//! Lesson 04 exercises: the page allocator.
//!
//! Each `exN_*.rs` file is one exercise; together they build `PageAlloc`,
//! a page allocator over any source of pages. The tests run it over
//! `page_allocator::SimulatedOs`, a pretend kernel that logs its system calls,
//! and over the real one. Read the `// TODO:` comments, then `cargo xtask`.

pub mod ex1_rounding;
pub mod ex2_alloc;
pub mod ex3_resize;
pub mod ex4_align;
pub mod ex5_pages;
pub mod ex6_cache;
pub mod ex7_buddy;
