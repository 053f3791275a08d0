// A title borrowed from a playlist cannot outlive the playlist.
use ownership_exercises::ex5_borrows::Playlist;

fn main() {
    let first = {
        let mut list = Playlist::new();
        list.add("Intro");
        list.first()
    };
    println!("{first:?}");
}
