// The allocator must not outlive the buffer it hands blocks out of.
use fixed_buffer::FixedBufferAllocator;

fn main() {
    let fba;
    {
        let mut buffer = [0u8; 64];
        fba = FixedBufferAllocator::new(&mut buffer);
    } // `buffer` is gone here...
    println!("{}", fba.end_index()); // ...but the allocator would still point into it.
}
