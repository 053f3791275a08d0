//! What the book shows, generated from the code: the size classes.

use thread_caching::classes::table;
use thread_caching::heap::blocks_per_slab;

#[test]
#[cfg_attr(miri, ignore = "a picture: no unsafe code to check")]
fn size_class_table() {
    insta::assert_snapshot!("size_classes", table(blocks_per_slab));
}
