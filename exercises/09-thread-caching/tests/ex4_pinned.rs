//! Tests for exercise thread-caching-4 (`src/ex4_pinned.rs`).

// The model has no `unsafe` for Miri to check, and its traces of tens of
// thousands of ops would take Miri minutes.
#![cfg(not(miri))]

use thread_caching::classes::{class_of_size, class_size};
use thread_caching::heap::blocks_per_slab;
use thread_caching_exercises::ex4_pinned::{Op, PAGE, Pinned, Point, SLAB, SlabModel, chart};

fn alloc(id: u32, size: usize) -> Op {
    Op::Alloc { id, size }
}

fn free(id: u32) -> Op {
    Op::Free { id }
}

/// 44 bytes take a 48-byte block, 1,364 to a slab.
const SIZE: usize = 44;

fn per_slab(size: usize) -> usize {
    blocks_per_slab(class_of_size(size).expect("a small size"))
}

#[test]
fn a_block_is_rounded_up_to_its_class_and_maps_a_whole_slab() {
    let points = chart(&[alloc(1, SIZE)]);
    assert_eq!(points, vec![Point { requested: 44, usable: 48, resident: SLAB }]);
}

#[test]
fn a_class_fills_its_slab_before_it_maps_another() {
    let full = per_slab(SIZE);
    let trace: Vec<Op> = (0..=full as u32).map(|id| alloc(id, SIZE)).collect();
    let points = chart(&trace);
    assert_eq!(points[full - 1].resident, SLAB, "{full} blocks of 48 bytes fit one slab");
    assert_eq!(points[full].resident, 2 * SLAB, "block {} needs a second one", full + 1);
    assert_eq!(points[full].usable, (full + 1) * 48);
}

#[test]
fn classes_do_not_share_slabs() {
    let points = chart(&[alloc(1, 8), alloc(2, 16), alloc(3, 9)]);
    let last = *points.last().unwrap();
    assert_eq!(last, Point { requested: 33, usable: 8 + 16 + 16, resident: 2 * SLAB }, "9 bytes joins 16's slab");
}

#[test]
fn big_blocks_get_pages_of_their_own() {
    let big = 8193; // one byte past the largest class
    let points = chart(&[alloc(1, 8192), alloc(2, big), alloc(3, 3 * PAGE), free(2)]);
    assert_eq!(points[0], Point { requested: 8192, usable: 8192, resident: SLAB });
    assert_eq!(points[1], Point { requested: 8192 + big, usable: 8192 + 3 * PAGE, resident: SLAB + 3 * PAGE });
    assert_eq!(points[2].resident, SLAB + 6 * PAGE);
    assert_eq!(points[3], Point { requested: 8192 + 3 * PAGE, usable: 8192 + 3 * PAGE, resident: SLAB + 3 * PAGE });
}

// ANCHOR: pinned
#[test]
fn a_few_survivors_keep_every_slab_resident() {
    // The shape of the lab's json chart: many blocks, then all but one in a
    // hundred freed. The requested line falls by 99%; the resident one
    // does not move.
    let mut trace: Vec<Op> = (0..10_000).map(|id| alloc(id, SIZE)).collect();
    trace.extend((0..10_000).filter(|id| id % 100 != 0).map(free));
    let points = chart(&trace);
    let peak = points[9_999];
    let slabs = 10_000usize.div_ceil(per_slab(SIZE));
    assert_eq!(peak, Point { requested: 440_000, usable: 480_000, resident: slabs * SLAB });
    assert_eq!(*points.last().unwrap(), Point { requested: 4_400, usable: 4_800, resident: slabs * SLAB });

    let mut model = SlabModel::new();
    for &op in &trace {
        model.apply(op);
    }
    let pinned = model.pinned();
    assert_eq!(pinned.len(), slabs, "every slab is pinned: {pinned:?}");
    assert!(pinned.iter().all(|p| p.class_size == 48 && p.capacity == per_slab(SIZE)));
    assert_eq!(pinned.iter().map(|p| p.live).sum::<usize>(), 100);
    // The slabs are listed oldest first: the last one was only partly filled.
    let last_slab = (slabs - 1) * per_slab(SIZE)..10_000;
    assert_eq!(pinned.last().map(|p| p.live), Some(last_slab.filter(|id| id % 100 == 0).count()));
}
// ANCHOR_END: pinned

#[test]
fn new_blocks_fill_the_oldest_slabs_first_and_no_new_one_is_mapped() {
    let mut model = SlabModel::new();
    let resident = (0..10_000).map(|id| model.apply(alloc(id, SIZE)).resident).last().unwrap();
    for id in (0..10_000).filter(|id| id % 100 != 0) {
        model.apply(free(id));
    }
    // 9,900 new blocks: exactly the holes. Not one more slab.
    let mut last = Point::default();
    for id in 20_000..29_900 {
        last = model.apply(alloc(id, SIZE));
    }
    assert_eq!(last.resident, resident);
    assert!(model.pinned().is_empty(), "full again: {:?}", model.pinned());
    // And one more needs a new slab only if every old one is full.
    let room = 10_000usize.div_ceil(per_slab(SIZE)) * per_slab(SIZE) - 10_000;
    for id in 0..room as u32 {
        last = model.apply(alloc(30_000 + id, SIZE));
    }
    assert_eq!(last.resident, resident, "{room} more blocks still fit the last slab");
    assert_eq!(model.apply(alloc(40_000, SIZE)).resident, resident + SLAB);
}

