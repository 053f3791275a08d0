//! The pictures in the book, generated from the layout arithmetic. The book
//! includes these snapshots directly, so a picture cannot go stale.

use allocator_interface::diagram::{self, packet_fields};

#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn packet_layouts() {
    let [declared, sorted] = packet_fields();
    let svg = diagram::svg(&[("#[repr(C)], declaration order", &declared), ("most aligned first", &sorted)]);
    assert!(!svg.contains("\n\n"), "a blank line would end the HTML block in Markdown");
    insta::assert_snapshot!(svg);
}
