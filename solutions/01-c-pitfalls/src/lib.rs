//! Lesson 01 exercises: C-style memory pitfalls, caught and then prevented.
//! Each module is one exercise; `cargo xtask` says which one is next.

pub mod ex1_leaks;
pub mod ex2_bounds;
pub mod ex3_double_free;
pub mod ex4_generations;
pub mod ex5_owned_api;
pub mod ex6_coalesce;
