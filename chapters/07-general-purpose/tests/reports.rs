//! What the debug allocator catches, and what it says: each misuse from the
//! lesson, committed on purpose against a real `DebugAllocator`, with its
//! report snapshot-tested (block numbers and source locations, no addresses).

use allocator_interface::{Allocator, OutOfMemory, SystemAllocator};
use core::alloc::Layout;
use core::ptr::NonNull;
use general_purpose::{Config, DebugAllocator, POISON, Problem};

/// Small buckets keep the pictures short; problems are kept, not printed.
const CONFIG: Config = Config { bucket_size: 256, log_problems: false, ..Config::DEFAULT };

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

fn debug_allocator(config: Config) -> DebugAllocator<SystemAllocator> {
    DebugAllocator::with_config(SystemAllocator, config)
}

/// Compares a report with its snapshot. Under Miri, which cannot read the
/// snapshot files, the misuse still runs (and is checked for undefined
/// behaviour); only the comparison is skipped.
macro_rules! assert_report {
    ($name:literal, $report:expr) => {{
        let report: String = $report;
        assert!(!report.is_empty(), "a report was expected");
        #[cfg(not(miri))]
        insta::assert_snapshot!($name, report);
    }};
}

fn render(problems: &[Problem]) -> String {
    problems.iter().map(|problem| format!("{problem}\n")).collect()
}

// ANCHOR: leaks
#[test]
fn leak_report_names_each_block_and_where_it_came_from() {
    let gpa = debug_allocator(CONFIG);
    let name = gpa.alloc(layout(24, 8)).unwrap();
    let scratch = gpa.alloc(layout(100, 4)).unwrap();
    let table = gpa.alloc(layout(4096, 64)).unwrap(); // large: straight from the child
    // SAFETY: allocated just above with this layout.
    unsafe { gpa.free(scratch, layout(100, 4)) };
    let _ = (name, table); // ... and never freed.

    let report = gpa.finish().expect_err("two blocks leaked");
    assert_report!("leak_report_names_each_block_and_where_it_came_from", report.to_string());
}
// ANCHOR_END: leaks

// ANCHOR: double_free
#[test]
fn double_free_reports_all_three_sites() {
    let gpa = debug_allocator(CONFIG);
    let block = gpa.alloc(layout(16, 8)).unwrap();
    // SAFETY: a live block with its layout.
    unsafe { gpa.free(block, layout(16, 8)) };
    // SAFETY: none — this is the bug. The debug allocator finds the block's
    // card marked "freed" and reports instead of corrupting its state.
    unsafe { gpa.free(block, layout(16, 8)) };

    assert_report!("double_free_reports_all_three_sites", render(&gpa.take_problems()));
    assert_eq!(gpa.requested_bytes(), 0, "the second free changed nothing");
}
// ANCHOR_END: double_free

#[test]
fn bad_frees_are_reported_and_refused() {
    let gpa = debug_allocator(CONFIG);
    let block = gpa.alloc(layout(40, 8)).unwrap();
    let mut not_ours = [0u64; 4];
    let foreign = NonNull::from(&mut not_ours).cast::<u8>();
    // SAFETY: none of these calls is valid; each must be caught before any
    // memory is touched.
    unsafe {
        gpa.free(foreign, layout(32, 8));
        gpa.free(block.add(8), layout(32, 8));
        assert!(!gpa.resize(block, layout(40, 16), 48));
        gpa.free(block, layout(48, 8));
    }
    assert_report!("bad_frees_are_reported_and_refused", render(&gpa.take_problems()));
    assert_eq!(not_ours, [0; 4], "foreign memory untouched");
    assert_eq!(gpa.requested_bytes(), 0, "the wrong-size free still freed the block, with its real size");
    gpa.finish().expect("nothing live, nothing left to report");
}

