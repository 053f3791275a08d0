//! The measuring tool behind `cargo xtask bench` and `cargo xtask sizes`.
//!
//! ```text
//! measure bench [--quick]        run the shoot-out, write results/bench.*
//! measure sizes [--runs N]       build the size ladder, write results/sizes.*
//! measure fragmentation          record traces, replay them, write results/fragmentation*
//! measure render                 redraw tables and charts from the saved JSON
//! ```
//!
//! Run from the course root (xtask does). Results go to
//! `chapters/08-real-world/results/`, which the book includes.

use real_world::divan_output;
use real_world::fragmentation::{FragmentationResults, Run, TraceInfo};
use real_world::ladder::{IMMEDIATE_ABORT, Inside, NO_MAIN, NO_STD, SMALLEST_WITH_STD, STATIC, SizeResults, SizeRow};
use real_world::machine::Machine;
use real_world::shootout::BenchResults;
use real_world::trace::Trace;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

const CHAPTER: &str = "chapters/08-real-world";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("bench") => bench(args.iter().any(|a| a == "--quick")),
        Some("sizes") => {
            let runs = args.iter().position(|a| a == "--runs").and_then(|i| args.get(i + 1)?.parse().ok());
            sizes(runs.unwrap_or(50))
        }
        Some("fragmentation") => fragmentation(),
        Some("render") => render(),
        _ => Err("usage: measure bench [--quick] | measure sizes [--runs N] | measure fragmentation | measure render"
            .to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn results_dir() -> Result<PathBuf, String> {
    let dir = Path::new(CHAPTER).join("results");
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("cannot create {}: {e} (run from the course root)", dir.display()))?;
    Ok(dir)
}

