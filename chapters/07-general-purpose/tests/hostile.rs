//! Misuse that once slipped through: a detector must report misuse, or
//! refuse it — never turn it into corruption of a live block, or a panic.

use allocator_interface::{Allocator, SystemAllocator};
use core::alloc::Layout;
use core::ptr::NonNull;
use general_purpose::{Config, DebugAllocator, POISON, Problem};
use page_allocator::{PageAllocator, SimulatedOs};

const CONFIG: Config = Config { log_problems: false, ..Config::DEFAULT };

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, 8).unwrap()
}

/// A bucket is filled, emptied (so its memory goes back to the child) and
/// filled again; then a pointer from the first round is freed a second time.
/// With `retain_metadata` that is reported as a double free, and no block of
/// the second round is touched: the allocator never hands an address out again
/// while a kept record still describes it.
///
/// Over a simulated kernel, which (like Linux) hands a freed range out again.
#[test]
fn a_stale_double_free_never_frees_a_live_block() {
    let os = SimulatedOs::new(4096, 64);
    let config = Config { bucket_size: 4096, retain_metadata: true, ..CONFIG };
    let gpa = DebugAllocator::with_config(PageAllocator::with_os(&os), config);
    let first: Vec<NonNull<u8>> = (0..64).map(|_| gpa.alloc(layout(64)).unwrap()).collect();
    for &ptr in &first {
        // SAFETY: live blocks with their layouts.
        unsafe { gpa.free(ptr, layout(64)) };
    }
    let second: Vec<NonNull<u8>> = (0..64).map(|_| gpa.alloc(layout(64)).unwrap()).collect();
    for (i, &ptr) in second.iter().enumerate() {
        assert!(!first.contains(&ptr), "block {i} of round two reuses an address a record describes");
        // SAFETY: a live block of 64 bytes: mark it as the program's data.
        unsafe { ptr.write_bytes(i as u8, 64) };
    }

    // SAFETY: none: the block was freed above. The allocator must catch it.
    unsafe { gpa.free(first[5], layout(64)) };
    let problems = gpa.take_problems();
    assert!(matches!(problems.as_slice(), [Problem::DoubleFree { .. }]), "{problems:?}");
    assert_eq!(gpa.requested_bytes(), 64 * 64, "every block of round two is still counted live");
    for (i, &ptr) in second.iter().enumerate() {
        // SAFETY: live blocks of 64 bytes, written above.
        let bytes = unsafe { core::slice::from_raw_parts(ptr.as_ptr(), 64) };
        assert!(bytes.iter().all(|&b| b == i as u8), "block {i} was touched (poisoned with {POISON:#x}?)");
    }
    for &ptr in &second {
        // SAFETY: live blocks with their layouts.
        unsafe { gpa.free(ptr, layout(64)) };
    }
    assert!(gpa.take_problems().is_empty());
}

/// Resizing or remapping to a size no allocation can have is refused, with
/// safety on or off, for small and large blocks; the block is unchanged.
#[test]
fn resizes_to_huge_sizes_are_refused() {
    for safety in [true, false] {
        let gpa = DebugAllocator::with_config(SystemAllocator, Config { safety, ..CONFIG });
        // Another live block, so the count of requested bytes is not just this one.
        let other = gpa.alloc(layout(100)).unwrap();
        for size in [32, 1 << 20] {
            let ptr = gpa.alloc(layout(size)).unwrap();
            for huge in [isize::MAX as usize, usize::MAX - 7, usize::MAX] {
                // SAFETY: a live block with its layout.
                assert!(!unsafe { gpa.resize(ptr, layout(size), huge) }, "safety {safety}, {size} B");
                // SAFETY: as above.
                assert!(unsafe { gpa.remap(ptr, layout(size), huge) }.is_none(), "safety {safety}, {size} B");
            }
            assert_eq!(gpa.requested_bytes(), 100 + size);
            // SAFETY: the block is still live and unchanged.
            unsafe { gpa.free(ptr, layout(size)) };
            assert_eq!(gpa.requested_bytes(), 100);
        }
        // SAFETY: a live block with its layout.
        unsafe { gpa.free(other, layout(100)) };
    }
}

