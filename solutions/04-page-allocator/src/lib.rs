//! Reference solutions for lesson 04. Each module mirrors the exercise file
//! of the same name in `exercises/04-page-allocator/src/`.

pub mod ex1_rounding;
pub mod ex2_alloc;
pub mod ex3_resize;
pub mod ex4_align;
pub mod ex5_pages;
pub mod ex6_cache;
pub mod ex7_buddy;