fn write(path: PathBuf, contents: &str) -> Result<(), String> {
    std::fs::write(&path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

// ANCHOR: bench
/// Runs the divan shoot-out, passing its table through, then saves it.
fn bench(quick: bool) -> Result<(), String> {
    // Two bench binaries, two processes: `threads` starts threads, which
    // would change glibc's `malloc` for the single-threaded workloads.
    let mut command =
        vec!["bench", "--locked", "-p", "chapter-08-real-world", "--bench", "shootout", "--bench", "threads"];
    if quick {
        command.extend(["--", "--sample-count", "2"]);
    }
    println!("$ cargo {}", command.join(" "));
    let output = cargo().args(&command).stderr(Stdio::inherit()).output().map_err(|e| format!("cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    if !output.status.success() {
        return Err(format!("the benchmarks failed ({})", output.status));
    }
    let rows = divan_output::parse(&stdout).map_err(|e| e.to_string())?;
    if rows.is_empty() {
        return Err("divan printed no results".to_string());
    }
    let zig = Zig::find();
    let mut command = format!("cargo {}", command.join(" "));
    let mut results =
        BenchResults::from_rows(Machine::detect(zig.as_ref().map(|z| z.version.clone())), &command, &rows);
    match &zig {
        Some(zig) => {
            let (ran, output) = zig_shootout(zig, if quick { 2 } else { 30 })?;
            results.add_zig(&output);
            command += &format!(" && {ran}");
        }
        None => println!("no Zig compiler found (`zig`, or `pip install ziglang`): the table has no Zig rows"),
    }
    results.command = command;
    let dir = results_dir()?;
    write(dir.join("bench.json"), &serde_json::to_string_pretty(&results).map_err(|e| e.to_string())?)?;
    write_bench_views(&dir, &results)
}

/// Builds and runs `zig/shootout.zig` (the same workloads over Zig's own
/// allocators) right after the Rust run; returns how it was run and its
/// result lines.
fn zig_shootout(zig: &Zig, samples: usize) -> Result<(String, String), String> {
    let source = Path::new(CHAPTER).join("zig").join("shootout.zig");
    let dir = Path::new("target").join("zig-shootout");
    let binary = dir.join("shootout");
    let _ = std::fs::create_dir_all(&dir);
    let mut build = Command::new(&zig.command[0]);
    build.args(&zig.command[1..]).arg("build-exe").arg(&source).args(["-OReleaseFast", "-lc"]);
    build.arg(format!("-femit-bin={}", binary.display()));
    build.arg("--cache-dir").arg(dir.join("cache")).arg("--global-cache-dir").arg(dir.join("global-cache"));
    println!("$ zig build-exe {} -OReleaseFast -lc", source.display());
    let status = build.status().map_err(|e| format!("zig: {e}"))?;
    if !status.success() {
        return Err(format!("zig build-exe {} failed ({status})", source.display()));
    }
    let output = Command::new(&binary).arg(samples.to_string()).stderr(Stdio::piped()).output();
    let output = output.map_err(|e| format!("{}: {e}", binary.display()))?;
    let lines = String::from_utf8_lossy(&output.stderr).into_owned();
    print!("{lines}");
    if !output.status.success() {
        return Err(format!("the Zig shoot-out failed ({})", output.status));
    }
    Ok((format!("zig build-exe {} -OReleaseFast -lc && shootout {samples}", source.display()), lines))
}

fn write_bench_views(dir: &Path, results: &BenchResults) -> Result<(), String> {
    write(dir.join("bench.csv"), &results.to_csv())?;
    write(dir.join("bench.md"), &results.to_markdown())?;
    write(dir.join("against-zig.md"), &results.against_zig_markdown())?;
    write(dir.join("verdicts.md"), &results.verdicts_markdown())?;
    write(
        dir.join("thread-caching.md"),
        &results.versus_markdown("thread_caching", &["mimalloc", "system", "zig_smp_allocator"]),
    )?;
    write(dir.join("bench.svg"), &results.chart_svg()?)
}

fn write_size_views(dir: &Path, results: &SizeResults) -> Result<(), String> {
    write(dir.join("sizes.csv"), &results.to_csv())?;
    write(dir.join("sizes.md"), &results.to_markdown())?;
    write(dir.join("claims.md"), &results.claims_markdown())?;
    write(dir.join("inside.md"), &results.inside_markdown())
}

/// Redraws every table and the chart from the saved measurements: for a
/// change to how results are shown, without measuring again.
fn render() -> Result<(), String> {
    let dir = results_dir()?;
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|e| format!("{name}: {e}"));
    let bench: BenchResults = serde_json::from_str(&read("bench.json")?).map_err(|e| format!("bench.json: {e}"))?;
    write_bench_views(&dir, &bench)?;
    let sizes: SizeResults = serde_json::from_str(&read("sizes.json")?).map_err(|e| format!("sizes.json: {e}"))?;
    write_size_views(&dir, &sizes)?;
    let lab: FragmentationResults =
        serde_json::from_str(&read("fragmentation.json")?).map_err(|e| format!("fragmentation.json: {e}"))?;
    write_fragmentation_views(&dir, &lab)
}
// ANCHOR_END: bench

// ANCHOR: fragmentation
/// The programs the lab records (`src/bin/record_trace.rs`), and what each does.
const TRACES: &[(&str, &str)] = &[
    ("json", "serde_json parses a 4 MB document three times, keeping one record in eight each round."),
    ("index", "a word index (`HashMap<String, Vec<_>>`) over the book's pages, sorted, then half dropped."),
    ("render", "lesson 08's own `measure render`: the saved shoot-out read with serde, drawn with plotters."),
    (
        "server",
        "lesson 08's JSON + SQLite server answering 2,000 requests: 1,600 adding an item, 400 listing them all (its Rust side: SQLite allocates with C's `malloc`).",
    ),
];

/// The allocators each trace is replayed against (`src/bin/replay.rs`).
const REPLAYED: &[&str] = &["system", "mimalloc", "thread_caching", "debug_allocator", "arena"];

/// Records each program's trace, replays it against each allocator (one
/// process per replay), and saves the results, the table and the charts.
fn fragmentation() -> Result<(), String> {
    let build = ["build", "--locked", "--quiet", "--release", "-p", "chapter-08-real-world"];
    println!("$ cargo {} --bin record_trace --bin replay", build.join(" "));
    let status = cargo().args(build).args(["--bin", "record_trace", "--bin", "replay"]).status();
    if !status.map_err(|e| format!("cargo: {e}"))?.success() {
        return Err("cannot build the lab's programs".to_string());
    }
    // The JSON + SQLite server, recording itself, for the `server` trace.
    let programs = Path::new(CHAPTER).join("programs").join("Cargo.toml");
    let server =
        ["--release", "--target-dir", "target/programs", "--features", "sqlite,trace", "--bin", "json_sqlite_server"];
    println!("$ cargo build --locked --quiet --manifest-path {} {}", programs.display(), server.join(" "));
    let status = cargo().args(["build", "--locked", "--quiet", "--manifest-path"]).arg(&programs).args(server).status();
    if !status.map_err(|e| format!("cargo: {e}"))?.success() {
        return Err("cannot build the server".to_string());
    }
    let bin = Path::new("target").join("release");
    let dir = Path::new("target").join("fragmentation");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut results = FragmentationResults {
        machine: Machine::detect(None),
        command: "cargo xtask fragmentation".to_string(),
        traces: Vec::new(),
        runs: Vec::new(),
    };
    for (name, about) in TRACES {
        let file = dir.join(format!("{name}.trace"));
        let output = Command::new(bin.join("record_trace")).arg(name).arg(&file).output();
        let output = output.map_err(|e| format!("record_trace: {e}"))?;
        print!("{}", String::from_utf8_lossy(&output.stdout));
        if !output.status.success() {
            return Err(format!("record_trace {name}: {}", String::from_utf8_lossy(&output.stderr)));
        }
        let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        results.traces.push(TraceInfo::of(name, about, &Trace::from_bytes(&bytes)?));
        for allocator in REPLAYED {
            let output = Command::new(bin.join("replay")).arg(&file).arg(allocator).output();
            let output = output.map_err(|e| format!("replay: {e}"))?;
            if !output.status.success() {
                return Err(String::from_utf8_lossy(&output.stderr).into_owned());
            }
            let run: Run = serde_json::from_slice(&output.stdout).map_err(|e| format!("replay's output: {e}"))?;
            let summary = run.summary();
            println!(
                "  {name} × {allocator}: peak {:.1} MiB resident for {:.1} MiB requested ({:.2} s)",
                summary.peak_resident as f64 / 1048576.0,
                summary.requested as f64 / 1048576.0,
                run.seconds
            );
            results.runs.push(run);
        }
    }
    let out = results_dir()?;
    // Compact: 15 runs of 250 samples.
    write(out.join("fragmentation.json"), &(serde_json::to_string(&results).map_err(|e| e.to_string())? + "\n"))?;
    write_fragmentation_views(&out, &results)
}

fn write_fragmentation_views(dir: &Path, results: &FragmentationResults) -> Result<(), String> {
    write(dir.join("fragmentation.md"), &results.to_markdown())?;
    for trace in &results.traces {
        write(dir.join(format!("fragmentation-{}.svg", trace.name)), &results.chart_svg(&trace.name)?)?;
    }
    Ok(())
}
// ANCHOR_END: fragmentation

/// One rung of a Rust program's ladder: a cargo profile (see
/// `programs/Cargo.toml`) and what it changes.
struct Rung {
    variant: &'static str,
    profile: &'static str,
    how: &'static str,
    /// Extra flags for the program's own compilation (`cargo rustc -- …`).
    rustc: &'static [&'static str],
}

// ANCHOR: rungs
const RUNGS: &[Rung] = &[
    Rung { variant: "debug", profile: "dev", how: "`cargo build`", rustc: &[] },
    Rung { variant: "release", profile: "release", how: "`--release`", rustc: &[] },
    Rung { variant: "+ strip", profile: "stripped", how: "`strip = true`: no symbols, no debug info", rustc: &[] },
    Rung { variant: "+ opt-level = \"z\"", profile: "opt-z", how: "optimise for size", rustc: &[] },
    Rung { variant: "+ LTO", profile: "lto", how: "`lto = true`: optimise across crates, std included", rustc: &[] },
    Rung {
        variant: "+ codegen-units = 1",
        profile: "cgu1",
        how: "one unit: more inlining and dead-code removal",
        rustc: &[],
    },
    Rung {
        variant: SMALLEST_WITH_STD,
        profile: "abort",
        how: "+ `panic = \"abort\"`: no unwinding tables",
        rustc: &[],
    },
    Rung {
        variant: STATIC,
        profile: "static",
        how: "the rung above, linked statically: glibc inside, no dynamic loader",
        rustc: &["-C", "target-feature=+crt-static"],
    },
];
// ANCHOR_END: rungs

struct Program {
    name: &'static str,
    features: &'static [&'static str],
    /// Arguments for the startup run (servers set up and exit).
    args: &'static [&'static str],
    zig: Option<&'static str>,
    /// The Zig version compiles SQLite's C source too (the same amalgamation
    /// that rusqlite bundles), linking libc.
    zig_sqlite: bool,
}

