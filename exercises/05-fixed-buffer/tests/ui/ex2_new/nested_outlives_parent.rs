// A nested allocator lends the parent's free part: it must not outlive the parent.
use fixed_buffer_exercises::ex2_new::Bump;

fn main() {
    let mut buffer = [0u8; 64];
    let inner;
    {
        let mut outer = Bump::new(&mut buffer);
        inner = outer.nested();
    } // `outer` is gone here: its free part may be someone else's...
    println!("{}", inner.capacity()); // ...but `inner` would still hand it out.
}
