// Two requests at once would empty the arena under each other's copies.
use arena_exercises::ex5_lifetimes::Scratchpad;

fn main() {
    let mut pad = Scratchpad::new();
    let first = pad.request();
    let second = pad.request();
    let token = first.keep("session=abc123");
    drop(second); // empties the arena that `token` lives in
    println!("{token}");
}
