// `reset` hands every byte out again: no block may be in use across it.
use allocator_api2::vec::Vec;
use fixed_buffer::FixedBufferAllocator;

fn main() {
    let mut buffer = [0u8; 64];
    let mut fba = FixedBufferAllocator::new(&mut buffer);
    let mut numbers = Vec::new_in(&fba);
    numbers.push(1u32);
    fba.reset(); // the next block would land on `numbers`
    numbers.push(2);
}