// ANCHOR: use_after_free
#[test]
fn writes_after_free_are_found_by_check() {
    let gpa = debug_allocator(CONFIG);
    let block = gpa.alloc(layout(32, 8)).unwrap();
    let other = gpa.alloc(layout(32, 8)).unwrap();
    // SAFETY: a live block with its layout.
    unsafe { gpa.free(block, layout(32, 8)) };
    // The bug: a write through a dangling pointer. The slot is quarantined
    // (poisoned, never handed out again), so the write lands in memory that
    // belongs to nobody and the next check sees it.
    // SAFETY: not for the program — but the memory is still the allocator's,
    // so the write is defined and the lesson can observe it.
    unsafe { block.add(4).write(42) };
    assert_eq!(gpa.check(), 1);
    assert_eq!(gpa.check(), 0, "each write is reported once");
    assert_report!("writes_after_free_are_found_by_check", render(&gpa.take_problems()));
    // SAFETY: a live block with its layout.
    unsafe { gpa.free(other, layout(32, 8)) };
}
// ANCHOR_END: use_after_free

#[test]
fn freed_memory_is_poisoned() {
    let gpa = debug_allocator(CONFIG);
    let block = gpa.alloc(layout(8, 8)).unwrap();
    let keep_bucket_alive = gpa.alloc(layout(8, 8)).unwrap();
    // SAFETY: a live 8-byte block.
    unsafe { block.cast::<u64>().write(0x1234) };
    // SAFETY: a live block with its layout.
    unsafe { gpa.free(block, layout(8, 8)) };
    // SAFETY: reading a quarantined slot: the allocator's memory, for the demo.
    let after = unsafe { block.cast::<[u8; 8]>().read() };
    assert_eq!(after, [POISON; 8]);
    // SAFETY: a live block with its layout.
    unsafe { gpa.free(keep_bucket_alive, layout(8, 8)) };
}

#[test]
fn overflow_into_the_slot_tail_is_reported_at_free() {
    let gpa = debug_allocator(CONFIG);
    let line = line!() + 1;
    let block = gpa.alloc(layout(20, 4)).unwrap(); // a 32-byte slot: 12 bytes of tail
    // SAFETY: writes 21 bytes into a 20-byte block: the bug under test. The
    // 21st byte is still inside the allocator's slot, so it is observable.
    unsafe { block.write_bytes(b'x', 21) };
    // SAFETY: a live block with its layout.
    unsafe { gpa.free(block, layout(20, 4)) };
    let expected = format!(
        "buffer overflow: block #1 (20 bytes, align 4) was written past its end: byte 20 set to 0x78\n    \
         allocated at tests/reports.rs:{line}:21\n"
    );
    assert_eq!(render(&gpa.take_problems()), expected);
}

#[test]
fn addresses_are_not_reused_while_quarantined() {
    let gpa = debug_allocator(CONFIG);
    let mut seen = Vec::new();
    for _ in 0..(256 / 16) {
        let block = gpa.alloc(layout(16, 8)).unwrap();
        assert!(!seen.contains(&block), "a freed slot was handed out again");
        seen.push(block);
        // SAFETY: a live block with its layout.
        unsafe { gpa.free(block, layout(16, 8)) };
    }
    assert!(gpa.take_problems().is_empty());
}

// ANCHOR: memory_limit
#[test]
fn memory_limit_counts_requested_bytes() -> Result<(), OutOfMemory> {
    let gpa = debug_allocator(Config { memory_limit: Some(100), ..CONFIG });
    let a = gpa.alloc(layout(60, 1))?;
    assert_eq!(gpa.alloc(layout(41, 1)), Err(OutOfMemory));
    let b = gpa.alloc(layout(40, 1))?;
    // SAFETY: live blocks with their layouts.
    unsafe {
        assert!(!gpa.resize(b, layout(40, 1), 50), "would exceed the limit");
        assert!(gpa.resize(a, layout(60, 1), 33), "shrinking stays in its 64-byte class");
        assert!(gpa.resize(b, layout(40, 1), 64));
        assert_eq!(gpa.requested_bytes(), 97);
        gpa.free(a, layout(33, 1));
        gpa.free(b, layout(64, 1));
    }
    assert_eq!(gpa.requested_bytes(), 0);
    let all = gpa.alloc(layout(100, 1))?;
    // SAFETY: a live block with its layout.
    unsafe { gpa.free(all, layout(100, 1)) };
    gpa.finish().expect("nothing leaked");
    Ok(())
}
// ANCHOR_END: memory_limit

