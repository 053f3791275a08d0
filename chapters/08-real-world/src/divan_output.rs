//! Reading divan's results table.
//!
//! divan prints a tree: the bench binary, then groups (our workloads), then
//! benchmarks (our allocators), each with fastest │ slowest │ median │ mean │
//! samples │ iters. It has no machine-readable output, so this parses the
//! table — tested on a captured run in `tests/fixture/divan.txt`.

use std::fmt;

// ANCHOR: row
/// One benchmark's line: its path in the tree and its timings.
#[derive(Clone, Debug, PartialEq)]
pub struct DivanRow {
    /// Group names from the top (without the binary's name), then the
    /// benchmark's name: `["thirty_two_bytes", "mimalloc"]`.
    pub path: Vec<String>,
    pub fastest_ns: f64,
    pub slowest_ns: f64,
    pub median_ns: f64,
    pub mean_ns: f64,
    pub samples: u64,
    pub iters: u64,
}
// ANCHOR_END: row

/// A line that looked like a result but could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "divan output, line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Every benchmark row in `output` (divan's stdout), in order. Lines that
/// are not part of a table (build messages, "Timer precision") are skipped.
pub fn parse(output: &str) -> Result<Vec<DivanRow>, ParseError> {
    let mut rows = Vec::new();
    let mut groups: Vec<(usize, String)> = Vec::new(); // (depth, name)
    for (index, line) in output.lines().enumerate() {
        let cells: Vec<&str> = line.split('│').collect();
        if cells.len() < 6 {
            continue;
        }
        let Some(start) = line.chars().position(|c| c.is_alphanumeric() || c == '_') else { continue };
        let depth = start / 3;
        if depth == 0 {
            continue; // the header: the bench binary's name and the column titles
        }
        let first = cells[cells.len() - 6].trim_start_matches(['│', '├', '╰', '─', ' ']);
        let (name, fastest) = first.split_once(char::is_whitespace).unwrap_or((first, ""));
        let name = name.trim().to_string();
        groups.retain(|(group_depth, _)| *group_depth < depth);
        if fastest.trim().is_empty() {
            groups.push((depth, name));
            continue;
        }
        let error = |message: String| ParseError { line: index + 1, message };
        let time = |cell: &str| parse_duration(cell).ok_or_else(|| error(format!("not a duration: {:?}", cell.trim())));
        let count =
            |cell: &str| cell.trim().parse::<u64>().map_err(|_| error(format!("not a count: {:?}", cell.trim())));
        let tail = &cells[cells.len() - 5..];
        let mut path: Vec<String> = groups.iter().map(|(_, group)| group.clone()).collect();
        path.push(name);
        rows.push(DivanRow {
            path,
            fastest_ns: time(fastest)?,
            slowest_ns: time(tail[0])?,
            median_ns: time(tail[1])?,
            mean_ns: time(tail[2])?,
            samples: count(tail[3])?,
            iters: count(tail[4])?,
        });
    }
    Ok(rows)
}

/// `"294.1 µs"` → 294100.0 nanoseconds.
pub fn parse_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = text.split_at(split);
    let scale = match unit.trim() {
        "ps" => 1e-3,
        "ns" => 1.0,
        "µs" | "us" => 1e3,
        "ms" => 1e6,
        "s" => 1e9,
        _ => return None,
    };
    Some(number.parse::<f64>().ok()? * scale)
}

/// Nanoseconds in the unit divan would pick: `"12.3 ms"`.
pub fn format_duration(ns: f64) -> String {
    let (value, unit) = match ns {
        ns if ns >= 1e9 => (ns / 1e9, "s"),
        ns if ns >= 1e6 => (ns / 1e6, "ms"),
        ns if ns >= 1e3 => (ns / 1e3, "µs"),
        ns => (ns, "ns"),
    };
    let digits = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else {
        2
    };
    format!("{value:.digits$} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_unit() {
        assert_eq!(parse_duration("294.1 µs"), Some(294_100.0));
        assert_eq!(parse_duration(" 12 ms "), Some(12e6));
        assert_eq!(parse_duration("3.5 ns"), Some(3.5));
        assert_eq!(parse_duration("1.25 s"), Some(1.25e9));
        assert_eq!(parse_duration("fast"), None);
        assert_eq!(parse_duration("12 parsecs"), None);
        assert_eq!(format_duration(294_100.0), "294 µs");
        assert_eq!(format_duration(20_512_000.0), "20.5 ms");
        assert_eq!(format_duration(3.25), "3.25 ns");
    }
}
