//! Reference solutions for lesson 03. Each module mirrors the exercise file
//! of the same name in `exercises/03-allocator-interface/src/`.

pub mod ex1_layout;
pub mod ex2_budget;
pub mod ex3_trace;
pub mod ex4_failing;
pub mod ex5_oom_safe;
pub mod ex6_scratch;
pub mod ex7_bitmap;
