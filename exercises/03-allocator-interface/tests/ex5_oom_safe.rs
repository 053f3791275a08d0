//! Tests for exercise interface-5 (`src/ex5_oom_safe.rs`).

use allocator_interface::testing::{FailingAllocator, TestingAllocator, check_all_allocation_failures};
use allocator_interface_exercises::ex5_oom_safe::{ParseError, Value, parse};

/// Renders a value back to text, to compare trees easily.
fn show(value: &Value<'_>) -> String {
    match value {
        Value::Int(n) => n.to_string(),
        Value::List(items) => format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(",")),
    }
}

#[test]
fn parses_nested_lists() {
    let testing = TestingAllocator::new();
    let value = parse(&testing, " [1, [2, -3], [], [[40]] ] ").expect("valid input");
    assert_eq!(show(&value), "[1,[2,-3],[],[[40]]]");
    drop(value);
    testing.finish().expect("dropping the tree frees every list");
}

#[test]
fn reports_syntax_errors() {
    let testing = TestingAllocator::new();
    assert_eq!(parse(&testing, "[1, 2").unwrap_err(), ParseError::UnexpectedEnd);
    assert_eq!(parse(&testing, "[1; 2]").unwrap_err(), ParseError::Unexpected { at: 2, found: ';' });
    assert_eq!(parse(&testing, "[1] 2").unwrap_err(), ParseError::TrailingInput { at: 4 });
    assert_eq!(parse(&testing, "[1, 99999999999999999999]").unwrap_err(), ParseError::NumberTooLarge { at: 4 });
    testing.finish().expect("error paths free what they built");
}

#[test]
fn returns_out_of_memory_instead_of_aborting() {
    let failing = FailingAllocator::new(TestingAllocator::new(), 0);
    assert_eq!(parse(&failing, "[1]").unwrap_err(), ParseError::OutOfMemory);
    let failing = FailingAllocator::new(TestingAllocator::new(), 2);
    assert_eq!(parse(&failing, "[[1], [2], [3]]").unwrap_err(), ParseError::OutOfMemory);
}

#[test]
fn survives_every_allocation_failure() {
    let checked = check_all_allocation_failures(|a| parse(a, "[1, [2, 3], [], [[4, 5, 6, 7, 8]]]").map(drop));
    let allocations = checked.unwrap_or_else(|error| panic!("{error}"));
    // Four non-empty lists, four allocations (growing a list is a remap, not an alloc).
    assert!(allocations >= 4, "only {allocations} allocations: is every list really allocated?");
}
