// `reset` reuses the memory, so no slice may be alive across it.
use allocator_interface_exercises::ex6_scratch::Scratch;

fn main() {
    let mut scratch = Scratch::<16>::new();
    let first = scratch.alloc(4).unwrap();
    scratch.reset();
    let second = scratch.alloc(4).unwrap(); // the same bytes as `first`
    first[0] = 1;
    assert_eq!(second[0], 0);
}
