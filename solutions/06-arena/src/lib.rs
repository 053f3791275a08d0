//! Reference solutions for lesson 06. Each module mirrors the exercise file
//! of the same name in `exercises/06-arena/src/`.

pub mod ex1_chunks;
pub mod ex2_reset;
pub mod ex3_graph;
pub mod ex4_json;
pub mod ex5_lifetimes;
pub mod ex6_pool;
