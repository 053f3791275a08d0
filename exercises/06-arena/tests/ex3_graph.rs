//! Tests for exercise arena-3 (`src/ex3_graph.rs`).

use arena_exercises::ex3_graph::{build_map, reachable};

#[test]
fn roads_go_both_ways() {
    let arena = typed_arena::Arena::new();
    let cities = build_map(&arena, &[("Oslo", "Bergen"), ("Bergen", "Stavanger")]);
    let names: Vec<&str> = cities.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Oslo", "Bergen", "Stavanger"], "each city once, in order of first mention");
    let bergen = cities[1];
    let neighbours: Vec<&str> = bergen.roads.borrow().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(neighbours, ["Oslo", "Stavanger"]);
}

#[test]
fn cycles_are_fine() {
    let arena = typed_arena::Arena::new();
    let cities = build_map(&arena, &[("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")]);
    assert_eq!(reachable(cities[0]), ["a", "b", "c"], "the ring, each city once");
    assert_eq!(reachable(cities[3]), ["x", "y"]);
}

#[test]
fn a_long_road_network() {
    // Under Miri, which interprets every step, a shorter ring walks the same paths.
    let n = if cfg!(miri) { 40 } else { 500 };
    let arena = typed_arena::Arena::new();
    let names: Vec<String> = (0..n).map(|i| format!("c{i:03}")).collect();
    let mut roads: Vec<(&str, &str)> = names.windows(2).map(|w| (w[0].as_str(), w[1].as_str())).collect();
    roads.push((names[n - 1].as_str(), names[0].as_str()));
    let cities = build_map(&arena, &roads);
    assert_eq!(cities.len(), n);
    assert_eq!(reachable(cities[n / 2]).len(), n);
}

#[test]
fn cities_with_the_same_name_are_still_different_cities() {
    let arena = typed_arena::Arena::new();
    let cities = build_map(&arena, &[("Springfield", "Shelbyville")]);
    let other = arena
        .alloc(arena_exercises::ex3_graph::City { name: "Springfield".into(), roads: std::cell::RefCell::new(vec![]) });
    other.roads.borrow_mut().push(cities[0]);
    assert_eq!(reachable(other), ["Shelbyville", "Springfield", "Springfield"]);
}
