//! The fragmentation lab: recording, the trace format, the replay's
//! bookkeeping, and the saved results against what the code draws from them.

use core::alloc::{GlobalAlloc, Layout};
use real_world::fragmentation::{FragmentationResults, Probe, Replayed, Run, Sample, Target, TraceInfo, replay};
use real_world::machine::Machine;
use real_world::trace::{Event, EventKind, Op, Recorder, Trace};
use std::alloc::System;
use std::cell::Cell;

fn event(kind: EventKind, addr: usize, new_addr: usize, size: usize) -> Event {
    Event { kind, addr, new_addr, size, align: 8 }
}

#[test]
fn the_recorder_writes_down_each_call_and_allocates_through_system() {
    let recorder = Recorder::new();
    let layout = Layout::from_size_align(24, 8).unwrap();
    recorder.start();
    // SAFETY: a non-zero layout; each block is freed once, with its layout.
    let (first, moved) = unsafe {
        let first = recorder.alloc(layout);
        let moved = recorder.realloc(first, layout, 100);
        recorder.dealloc(moved, Layout::from_size_align(100, 8).unwrap());
        (first as usize, moved as usize)
    };
    // SAFETY: this test's calls are over; no other thread uses `recorder`.
    let (events, dropped) = unsafe { recorder.stop() };
    assert_eq!(dropped, 0);
    assert_eq!(
        events,
        [
            Event { kind: EventKind::Alloc, addr: first, new_addr: 0, size: 24, align: 8 },
            Event { kind: EventKind::Realloc, addr: first, new_addr: moved, size: 100, align: 8 },
            Event { kind: EventKind::Free, addr: moved, new_addr: 0, size: 100, align: 8 },
        ]
    );
    // Stopped: calls go on, unrecorded; the log still holds the three.
    // SAFETY: as above.
    unsafe { recorder.dealloc(recorder.alloc(layout), layout) };
    // SAFETY: as above.
    assert_eq!(unsafe { recorder.stop() }.0.len(), 3);
}

#[test]
fn blocks_are_numbered_and_keep_their_number_when_they_move() {
    let events = [
        event(EventKind::Free, 0x9000, 0, 8), // made before the recording: skipped
        event(EventKind::Alloc, 0x1000, 0, 16),
        event(EventKind::Alloc, 0x2000, 0, 32),
        event(EventKind::Realloc, 0x1000, 0x3000, 64),
        event(EventKind::Free, 0x2000, 0, 32),
        event(EventKind::Alloc, 0x2000, 0, 8), // the same address, a new block
        event(EventKind::Free, 0x3000, 0, 64),
        event(EventKind::Realloc, 0x8000, 0x4000, 40), // an older block: new here
    ];
    let trace = Trace::from_events(&events);
    assert_eq!(
        trace.ops,
        [
            Op::Alloc { id: 0, size: 16, align: 8 },
            Op::Alloc { id: 1, size: 32, align: 8 },
            Op::Realloc { id: 0, size: 64 },
            Op::Free { id: 1 },
            Op::Alloc { id: 2, size: 8, align: 8 },
            Op::Free { id: 0 },
            Op::Alloc { id: 3, size: 40, align: 8 },
        ]
    );
    assert_eq!((trace.foreign, trace.inconsistent, trace.blocks()), (2, 0, 4));
    assert_eq!(trace.requested(), [16, 48, 96, 64, 72, 8, 48]);
}

#[test]
fn an_address_allocated_twice_is_counted_as_inconsistent() {
    let events = [event(EventKind::Alloc, 0x1000, 0, 16), event(EventKind::Alloc, 0x1000, 0, 16)];
    assert_eq!(Trace::from_events(&events).inconsistent, 1);
}

