// The end of one freeze would thaw the pages under the other.
use page_allocator_exercises::ex5_pages::Pages;

fn main() {
    let mut pages = Pages::new(100).unwrap();
    let first = pages.freeze().unwrap();
    let second = pages.freeze().unwrap();
    drop(first); // writable again, while `second` promises read-only
    println!("{}", second.as_slice()[0]);
}
