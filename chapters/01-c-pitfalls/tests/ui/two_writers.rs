// Two live mutable references to one buffer ("who owns this?" with two
// answers) — E0499.
fn main() {
    let mut buffer = Vec::new();
    let writer = &mut buffer;
    let other = &mut buffer;
    writer.push(1);
    other.push(2);
}
