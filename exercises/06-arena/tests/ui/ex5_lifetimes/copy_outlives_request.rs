// A copy must not outlive its request: the request's end empties the arena.
use arena_exercises::ex5_lifetimes::Scratchpad;

fn main() {
    let mut pad = Scratchpad::new();
    let token;
    {
        let request = pad.request();
        token = request.keep("session=abc123");
    } // the arena is emptied here...
    println!("{token}"); // ...and its bytes would be the next request's.
}
