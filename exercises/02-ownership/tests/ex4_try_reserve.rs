//! Tests for exercise ownership-4 (`src/ex4_try_reserve.rs`).

use allocator_interface::SystemAllocator;
use allocator_interface::testing::check_all_allocation_failures;
use ownership_exercises::ex4_try_reserve::word_counts;

#[test]
fn counts_words_in_order_of_appearance() {
    let counts = word_counts("the cat saw the dog and the cat ran", SystemAllocator).unwrap();
    assert_eq!(counts.as_slice(), [("the", 3), ("cat", 2), ("saw", 1), ("dog", 1), ("and", 1), ("ran", 1)]);
    assert!(word_counts("   ", SystemAllocator).unwrap().is_empty());
}

#[test]
fn survives_every_allocation_failure() {
    let text = "one two three two three three four five six seven eight nine ten eleven";
    let allocations = check_all_allocation_failures(|allocator| {
        let counts = word_counts(text, allocator)?;
        assert_eq!(counts.len(), 11);
        Ok::<(), allocator_interface::OutOfMemory>(())
    })
    .unwrap_or_else(|error| panic!("{error}"));
    assert!(allocations >= 1, "the vector needs a block: {allocations} allocations");
}
