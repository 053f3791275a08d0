//! The fragmentation lab: a recorded [`Trace`] replayed against an
//! allocator, with the memory it holds sampled as it goes; the results as
//! JSON, a markdown table and one SVG chart per trace.
//!
//! Three numbers per moment, each a sum over the live blocks or a reading
//! of the process:
//! - *requested*: the bytes the program asked for;
//! - *usable*: the bytes the allocator set aside for those blocks (a size
//!   class rounds 44 bytes up to 48: the 4 are **internal** fragmentation);
//! - *resident*: the process's resident memory, less what it was before the
//!   replay. What is resident but in no block — free blocks, half-empty
//!   slabs, pages not yet given back — is **external** fragmentation.

use crate::machine::Machine;
use crate::trace::{Op, Trace};
use core::alloc::Layout;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

// ANCHOR: target
/// An allocator the lab can replay a trace against.
pub trait Target {
    /// A block for `layout`, or null.
    fn alloc(&self, layout: Layout) -> *mut u8;
    /// # Safety
    /// `ptr` is a live block of this target with `layout`.
    unsafe fn free(&self, ptr: *mut u8, layout: Layout);
    /// `GlobalAlloc::realloc`'s contract: the block, `new_size` long, or
    /// null (and the old block kept).
    ///
    /// # Safety
    /// As [`free`](Target::free); `new_size` is not 0.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8;
    /// The bytes the allocator set aside for the block: its size, rounded
    /// up to the allocator's unit (size class, page).
    ///
    /// # Safety
    /// As [`free`](Target::free).
    unsafe fn usable(&self, ptr: *mut u8, layout: Layout) -> usize;
    /// Gives every free page it can back to the kernel, if the allocator
    /// can be asked to (glibc's `malloc_trim`); `false` if not.
    fn trim(&self) -> bool {
        false
    }
}

/// How the lab reads the process's memory (`/proc/self` on Linux).
pub trait Probe {
    /// Resident bytes now.
    fn resident(&mut self) -> u64;
    /// Starts counting the peak from now.
    fn reset_peak(&mut self);
    /// The most resident bytes since [`reset_peak`](Probe::reset_peak).
    fn peak(&mut self) -> u64;
}
// ANCHOR_END: target

// ANCHOR: sample
/// One moment of a replay (bytes; resident relative to the start).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "[u64; 4]", into = "[u64; 4]")]
pub struct Sample {
    /// Calls replayed so far.
    pub op: u64,
    pub requested: u64,
    pub usable: u64,
    pub resident: u64,
}
// ANCHOR_END: sample

/// Saved as `[op, requested, usable, resident]`: thousands of samples stay small.
impl From<[u64; 4]> for Sample {
    fn from([op, requested, usable, resident]: [u64; 4]) -> Sample {
        Sample { op, requested, usable, resident }
    }
}

impl From<Sample> for [u64; 4] {
    fn from(s: Sample) -> [u64; 4] {
        [s.op, s.requested, s.usable, s.resident]
    }
}

/// What a replay measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Replayed {
    pub samples: Vec<Sample>,
    /// The highest resident memory during the replay, over the start.
    pub peak_resident: u64,
    /// Resident after the trace, once the allocator was asked to trim (if
    /// it can be).
    pub trimmed: Option<u64>,
}

/// A replay of one trace against one allocator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub trace: String,
    pub allocator: String,
    #[serde(flatten)]
    pub replayed: Replayed,
    pub seconds: f64,
}

