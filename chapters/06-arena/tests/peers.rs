//! The two arena crates Rust programs actually use, side by side with ours:
//! the same jobs, and what each does about destructors.

use allocator_interface::SystemAllocator;
use arena::Arena;
use std::cell::{Cell, RefCell};

/// Counts how many times it is dropped.
struct Noisy<'d>(&'d Cell<usize>);

impl Drop for Noisy<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

// ANCHOR: bumpalo
#[test]
fn bumpalo_collections_reset_and_limits() {
    let mut bump = bumpalo::Bump::new();
    // bumpalo's own collections borrow the arena, like ours.
    let mut words = bumpalo::collections::Vec::new_in(&bump);
    words.extend(["many", "allocations", "one", "lifetime"]);
    let sentence = bumpalo::collections::String::from_str_in("one free", &bump);
    assert_eq!(words.len() + sentence.len(), 12);
    // The same arena serves allocator-api2 collections.
    let mut numbers = allocator_api2::vec::Vec::new_in(&bump);
    numbers.extend(0..100u32);
    drop((words, sentence, numbers));

    bump.reset(); // keeps the largest chunk, like RetainCapacity
    bump.set_allocation_limit(Some(1024));
    assert!(bump.try_alloc([0u8; 512]).is_ok());
    assert!(bump.try_alloc([0u8; 4096]).is_err(), "the limit makes out-of-memory a value");
}
// ANCHOR_END: bumpalo

// ANCHOR: typed_arena
/// A graph with cycles: every node refers to others by plain `&'a` references,
/// which only works because all nodes live exactly as long as the arena.
struct Node<'a> {
    name: &'static str,
    edges: RefCell<Vec<&'a Node<'a>>>,
}

#[test]
fn typed_arena_builds_a_cyclic_graph() {
    let nodes = typed_arena::Arena::new();
    let a: &Node<'_> = nodes.alloc(Node { name: "a", edges: RefCell::new(vec![]) });
    let b = nodes.alloc(Node { name: "b", edges: RefCell::new(vec![]) });
    let c = nodes.alloc(Node { name: "c", edges: RefCell::new(vec![]) });
    a.edges.borrow_mut().push(b);
    b.edges.borrow_mut().push(c);
    c.edges.borrow_mut().push(a); // a cycle: impossible with Box, awkward with Rc

    let mut walk = vec![a.name];
    let mut at = a;
    for _ in 0..5 {
        at = at.edges.borrow()[0];
        walk.push(at.name);
    }
    assert_eq!(walk, ["a", "b", "c", "a", "b", "c"]);
}
// ANCHOR_END: typed_arena

// ANCHOR: drops
#[test]
fn who_runs_destructors() {
    let drops = Cell::new(0);

    let typed = typed_arena::Arena::new();
    typed.alloc(Noisy(&drops));
    typed.alloc(Noisy(&drops));
    drop(typed);
    assert_eq!(drops.replace(0), 2, "typed-arena: one type per arena, so it can drop every value");

    let bump = bumpalo::Bump::new();
    bump.alloc(Noisy(&drops));
    drop(bump);
    assert_eq!(drops.replace(0), 0, "bumpalo: any types, so it runs no destructors");

    let ours = Arena::new(SystemAllocator);
    ours.alloc_value(Noisy(&drops)).unwrap();
    drop(ours);
    assert_eq!(drops.replace(0), 0, "ours: raw memory, like bumpalo and Zig");

    // A collection in an arena still drops its elements: the collection, not
    // the arena, owns them.
    let ours = Arena::new(SystemAllocator);
    let mut v = allocator_api2::vec::Vec::new_in(&ours);
    v.push(Noisy(&drops));
    drop(v);
    assert_eq!(drops.get(), 1);
}
// ANCHOR_END: drops
