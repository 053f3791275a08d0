// The allocator must not outlive the buffer it hands blocks out of.
use fixed_buffer_exercises::ex2_new::Bump;

fn main() {
    let bump;
    {
        let mut buffer = [0u8; 64];
        bump = Bump::new(&mut buffer);
    } // `buffer` is gone here...
    println!("{}", bump.capacity()); // ...but the allocator would still point into it.
}
