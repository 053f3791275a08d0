//! Reference solutions for lesson 09. Each module mirrors the exercise file
//! of the same name in `exercises/09-thread-caching/src/`.

pub mod ex1_classes;
pub mod ex2_offsets;
pub mod ex3_bins;
pub mod ex4_pinned;
pub mod ex5_shards;
