// Removing a value twice: Zig's debug allocator reports it at run time;
// here `remove` takes the handle, so the second call cannot compile.
use general_purpose_exercises::ex5_handles::Slab;

fn main() {
    let mut slab = Slab::new();
    let handle = slab.insert(String::from("request buffer"));
    drop(slab.remove(handle));
    drop(slab.remove(handle));
}
