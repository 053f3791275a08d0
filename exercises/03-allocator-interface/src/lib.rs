//! Lesson 03 exercises: the allocator interface.
//!
//! Each `exN_*.rs` file is one exercise. Read its `// TODO:` comments, write
//! the code, then run `cargo xtask` (or `cargo test -p
//! exercises-03-allocator-interface --test exN_name`).

// Until you fill them in, the stubs leave struct fields unread.
#![allow(dead_code)]

pub mod ex1_layout;
pub mod ex2_budget;
pub mod ex3_trace;
pub mod ex4_failing;
pub mod ex5_oom_safe;
pub mod ex6_scratch;
pub mod ex7_bitmap;