// ANCHOR: replay
/// Replays `trace` against `target`, taking about `points` samples (and one
/// at the moment the program asked for the most), then asks it to trim.
/// Every byte of every block
/// is written, as a program writes what it allocates, so that the memory
/// really is touched. Errors when the target runs out of memory.
pub fn replay<T: Target + ?Sized>(
    trace: &Trace,
    target: &T,
    points: usize,
    probe: &mut impl Probe,
) -> Result<Replayed, String> {
    let peak_at = peak_op(trace);
    let step = (trace.ops.len() / points.max(1)).max(1);
    // Everything the loop needs is allocated and written before the start
    // reading, so that only the target's memory moves the readings.
    let mut blocks = vec![(core::ptr::null_mut::<u8>(), Layout::new::<u8>(), 0usize); trace.blocks()];
    let mut samples = vec![Sample::default(); trace.ops.len() / step + 3];
    samples.clear();
    let (mut requested, mut usable) = (0u64, 0u64);
    let start = probe.resident();
    probe.reset_peak();
    for (i, op) in trace.ops.iter().enumerate() {
        match *op {
            Op::Alloc { id, size, align } => {
                let layout =
                    Layout::from_size_align(size.max(1) as usize, align as usize).map_err(|e| e.to_string())?;
                let ptr = target.alloc(layout);
                if ptr.is_null() {
                    return Err(format!("out of memory at op {i} ({size} bytes)"));
                }
                // SAFETY: a fresh block of `layout.size()` bytes.
                unsafe { ptr.write_bytes(0xA5, layout.size()) };
                // SAFETY: the block just made, with its layout.
                let held = unsafe { target.usable(ptr, layout) };
                blocks[id as usize] = (ptr, layout, held);
                (requested, usable) = (requested + layout.size() as u64, usable + held as u64);
            }
            Op::Free { id } => {
                let (ptr, layout, held) =
                    core::mem::replace(&mut blocks[id as usize], (core::ptr::null_mut(), Layout::new::<u8>(), 0));
                // SAFETY: block `id` is live (the trace frees a block once)
                // and was made with `layout`.
                unsafe { target.free(ptr, layout) };
                (requested, usable) = (requested - layout.size() as u64, usable - held as u64);
            }
            Op::Realloc { id, size } => {
                let (ptr, layout, held) = blocks[id as usize];
                let new_size = size.max(1) as usize;
                // SAFETY: block `id` is live with `layout`; `new_size` > 0.
                let moved = unsafe { target.realloc(ptr, layout, new_size) };
                if moved.is_null() {
                    return Err(format!("out of memory at op {i} (realloc to {size} bytes)"));
                }
                if new_size > layout.size() {
                    // SAFETY: the block is `new_size` long now; write the new part.
                    unsafe { moved.add(layout.size()).write_bytes(0xA5, new_size - layout.size()) };
                }
                let new_layout = Layout::from_size_align(new_size, layout.align()).map_err(|e| e.to_string())?;
                // SAFETY: the block just moved, with its new layout.
                let now_held = unsafe { target.usable(moved, new_layout) };
                blocks[id as usize] = (moved, new_layout, now_held);
                requested = requested - layout.size() as u64 + new_size as u64;
                usable = usable - held as u64 + now_held as u64;
            }
        }
        if i.is_multiple_of(step) || i == peak_at || i + 1 == trace.ops.len() {
            let resident = probe.resident().saturating_sub(start);
            samples.push(Sample { op: i as u64 + 1, requested, usable, resident });
        }
    }
    let peak_resident = probe.peak().saturating_sub(start);
    let trimmed = target.trim().then(|| probe.resident().saturating_sub(start));
    Ok(Replayed { samples, peak_resident, trimmed })
}
// ANCHOR_END: replay

/// The op after which the program held the most requested bytes.
pub fn peak_op(trace: &Trace) -> usize {
    let requested = trace.requested();
    let top = requested.iter().copied().max().unwrap_or(0);
    requested.iter().position(|&r| r == top).unwrap_or(0)
}

/// A recorded program, as the results describe it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceInfo {
    pub name: String,
    /// What the program does, in a sentence.
    pub about: String,
    pub ops: u64,
    pub blocks: u64,
    pub peak_requested: u64,
}

impl TraceInfo {
    pub fn of(name: &str, about: &str, trace: &Trace) -> TraceInfo {
        let peak_requested = trace.requested().into_iter().max().unwrap_or(0);
        TraceInfo {
            name: name.to_string(),
            about: about.to_string(),
            ops: trace.ops.len() as u64,
            blocks: trace.blocks() as u64,
            peak_requested,
        }
    }
}