const PROGRAMS: &[Program] = &[
    Program { name: "hello", features: &[], args: &[], zig: Some("hello.zig"), zig_sqlite: false },
    Program { name: "http_server", features: &[], args: &["--check"], zig: Some("http_server.zig"), zig_sqlite: false },
    Program {
        name: "json_sqlite_server",
        features: &["sqlite"],
        args: &["--check"],
        zig: Some("json_sqlite_server.zig"),
        zig_sqlite: true,
    },
];

/// A Zig build: `-O <mode>`, and `-fstrip` to drop symbols and debug info,
/// which Zig keeps in every mode but ReleaseSmall — so the stripped release
/// builds are the ones to set beside Rust's stripped rungs.
struct ZigMode {
    variant: &'static str,
    mode: &'static str,
    strip: bool,
}

const ZIG_MODES: &[ZigMode] = &[
    ZigMode { variant: "Debug", mode: "Debug", strip: false },
    ZigMode { variant: "ReleaseSafe", mode: "ReleaseSafe", strip: false },
    ZigMode { variant: "ReleaseSafe -fstrip", mode: "ReleaseSafe", strip: true },
    ZigMode { variant: "ReleaseFast", mode: "ReleaseFast", strip: false },
    ZigMode { variant: "ReleaseFast -fstrip", mode: "ReleaseFast", strip: true },
    ZigMode { variant: "ReleaseSmall", mode: "ReleaseSmall", strip: false },
];

