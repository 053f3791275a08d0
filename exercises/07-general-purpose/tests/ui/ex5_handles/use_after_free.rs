// Reading a value after removing it: the handle is gone with the value.
use general_purpose_exercises::ex5_handles::Slab;

fn main() {
    let mut slab = Slab::new();
    let handle = slab.insert(String::from("session"));
    drop(slab.remove(handle));
    println!("{}", slab.get(&handle));
}
