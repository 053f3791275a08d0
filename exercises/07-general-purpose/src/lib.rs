//! Lesson 07 exercises: the debug allocator.
//!
//! Each `exN_*.rs` file is one exercise. Read the `// TODO:` comments, write
//! the code, then run `cargo xtask`.

// Until you fill them in, the stubs leave fields and helpers unused.
#![allow(dead_code)]

pub mod ex1_size_classes;
pub mod ex2_tracking;
pub mod ex3_bad_frees;
pub mod ex4_poison;
pub mod ex5_handles;
pub mod ex6_slabs;
