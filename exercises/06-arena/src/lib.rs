//! Lesson 06 exercises: arenas.
//!
//! Each `exN_*.rs` file is one exercise. Read the `// TODO:` comments, write
//! the code, then run `cargo xtask`.

// Until you fill them in, the stubs leave fields and helpers unused.
#![allow(dead_code)]

pub mod ex1_chunks;
pub mod ex2_reset;
pub mod ex3_graph;
pub mod ex4_json;
pub mod ex5_lifetimes;
pub mod ex6_pool;
