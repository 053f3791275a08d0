// A reference that outlives what it points to — E0597.
fn main() {
    let greeting: &String;
    {
        let name = String::from("guest");
        greeting = &name;
    } // `name` is freed here
    println!("{greeting}");
}
