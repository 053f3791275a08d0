//! Tests for exercise page-5 (`src/ex5_pages.rs`).

use page_allocator_exercises::ex5_pages::Pages;

/// The permissions the kernel lists for the mapping that holds `addr`, as in
/// `r--p` (read-only, private), from `/proc/self/maps`.
fn permissions_at(addr: usize) -> String {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("Linux lists mappings in /proc/self/maps");
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let (range, permissions) = (fields.next().unwrap(), fields.next().unwrap());
        let (start, end) = range.split_once('-').unwrap();
        let (start, end) = (usize::from_str_radix(start, 16).unwrap(), usize::from_str_radix(end, 16).unwrap());
        if (start..end).contains(&addr) {
            return permissions.to_owned();
        }
    }
    panic!("no mapping holds {addr:#x}");
}

#[test]
#[cfg_attr(miri, ignore = "real system calls")]
fn frozen_pages_keep_their_bytes_and_thaw_writable() {
    let mut pages = Pages::new(10_000).expect("mmap");
    pages.as_mut_slice()[9_999] = 0xEE;
    {
        let frozen = pages.freeze().expect("mprotect");
        assert_eq!(frozen.as_slice().len(), 10_000);
        assert_eq!((frozen.as_slice()[0], frozen.as_slice()[9_999]), (0, 0xEE));
    }
    pages.as_mut_slice().fill(7); // a crash if the end of the freeze did not thaw them
    assert!(pages.as_mut_slice().iter().all(|&byte| byte == 7));
}

#[test]
#[cfg_attr(miri, ignore = "reads the kernel's list of mappings")]
fn the_kernel_enforces_the_freeze_on_every_page() {
    let mut pages = Pages::new(3 * 4096 + 1).expect("mmap");
    let first = pages.as_mut_slice().as_ptr().addr();
    let last = first + 3 * 4096;
    let frozen = pages.freeze().expect("mprotect");
    assert_eq!(&permissions_at(first)[..3], "r--", "read-only from the first page");
    assert_eq!(&permissions_at(last)[..3], "r--", "to the last, partly used one");
    drop(frozen);
    assert_eq!(&permissions_at(first)[..3], "rw-");
    assert_eq!(&permissions_at(last)[..3], "rw-");
}

#[test]
#[cfg_attr(miri, ignore = "real system calls")]
fn many_owners_come_and_go_frozen_or_not() {
    for size in [1, 4096, 4097, 1 << 20] {
        let mut pages = Pages::new(size).expect("mmap");
        pages.as_mut_slice()[size - 1] = 1;
        for _ in 0..2 {
            let frozen = pages.freeze().expect("mprotect");
            assert_eq!(frozen.as_slice()[size - 1], 1, "a freeze can follow a freeze");
        }
        if size % 2 == 0 {
            std::mem::forget(pages.freeze().expect("mprotect")); // never thawed: unmapped read-only
        }
    }
}

/// The cases in `tests/ui/ex5_pages/` must NOT compile: a write while the
/// pages are frozen, two freezes at once, and a view that outlives its freeze.
#[test]
#[cfg_attr(miri, ignore = "runs the compiler: not under Miri")]
fn misuse_does_not_compile() {
    let cases = concat!(env!("CARGO_MANIFEST_DIR"), "/../../exercises/04-page-allocator/tests/ui/ex5_pages/*.rs");
    trybuild::TestCases::new().compile_fail(cases);
}
