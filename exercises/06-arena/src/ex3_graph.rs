//! Exercise arena-3: a graph with cycles, in a typed arena.
//!
//! In a road map every city refers to its neighbours, and the neighbours
//! refer back: cycles everywhere. With `Box` that cannot be built; with `Rc`
//! it leaks unless you use `Weak`. With an arena it is plain references: every
//! city lives exactly as long as the arena, so `&'a City<'a>` is always valid.

use std::cell::RefCell;
// You will want `std::collections::HashSet`.
use typed_arena::Arena;

/// A city and the cities one road away.
#[derive(Debug)]
pub struct City<'a> {
    pub name: String,
    pub roads: RefCell<Vec<&'a City<'a>>>,
}

/// Builds the cities named in `roads` (each once, in order of first mention)
/// in `arena`, with a two-way road for every pair. Returns the cities.
pub fn build_map<'a>(arena: &'a Arena<City<'a>>, roads: &[(&str, &str)]) -> Vec<&'a City<'a>> {
    // TODO: one city per name, made in the arena the first time its name comes
    // up; each road is added to both of its cities. You will hand out several
    // references to each city, so keep shared ones — for as long as the arena
    // lives. No reference counting: every city lives exactly as long as the arena.
    todo!("build {} roads in an arena of {} cities", roads.len(), arena.len())
}

/// The names of every city reachable from `start` (itself included), sorted.
pub fn reachable<'a>(start: &'a City<'a>) -> Vec<&'a str> {
    // TODO: a walk with a work list and a set of visited cities. Cities are told
    // apart by ADDRESS (two may share a name). Collect the names and sort them.
    // Without the visited set, what would a cycle do to your walk?
    todo!("walk from {}", start.name)
}
