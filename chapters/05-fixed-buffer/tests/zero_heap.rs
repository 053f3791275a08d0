//! Formatting and parsing messages without touching the heap: every
//! allocation of this test binary is counted, and the message code makes none.
//! (One test per binary: libtest itself allocates between tests.)

use allocator_interface::{CountingAllocator, SystemAllocator};
use fixed_buffer::FixedBufferAllocator;
use fixed_buffer::messages::{MessageError, Reading, format_reading, parse_fields};

#[global_allocator]
static HEAP: CountingAllocator<SystemAllocator> = CountingAllocator::new(SystemAllocator);

// ANCHOR: zero_heap
#[test]
fn messages_use_the_stack_buffer_only() {
    let before = HEAP.stats().allocs;

    let mut stack = [0u8; 256];
    let fba = FixedBufferAllocator::new(&mut stack);
    let reading = Reading { sensor: "kitchen", millidegrees: -1250 };
    let line = format_reading(&fba, &reading).expect("fits in 256 bytes");
    let text = core::str::from_utf8(&line).expect("ASCII");
    let fields = parse_fields(&fba, text).expect("well formed");

    assert_eq!(text, "sensor=kitchen;temp=-1.250");
    assert_eq!(fields.as_slice(), [("sensor", "kitchen"), ("temp", "-1.250")]);
    assert_eq!(HEAP.stats().allocs, before, "the heap was used");
    // ANCHOR_END: zero_heap

    // A buffer too small is an error, not an abort.
    drop(fields);
    drop(line);
    let mut tiny = [0u8; 8];
    let small = FixedBufferAllocator::new(&mut tiny);
    assert_eq!(format_reading(&small, &reading), Err(MessageError::OutOfMemory));
    assert_eq!(parse_fields(&fba, "sensor").unwrap_err(), MessageError::MissingEquals { at: 0 });
    assert_eq!(HEAP.stats().allocs, before, "not even on the error paths");
}
