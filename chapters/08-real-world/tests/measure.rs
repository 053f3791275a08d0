//! The measuring code on tiny fixtures: parsing divan's table and strace's
//! log, the tables, the chart. Nothing here asserts a time or a size of this
//! machine — only that measurements are read and shown faithfully.

use real_world::divan_output;
use real_world::ladder::{Inside, NO_MAIN, NO_STD, SMALLEST_WITH_STD, SizeResults, SizeRow};
use real_world::machine::Machine;
use real_world::shootout::BenchResults;

const DIVAN: &str = include_str!("fixture/divan.txt");

fn machine() -> Machine {
    Machine {
        cpu: "Test CPU".to_string(),
        cores: 2,
        os: "linux x86_64".to_string(),
        rustc: "rustc 1.95.0".to_string(),
        zig: Some("0.15.1".to_string()),
    }
}

fn bench() -> BenchResults {
    let rows = divan_output::parse(DIVAN).expect("the fixture parses");
    BenchResults::from_rows(machine(), "cargo bench --bench shootout", &rows)
}

#[test]
fn divan_rows_are_read_with_their_groups() {
    let rows = divan_output::parse(DIVAN).unwrap();
    let paths: Vec<String> = rows.iter().map(|row| row.path.join("/")).collect();
    assert_eq!(
        paths,
        [
            "json/arena",
            "json/system",
            "thirty_two_bytes/arena",
            "thirty_two_bytes/bumpalo",
            "thirty_two_bytes/debug_allocator",
            "thirty_two_bytes/fixed_buffer",
            "thirty_two_bytes/mimalloc",
            "thirty_two_bytes/system",
            "thirty_two_bytes/typed_arena",
        ]
    );
    let debug = &rows[4];
    assert_eq!((debug.fastest_ns, debug.median_ns, debug.samples, debug.iters), (93.33e6, 104.5e6, 10, 10));
    assert_eq!((rows[0].fastest_ns, rows[0].slowest_ns, rows[0].mean_ns), (294.5e3, 621.2e3, 339.4e3));
}

#[test]
fn a_broken_number_is_an_error_not_a_zero() {
    let broken = DIVAN.replace("14.75 ms", "14.75 parsecs");
    let error = divan_output::parse(&broken).unwrap_err();
    assert!(error.to_string().contains("not a duration: \"14.75 parsecs\""), "{error}");
}

#[test]
fn ratios_are_to_the_system_allocator() {
    let results = bench();
    assert_eq!(
        results.allocators(),
        ["system", "arena", "bumpalo", "debug_allocator", "fixed_buffer", "mimalloc", "typed_arena"]
    );
    assert_eq!(results.workloads(), ["json", "thirty_two_bytes"]);
    let ratio = results.ratio("thirty_two_bytes", "debug_allocator").unwrap();
    assert!((ratio - 104.5 / 24.0).abs() < 1e-9);
    assert_eq!(results.ratio("json", "mimalloc"), None, "not run: no ratio");
}

#[test]
fn zig_rows_join_the_table_and_are_compared_with_the_same_baseline() {
    let mut results = bench();
    let zig = "thirty_two_bytes raw_c_allocator 26000000 25000000 26500000 30\n\
               thirty_two_bytes debug_allocator 52000000 50000000 53000000 30\n\
               warning: not a result line\n\
               json arena 1.5 x 3 30\n";
    assert_eq!(results.add_zig(zig), 2, "two result lines; the others are skipped");
    assert_eq!(results.median("thirty_two_bytes", "zig_debug_allocator"), Some(52e6));
    let ratio = results.ratio("thirty_two_bytes", "zig_raw_c_allocator").unwrap();
    assert!((ratio - 26.0 / 24.0).abs() < 1e-9, "÷ Rust's system, from the same run: {ratio}");
    assert!(
        results.to_markdown().contains("| zig_debug_allocator | — | 52.0 ms (2.17×) |"),
        "{}",
        results.to_markdown()
    );
}

#[test]
#[cfg_attr(miri, ignore = "insta reads snapshot files: not under Miri's isolation")]
fn the_bench_table() {
    insta::assert_snapshot!(bench().to_markdown());
}

#[test]
fn the_csv_has_a_line_per_measurement() {
    let csv = bench().to_csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 9);
    assert_eq!(lines[5], "thirty_two_bytes,debug_allocator,104500000,93330000,105300000,10,4.354");
}

