// A block kept after its heap is gone.
use c_pitfalls_exercises::ex5_owned_api::Heap;

fn main() {
    let block;
    {
        let heap = Heap::new(64);
        block = heap.alloc(b"guest").unwrap();
    }
    println!("{block:?}");
}