/// A whole run of `cargo xtask fragmentation`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FragmentationResults {
    pub machine: Machine,
    /// The command that produced these numbers.
    pub command: String,
    pub traces: Vec<TraceInfo>,
    pub runs: Vec<Run>,
}

// ANCHOR: summary
/// A replay in four numbers, read where the program asked for the most.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Requested bytes at their peak.
    pub requested: u64,
    /// Usable − requested there: rounding inside the blocks.
    pub internal: u64,
    /// Resident − usable there: memory held in no block (negative when the
    /// allocator reused memory that was resident before the replay).
    pub external: i64,
    /// The most resident memory at any moment.
    pub peak_resident: u64,
    /// Resident at the end, and requested at the end.
    pub end_resident: u64,
    pub end_requested: u64,
    /// Resident at the end after a trim, if the allocator has one.
    pub trimmed: Option<u64>,
}

impl Run {
    pub fn summary(&self) -> Summary {
        let at_peak = self
            .replayed
            .samples
            .iter()
            .max_by_key(|s| (s.requested, core::cmp::Reverse(s.op)))
            .copied()
            .unwrap_or_default();
        let end = self.replayed.samples.last().copied().unwrap_or_default();
        Summary {
            requested: at_peak.requested,
            internal: at_peak.usable - at_peak.requested,
            external: at_peak.resident as i64 - at_peak.usable as i64,
            peak_resident: self.replayed.peak_resident.max(at_peak.resident),
            end_resident: end.resident,
            end_requested: end.requested,
            trimmed: self.replayed.trimmed,
        }
    }
}
// ANCHOR_END: summary

