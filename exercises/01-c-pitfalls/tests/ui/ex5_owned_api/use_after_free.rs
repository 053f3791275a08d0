// Reading a block after freeing it.
use c_pitfalls_exercises::ex5_owned_api::Heap;

fn main() {
    let heap = Heap::new(64);
    let session = heap.alloc(b"user=alice").unwrap();
    heap.free(session);
    println!("{:?}", heap.read(&session));
}
