//! Hello world, as `cargo new` writes it.
fn main() {
    println!("Hello, world!");
}