#[test]
fn retained_metadata_names_a_late_double_free() {
    // 128-byte buckets: four 32-byte slots (small blocks; large ones are
    // remembered for a while either way, see tests/hostile.rs).
    for (retain_metadata, expected) in [(true, "double free"), (false, "never handed out")] {
        let gpa = debug_allocator(Config { retain_metadata, bucket_size: 128, ..CONFIG });
        let blocks: Vec<_> = (0..4).map(|_| gpa.alloc(layout(32, 8)).unwrap()).collect();
        for &block in &blocks {
            // SAFETY: live blocks with their layouts; once all four are
            // freed, the bucket's memory goes back to the child.
            unsafe { gpa.free(block, layout(32, 8)) };
        }
        // SAFETY: none: a double free after the bucket was released.
        unsafe { gpa.free(blocks[0], layout(32, 8)) };
        let problems = render(&gpa.take_problems());
        assert!(problems.contains(expected), "retain_metadata = {retain_metadata}: {problems}");
    }
}

// ANCHOR: shelves
#[test]
fn shelves_picture() {
    let gpa = debug_allocator(CONFIG);
    let small: Vec<_> = (0..6).map(|_| gpa.alloc(layout(16, 8)).unwrap()).collect();
    let medium: Vec<_> = (0..3).map(|_| gpa.alloc(layout(50, 8)).unwrap()).collect();
    let large = gpa.alloc(layout(1000, 8)).unwrap();
    // SAFETY: live blocks with their layouts.
    unsafe {
        gpa.free(small[1], layout(16, 8));
        gpa.free(small[4], layout(16, 8));
        gpa.free(medium[0], layout(50, 8));
    }
    assert_report!("shelves_picture", gpa.shelves());
    // SAFETY: live blocks with their layouts.
    unsafe {
        for &ptr in [0, 2, 3, 5].map(|i| &small[i]) {
            gpa.free(ptr, layout(16, 8));
        }
        for &ptr in &medium[1..] {
            gpa.free(ptr, layout(50, 8));
        }
        gpa.free(large, layout(1000, 8));
    }
    gpa.finish().expect("all freed");
}
// ANCHOR_END: shelves

#[test]
fn threads_share_one_allocator() {
    let gpa = debug_allocator(Config { bucket_size: 4096, ..CONFIG });
    let rounds = if cfg!(miri) { 20 } else { 2_000 };
    std::thread::scope(|scope| {
        for thread in 0..4u8 {
            let gpa = &gpa;
            scope.spawn(move || {
                for round in 0..rounds {
                    let size = 1 + (round * 7 + usize::from(thread)) % 300;
                    let block = gpa.alloc(layout(size, 8)).unwrap();
                    // SAFETY: a live block of `size` bytes, then freed with its layout.
                    unsafe {
                        block.write_bytes(thread, size);
                        gpa.free(block, layout(size, 8));
                    }
                }
            });
        }
    });
    gpa.finish().expect("no problems, no leaks");
}

#[test]
#[cfg_attr(miri, ignore = "walks the native stack and reads debug information")]
fn stack_traces_name_the_calling_function() {
    let gpa = debug_allocator(Config { stack_frames: 8, ..CONFIG });
    let leaked = gpa.alloc(layout(8, 8)).unwrap();
    let report = gpa.leaks().expect("one leak");
    let traced = format!("{report:#}");
    assert!(traced.contains("stack_traces_name_the_calling_function"), "{traced}");
    // SAFETY: a live block with its layout.
    unsafe { gpa.free(leaked, layout(8, 8)) };
}

