// A reference into a Vec across a push that may move its buffer (realloc):
// in C a use after free — E0502.
fn main() {
    let mut names = vec![String::from("alice")];
    let first = &names[0];
    names.push(String::from("bob"));
    println!("{first}");
}
