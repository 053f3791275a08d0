// A copy must not be used after `clear`: its bytes belong to the next request.
use arena_exercises::ex5_lifetimes::Scratchpad;

fn main() {
    let mut pad = Scratchpad::new();
    let token = pad.keep("session=abc123");
    pad.clear();
    println!("{token}");
}
