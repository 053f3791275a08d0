// Dropping the owner unmaps the pages: the slice must not survive it.
use page_allocator_exercises::ex5_pages::Pages;

fn main() {
    let mut pages = Pages::new(100).unwrap();
    let bytes = pages.as_mut_slice();
    drop(pages); // munmap
    bytes[0] = 1; // would write to an unmapped page: SIGSEGV, or worse, someone else's new mapping
}
