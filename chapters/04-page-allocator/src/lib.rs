//! # Lesson 04: the page allocator
//!
//! Where all memory finally comes from: the kernel's page tables. Zig's
//! `std.heap.page_allocator` maps fresh pages for every allocation and unmaps
//! them on free; so does [`PageAllocator`].
//!
//! - [`os`]: the system calls (`mmap`, `munmap`, `mremap`) behind an [`Os`]
//!   trait, for real ([`Linux`]) or simulated ([`SimulatedOs`], which is how
//!   the allocator's logic runs under Miri, and in the book's WebAssembly
//!   playground: the real system calls are compiled on Linux only).
//! - [`PageAllocator`]: rounding to pages, alignment beyond a page by
//!   over-mapping and trimming, in-place resize, and `remap` through `mremap`
//!   that keeps large alignments.
//! - [`guard`]: a guard page that turns an overflow into an immediate crash.
//! - [`waste`]: what page granularity costs small requests.

#[cfg(target_os = "linux")]
pub mod guard;
pub mod os;
mod page;

pub use os::{Linux, Os, SimulatedOs};
pub use page::PageAllocator;

/// The waste table: for each requested size, the bytes mapped and wasted with
/// pages of `page_size` bytes.
pub fn waste(page_size: usize, sizes: &[usize]) -> String {
    use std::fmt::Write;
    let mut out = format!("{:>10}  {:>10}  {:>10}  {:>7}\n", "requested", "mapped", "waste", "waste %");
    for &size in sizes {
        let mapped = size.div_ceil(page_size) * page_size;
        let waste = mapped - size;
        let _ = writeln!(out, "{size:>10}  {mapped:>10}  {waste:>10}  {:>6.1}%", waste as f64 * 100.0 / mapped as f64);
    }
    out
}
