// Frozen pages are read-only: a write to them would be a SIGSEGV at run time.
use page_allocator_exercises::ex5_pages::Pages;

fn main() {
    let mut pages = Pages::new(100).unwrap();
    let frozen = pages.freeze().unwrap();
    pages.as_mut_slice()[0] = 1;
    println!("{}", frozen.as_slice()[0]);
}
