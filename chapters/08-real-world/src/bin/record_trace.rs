//! Records the allocation trace of a real program: `record_trace <workload>
//! <file>` runs the workload with [`Recorder`] as the global allocator and
//! writes what it asked for (`cargo xtask fragmentation` runs each).
//!
//! - `json`: serde_json parses a 4 MB document three times; each round
//!   keeps one record in eight and drops the rest — the long-lived few
//!   among the short-lived many that fragments a heap.
//! - `index`: a word index over the book's pages (a `HashMap` of `String`
//!   to `Vec`), sorted, printed, and half of it dropped.
//! - `render`: lesson 08's own `measure render` — the saved shoot-out read
//!   with serde and drawn with plotters.
//! - `server`: lesson 08's JSON + SQLite server under a load of 2,000
//!   requests, four in five adding an item and one in five listing them
//!   all. The server records itself (its `trace` feature, which `cargo
//!   xtask fragmentation` builds); this program is its client.

use real_world::shootout::BenchResults;
use real_world::trace::{Recorder, Trace};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::process::ExitCode;

#[global_allocator]
static RECORDER: Recorder = Recorder::new();

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload, file] = &args[..] else {
        eprintln!("usage: record_trace json|index|render|server <file>");
        return ExitCode::from(2);
    };
    if workload == "server" {
        return load_server(file);
    }
    let work: fn() -> usize = match workload.as_str() {
        "json" => json_rounds,
        "index" => word_index,
        "render" => render_results,
        other => {
            eprintln!("no workload `{other}` (json, index, render, server)");
            return ExitCode::from(2);
        }
    };
    RECORDER.start();
    let answer = std::hint::black_box(work());
    // SAFETY: the workloads run on this thread alone.
    let (events, dropped) = unsafe { RECORDER.stop() };
    let trace = Trace::from_events(&events);
    if dropped > 0 || trace.inconsistent > 0 {
        eprintln!("{workload}: {dropped} calls did not fit, {} were inconsistent", trace.inconsistent);
        return ExitCode::FAILURE;
    }
    if let Err(e) = std::fs::write(file, trace.to_bytes()) {
        eprintln!("cannot write {file}: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "{workload}: {} calls, {} blocks, {} frees of older blocks skipped (result {answer})",
        trace.ops.len(),
        trace.blocks(),
        trace.foreign
    );
    ExitCode::SUCCESS
}

/// A pseudo-random but fixed document: the same trace on every run.
fn document(records: usize) -> String {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let words = ["arena", "slab", "page", "bump", "free", "list", "cache", "class", "heap", "block"];
    let items: Vec<Value> = (0..records)
        .map(|i| {
            let tags: Vec<&str> = (0..next() % 6).map(|_| words[(next() % 10) as usize]).collect();
            let name: String =
                (0..3 + next() % 12).map(|_| words[(next() % 10) as usize]).collect::<Vec<_>>().join("-");
            json!({
                "id": i,
                "name": name,
                "score": (next() % 10_000) as f64 / 100.0,
                "tags": tags,
                "history": (0..next() % 20).map(|_| next() % 1000).collect::<Vec<_>>(),
                "owner": { "login": words[(next() % 10) as usize], "active": next() % 2 == 0 },
            })
        })
        .collect();
    serde_json::to_string(&items).expect("a Value serialises")
}

fn json_rounds() -> usize {
    let text = document(16_000);
    let mut kept: Vec<Value> = Vec::new();
    for round in 0..3 {
        let Value::Array(records) = serde_json::from_str::<Value>(&text).expect("our own JSON parses") else {
            unreachable!("the document is an array")
        };
        kept.extend(records.into_iter().skip(round).step_by(8));
        let summary = serde_json::to_string_pretty(&kept).expect("serialises");
        std::hint::black_box(summary.len());
    }
    kept.len()
}

fn word_index() -> usize {
    let mut pages: Vec<(String, String)> = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from("book/src")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                pages.push((path.display().to_string(), text));
            }
        }
    }
    assert!(!pages.is_empty(), "run from the course root: no book/src pages found");
    let mut index: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (page, (_, text)) in pages.iter().enumerate() {
        for (line, words) in text.lines().enumerate() {
            for word in words.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 2) {
                index.entry(word.to_lowercase()).or_default().push((page, line));
            }
        }
    }
    let mut sorted: Vec<(&String, &Vec<(usize, usize)>)> = index.iter().collect();
    sorted.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let listing: String = sorted.iter().take(500).map(|(word, uses)| format!("{word}: {}\n", uses.len())).collect();
    drop(sorted);
    index.retain(|word, _| word.len() % 2 == 0);
    listing.len() + index.len()
}

fn render_results() -> usize {
    let json = std::fs::read_to_string("chapters/08-real-world/results/bench.json").expect("run from the course root");
    let results: BenchResults = serde_json::from_str(&json).expect("results/bench.json parses");
    let mut total = 0;
    for _ in 0..3 {
        total += results.to_markdown().len() + results.to_csv().len() + results.against_zig_markdown().len();
        total += results.chart_svg().expect("the chart draws").len();
    }
    total
}

/// The server `cargo xtask fragmentation` builds with its `trace` feature.
const SERVER: &str = "target/programs/release/json_sqlite_server";

/// Requests the server gets: every fifth lists all items, the rest add one.
const REQUESTS: usize = 2_000;

/// Starts the server with `--trace file`, sends it its requests one after
/// another (the same trace every run), and waits for it to write the trace.
fn load_server(file: &str) -> ExitCode {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::{Command, Stdio};
    let server = Command::new(SERVER)
        .args(["--requests", &REQUESTS.to_string(), "--trace", file])
        .stdout(Stdio::piped())
        .spawn();
    let mut server = match server {
        Ok(server) => server,
        Err(e) => {
            eprintln!("{SERVER}: {e} (`cargo xtask fragmentation` builds it)");
            return ExitCode::FAILURE;
        }
    };
    let mut lines = BufReader::new(server.stdout.take().expect("piped"));
    let mut first = String::new();
    let _ = lines.read_line(&mut first);
    let Some(address) = first.trim().strip_prefix("listening on http://").map(str::to_string) else {
        eprintln!("the server said {first:?}");
        let _ = server.kill();
        return ExitCode::FAILURE;
    };
    for n in 0..REQUESTS {
        let request = if n % 5 == 4 {
            "GET /items HTTP/1.1\r\nHost: lab\r\n\r\n".to_string()
        } else {
            // Names of 8 to 100 bytes: several size classes.
            let body = format!("{{\"name\": \"item {n} {}\"}}", "x".repeat(n * 37 % 93));
            format!("POST /items HTTP/1.1\r\nHost: lab\r\nContent-Length: {}\r\n\r\n{body}", body.len())
        };
        let reply = std::net::TcpStream::connect(&address).and_then(|mut stream| {
            stream.write_all(request.as_bytes())?; // one write: the server reads once
            let mut reply = String::new();
            stream.read_to_string(&mut reply)?;
            Ok(reply)
        });
        match reply {
            Ok(reply) if reply.starts_with("HTTP/1.1 20") => {}
            other => {
                eprintln!("request {n}: {other:?}");
                let _ = server.kill();
                return ExitCode::FAILURE;
            }
        }
    }
    let mut rest = String::new();
    let _ = lines.read_to_string(&mut rest);
    print!("{rest}");
    match server.wait() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        other => {
            eprintln!("the server ended with {other:?}");
            ExitCode::FAILURE
        }
    }
}
