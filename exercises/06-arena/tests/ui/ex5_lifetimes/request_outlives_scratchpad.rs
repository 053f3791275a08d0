// A request must not outlive the scratchpad whose arena it copies into.
use arena_exercises::ex5_lifetimes::Scratchpad;

fn main() {
    let request;
    {
        let mut pad = Scratchpad::new();
        request = pad.request();
    } // the arena is freed here...
    println!("{}", request.keep("session=abc123")); // ...and would be written here.
}
