// Adding to the playlist while walking over its titles.
use ownership_exercises::ex5_borrows::Playlist;

fn main() {
    let mut list = Playlist::new();
    list.add("Intro");
    for title in list.titles() {
        list.add(&format!("{title} (again)"));
    }
}
