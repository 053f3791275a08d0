// Two nested allocators over one free part would hand out the same bytes twice.
use fixed_buffer_exercises::ex2_new::Bump;

fn main() {
    let mut buffer = [0u8; 64];
    let mut outer = Bump::new(&mut buffer);
    let first = outer.nested();
    let second = outer.nested();
    println!("{} {}", first.capacity(), second.capacity());
}
