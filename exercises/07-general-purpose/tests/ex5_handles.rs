//! Tests for exercise general-purpose-5 (`src/ex5_handles.rs`).

use general_purpose_exercises::ex5_handles::Slab;

#[test]
fn handles_reach_their_values() {
    let mut slab = Slab::new();
    let apple = slab.insert("apple");
    let pear = slab.insert("pear");
    assert_eq!((*slab.get(&apple), *slab.get(&pear)), ("apple", "pear"));
    assert_eq!(slab.len(), 2);
    assert_eq!(slab.remove(apple), "apple");
    assert_eq!(slab.len(), 1);
    assert_eq!(*slab.get(&pear), "pear");
}

#[test]
fn a_reused_slot_gets_a_new_generation() {
    let mut slab = Slab::new();
    let first = slab.insert(1);
    let (index, generation) = (first.index(), first.generation());
    slab.remove(first);
    let second = slab.insert(2);
    assert_eq!(second.index(), index, "the emptied slot is reused");
    assert_eq!(second.generation(), generation + 1, "but the handle differs");
    assert_eq!(*slab.get(&second), 2);
}

/// The cases in `tests/ui/ex5_handles/` must NOT compile: a handle used
/// after the value it named was removed, or with a slab of another type.
#[test]
#[cfg_attr(miri, ignore = "runs the compiler: not under Miri")]
fn misuse_does_not_compile() {
    let cases = concat!(env!("CARGO_MANIFEST_DIR"), "/../../exercises/07-general-purpose/tests/ui/ex5_handles/*.rs");
    trybuild::TestCases::new().compile_fail(cases);
}

#[test]
fn a_handle_owns_no_value_and_goes_to_any_thread() {
    fn to_another_thread<S: Send + Sync + 'static>(name: S) -> S {
        std::thread::spawn(move || name).join().expect("the thread returns it")
    }
    let mut slab = Slab::new();
    let shared = slab.insert(std::rc::Rc::new(7)); // `Rc` is neither `Send` nor `Sync`
    let shared = to_another_thread(shared);
    assert_eq!(**slab.get(&shared), 7);
    assert_eq!(*slab.remove(shared), 7);
    assert!(slab.is_empty());
}
