//! Reference solutions for lesson 05. Each module mirrors the exercise file
//! of the same name in `exercises/05-fixed-buffer/src/`.

pub mod ex1_place;
pub mod ex2_new;
pub mod ex3_alloc;
pub mod ex4_last;
pub mod ex5_reset;
pub mod ex6_fallback;
pub mod ex7_double_ended;
