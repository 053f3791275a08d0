//! Lesson 08 exercise: choosing an allocator, and proving the choice by
//! counting. `cargo xtask` says when it is next.

pub mod ex1_choose;
pub mod ex2_profile;
