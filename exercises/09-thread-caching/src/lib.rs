//! Lesson 09 exercises: The allocators you ship: size classes and thread caches.
//!
//! Each `exN_*.rs` file is one exercise. Read its `// TODO:` comments, write the
//! code, then run `cargo xtask`.

pub mod ex1_classes;
pub mod ex2_offsets;
pub mod ex3_bins;
pub mod ex4_pinned;
pub mod ex5_shards;