/// Builds every program on every rung (and in Zig when there is one),
/// measures each, and saves the tables.
fn sizes(runs: usize) -> Result<(), String> {
    let programs = Path::new(CHAPTER).join("programs");
    let target = Path::new("target").join("size-ladder");
    let zig = Zig::find();
    let strace = Command::new("strace").arg("-V").output().is_ok_and(|out| out.status.success());
    let mut rows = Vec::new();
    for program in PROGRAMS {
        for rung in RUNGS {
            let mut build = cargo();
            build.args(["rustc", "--locked", "--quiet", "--manifest-path"]).arg(programs.join("Cargo.toml"));
            build.arg("--target-dir").arg(&target).args(["--profile", rung.profile, "--bin", program.name]);
            for feature in program.features {
                build.args(["--features", feature]);
            }
            if !rung.rustc.is_empty() {
                build.arg("--").args(rung.rustc);
            }
            let dir = if rung.profile == "dev" { "debug" } else { rung.profile };
            rows.push(measure_build(
                program,
                "Rust",
                rung.variant,
                rung.how,
                build,
                target.join(dir).join(program.name),
                runs,
                strace,
            ));
        }
        if program.name == "hello" {
            rows.extend(bare_hellos(&programs, &target, runs, strace));
            rows.push(immediate_abort_hello(&programs, &target, runs, strace));
            rows.extend(c_hellos(&programs, &target, runs, strace));
        }
        rows.extend(zig_builds(program, zig.as_ref(), &programs, &target, runs, strace));
    }
    rows.push(playground_wasm(&target));
    let command = format!("cargo xtask sizes --runs {runs}");
    let inside = inside_no_main(&programs, &target);
    let results =
        SizeResults { machine: Machine::detect(zig.as_ref().map(|z| z.version.clone())), command, runs, rows, inside };
    let dir = results_dir()?;
    write(dir.join("sizes.json"), &serde_json::to_string_pretty(&results).map_err(|e| e.to_string())?)?;
    write_size_views(&dir, &results)
}