#[test]
fn the_json_round_trips() {
    let results = bench();
    let json = serde_json::to_string(&results).unwrap();
    assert_eq!(serde_json::from_str::<BenchResults>(&json).unwrap(), results);
}

#[test]
#[cfg_attr(miri, ignore = "draws with plotters: slow under Miri")]
fn the_chart_has_a_bar_per_measurement_and_a_legend() {
    let svg = bench().chart_svg().unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
    // The text of every `<text>` element.
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .filter_map(|element| element.split_once('>')?.1.split_once("</text>").map(|(text, _)| text.trim()))
        .collect();
    for label in [
        "system",
        "arena",
        "bumpalo",
        "debug_allocator",
        "fixed_buffer",
        "mimalloc",
        "typed_arena",
        "json",
        "thirty_two_bytes",
    ] {
        assert!(texts.contains(&label), "no text {label:?} in {texts:?}");
    }
    // A filled rectangle per measurement and per legend entry, plus a few
    // for the background and the legend's box.
    let rectangles = svg.matches("<rect").count();
    assert!((9 + 7..=9 + 7 + 4).contains(&rectangles), "{rectangles} rectangles");
}

fn row(program: &str, language: &str, variant: &str, bytes: Option<u64>, startup: Option<f64>) -> SizeRow {
    SizeRow {
        program: program.to_string(),
        language: language.to_string(),
        variant: variant.to_string(),
        how: "how".to_string(),
        bytes,
        startup_us: startup,
        syscalls: startup.map(|_| 9),
        note: bytes.is_none().then(|| "no Zig compiler found".to_string()),
    }
}

fn sizes() -> SizeResults {
    SizeResults {
        machine: machine(),
        command: "cargo xtask sizes --runs 5".to_string(),
        runs: 5,
        rows: vec![
            row("hello", "Rust", "debug", Some(3_861_000), Some(900.0)),
            row("hello", "Rust", "release", Some(445_904), Some(700.0)),
            row("hello", "Rust", SMALLEST_WITH_STD, Some(287_856), Some(650.0)),
            row("hello", "Rust", NO_MAIN, Some(263_000), Some(600.0)),
            row("hello", "Rust", NO_STD, Some(1_296), Some(250.0)),
            row("hello", "Zig", "ReleaseSmall", Some(9_584), Some(240.0)),
            row("http_server", "Zig", "ReleaseSmall", None, None),
        ],
        inside: Inside {
            build: NO_MAIN.to_string(),
            crates: vec![("std".to_string(), 120_000), ("gimli".to_string(), 60_000), ("core".to_string(), 20_000)],
        },
    }
}

#[test]
#[cfg_attr(miri, ignore = "insta reads snapshot files: not under Miri's isolation")]
fn the_size_tables_and_the_claims() {
    let results = sizes();
    insta::assert_snapshot!("sizes", results.to_markdown());
    insta::assert_snapshot!("claims", results.claims_markdown());
    insta::assert_snapshot!("inside", results.inside_markdown());
}

#[test]
fn claims_quote_the_measured_rows() {
    let claims = sizes().claims_markdown();
    assert!(claims.contains("| Zig hello world | ~300 KB | ReleaseSmall: 9.6 kB |"), "{claims}");
    assert!(claims.contains("| Rust hello world | ~1.8 MB | release: 446 kB; debug: 3.86 MB;"), "{claims}");
    assert!(claims.contains("ReleaseSmall: not measured (no Zig compiler found)"), "{claims}");
    assert!(claims.contains("= 287 kB of std, runtime and formatting"), "{claims}");
}

/// The sanity row of the saved shoot-out: Zig's `raw_c_allocator` and Rust's
/// `System` both call glibc's `malloc`, so their times must be close. If they
/// are not, the two programs' loops differ, and no Zig row of the table could
/// be read against a Rust one.
#[test]
fn in_the_saved_run_both_languages_malloc_alike() {
    let saved: BenchResults =
        serde_json::from_str(include_str!("../results/bench.json")).expect("results/bench.json parses");
    let ratios: Vec<(&str, f64)> =
        saved.workloads().into_iter().filter_map(|w| Some((w, saved.ratio(w, "zig_raw_c_allocator")?))).collect();
    assert!(!ratios.is_empty(), "the saved run has no Zig rows: `cargo xtask bench` with a Zig compiler found");
    for (workload, ratio) in ratios {
        assert!((0.75..=1.33).contains(&ratio), "{workload}: Zig's malloc takes {ratio:.2}× Rust's");
    }
}
