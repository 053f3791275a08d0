// While the allocator lives, the buffer is its memory: nobody else may write it.
use fixed_buffer::FixedBufferAllocator;

fn main() {
    let mut buffer = [0u8; 64];
    let fba = FixedBufferAllocator::new(&mut buffer);
    buffer.fill(1); // would scribble over every block in it
    println!("{}", fba.end_index());
}
