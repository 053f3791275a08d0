//! What a growing `Vec` costs, counted by `CountingAllocator`.

use allocator_api2::vec::Vec;
use allocator_interface::{CountingAllocator, SystemAllocator};
use std::fmt::Write;

// ANCHOR: growth
/// Pushes 100 numbers and writes one row each time the vector's capacity
/// changes: Vec doubles its buffer, so 100 pushes cost only a few requests.
fn growth_table() -> String {
    let counting = CountingAllocator::new(SystemAllocator);
    let mut numbers: Vec<u64, _> = Vec::new_in(&counting);
    let mut table = String::from("len  capacity  allocs  remaps  live bytes  peak bytes\n");
    let mut capacity = numbers.capacity();
    for n in 0..100 {
        numbers.push(n);
        if numbers.capacity() != capacity {
            capacity = numbers.capacity();
            let s = counting.stats();
            writeln!(
                table,
                "{:>3}  {:>8}  {:>6}  {:>6}  {:>10}  {:>10}",
                numbers.len(),
                capacity,
                s.allocs,
                s.remaps,
                s.live_bytes,
                s.peak_bytes
            )
            .unwrap();
        }
    }
    drop(numbers);
    let s = counting.stats();
    writeln!(table, "dropped: {} allocs, {} frees, {} live bytes", s.allocs, s.frees, s.live_bytes).unwrap();
    table
}
// ANCHOR_END: growth

#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn vec_growth_costs_a_few_requests() {
    insta::assert_snapshot!(growth_table());
}

#[test]
fn growth_frees_everything() {
    assert!(growth_table().ends_with("0 live bytes\n"));
}
