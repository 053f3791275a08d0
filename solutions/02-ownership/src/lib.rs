//! Lesson 02 reference solutions (tested by the exercises' own test files).

pub mod ex1_byte_buf;
pub mod ex2_guards;
pub mod ex3_no_hidden_allocations;
pub mod ex4_try_reserve;
pub mod ex5_borrows;
pub mod ex6_shared;