/// One more rung, of the course itself: the book's playground (four
/// allocators, their pictures and a script reader) as the WebAssembly that
/// `cargo xtask book` builds, with the workspace's `wasm` profile. A browser
/// runs it, so it has no startup or system-call column.
fn playground_wasm(target: &Path) -> SizeRow {
    let (variant, how) = (
        "wasm32, opt-level = \"s\" + LTO + cgu=1 + panic=abort + strip",
        "the book's allocator playground (`cargo xtask book`): 5 allocators, no JavaScript glue",
    );
    println!("building the playground (wasm32-unknown-unknown)");
    let mut row = SizeRow::new("playground.wasm", "Rust", variant, how);
    let status = cargo()
        .args(["build", "--locked", "--quiet", "--package", "course-playground", "--lib"])
        .args(["--target", "wasm32-unknown-unknown", "--profile", "wasm", "--target-dir"])
        .arg(target)
        .status();
    match status {
        Ok(status) if status.success() => {
            let path = target.join("wasm32-unknown-unknown").join("wasm").join("playground.wasm");
            row.bytes = std::fs::metadata(path).ok().map(|meta| meta.len());
        }
        Ok(status) => {
            row.note = Some(format!("the build failed ({status}): `rustup target add wasm32-unknown-unknown`?"))
        }
        Err(error) => row.note = Some(format!("could not run the build: {error}")),
    }
    row
}

/// Hello world without Rust's `main`, and without std at all.
fn bare_hellos(programs: &Path, target: &Path, runs: usize, strace: bool) -> Vec<SizeRow> {
    let hello = &PROGRAMS[0];
    let mut no_main = cargo();
    no_main.args(["build", "--locked", "--quiet", "--manifest-path"]).arg(programs.join("Cargo.toml"));
    no_main.arg("--target-dir").arg(target).args(["--profile", "abort", "--bin", "hello_no_main"]);
    let mut no_std = cargo();
    no_std.args(["rustc", "--locked", "--quiet", "--manifest-path"]).arg(programs.join("Cargo.toml"));
    no_std.arg("--target-dir").arg(target).args(["--profile", "abort", "--bin", "hello_no_std", "--features", "bare"]);
    no_std.args(["--", "-C", "link-arg=-nostartfiles", "-C", "link-arg=-nostdlib", "-C", "link-arg=-static"]);
    no_std.args(["-C", "relocation-model=static"]);
    let bin = target.join("abort");
    vec![
        measure_build(
            hello,
            "Rust",
            NO_MAIN,
            "C's `main`, libc's `write`; std linked but unused",
            no_main,
            bin.join("hello_no_main"),
            runs,
            strace,
        ),
        measure_build(
            hello,
            "Rust",
            NO_STD,
            "no std, no libc: `_start`, `write` and `exit` as system calls",
            no_std,
            bin.join("hello_no_std"),
            runs,
            strace,
        ),
    ]
}

/// The smallest hello world with std, on nightly: std rebuilt from source
/// (`-Z build-std`) with the `immediate-abort` panic strategy, so that a
/// panic is a bare abort and std's panic message, formatting and backtrace
/// printing are not linked at all. (Until 2025 this was std's
/// `panic_immediate_abort` feature; it is a panic strategy now, and the
/// nightly's `core` refuses the old feature with a message saying so.) The nightly is the one the course pins for Miri
/// (`COURSE_NIGHTLY`, set by `cargo xtask sizes`), with its `rust-src`.
fn immediate_abort_hello(programs: &Path, target: &Path, runs: usize, strace: bool) -> SizeRow {
    let hello = &PROGRAMS[0];
    let how = "nightly: std rebuilt (`-Z build-std`), `-C panic=immediate-abort`";
    let Ok(nightly) = std::env::var("COURSE_NIGHTLY") else {
        let note = Some("run through `cargo xtask sizes`, which names the nightly".to_string());
        return SizeRow { note, ..SizeRow::new(hello.name, "Rust", IMMEDIATE_ABORT, how) };
    };
    let triple = host_triple();
    let dir = target.join("build-std");
    let mut build = Command::new("cargo");
    build.env_remove("RUSTUP_TOOLCHAIN").env_remove("CARGO").env_remove("RUSTC");
    build.arg(format!("+{nightly}")).args(["build", "--locked", "--quiet", "--manifest-path"]);
    build.arg(programs.join("Cargo.toml")).arg("--target-dir").arg(&dir);
    build.args(["--profile", "abort", "--bin", "hello", "--target", &triple]);
    build.args(["-Z", "build-std=std,panic_abort"]);
    // After the profile's `-C panic=abort` on rustc's command line: the last one counts.
    build.env("RUSTFLAGS", "-Zunstable-options -Cpanic=immediate-abort");
    let path = dir.join(&triple).join("abort").join(hello.name);
    measure_build(hello, "Rust", IMMEDIATE_ABORT, how, build, path, runs, strace)
}

