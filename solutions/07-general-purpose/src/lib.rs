//! Lesson 07 reference solutions (tested by the exercises' own test files).

pub mod ex1_size_classes;
pub mod ex2_tracking;
pub mod ex3_bad_frees;
pub mod ex4_poison;
pub mod ex5_handles;
pub mod ex6_slabs;
