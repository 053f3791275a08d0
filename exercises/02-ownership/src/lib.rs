//! Lesson 02 exercises: ownership.
//!
//! Each `exN_*.rs` file is one exercise. Read the `// TODO:` comments, write
//! the code, then run `cargo xtask`.

// Until you fill them in, the stubs leave fields and helpers unused.
#![allow(dead_code)]

pub mod ex1_byte_buf;
pub mod ex2_guards;
pub mod ex3_no_hidden_allocations;
pub mod ex4_try_reserve;
pub mod ex5_borrows;
pub mod ex6_shared;
