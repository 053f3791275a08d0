//! The allocator shoot-out's results: saved as JSON and CSV, shown as a
//! markdown table and an SVG chart (which the book includes).

use crate::divan_output::{DivanRow, format_duration};
use crate::first_seen;
use crate::machine::Machine;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// The allocator every other one is compared with.
pub const BASELINE: &str = "system";

/// Each course allocator and the Zig allocator it is set against (the
/// rows `zig/shootout.zig` adds); the first pair is the sanity pair.
pub const ZIG_COUNTERPARTS: &[(&str, &str)] = &[
    ("system", "zig_raw_c_allocator"),
    ("arena", "zig_arena"),
    ("arena_warm", "zig_arena_warm"),
    ("fixed_buffer", "zig_fixed_buffer"),
    ("debug_allocator", "zig_debug_allocator"),
    ("thread_caching", "zig_smp_allocator"),
];

// ANCHOR: results
/// One allocator on one workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    pub workload: String,
    pub allocator: String,
    pub median_ns: f64,
    pub fastest_ns: f64,
    pub mean_ns: f64,
    pub samples: u64,
}

/// A whole run of `cargo xtask bench`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchResults {
    pub machine: Machine,
    /// The command that produced these numbers.
    pub command: String,
    pub measurements: Vec<Measurement>,
}
// ANCHOR_END: results

impl BenchResults {
    /// Results from divan's rows: `[workload, allocator]` paths.
    pub fn from_rows(machine: Machine, command: &str, rows: &[DivanRow]) -> BenchResults {
        let measurements = rows
            .iter()
            .filter(|row| row.path.len() == 2)
            .map(|row| Measurement {
                workload: row.path[0].clone(),
                allocator: row.path[1].clone(),
                median_ns: row.median_ns,
                fastest_ns: row.fastest_ns,
                mean_ns: row.mean_ns,
                samples: row.samples,
            })
            .collect();
        BenchResults { machine, command: command.to_string(), measurements }
    }

