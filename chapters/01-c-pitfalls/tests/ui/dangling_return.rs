// A pointer into a stack frame that is about to disappear — E0515.
fn make_name() -> &'static str {
    let name = String::from("guest");
    &name
}

fn main() {
    println!("{}", make_name());
}
