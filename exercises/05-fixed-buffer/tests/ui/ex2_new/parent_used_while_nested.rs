// While a nested allocator lives, the free part is its own: the parent waits.
use fixed_buffer_exercises::ex2_new::Bump;

fn main() {
    let mut buffer = [0u8; 64];
    let mut outer = Bump::new(&mut buffer);
    let inner = outer.nested();
    println!("{}", outer.mark()); // the parent could hand out inner's bytes here
    println!("{}", inner.capacity());
}