    /// Adds the rows of the shoot-out's Zig program (`zig/shootout.zig`):
    /// one line per result, `workload allocator median fastest mean samples`
    /// (nanoseconds), each allocator named `zig_<its name in Zig's std>`.
    /// Lines of any other shape are not results, and are skipped.
    pub fn add_zig(&mut self, output: &str) -> usize {
        let before = self.measurements.len();
        for line in output.lines() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [workload, allocator, median, fastest, mean, samples] = fields[..] else { continue };
            let (Ok(median), Ok(fastest), Ok(mean), Ok(samples)) =
                (median.parse::<f64>(), fastest.parse::<f64>(), mean.parse::<f64>(), samples.parse::<u64>())
            else {
                continue;
            };
            self.measurements.push(Measurement {
                workload: workload.to_string(),
                allocator: format!("zig_{allocator}"),
                median_ns: median,
                fastest_ns: fastest,
                mean_ns: mean,
                samples,
            });
        }
        self.measurements.len() - before
    }

    /// Workloads in first-seen order.
    pub fn workloads(&self) -> Vec<&str> {
        first_seen(self.measurements.iter().map(|m| m.workload.as_str()))
    }

    /// Allocators: the baseline first, then in first-seen order.
    pub fn allocators(&self) -> Vec<&str> {
        let mut all = first_seen(self.measurements.iter().map(|m| m.allocator.as_str()));
        if let Some(at) = all.iter().position(|a| *a == BASELINE) {
            let baseline = all.remove(at);
            all.insert(0, baseline);
        }
        all
    }

    /// The median of `allocator` on `workload`, if it ran it.
    pub fn median(&self, workload: &str, allocator: &str) -> Option<f64> {
        self.measurements.iter().find(|m| m.workload == workload && m.allocator == allocator).map(|m| m.median_ns)
    }

    /// Median ÷ the baseline's median on the same workload.
    pub fn ratio(&self, workload: &str, allocator: &str) -> Option<f64> {
        Some(self.median(workload, allocator)? / self.median(workload, BASELINE)?)
    }

    /// One line per measurement, for spreadsheets.
    pub fn to_csv(&self) -> String {
        let mut csv = String::from("workload,allocator,median_ns,fastest_ns,mean_ns,samples,ratio_to_system\n");
        for m in &self.measurements {
            let ratio = self.ratio(&m.workload, &m.allocator).map_or(String::new(), |r| format!("{r:.3}"));
            let _ = writeln!(
                csv,
                "{},{},{:.0},{:.0},{:.0},{},{ratio}",
                m.workload, m.allocator, m.median_ns, m.fastest_ns, m.mean_ns, m.samples
            );
        }
        csv
    }

    // ANCHOR: markdown
    /// A table: one row per allocator, one column per workload; each cell
    /// the median and its ratio to `system` ("—" where it does not apply).
    pub fn to_markdown(&self) -> String {
        let workloads = self.workloads();
        let mut table = String::from("| allocator |");
        for workload in &workloads {
            let _ = write!(table, " {workload} |");
        }
        table += "\n|---|";
        table += &"---:|".repeat(workloads.len());
        table.push('\n');
        for allocator in self.allocators() {
            let _ = write!(table, "| {allocator} |");
            for workload in &workloads {
                let cell = match (self.median(workload, allocator), self.ratio(workload, allocator)) {
                    (Some(median), Some(ratio)) => format!("{} ({ratio:.2}×)", format_duration(median)),
                    (Some(median), None) => format_duration(median),
                    (None, _) => "—".to_string(),
                };
                let _ = write!(table, " {cell} |");
            }
            table.push('\n');
        }
        let _ = write!(table, "\nMedians; (×) = time ÷ `system`'s on the same workload. Measured on {}.\n", {
            self.machine.describe()
        });
        let _ = writeln!(table, "Command: `{}`.", self.command);
        table
    }
    // ANCHOR_END: markdown

    // ANCHOR: against_zig
    /// Each course allocator against its Zig counterpart from the same run:
    /// one row per pair, one column per workload both ran, each cell ours ÷
    /// Zig's median. The first row is the sanity row (both are glibc's
    /// `malloc`): far from 1, the two programs would not be comparable.
    pub fn against_zig_markdown(&self) -> String {
        let workloads: Vec<&str> = self
            .workloads()
            .into_iter()
            .filter(|w| {
                ZIG_COUNTERPARTS
                    .iter()
                    .any(|(ours, zig)| self.median(w, ours).is_some() && self.median(w, zig).is_some())
            })
            .collect();
        if workloads.is_empty() {
            return "No Zig rows in this run: `cargo xtask bench` found no Zig compiler.\n".to_string();
        }
        let mut table = String::from("| course (Rust) | Zig 0.15.1 |");
        for workload in &workloads {
            let _ = write!(table, " {workload} |");
        }
        table += "\n|---|---|";
        table += &"---:|".repeat(workloads.len());
        table.push('\n');
        for (ours, zig) in ZIG_COUNTERPARTS {
            let zig_name = zig.strip_prefix("zig_").unwrap_or(zig);
            let _ = write!(table, "| {ours} | {zig_name} |");
            for workload in &workloads {
                let cell = match (self.median(workload, ours), self.median(workload, zig)) {
                    (Some(a), Some(b)) => format!("{:.2}×", a / b),
                    _ => "—".to_string(),
                };
                let _ = write!(table, " {cell} |");
            }
            table.push('\n');
        }
        table += "\nEach cell: our median ÷ Zig's, same run (below 1: ours is faster).\n";
        table
    }
    // ANCHOR_END: against_zig

    /// One allocator against its production peers, workload by workload:
    /// each one's median, and `ours` ÷ each peer's (the book's lesson 09 page
    /// on speed). Workloads `ours` did not run are left out.
    pub fn versus_markdown(&self, ours: &str, peers: &[&str]) -> String {
        let mut table = format!("| workload | `{ours}` |");
        for peer in peers {
            let _ = write!(table, " `{peer}` | ÷ `{peer}` |");
        }
        table += "\n|---|---:|";
        table += &"---:|---:|".repeat(peers.len());
        table.push('\n');
        for workload in self.workloads() {
            let Some(mine) = self.median(workload, ours) else { continue };
            let _ = write!(table, "| {workload} | {} |", format_duration(mine));
            for peer in peers {
                match self.median(workload, peer) {
                    Some(theirs) => {
                        let _ = write!(table, " {} | {:.2}× |", format_duration(theirs), mine / theirs);
                    }
                    None => table += " — | — |",
                }
            }
            table.push('\n');
        }
        table += "\nMedians of one run; ÷: our time over theirs (below 1: ours is faster).\n";
        table
    }

    /// The sentences the book's reading of the results rests on, computed
    /// from this run (so that the prose cannot drift from the table).
    pub fn verdicts_markdown(&self) -> String {
        let mut out = String::new();
        for workload in self.workloads() {
            let mut ranked: Vec<(&str, f64)> =
                self.allocators().into_iter().filter_map(|a| Some((a, self.ratio(workload, a)?))).collect();
            ranked.sort_by(|a, b| a.1.total_cmp(&b.1));
            let (Some((fastest, low)), Some((slowest, high))) = (ranked.first(), ranked.last()) else { continue };
            let _ = writeln!(
                out,
                "- `{workload}`: fastest `{fastest}` ({low:.2}× of `{BASELINE}`'s time), slowest `{slowest}` ({high:.2}×), of {}.",
                ranked.len()
            );
        }
        for general in ["mimalloc", "zig_smp_allocator"] {
            let ratios: Vec<(&str, f64)> =
                self.workloads().into_iter().filter_map(|w| Some((w, self.ratio(w, general)?))).collect();
            let best = ratios.iter().min_by(|a, b| a.1.total_cmp(&b.1));
            let worst = ratios.iter().max_by(|a, b| a.1.total_cmp(&b.1));
            if let (Some(best), Some(worst)) = (best, worst) {
                let _ = writeln!(
                    out,
                    "- `{general}`: {:.2}× (`{}`) to {:.2}× (`{}`) of `{BASELINE}`'s time.",
                    best.1, best.0, worst.1, worst.0
                );
            }
        }
        for (ours, zig) in ZIG_COUNTERPARTS.iter().skip(1) {
            let ratios: Vec<(&str, f64)> = self
                .workloads()
                .into_iter()
                .filter_map(|w| Some((w, self.median(w, ours)? / self.median(w, zig)?)))
                .collect();
            if ratios.is_empty() {
                continue;
            }
            let cells: Vec<String> = ratios.iter().map(|(w, r)| format!("{r:.2}× on `{w}`")).collect();
            let _ =
                writeln!(out, "- `{ours}` against Zig's `{}`: {}.", zig.trim_start_matches("zig_"), cells.join(", "));
        }
        let table_cost: Vec<String> = self
            .workloads()
            .into_iter()
            .filter_map(|w| {
                let ratio = self.median(w, "zig_fixed_buffer")? / self.median(w, "zig_fixed_buffer_direct")?;
                Some(format!("{ratio:.2}× on `{w}`"))
            })
            .collect();
        if !table_cost.is_empty() {
            let _ = writeln!(
                out,
                "- Zig's `FixedBufferAllocator` called through `std.mem.Allocator`, against the same allocator's \
                 functions called directly: {}.",
                table_cost.join(", ")
            );
        }
        out
    }

    // ANCHOR: chart
    /// A grouped bar chart of the ratios to `system`, one group per
    /// workload, drawn with plotters' SVG backend.
    pub fn chart_svg(&self) -> Result<String, String> {
        let workloads = self.workloads();
        let allocators = self.allocators();
        let top = self.measurements.iter().filter_map(|m| self.ratio(&m.workload, &m.allocator)).fold(1.0, f64::max);
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (900, 460)).into_drawing_area();
            root.fill(&WHITE).map_err(|e| e.to_string())?;
            let mut chart = ChartBuilder::on(&root)
                .caption("Time relative to the system allocator (lower is faster)", ("sans-serif", 20))
                .margin(12)
                .x_label_area_size(36)
                .y_label_area_size(56)
                .build_cartesian_2d(0.0..workloads.len() as f64, 0.0..top * 1.1)
                .map_err(|e| e.to_string())?;
            let names = workloads.clone();
            chart
                .configure_mesh()
                .disable_x_mesh()
                .light_line_style(WHITE)
                .x_labels(workloads.len() * 2 + 1)
                .x_label_formatter(&|x| {
                    let slot = x - x.floor();
                    let index = x.floor() as usize;
                    if (slot - 0.5).abs() < 1e-6 && index < names.len() {
                        names[index].to_string()
                    } else {
                        String::new()
                    }
                })
                .y_desc("× system")
                .y_label_formatter(&|y| format!("{y:.1}×"))
                .draw()
                .map_err(|e| e.to_string())?;
            let width = 0.8 / allocators.len() as f64;
            for (k, allocator) in allocators.iter().enumerate() {
                let color = Palette99::pick(k).mix(0.9);
                let bars: Vec<_> = workloads
                    .iter()
                    .enumerate()
                    .filter_map(|(i, workload)| {
                        let ratio = self.ratio(workload, allocator)?;
                        let left = i as f64 + 0.1 + k as f64 * width;
                        Some(Rectangle::new([(left, 0.0), (left + width * 0.9, ratio)], color.filled()))
                    })
                    .collect();
                chart
                    .draw_series(bars)
                    .map_err(|e| e.to_string())?
                    .label(allocator.to_string())
                    .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
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
        // Scale to the page's width (the viewBox keeps the proportions).
        Ok(svg.replacen(r#"width="900" height="460""#, r#"width="100%" style="max-width: 900px""#, 1))
    }
    // ANCHOR_END: chart
}
