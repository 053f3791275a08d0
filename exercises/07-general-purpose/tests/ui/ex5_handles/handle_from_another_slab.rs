// A handle names a value of one type: freed into a slab of another, it would
// free whatever that slab keeps in its slot.
use general_purpose_exercises::ex5_handles::Slab;

fn main() {
    let mut names = Slab::new();
    let mut ages: Slab<u32> = Slab::new();
    let age = ages.insert(36);
    let name = names.insert(String::from("Ada"));
    for handle in [age, name] {
        ages.remove(handle); // `name` is a handle into `names`
    }
}
