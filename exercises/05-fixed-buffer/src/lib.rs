//! Lesson 05 exercises: the fixed-buffer allocator.
//!
//! Each `exN_*.rs` file is one exercise; together they build `Bump`, a
//! fixed-buffer allocator, one piece at a time. Read the `// TODO:` comments,
//! write the code, then run `cargo xtask`.

// Until you fill them in, the stubs leave struct fields unread.
#![allow(dead_code)]

pub mod ex1_place;
pub mod ex2_new;
pub mod ex3_alloc;
pub mod ex4_last;
pub mod ex5_reset;
pub mod ex6_fallback;
pub mod ex7_double_ended;
