// A view of frozen pages lasts as long as the freeze, not longer.
use page_allocator_exercises::ex5_pages::Pages;

fn main() {
    let mut pages = Pages::new(100).unwrap();
    let bytes;
    {
        let frozen = pages.freeze().unwrap();
        bytes = frozen.as_slice();
    } // the freeze ends here: the pages are writable again
    println!("{}", bytes[0]);
}