/// With safety off, a resize given the wrong size uses the recorded one: the
/// count of requested bytes stays right (it used to underflow).
#[test]
fn a_resize_with_a_wrong_size_keeps_the_count_right() {
    let gpa = DebugAllocator::with_config(SystemAllocator, Config { safety: false, ..CONFIG });
    let ptr = gpa.alloc(layout(20)).unwrap();
    // SAFETY: none: the caller lies about the size (28, not 20); safety is off.
    assert!(unsafe { gpa.resize(ptr, layout(28), 24) });
    assert_eq!(gpa.requested_bytes(), 24);
    // SAFETY: a live block, now of 24 bytes.
    unsafe { gpa.free(ptr, layout(24)) };
    assert_eq!(gpa.requested_bytes(), 0);
}

/// Every forwarding layer the course ships carries its caller's location
/// through (`#[track_caller]`), so a block is reported where the program
/// allocated it — not inside an adapter.
#[test]
fn allocation_sites_survive_every_forwarding_layer() {
    use allocator_interface::allocator_api2::alloc::Allocator as _;
    use allocator_interface::testing::{FailingAllocator, TestingAllocator, ValidatingAllocator};
    use allocator_interface::{CountingAllocator, realloc};

    let gpa = DebugAllocator::with_config(SystemAllocator, CONFIG);
    let by_ref = &gpa;
    let counting = CountingAllocator::new(&gpa);
    let testing = TestingAllocator::wrap(&gpa);
    let failing = FailingAllocator::new(&gpa, usize::MAX);
    let validating = ValidatingAllocator(&gpa);
    let l = layout(48);
    // Each allocation, the line it is on, and the layer that frees it.
    let blocks: [(NonNull<u8>, u32, &dyn Allocator); 7] = [
        (by_ref.alloc(l).unwrap(), line!(), by_ref),
        ((&by_ref).alloc(l).unwrap(), line!(), by_ref),
        (counting.alloc(l).unwrap(), line!(), &counting),
        (testing.alloc(l).unwrap(), line!(), &testing),
        (failing.alloc(l).unwrap(), line!(), &failing),
        (validating.alloc(l).unwrap(), line!(), &validating),
        (by_ref.allocate(l).unwrap().cast::<u8>(), line!(), by_ref),
    ];
    let named = |line: u32| {
        let here = format!("tests/hostile.rs:{line}:");
        let leaks = gpa.leaks().expect("blocks are live");
        let sites: Vec<String> = leaks.blocks.iter().map(|block| block.allocated_at.to_string()).collect();
        assert!(sites.iter().any(|site| site.contains(&here)), "no block allocated at {here} in {sites:?}");
    };
    for (_, line, _) in &blocks {
        named(*line);
    }
    // SAFETY: a live block of `l`; realloc moves it into a larger class.
    let (moved, moved_line) = (unsafe { realloc(by_ref, blocks[0].0, l, 4096) }.unwrap(), line!());
    named(moved_line);
    for (ptr, _, layer) in &blocks[1..] {
        // SAFETY: live blocks of `l`, each freed through the layer that allocated it.
        unsafe { layer.free(*ptr, l) };
    }
    // SAFETY: the moved block, now 4096 bytes.
    unsafe { gpa.free(moved, layout(4096)) };
    drop((counting, testing, failing, validating));
    assert!(gpa.leaks().is_none());
}

/// A large block goes straight back to the child when freed; a second free
/// of it is still reported as a double free (not "never handed out"), with
/// where it was allocated and first freed — in the default configuration.
#[test]
fn a_large_double_free_is_named_as_one() {
    let gpa = DebugAllocator::with_config(SystemAllocator, CONFIG);
    let big = layout(1 << 20);
    let block = gpa.alloc(big).unwrap();
    // SAFETY: a live block with its layout.
    unsafe { gpa.free(block, big) };
    // SAFETY: none: the second free is the bug the allocator must report.
    unsafe { gpa.free(block, big) };
    let problems = gpa.take_problems();
    let [Problem::DoubleFree { block: freed, .. }] = problems.as_slice() else {
        panic!("expected one double free: {problems:?}");
    };
    assert_eq!((freed.id, freed.size), (1, 1 << 20));
    assert!(freed.freed_at.is_some(), "the first free's site is named");
}
