//! Exercise arena-3: a graph with cycles, in a typed arena.
//!
//! In a road map every city refers to its neighbours, and the neighbours
//! refer back: cycles everywhere. With `Box` that cannot be built; with `Rc`
//! it leaks unless you use `Weak`. With an arena it is plain references: every
//! city lives exactly as long as the arena, so `&'a City<'a>` is always valid.

use std::cell::RefCell;
use std::collections::HashSet;
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
    let mut cities: Vec<&'a City<'a>> = Vec::new();
    let mut city = |name: &str| -> &'a City<'a> {
        if let Some(found) = cities.iter().find(|c| c.name == name) {
            return found;
        }
        let created = &*arena.alloc(City { name: name.to_owned(), roads: RefCell::new(Vec::new()) });
        cities.push(created);
        created
    };
    let mut pairs = Vec::with_capacity(roads.len());
    for &(from, to) in roads {
        pairs.push((city(from), city(to)));
    }
    for (from, to) in pairs {
        from.roads.borrow_mut().push(to);
        to.roads.borrow_mut().push(from);
    }
    cities
}

/// The names of every city reachable from `start` (itself included), sorted.
pub fn reachable<'a>(start: &'a City<'a>) -> Vec<&'a str> {
    // Cities are told apart by address: two cities may share a name.
    let mut seen: HashSet<*const City<'a>> = HashSet::from([start as *const _]);
    let mut todo = vec![start];
    let mut names = Vec::new();
    while let Some(city) = todo.pop() {
        names.push(city.name.as_str());
        for &next in city.roads.borrow().iter() {
            if seen.insert(next) {
                todo.push(next);
            }
        }
    }
    names.sort_unstable();
    names
}
