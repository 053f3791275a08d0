// Freeing a block twice: the first `free` took it.
use c_pitfalls_exercises::ex5_owned_api::Heap;

fn main() {
    let heap = Heap::new(64);
    let token = heap.alloc(b"token").unwrap();
    heap.free(token);
    heap.free(token);
}
