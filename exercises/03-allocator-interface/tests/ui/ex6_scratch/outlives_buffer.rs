// A slice must not outlive the buffer it points into.
use allocator_interface_exercises::ex6_scratch::Scratch;

fn main() {
    let slice;
    {
        let scratch = Scratch::<16>::new();
        slice = scratch.alloc(4).unwrap();
    } // `scratch` is dropped here...
    slice[0] = 1; // ...so this would write into freed stack memory.
}
