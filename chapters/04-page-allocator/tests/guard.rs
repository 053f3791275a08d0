//! A guard page turns a one-byte overflow into an immediate crash. The crash
//! happens in a child process (this same test binary, started again), and the
//! parent checks that it died of a segmentation fault.

use page_allocator::guard::GuardedBuffer;

const CHILD: &str = "PAGE_ALLOCATOR_GUARD_CHILD";

// ANCHOR: overflow
/// In the child: fill the buffer, then write one byte past its end.
#[test]
#[cfg_attr(miri, ignore = "mprotect and signals: not under Miri")]
fn overflow_into_the_guard_page() {
    if std::env::var_os(CHILD).is_none() {
        return; // only meaningful in the child started below
    }
    let mut buffer = GuardedBuffer::new(100).expect("mmap");
    let len = buffer.as_mut_slice().len();
    buffer.as_mut_slice().fill(0xAA); // every byte of the buffer is fine
    let past_the_end = buffer.as_mut_ptr().wrapping_add(len);
    // SAFETY: deliberately not: this is the bug under test. The guard page
    // makes the kernel stop the process here, before anything is corrupted.
    unsafe { past_the_end.write_volatile(1) };
    unreachable!("the write into the guard page must fault");
}
// ANCHOR_END: overflow

#[test]
#[cfg_attr(miri, ignore = "spawns a process: not under Miri")]
fn the_overflow_faults_at_once() {
    use std::os::unix::process::ExitStatusExt;
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "overflow_into_the_guard_page", "--test-threads=1"])
        .env(CHILD, "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.signal(), Some(libc::SIGSEGV), "expected a segmentation fault, got {status}");
}

#[test]
#[cfg_attr(miri, ignore = "mprotect: not under Miri")]
fn the_buffer_itself_is_usable() {
    let mut buffer = GuardedBuffer::new(5000).expect("mmap");
    assert_eq!(buffer.as_mut_slice().len() % page_allocator::os::system_page_size(), 0);
    buffer.as_mut_slice().fill(7);
    assert!(buffer.as_mut_slice().iter().all(|&b| b == 7));
}