#[test]
fn a_trace_file_reads_back_and_a_broken_one_is_refused() {
    let trace = Trace {
        ops: vec![
            Op::Alloc { id: 0, size: 5_000_000_000, align: 4096 },
            Op::Realloc { id: 0, size: 7 },
            Op::Free { id: 0 },
        ],
        foreign: 0,
        inconsistent: 0,
    };
    let bytes = trace.to_bytes();
    assert_eq!(bytes.len(), 8 + 3 * 16);
    assert_eq!(Trace::from_bytes(&bytes), Ok(trace));
    assert!(Trace::from_bytes(b"not a trace").unwrap_err().contains("not a trace file"));
    assert!(Trace::from_bytes(&bytes[..bytes.len() - 1]).unwrap_err().contains("middle of an op"));
    let mut unknown = bytes.clone();
    unknown[8] = 7;
    assert!(Trace::from_bytes(&unknown).unwrap_err().contains("unknown kind 7"));
}

/// `System`, with every block rounded up to 16 bytes as far as `usable`
/// says.
struct Rounding;

impl Target for Rounding {
    fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: `replay` never asks for zero bytes.
        unsafe { System.alloc(layout) }
    }
    unsafe fn free(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's block of `System`.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's block of `System`, and a non-zero size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn usable(&self, _: *mut u8, layout: Layout) -> usize {
        layout.size().next_multiple_of(16)
    }
}

/// A probe whose memory goes up by 1000 bytes each time it is read.
struct Ticking(Cell<u64>, bool);

impl Probe for Ticking {
    fn resident(&mut self) -> u64 {
        self.0.set(self.0.get() + 1000);
        self.0.get()
    }
    fn reset_peak(&mut self) {
        self.1 = true;
    }
    fn peak(&mut self) -> u64 {
        assert!(self.1, "the peak is read after it was reset");
        self.0.get() + 500
    }
}

#[test]
fn a_replay_sums_what_was_asked_for_and_what_was_set_aside() {
    let mut ops = Vec::new();
    for id in 0..10 {
        ops.push(Op::Alloc { id, size: 10, align: 8 });
    }
    ops.push(Op::Realloc { id: 3, size: 40 });
    for id in 0..10 {
        ops.push(Op::Free { id });
    }
    let trace = Trace { ops, foreign: 0, inconsistent: 0 };
    let mut probe = Ticking(Cell::new(0), false);
    let replayed = replay(&trace, &Rounding, 5, &mut probe).unwrap();
    let samples = replayed.samples;
    // One sample every 21 / 5 = 4 ops, the peak (op 11) and the last.
    let ops: Vec<u64> = samples.iter().map(|s| s.op).collect();
    assert_eq!(ops, [1, 5, 9, 11, 13, 17, 21]);
    let at_peak = samples[3];
    assert_eq!((at_peak.requested, at_peak.usable), (9 * 10 + 40, 9 * 16 + 48));
    assert_eq!((samples[6].requested, samples[6].usable), (0, 0));
    // Resident is relative to the first reading (1000): 1000 more per sample.
    let resident: Vec<u64> = samples.iter().map(|s| s.resident).collect();
    assert_eq!(resident, [1000, 2000, 3000, 4000, 5000, 6000, 7000]);
    assert_eq!(replayed.peak_resident, 7000 + 500);
    assert_eq!(replayed.trimmed, None, "`Rounding` cannot be trimmed");
}

fn fixture() -> FragmentationResults {
    let machine =
        Machine { cpu: "Test CPU".into(), cores: 2, os: "linux x86_64".into(), rustc: "rustc 1.0.0".into(), zig: None };
    let sample = |op, requested, usable, resident| Sample { op, requested, usable, resident };
    let mib: u64 = 1 << 20;
    let run = |allocator: &str, usable: u64, resident: [u64; 3], trimmed: Option<u64>| Run {
        trace: "toy".into(),
        allocator: allocator.into(),
        replayed: Replayed {
            samples: vec![
                sample(1000, 4 * mib, 4 * mib + usable / 2, resident[0]),
                sample(2000, 8 * mib, 8 * mib + usable, resident[1]),
                sample(3000, 0, 0, resident[2]),
            ],
            peak_resident: resident[1] + mib,
            trimmed,
        },
        seconds: 0.25,
    };
    FragmentationResults {
        machine,
        command: "cargo xtask fragmentation".into(),
        traces: vec![TraceInfo {
            name: "toy".into(),
            about: "a toy.".into(),
            ops: 3000,
            blocks: 1500,
            peak_requested: 8 * mib,
        }],
        runs: vec![
            run("tight", mib, [5 * mib, 10 * mib, 2 * mib], Some(mib / 2)),
            run("reuses_old_memory", 0, [3 * mib, 6 * mib, 0], None),
        ],
    }
}

