// Use after free: `drop` frees the Vec's buffer, and the name `names` is
// gone with it — E0382.
fn main() {
    let names = vec![String::from("alice")];
    drop(names);
    println!("{}", names[0]);
}
