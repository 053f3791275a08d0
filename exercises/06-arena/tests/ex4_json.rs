//! Tests for exercise arena-4 (`src/ex4_json.rs`).

use allocator_interface::testing::TestingAllocator;
use allocator_interface::{CountingAllocator, SystemAllocator};
use arena::Arena;
use arena_exercises::ex4_json::{Item, ParseError, parse};

#[test]
fn parses_nested_lists() {
    let arena = Arena::new(SystemAllocator);
    let item = parse(&arena, r#" [1, "two", [3, [-4]], []] "#).unwrap();
    assert_eq!(
        item,
        Item::List(&[
            Item::Number(1),
            Item::Text("two"),
            Item::List(&[Item::Number(3), Item::List(&[Item::Number(-4)])]),
            Item::List(&[]),
        ])
    );
}

#[test]
fn reports_syntax_errors() {
    let arena = Arena::new(SystemAllocator);
    assert_eq!(parse(&arena, "[1, 2"), Err(ParseError::Syntax { at: 5 }));
    assert_eq!(parse(&arena, "[1; 2]"), Err(ParseError::Syntax { at: 2 }));
}

#[test]
fn a_big_tree_costs_the_child_a_few_chunks() {
    let child = CountingAllocator::new(TestingAllocator::new());
    let arena = Arena::new(&child);
    let n = if cfg!(miri) { 200 } else { 2000 };
    let text = format!("[{}]", (0..n).map(|i| format!("[{i}, \"n{i}\"]")).collect::<Vec<_>>().join(", "));
    let Item::List(items) = parse(&arena, &text).unwrap() else { panic!("a list") };
    assert_eq!(items.len(), n);
    let last = (n - 1) as i64;
    assert_eq!(items[n - 1], Item::List(&[Item::Number(last), Item::Text(&format!("n{last}"))]));
    let chunks = child.stats().allocs;
    assert!(chunks <= 16, "{} lists and {n} strings in {chunks} child allocations", n + 1);
}

#[test]
fn freeing_is_one_step() {
    let child = CountingAllocator::new(TestingAllocator::new());
    {
        let arena = Arena::new(&child);
        parse(&arena, "[[1], [2], [3], \"abc\"]").unwrap();
    }
    assert_eq!(child.stats().live_blocks(), 0, "dropping the arena frees the whole tree");
}
