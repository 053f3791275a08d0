// Removing the same entry twice: the id was used up by the first `remove`.
use ownership_exercises::ex5_borrows::Playlist;

fn main() {
    let mut list = Playlist::new();
    let intro = list.add("Intro");
    println!("{}", list.remove(intro));
    println!("{}", list.remove(intro));
}