#[test]
fn fragmentation_is_read_where_the_program_asked_for_the_most() {
    let results = fixture();
    let summary = results.runs[0].summary();
    let mib: u64 = 1 << 20;
    assert_eq!((summary.requested, summary.internal, summary.external), (8 * mib, mib, mib as i64));
    assert_eq!((summary.peak_resident, summary.end_resident, summary.end_requested), (11 * mib, 2 * mib, 0));
    assert_eq!(summary.trimmed, Some(mib / 2));
    // Resident below usable: the allocator reused memory it had before.
    assert_eq!(results.runs[1].summary().external, -2 * mib as i64);
    insta::assert_snapshot!(results.to_markdown());
}

#[test]
fn the_chart_has_a_line_per_allocator_and_the_requested_line() {
    let svg = fixture().chart_svg("toy").unwrap();
    // Each line, and its sample in the legend: the first two colours of the
    // palette, then the requested bytes in a thicker black.
    for stroke in [
        r##"stroke="#D62728" stroke-width="2""##,
        r##"stroke="#2CA02C" stroke-width="2""##,
        r##"stroke="#000000" stroke-width="3""##,
    ] {
        assert_eq!(svg.matches(stroke).count(), 2, "{stroke}:\n{svg}");
    }
    for label in ["tight (resident)", "reuses_old_memory (resident)", "requested by the program"] {
        assert!(svg.contains(label), "no legend `{label}`");
    }
    assert!(fixture().chart_svg("other").unwrap_err().contains("no trace"));
}

#[test]
fn a_line_far_above_all_others_is_named_not_drawn() {
    use real_world::fragmentation::off_chart;
    assert_eq!(off_chart(&[10, 20, 161]), Some(2), "more than 8 × the next");
    assert_eq!(off_chart(&[10, 20, 160]), None, "8 × is still drawn");
    assert_eq!(off_chart(&[200, 190, 1]), None, "two high lines: nothing flattens the chart");
    assert_eq!(off_chart(&[0, 9]), Some(1));
    assert_eq!((off_chart(&[5]), off_chart(&[])), (None, None));

    let mut results = fixture();
    let mut huge = results.runs[0].clone();
    huge.allocator = "hoarder".to_string();
    for sample in &mut huge.replayed.samples {
        sample.resident *= 1000;
    }
    results.runs.push(huge);
    let svg = results.chart_svg("toy").unwrap();
    assert!(svg.contains("hoarder (resident): up to "), "named in the legend with its peak:\n{svg}");
    // Every text of the chart — the axes' numbers included — is what it was
    // without the hoarder, but for its legend entry: the others keep their
    // scale.
    let texts = |svg: &str| -> Vec<String> {
        svg.split("</text>").filter_map(|part| Some(part.rsplit_once('>')?.1.trim().to_string())).collect()
    };
    let mut with = texts(&svg);
    with.retain(|text| !text.starts_with("hoarder"));
    assert_eq!(with, texts(&fixture().chart_svg("toy").unwrap()));
}

#[test]
fn the_saved_results_are_what_the_code_draws_from_them() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/results/");
    let read = |name: &str| std::fs::read_to_string(format!("{dir}{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
    let results: FragmentationResults = serde_json::from_str(&read("fragmentation.json")).unwrap();
    assert_eq!(
        read("fragmentation.md"),
        results.to_markdown(),
        "run `cargo run -p chapter-08-real-world --bin measure -- render`"
    );
    for trace in &results.traces {
        let name = format!("fragmentation-{}.svg", trace.name);
        assert_eq!(read(&name), results.chart_svg(&trace.name).unwrap(), "{name} is not what the code draws");
    }
    let names: Vec<&str> = results.traces.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["json", "index", "render", "server"]);
    for trace in &results.traces {
        let allocators: Vec<&str> = results.runs_of(&trace.name).map(|r| r.allocator.as_str()).collect();
        assert_eq!(allocators, ["system", "mimalloc", "thread_caching", "debug_allocator", "arena"]);
    }
}

