//! Tests for exercise page-5 (`src/ex5_pages.rs`).

use page_allocator_exercises::ex5_pages::Pages;

#[test]
#[cfg_attr(miri, ignore = "real system calls")]
fn pages_are_zeroed_and_writable() {
    let mut pages = Pages::new(10_000).expect("mmap");
    let bytes = pages.as_mut_slice();
    assert_eq!(bytes.len(), 10_000);
    assert!(bytes.iter().all(|&b| b == 0));
    bytes.fill(0xEE);
    assert_eq!(pages.as_mut_slice()[9_999], 0xEE);
}

#[test]
#[cfg_attr(miri, ignore = "real system calls")]
fn many_owners_come_and_go() {
    for size in [1, 4096, 4097, 1 << 20] {
        let mut pages = Pages::new(size).expect("mmap");
        pages.as_mut_slice()[size - 1] = 1;
    }
}

/// The cases in `tests/ui/ex5_pages/` must NOT compile: each uses the bytes
/// after their pages were unmapped.
#[test]
#[cfg_attr(miri, ignore = "runs the compiler: not under Miri")]
fn use_after_unmap_does_not_compile() {
    let cases = concat!(env!("CARGO_MANIFEST_DIR"), "/../../exercises/04-page-allocator/tests/ui/ex5_pages/*.rs");
    trybuild::TestCases::new().compile_fail(cases);
}