/// The machine's target triple, as rustc names it (`x86_64-unknown-linux-gnu`).
fn host_triple() -> String {
    let output = Command::new("rustc").arg("-vV").output().map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    output
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .unwrap_or("x86_64-unknown-linux-gnu")
        .to_string()
}

/// What the `#![no_main]` hello world links: its `abort` rung rebuilt with
/// the symbol table kept, read by `nm`, summed per crate.
fn inside_no_main(programs: &Path, target: &Path) -> Inside {
    let mut build = cargo();
    build.args(["build", "--locked", "--quiet", "--manifest-path"]).arg(programs.join("Cargo.toml"));
    build.arg("--target-dir").arg(target).args(["--profile", "symbols", "--bin", "hello_no_main"]);
    let path = target.join("symbols").join("hello_no_main");
    let built = build.status().is_ok_and(|status| status.success());
    let nm = Command::new("nm").args(["--print-size", "--demangle"]).arg(&path).output();
    match nm {
        Ok(output) if built && output.status.success() => Inside {
            build: NO_MAIN.to_string(),
            crates: real_world::ladder::sizes_per_crate(&String::from_utf8_lossy(&output.stdout)),
        },
        _ => Inside::default(),
    }
}

/// Hello world in C with glibc, dynamic and static: what the C library
/// itself costs, as a reference for both languages.
fn c_hellos(programs: &Path, target: &Path, runs: usize, strace: bool) -> Vec<SizeRow> {
    let hello = &PROGRAMS[0];
    let dir = target.join("c");
    let _ = std::fs::create_dir_all(&dir);
    [
        ("cc -O2 -s", "hello_dynamic", &["-O2", "-s"][..]),
        ("cc -O2 -s -static", "hello_static", &["-O2", "-s", "-static"]),
    ]
    .into_iter()
    .map(|(variant, name, flags)| {
        let mut build = Command::new("cc");
        build.args(flags).arg("-o").arg(dir.join(name)).arg(programs.join("c").join("hello.c"));
        let how = if name.ends_with("static") { "glibc linked in" } else { "glibc as a shared library" };
        measure_build(hello, "C", variant, how, build, dir.join(name), runs, strace)
    })
    .collect()
}

/// The Zig compiler, when there is one: `zig` on PATH, else the PyPI
/// package (`pip install ziglang`, run as `python3 -m ziglang`).
struct Zig {
    command: Vec<String>,
    version: String,
}

impl Zig {
    fn find() -> Option<Zig> {
        let candidates = [vec!["zig".to_string()], vec!["python3".into(), "-m".into(), "ziglang".into()]];
        candidates.into_iter().find_map(|command| {
            let output = Command::new(&command[0]).args(&command[1..]).arg("version").output().ok()?;
            let version = String::from_utf8_lossy(&output.stdout).trim().to_string();
            (output.status.success() && !version.is_empty()).then_some(Zig { command, version })
        })
    }
}

fn zig_builds(
    program: &Program,
    zig: Option<&Zig>,
    programs: &Path,
    target: &Path,
    runs: usize,
    strace: bool,
) -> Vec<SizeRow> {
    let missing = |note: &str| {
        ZIG_MODES
            .iter()
            .map(|zig| SizeRow {
                note: Some(note.to_string()),
                ..SizeRow::new(program.name, "Zig", zig.variant, &zig_how(zig))
            })
            .collect::<Vec<_>>()
    };
    let Some(source) = program.zig else {
        return missing("no Zig version of this program in the course yet");
    };
    let Some(zig) = zig else {
        return missing("no Zig compiler found (`zig`, or `pip install ziglang`)");
    };
    let sqlite = if program.zig_sqlite {
        match sqlite_source(programs) {
            Some(dir) => Some(dir),
            None => return missing("SQLite's C source not found (build the Rust version first)"),
        }
    } else {
        None
    };
    ZIG_MODES
        .iter()
        .map(|mode| {
            let folder = if mode.strip { format!("{}-strip", mode.mode) } else { mode.mode.to_string() };
            let out = target.join("zig").join(folder).join(program.name);
            let mut build = Command::new(&zig.command[0]);
            build.args(&zig.command[1..]).args(["build-exe", "-O", mode.mode]).arg(programs.join("zig").join(source));
            if mode.strip {
                build.arg("-fstrip");
            }
            if let Some(dir) = &sqlite {
                build.arg(dir.join("sqlite3.c")).arg(format!("-I{}", dir.display())).arg("-lc");
            }
            build.arg(format!("-femit-bin={}", out.display()));
            build.arg("--cache-dir").arg(target.join("zig-cache"));
            build.arg("--global-cache-dir").arg(target.join("zig-global-cache"));
            if let Some(parent) = out.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            measure_build(program, "Zig", mode.variant, &zig_how(mode), build, out, runs, strace)
        })
        .collect()
}

