//! Tests for exercise ownership-4 (`src/ex4_try_reserve.rs`).
//!
//! The test program's global allocator is the chapter's `ThreadCounter`,
//! which can refuse any one allocation of the test's thread.

use ownership::counter::{ThreadCounter, check_every_failure, count_allocations};
use ownership_exercises::ex4_try_reserve::word_counts;

#[global_allocator]
static COUNTER: ThreadCounter = ThreadCounter;

#[test]
fn counts_words_in_order_of_appearance() {
    let counts = word_counts("the cat saw the dog and the cat ran").unwrap();
    assert_eq!(counts, [("the", 3), ("cat", 2), ("saw", 1), ("dog", 1), ("and", 1), ("ran", 1)]);
    let (empty, allocations) = count_allocations(|| word_counts("  \n ").unwrap());
    assert!(empty.is_empty());
    assert_eq!(allocations, 0, "no words, no vector to allocate");
}

#[test]
fn survives_every_allocation_failure() {
    let text = "one two three two three three four five six seven eight nine ten eleven";
    let allocations = check_every_failure(|| {
        let counts = word_counts(text)?;
        assert_eq!(counts.len(), 11);
        assert_eq!(counts[2], ("three", 3));
        Ok::<(), std::collections::TryReserveError>(())
    })
    .unwrap_or_else(|error| panic!("{error}"));
    assert!(allocations >= 2, "eleven words need the vector to grow: {allocations} allocations");
}
