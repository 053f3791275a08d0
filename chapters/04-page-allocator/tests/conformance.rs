//! The page allocator passes the course conformance suite: for real over the
//! Linux kernel, and over the simulated kernel — which is how Miri checks it,
//! since Miri cannot unmap part of a mapping.

use allocator_interface::conformance;
use page_allocator::{PageAllocator, SimulatedOs};

#[test]
#[cfg_attr(miri, ignore = "real system calls: Miri runs the simulated kernel instead")]
fn over_the_linux_kernel() {
    conformance::check(PageAllocator::new);
}

#[test]
fn over_the_simulated_kernel() {
    conformance::check_scoped(|test| {
        // Zig's tests need about 150 pages at once (100 blocks of one page each); Miri pays for every page.
        let os = SimulatedOs::new(4096, if cfg!(miri) { 192 } else { 1024 });
        test(&PageAllocator::with_os(&os));
        assert_eq!(os.mapped_pages(), 0, "every page was given back");
    });
}

#[test]
fn over_a_simulated_kernel_with_16_kib_pages() {
    // Apple silicon and some Arm servers use 16 KiB pages.
    conformance::check_scoped(|test| {
        let os = SimulatedOs::new(16 * 1024, if cfg!(miri) { 160 } else { 256 });
        test(&PageAllocator::with_os(&os));
    });
}