/// A card shares its block number and allocation line with the run of
/// slots allocated in a row from one line, and numbers the line that freed
/// it: runs must end where another line or another size class took a
/// number in between, and each free must keep its own line.
#[test]
fn each_block_keeps_its_own_number_and_lines() {
    let gpa = debug_allocator(Config { bucket_size: 4096, ..CONFIG });
    let mut blocks = Vec::new(); // (block, layout, line allocated)
    for round in 0..6 {
        blocks.push((gpa.alloc(layout(16, 8)).unwrap(), layout(16, 8), line!()));
        if round % 2 == 0 {
            blocks.push((gpa.alloc(layout(16, 8)).unwrap(), layout(16, 8), line!())); // same class, another line
        }
        if round % 3 == 0 {
            blocks.push((gpa.alloc(layout(64, 8)).unwrap(), layout(64, 8), line!())); // another class
        }
    }
    let leaks = gpa.leaks().expect("every block is live");
    let numbered = |block: &general_purpose::Block| (block.id, block.allocated_at.location().unwrap().line());
    let got: Vec<(u64, u32)> = leaks.blocks.iter().map(numbered).collect();
    let want: Vec<(u64, u32)> = (1..).zip(blocks.iter().map(|&(_, _, line)| line)).collect();
    assert_eq!(got, want);

    // Freed from two lines in turn, then each freed again: every report
    // names the line that freed that block.
    let mut freed_on = Vec::new();
    for (index, &(block, layout, _)) in blocks.iter().enumerate() {
        if index % 2 == 0 {
            // SAFETY: each block is live, freed once here with its layout.
            unsafe { gpa.free(block, layout) };
            freed_on.push(line!() - 1);
        } else {
            // SAFETY: as above.
            unsafe { gpa.free(block, layout) };
            freed_on.push(line!() - 1);
        }
    }
    gpa.take_problems();
    let lines: Vec<u32> = blocks
        .iter()
        .map(|&(block, layout, _)| {
            // SAFETY: none — a double free on purpose; the allocator reports it.
            unsafe { gpa.free(block, layout) };
            match gpa.take_problems().as_slice() {
                [Problem::DoubleFree { block, .. }] => block.freed_at.as_ref().unwrap().location().unwrap().line(),
                other => panic!("expected one double free, got {other:?}"),
            }
        })
        .collect();
    assert_eq!(lines, freed_on);
}

// ANCHOR: records
#[test]
fn records_picture() {
    let gpa = debug_allocator(CONFIG); // 256-byte buckets: 16 slots of 16 bytes
    let mut nodes = Vec::new();
    for _ in 0..4 {
        nodes.push(gpa.alloc(layout(16, 8)).unwrap()); // four in a row: one run
    }
    let header = gpa.alloc(layout(40, 8)).unwrap(); // another class takes block 5
    for _ in 0..2 {
        nodes.push(gpa.alloc(layout(12, 4)).unwrap()); // back in class 4: a new run
    }
    for &node in &nodes[..2] {
        // SAFETY: live blocks of 16 bytes, freed once.
        unsafe { gpa.free(node, layout(16, 8)) };
    }
    // SAFETY: live, with its layout.
    unsafe { gpa.free(header, layout(40, 8)) };

    assert_report!("records_picture", gpa.records());
}
// ANCHOR_END: records

#[test]
fn shelves_svg_draws_what_the_text_says() {
    let gpa = debug_allocator(CONFIG);
    let small: Vec<_> = (0..6).map(|_| gpa.alloc(layout(16, 8)).unwrap()).collect();
    let large = gpa.alloc(layout(1000, 8)).unwrap();
    // SAFETY: live blocks with their layouts.
    unsafe {
        gpa.free(small[1], layout(16, 8));
        gpa.free(small[4], layout(16, 8));
    }
    let (text, svg) = (gpa.shelves(), gpa.shelves_svg());
    let glyphs = |c: char| text.lines().next().unwrap().chars().filter(|&g| g == c).count();
    let cells = |fill: &str| svg.matches(&format!(r#"fill="{fill}""#)).count();
    assert_eq!((glyphs('#'), glyphs('x'), glyphs('.')), (4, 2, 10), "{text}");
    assert_eq!(cells("#8ecae6"), glyphs('#'), "one blue cell per live slot");
    assert_eq!(cells("url(#quarantined)"), glyphs('x'), "one hatched cell per freed slot");
    assert_eq!(cells("#ffffff"), glyphs('.'), "one white cell per slot not handed out yet");
    assert!(svg.contains("large block #7 (1000 bytes, align 8): live"), "{svg}");
    assert!(!svg.contains("0x"), "sizes and block numbers, never addresses");
    // SAFETY: live blocks with their layouts.
    unsafe {
        for &ptr in [0, 2, 3, 5].map(|i| &small[i]) {
            gpa.free(ptr, layout(16, 8));
        }
        gpa.free(large, layout(1000, 8));
    }
    gpa.finish().expect("all freed");
}
