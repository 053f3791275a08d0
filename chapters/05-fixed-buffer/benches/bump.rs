//! 1,000,000 allocations of 32 bytes, each written, then everything freed at
//! once — our fixed-buffer allocators against bumpalo (and `malloc`, for
//! scale). Run: `cargo bench -p chapter-05-fixed-buffer`.

use allocator_interface::{Allocator, SystemAllocator};
use bumpalo::Bump;
use core::alloc::Layout;
use divan::{Bencher, black_box};
use fixed_buffer::{FixedBufferAllocator, ThreadSafeFixedBufferAllocator};

const COUNT: usize = 1_000_000;
const BLOCK: Layout = match Layout::from_size_align(32, 8) {
    Ok(layout) => layout,
    Err(_) => panic!("valid layout"),
};

fn main() {
    divan::main();
}

/// Writes a block, so the allocation is not optimised away and the memory is touched.
#[inline(always)]
fn touch(ptr: core::ptr::NonNull<u8>) {
    // SAFETY: every allocator here returned a 32-byte block at `ptr`.
    unsafe { ptr.write_bytes(0xAB, BLOCK.size()) };
    black_box(ptr);
}

// ANCHOR: bench
#[divan::bench(sample_count = 30)]
fn fixed_buffer(bencher: Bencher) {
    let mut buffer = vec![0u8; COUNT * BLOCK.size()];
    let mut fba = FixedBufferAllocator::new(&mut buffer);
    bencher.bench_local(|| {
        for _ in 0..COUNT {
            touch(fba.alloc(BLOCK).expect("the buffer holds every block"));
        }
        fba.reset();
    });
}

#[divan::bench(sample_count = 30)]
fn bumpalo_alloc_layout(bencher: Bencher) {
    let mut bump = Bump::with_capacity(COUNT * BLOCK.size());
    bencher.bench_local(|| {
        for _ in 0..COUNT {
            touch(bump.alloc_layout(BLOCK));
        }
        bump.reset();
    });
}
// ANCHOR_END: bench

#[divan::bench(sample_count = 30)]
fn thread_safe_fixed_buffer(bencher: Bencher) {
    let mut buffer = vec![0u8; COUNT * BLOCK.size()];
    let mut fba = ThreadSafeFixedBufferAllocator::new(&mut buffer);
    bencher.bench_local(|| {
        for _ in 0..COUNT {
            touch(fba.alloc(BLOCK).expect("the buffer holds every block"));
        }
        fba.reset();
    });
}

/// For scale: the same blocks from `malloc`, each freed after.
#[divan::bench(sample_count = 30)]
fn system_malloc_free(bencher: Bencher) {
    let mut blocks = Vec::with_capacity(COUNT);
    bencher.bench_local(|| {
        for _ in 0..COUNT {
            let ptr = SystemAllocator.alloc(BLOCK).expect("malloc");
            touch(ptr);
            blocks.push(ptr);
        }
        for ptr in blocks.drain(..) {
            // SAFETY: each is a live block with layout `BLOCK`.
            unsafe { SystemAllocator.free(ptr, BLOCK) };
        }
    });
}
