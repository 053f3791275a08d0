//! Tests for exercise c-pitfalls-1 (`src/ex1_leaks.rs`). Each test takes
//! one path through `greeting` and then asks the heap for leaks.

use c_pitfalls::heap::ToyHeap;
use c_pitfalls_exercises::ex1_leaks::greeting;

/// Blocks still in use, as `(pointer, size)`: empty means no leak.
fn leaks(heap: &ToyHeap) -> Vec<String> {
    heap.leaks().iter().map(|block| format!("{} ({} bytes)", block.ptr(), block.size)).collect()
}

#[test]
fn a_greeting_leaves_only_itself_behind() {
    let mut heap = ToyHeap::new(256);
    let hello = greeting(&mut heap, "alice").expect("room for a greeting");
    assert_eq!(heap.read(hello, 13), b"Hello, Alice!");
    heap.free(hello);
    assert_eq!(leaks(&heap), Vec::<String>::new(), "still in use after the caller freed the greeting");
}

#[test]
fn a_rejected_name_leaks_nothing() {
    let mut heap = ToyHeap::new(256);
    assert_eq!(greeting(&mut heap, ""), None);
    assert_eq!(greeting(&mut heap, "zoë"), None);
    assert_eq!(leaks(&heap), Vec::<String>::new(), "still in use after two rejected names");
}

#[test]
fn a_full_heap_leaks_nothing() {
    // Room for the 16-byte scratch copy of the name, not for the greeting.
    let mut heap = ToyHeap::new(48);
    assert_eq!(greeting(&mut heap, "bartholomew"), None);
    assert_eq!(leaks(&heap), Vec::<String>::new(), "still in use after running out of memory");
}