fn zig_how(mode: &ZigMode) -> String {
    let strip = if mode.strip { " -fstrip`: no symbols, no debug info" } else { "`" };
    format!("`zig build-exe -O {}{strip}", mode.mode)
}

/// The folder with `sqlite3.c` in the `libsqlite3-sys` crate that the Rust
/// server's build downloaded (found through `cargo metadata`).
fn sqlite_source(programs: &Path) -> Option<PathBuf> {
    let output = cargo()
        .args(["metadata", "--locked", "--format-version", "1", "--features", "sqlite", "--manifest-path"])
        .arg(programs.join("Cargo.toml"))
        .output()
        .ok()?;
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
    let package = metadata["packages"].as_array()?.iter().find(|p| p["name"] == "libsqlite3-sys")?;
    let dir = Path::new(package["manifest_path"].as_str()?).parent()?.join("sqlite3");
    dir.join("sqlite3.c").is_file().then_some(dir)
}

// ANCHOR: measure
/// Builds with `build`, then measures the binary at `path`: its size, the
/// median time of `runs` runs, and its system calls under strace.
#[allow(clippy::too_many_arguments)] // one call site per kind of build; a struct would only rename them
fn measure_build(
    program: &Program,
    language: &str,
    variant: &str,
    how: &str,
    mut build: Command,
    path: PathBuf,
    runs: usize,
    strace: bool,
) -> SizeRow {
    println!("building {language} {} ({variant})", program.name);
    let mut row = SizeRow::new(program.name, language, variant, how);
    match build.status() {
        Ok(status) if status.success() => {}
        Ok(status) => {
            row.note = Some(format!("the build failed ({status})"));
            return row;
        }
        Err(error) => {
            row.note = Some(format!("could not run the build: {error}"));
            return row;
        }
    }
    row.bytes = std::fs::metadata(&path).ok().map(|meta| meta.len());
    row.startup_us = startup_median(&path, program.args, runs);
    row.syscalls = if strace { count_syscalls(&path, program.args) } else { None };
    row
}

/// Median wall time of `runs` runs, in microseconds. Every measured run
/// gets an empty environment: `cargo run` (which started this tool) sets
/// `LD_LIBRARY_PATH`, and the dynamic loader would search every folder in it
/// for libc — hundreds of extra system calls that a user's run does not make.
fn startup_median(path: &Path, args: &[&str], runs: usize) -> Option<f64> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let status =
            Command::new(path).args(args).env_clear().stdout(Stdio::null()).stderr(Stdio::null()).status().ok()?;
        times.push(started.elapsed().as_secs_f64() * 1e6);
        if !status.success() {
            return None;
        }
    }
    times.sort_by(f64::total_cmp);
    Some(times[times.len() / 2])
}

/// System calls of one run, counted from `strace -f` output (one line each).
fn count_syscalls(path: &Path, args: &[&str]) -> Option<u64> {
    let log = std::env::temp_dir().join(format!("size-ladder-strace-{}.txt", std::process::id()));
    let status = Command::new("strace")
        .env_clear()
        .args(["-f", "-qq", "-o"])
        .arg(&log)
        .arg(path)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    let text = std::fs::read_to_string(&log).ok()?;
    let _ = std::fs::remove_file(&log);
    status.success().then(|| real_world::ladder::count_strace_calls(&text))
}
// ANCHOR_END: measure
