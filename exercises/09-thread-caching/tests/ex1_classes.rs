//! Tests for exercise thread-caching-1 (`src/ex1_classes.rs`).

use thread_caching_exercises::ex1_classes::{CLASSES, MAX_SMALL, class_of_size, class_size, worst_waste};

#[test]
fn the_first_classes_step_by_16_then_four_per_doubling() {
    let first: Vec<usize> = (0..12).map(class_size).collect();
    assert_eq!(first, [16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256]);
    assert_eq!(class_size(CLASSES - 1), MAX_SMALL, "the last class is the largest small size");
    assert!((1..CLASSES).all(|i| class_size(i) > class_size(i - 1)), "sizes grow");
}

#[test]
fn sizes_on_and_next_to_a_class() {
    let cases = [(1, 0), (16, 0), (17, 1), (64, 3), (65, 4), (80, 4), (81, 5), (128, 7), (129, 8), (16384, 35)];
    for (size, class) in cases {
        assert_eq!(class_of_size(size), Some(class), "{size} bytes");
    }
    assert_eq!(class_of_size(0), None, "nothing to allocate");
    assert_eq!(class_of_size(MAX_SMALL + 1), None, "too big for a class");
    assert_eq!(class_of_size(usize::MAX), None);
}

#[test]
fn every_size_gets_the_smallest_class_that_holds_it() {
    for size in 1..=MAX_SMALL {
        let class = class_of_size(size).unwrap_or_else(|| panic!("{size} bytes has no class"));
        assert!(class_size(class) >= size, "{size} bytes in a {}-byte block", class_size(class));
        assert!(class == 0 || class_size(class - 1) < size, "{size} bytes: class {} holds it", class - 1);
    }
}

#[test]
fn four_per_doubling_waste_at_most_a_fifth() {
    let waste: Vec<f64> = (0..CLASSES).map(worst_waste).collect();
    assert!((waste[0] - 15.0 / 16.0).abs() < 1e-9, "1 byte in a 16-byte block: {}", waste[0]);
    assert!((waste[4] - 15.0 / 80.0).abs() < 1e-9, "65 bytes in 80: {}", waste[4]);
    for (class, &w) in waste.iter().enumerate().skip(4) {
        assert!(w <= 0.2 + 1e-9, "class {class} wastes up to {w}");
    }
    // Twice the chapter's worst case (1/9), for half the classes.
    assert!(waste.iter().skip(4).any(|&w| w > 1.0 / 9.0));
}