/// What the book's lab page says in words, checked against the saved run:
/// after `cargo xtask fragmentation`, a number that moved fails here until
/// the sentence that quotes it is updated.
#[test]
fn the_lab_page_quotes_the_saved_run() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let read = |path: String| std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let results: FragmentationResults =
        serde_json::from_str(&read(format!("{dir}/results/fragmentation.json"))).unwrap();
    let page = read(format!("{dir}/../../book/src/09-thread-caching/fragmentation.md"));
    let page = page.split_whitespace().collect::<Vec<_>>().join(" ");
    let run = |trace: &'static str, allocator: &'static str| {
        results
            .runs_of(trace)
            .find(|run| run.allocator == allocator)
            .unwrap_or_else(|| panic!("no {trace} × {allocator} run"))
    };
    let summary = |trace: &'static str, allocator: &'static str| run(trace, allocator).summary();
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    let percent = |part: u64, whole: u64| (100.0 * part as f64 / whole as f64).round();

    let json = summary("json", "system");
    let trimmed = |trace: &'static str, allocator: &'static str| summary(trace, allocator).trimmed.expect("trims");
    let quotes = [
        format!("never has more than {:.1} MiB of blocks alive at once", mib(json.requested)),
        format!("made glibc's `malloc` hold {:.0} MiB", mib(json.peak_resident)),
        format!("mimalloc {:.0} MiB", mib(summary("json", "mimalloc").peak_resident)),
        format!("debug allocator {:.0} MiB", mib(summary("json", "debug_allocator").peak_resident)),
        format!("swings up to {:.1} MiB", mib(json.requested)),
        format!(
            "{:.0}% internal waste here, against {:.0}%",
            percent(json.internal, json.requested),
            percent(summary("json", "thread_caching").internal, json.requested)
        ),
        format!("gives back all but {:.1} MiB of it", mib(trimmed("json", "mimalloc"))),
        format!("never holds more than {:.1} MiB (`render`)", mib(summary("render", "system").requested)),
        // Whole MiB where a tenth moves from run to run.
        format!(
            "mimalloc's resident memory is about {:.0} MiB ({:.0} after `mi_collect`)",
            mib(summary("render", "mimalloc").peak_resident),
            mib(trimmed("render", "mimalloc"))
        ),
        format!("Ours is {:.1} MiB", mib(summary("render", "thread_caching").peak_resident)),
        format!("keeps about {:.0} MiB for `json`", mib(trimmed("json", "thread_caching"))),
        format!(
            "held {:.0} MiB for a program that never had more than {:.1} MiB alive",
            mib(summary("server", "arena").peak_resident),
            mib(summary("server", "system").requested)
        ),
        format!("mimalloc holds about {:.0} MiB from early on", mib(summary("server", "mimalloc").peak_resident)),
    ];
    let missing: Vec<&String> = quotes.iter().filter(|quote| !page.contains(quote.as_str())).collect();
    assert!(
        missing.is_empty(),
        "book/src/09-thread-caching/fragmentation.md should say, from the saved run: {missing:#?}"
    );
    // The server: `system` and this lesson's heap "within a few hundred KiB"
    // of the program.
    for allocator in ["system", "thread_caching"] {
        let server = summary("server", allocator);
        assert!(page.contains("follow it within a few hundred KiB"));
        assert!(server.peak_resident - server.requested < 1 << 20, "{allocator}: {server:?}");
    }
    // "Several hundred" first pages after a trim (4 KiB each).
    let pages = trimmed("json", "thread_caching") / 4096;
    assert!(page.contains("several hundred of them") && (200..1000).contains(&pages), "{pages} pages");
    // "Less than a second" for the replays the page times in words.
    for allocator in ["thread_caching", "mimalloc"] {
        assert!(page.contains("less than a second") && run("json", allocator).seconds < 1.0);
    }
}
