// Two mutable borrows of the same title at once.
use ownership_exercises::ex5_borrows::Playlist;

fn main() {
    let mut list = Playlist::new();
    list.add("Outro");
    let a = list.last_mut().unwrap();
    let b = list.last_mut().unwrap();
    a.push_str(" (live)");
    b.push_str(" (remix)");
}
