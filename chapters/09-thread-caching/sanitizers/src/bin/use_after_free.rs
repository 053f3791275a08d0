//! A use after free that compiles: a raw pointer into a vector, kept past
//! the push that moved the vector's buffer.

fn main() {
    let mut names = vec![String::from("ada")];
    let first: *const String = &names[0];
    names.push(String::from("grace")); // the buffer moves: `first` dangles
    // SAFETY: none — this is the bug AddressSanitizer is for.
    let name = unsafe { &*first };
    println!("{name}");
}