#[test]
fn the_oldest_slab_with_room_gets_the_block_not_the_newest() {
    let full = per_slab(SIZE) as u32;
    let mut model = SlabModel::new();
    for id in 0..3 * full {
        model.apply(alloc(id, SIZE)); // three full slabs
    }
    model.apply(free(2 * full)); // room in the third
    model.apply(free(5)); // and in the first
    model.apply(alloc(100_000, SIZE)); // goes to the first
    // Empty the third slab but for nothing: if the new block had gone there,
    // freeing the rest of it would not unmap it.
    let mut last = Point::default();
    for id in 2 * full + 1..3 * full {
        last = model.apply(free(id));
    }
    assert_eq!(last.resident, 2 * SLAB, "the third slab emptied and went back");
    assert_eq!(model.apply(free(100_000)).resident, 2 * SLAB);
}

#[test]
fn a_slab_goes_back_when_its_last_block_does() {
    let trace: Vec<Op> = [alloc(1, 100), alloc(2, 100), free(1)].into_iter().chain([free(2)]).collect();
    let points = chart(&trace);
    assert_eq!(points[2].resident, SLAB, "one block still lives in it");
    assert_eq!(points[3], Point::default(), "nothing left: nothing resident");
}

#[test]
fn contradictions_change_nothing_and_are_counted() {
    let mut model = SlabModel::new();
    let before = model.apply(alloc(1, 64));
    let ops = [free(2), alloc(1, 32), alloc(3, 0)];
    for op in ops {
        assert_eq!(model.apply(op), before, "{op:?} is a contradiction");
    }
    assert_eq!(model.apply(free(1)), Point::default());
    assert_eq!(model.apply(free(1)), Point::default(), "a double free");
    assert_eq!(model.contradictions(), 4);
    // An id is free to name a new block once its old one is freed.
    assert_eq!(model.apply(alloc(1, 24)).requested, 24);
    assert_eq!(model.contradictions(), 4);
}

#[test]
fn pinned_means_fewer_than_one_in_eight() {
    let size = 4000; // 4,096-byte blocks, 15 to a slab
    let capacity = per_slab(size);
    assert_eq!((class_size(class_of_size(size).unwrap()), capacity), (4096, 15));
    let mut model = SlabModel::new();
    for id in 0..capacity as u32 {
        model.apply(alloc(id, size));
    }
    for id in 2..capacity as u32 {
        model.apply(free(id));
    }
    // 2 of 15 is not fewer than one in eight (2 × 8 = 16 ≥ 15)...
    assert!(model.pinned().is_empty(), "{:?}", model.pinned());
    model.apply(free(1));
    // ...1 of 15 is.
    assert_eq!(model.pinned(), vec![Pinned { class_size: 4096, live: 1, capacity: 15 }]);

    // Exactly one in eight is not fewer: 7,680-byte blocks, 8 to a slab.
    assert_eq!(per_slab(7680), 8);
    let mut model = SlabModel::new();
    for id in 0..8 {
        model.apply(alloc(id, 7680));
    }
    for id in 1..8 {
        model.apply(free(id));
    }
    assert!(model.pinned().is_empty(), "1 of 8: {:?}", model.pinned());
}

#[test]
fn pinned_slabs_are_listed_by_class_size_then_age() {
    let mut model = SlabModel::new();
    let mut id = 0;
    let mut fill = |model: &mut SlabModel, size: usize, slabs: usize| {
        let first = id;
        for _ in 0..slabs * per_slab(size) {
            model.apply(alloc(id, size));
            id += 1;
        }
        first
    };
    let big = fill(&mut model, 1000, 2);
    let small = fill(&mut model, 24, 1);
    // Keep one block in each: the first of each slab, the second 1000-byte
    // slab keeping two.
    let keep = |block: u32| block == big || block == big + 64 || block == big + 65 || block == small;
    for block in 0..id {
        if !keep(block) {
            model.apply(free(block));
        }
    }
    let seen: Vec<(usize, usize)> = model.pinned().iter().map(|p| (p.class_size, p.live)).collect();
    assert_eq!(seen, vec![(24, 1), (1024, 1), (1024, 2)]);
}

#[test]
fn rounds_that_keep_one_in_eight_hold_the_resident_line_at_its_peak() {
    // The lab's json chart in small: three rounds, each making 20,000
    // blocks of five sizes and freeing seven in eight of them.
    let sizes = [24, 44, 100, 200, 1000];
    let mut trace = Vec::new();
    let size = |id: u32| sizes[id as usize % sizes.len()];
    let (mut peaks, mut troughs, mut freed) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..3u32 {
        let ids: Vec<u32> = (0..20_000).map(|n| round * 20_000 + n).collect();
        trace.extend(ids.iter().map(|&id| alloc(id, size(id))));
        peaks.push(trace.len() - 1);
        let dropped: Vec<u32> = ids.into_iter().filter(|id| id % 8 != 0).collect();
        freed.push(dropped.iter().map(|&id| size(id)).sum::<usize>());
        trace.extend(dropped.into_iter().map(free));
        troughs.push(trace.len() - 1);
    }
    let points = chart(&trace);
    for round in 0..3 {
        let (peak, trough) = (points[peaks[round]], points[troughs[round]]);
        // The program swings, by what it freed...
        assert_eq!(peak.requested - trough.requested, freed[round], "round {round}");
        // ...the resident line does not: the survivors are in every slab.
        assert!(trough.resident * 10 >= peak.resident * 9, "round {round}: {peak:?} → {trough:?}");
        if round > 0 {
            let before = points[peaks[round - 1]];
            // Each round first fills the holes the last one left: a step up
            // (for the slabs its survivors fill), not a second heap.
            assert!(peak.resident >= before.resident, "round {round}");
            assert!(peak.resident < before.resident * 13 / 10, "round {round}: {before:?} → {peak:?}");
        }
    }
}
