//! 1,000 one-byte blocks from the page allocator and from `malloc`: what
//! the process really holds (resident memory, from /proc/self/statm).
//!
//! Run: `cargo run --release -p chapter-04-page-allocator --example one_byte_blocks`

use allocator_interface::{Allocator, SystemAllocator};
use core::alloc::Layout;
use page_allocator::PageAllocator;
use page_allocator::os::system_page_size;

/// Resident memory of this process, in bytes (Linux only).
fn resident_bytes() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("Linux /proc");
    let pages: usize = statm.split_whitespace().nth(1).and_then(|p| p.parse().ok()).expect("statm format");
    pages * system_page_size()
}

fn measure(name: &str, allocator: &impl Allocator) {
    let one = Layout::new::<u8>();
    let before = resident_bytes();
    let blocks: Vec<_> = (0..1000)
        .map(|i| {
            let block = allocator.alloc(one).expect("memory");
            // SAFETY: a fresh one-byte block. Writing it is what makes the
            // kernel back the page with real memory.
            unsafe { block.write(i as u8) };
            block
        })
        .collect();
    let grown = resident_bytes() - before;
    println!(
        "{name:<16} 1,000 bytes asked   resident +{:>9} bytes   ({:.0} bytes per byte)",
        grown,
        grown as f64 / 1000.0
    );
    for block in blocks {
        // SAFETY: each block is live with this layout.
        unsafe { allocator.free(block, one) };
    }
}

fn main() {
    println!("page size: {} bytes", system_page_size());
    measure("PageAllocator", &PageAllocator::new());
    measure("malloc", &SystemAllocator);
}
