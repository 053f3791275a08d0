// A copy must not outlive the scratchpad that holds it.
use arena_exercises::ex5_lifetimes::Scratchpad;

fn main() {
    let token;
    {
        let pad = Scratchpad::new();
        token = pad.keep("session=abc123");
    }
    println!("{token}");
}