/// Dark enough to read on white, told apart without a legend's help.
const LINE_COLORS: [RGBColor; 6] = [
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(31, 119, 180),
    RGBColor(148, 103, 189),
    RGBColor(255, 127, 14),
    RGBColor(140, 86, 75),
];

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn mib(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

fn signed_mib(bytes: i64) -> String {
    let text = mib(bytes.unsigned_abs());
    if bytes < 0 { format!("−{text}") } else { text }
}

fn percent(part: f64, whole: u64) -> String {
    if whole == 0 { "–".to_string() } else { format!("{:.0} %", 100.0 * part / whole as f64).replace('-', "−") }
}

/// A line this many times above every other would flatten them all.
const OFF_CHART: u64 = 8;

/// The one run (by index) whose peak is more than [`OFF_CHART`] times every
/// other's: the chart names it in the legend, with its peak, instead of
/// drawing it. (Lesson 06's arena in a server that never resets it.)
pub fn off_chart(peaks: &[u64]) -> Option<usize> {
    let (highest, &top) = peaks.iter().enumerate().max_by_key(|&(_, peak)| peak)?;
    let rest = peaks.iter().enumerate().filter(|&(k, _)| k != highest).map(|(_, &peak)| peak).max()?;
    (top > OFF_CHART * rest.max(1)).then_some(highest)
}

impl FragmentationResults {
    /// The runs of one trace, in the order they ran.
    pub fn runs_of<'a>(&'a self, trace: &'a str) -> impl Iterator<Item = &'a Run> + 'a {
        self.runs.iter().filter(move |run| run.trace == trace)
    }

    /// One table per trace: each allocator's peak, its fragmentation at the
    /// moment the program asked for the most, and what it still holds at
    /// the end.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "Measured on {}.\n", self.machine.describe());
        let _ = writeln!(md, "Command: `{}`\n", self.command);
        for trace in &self.traces {
            let _ = writeln!(
                md,
                "**{}** — {} {} calls, {} blocks; at most {} MiB requested at once.\n",
                trace.name,
                trace.about,
                thousands(trace.ops),
                thousands(trace.blocks),
                mib(trace.peak_requested)
            );
            let _ = writeln!(
                md,
                "| allocator | peak resident (MiB) | ÷ requested | internal at the peak | external at the peak | resident at the end (MiB) | after a trim (MiB) | replay (s) |"
            );
            let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|---:|");
            for run in self.runs_of(&trace.name) {
                let s = run.summary();
                let ratio = if s.requested == 0 {
                    "–".to_string()
                } else {
                    format!("{:.2}×", s.peak_resident as f64 / s.requested as f64)
                };
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} MiB ({}) | {} MiB ({}) | {} | {} | {:.2} |",
                    run.allocator,
                    mib(s.peak_resident),
                    ratio,
                    mib(s.internal),
                    percent(s.internal as f64, s.requested),
                    signed_mib(s.external),
                    percent(s.external as f64, s.requested),
                    mib(s.end_resident),
                    s.trimmed.map_or("–".to_string(), mib),
                    run.seconds
                );
            }
            md.push('\n');
        }
        md
    }

    /// Resident memory over the replay, one line per allocator, with the
    /// requested bytes as the black line they all sit on.
    pub fn chart_svg(&self, trace: &str) -> Result<String, String> {
        let info = self.traces.iter().find(|t| t.name == trace).ok_or_else(|| format!("no trace `{trace}`"))?;
        let runs: Vec<&Run> = self.runs_of(trace).collect();
        let to_mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
        let peak = |run: &Run| run.replayed.samples.iter().map(|s| s.resident.max(s.requested)).max().unwrap_or(0);
        let peaks: Vec<u64> = runs.iter().map(|run| peak(run)).collect();
        let off_chart = off_chart(&peaks);
        let top = (0..runs.len()).filter(|&k| Some(k) != off_chart).map(|k| peaks[k]).max().unwrap_or(1).max(1);
        let calls = info.ops as f64 / 1000.0;
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (900, 460)).into_drawing_area();
            root.fill(&WHITE).map_err(|e| e.to_string())?;
            let mut chart = ChartBuilder::on(&root)
                .caption(format!("{trace}: memory held over the run"), ("sans-serif", 20))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(60)
                .build_cartesian_2d(0.0..calls.max(0.001), 0.0..to_mib(top) * 1.08)
                .map_err(|e| e.to_string())?;
            chart
                .configure_mesh()
                .light_line_style(WHITE.mix(0.0))
                .x_desc("allocator calls (thousands)")
                .y_desc("MiB")
                .x_label_formatter(&|x| format!("{x:.0}"))
                .y_label_formatter(&|y| format!("{y:.0}"))
                .draw()
                .map_err(|e| e.to_string())?;
            for (k, run) in runs.iter().enumerate() {
                let color = LINE_COLORS[k % LINE_COLORS.len()];
                let (line, label): (Vec<(f64, f64)>, String) = if Some(k) == off_chart {
                    (
                        Vec::new(),
                        format!("{} (resident): up to {:.0} MiB, off the chart", run.allocator, to_mib(peaks[k])),
                    )
                } else {
                    let line =
                        run.replayed.samples.iter().map(|s| (s.op as f64 / 1000.0, to_mib(s.resident))).collect();
                    (line, format!("{} (resident)", run.allocator))
                };
                chart
                    .draw_series(LineSeries::new(line, color.stroke_width(2)))
                    .map_err(|e| e.to_string())?
                    .label(label)
                    .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], color.stroke_width(2)));
            }
            if let Some(first) = runs.first() {
                let line = first.replayed.samples.iter().map(|s| (s.op as f64 / 1000.0, to_mib(s.requested)));
                chart
                    .draw_series(LineSeries::new(line, BLACK.stroke_width(3)))
                    .map_err(|e| e.to_string())?
                    .label("requested by the program")
                    .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLACK.stroke_width(3)));
            }
            chart
                .configure_series_labels()
                .border_style(BLACK)
                .background_style(WHITE.mix(0.9))
                .position(SeriesLabelPosition::UpperLeft)
                .draw()
                .map_err(|e| e.to_string())?;
            root.present().map_err(|e| e.to_string())?;
        }
        Ok(svg)
    }
}
