//! The fixed-buffer allocators pass the course conformance suite (Zig's
//! `std.heap` tests and the model check), each on a fresh buffer.

use allocator_interface::{SystemAllocator, conformance};
use fixed_buffer::{FixedBufferAllocator, StackFallbackAllocator, ThreadSafeFixedBufferAllocator};

/// Big enough for Zig's tests, which grow an array of pointers to 160 KB.
const BUFFER: usize = 512 * 1024;

#[test]
fn fixed_buffer_allocator() {
    conformance::check_scoped(|test| {
        conformance::with_guarded_buffer(BUFFER, |buffer| test(&FixedBufferAllocator::new(buffer)));
    });
}

#[test]
fn thread_safe_fixed_buffer_allocator() {
    conformance::check_scoped(|test| {
        conformance::with_guarded_buffer(BUFFER, |buffer| test(&ThreadSafeFixedBufferAllocator::new(buffer)));
    });
}

#[test]
fn stack_fallback_allocator() {
    // A small inline buffer, so that blocks spill to the fallback and move
    // between the two: the routing of every call is exercised.
    conformance::check_scoped(|test| {
        let sfa = StackFallbackAllocator::<4096, _>::new(SystemAllocator);
        test(&sfa.get());
    });
}
