// The slice must not outlive the owner of the pages.
use page_allocator_exercises::ex5_pages::Pages;

fn main() {
    let bytes;
    {
        let mut pages = Pages::new(100).unwrap();
        bytes = pages.as_mut_slice();
    } // `pages` is dropped here: the pages are unmapped
    bytes[0] = 1;
}
