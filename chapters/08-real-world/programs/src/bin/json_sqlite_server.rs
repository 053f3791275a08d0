//! A small JSON API over SQLite: `GET /items` lists the items as JSON,
//! `POST /items` with `{"name": "..."}` adds one. std::net for HTTP,
//! serde_json for JSON, rusqlite with SQLite compiled in (bundled).
//! `--check` opens the database, creates the table, binds a free port and
//! exits (that is what the startup measurement runs); `--requests N` serves
//! N requests on a free port, then exits (a bounded load test). Built with
//! `--features trace`, `--trace FILE` writes every allocation of the Rust
//! side from the first request on to FILE, in the format of lesson 08's
//! `src/trace.rs` (lesson 09's fragmentation lab replays it).
use rusqlite::Connection;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let check = args.iter().any(|arg| arg == "--check");
    let limit: Option<usize> =
        args.iter().position(|arg| arg == "--requests").and_then(|i| args.get(i + 1)?.parse().ok());
    let db = Connection::open_in_memory()?;
    db.execute_batch("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")?;
    let listener = TcpListener::bind(("127.0.0.1", if check || limit.is_some() { 0 } else { 8080 }))?;
    if check {
        return Ok(());
    }
    let trace_file = args.iter().position(|arg| arg == "--trace").and_then(|i| args.get(i + 1));
    if cfg!(not(feature = "trace")) && trace_file.is_some() {
        return Err("--trace needs the `trace` feature".into());
    }
    println!("listening on http://{}", listener.local_addr()?);
    #[cfg(feature = "trace")]
    if trace_file.is_some() {
        RECORDER.start();
    }
    for stream in listener.incoming().take(limit.unwrap_or(usize::MAX)) {
        if let Err(error) = serve(&db, stream?) {
            eprintln!("request failed: {error}");
        }
    }
    #[cfg(feature = "trace")]
    if let Some(file) = trace_file {
        save_trace(file)?;
    }
    #[cfg(feature = "thread-caching")]
    println!("thread_caching: {} slabs mapped", thread_caching::HEAP.slabs());
    Ok(())
}

/// Lesson 09 runs this server on its own allocator (`--features thread-caching`).
/// SQLite's own memory comes from C's `malloc`, not from Rust's allocator.
#[cfg(feature = "thread-caching")]
#[global_allocator]
static GLOBAL: thread_caching::ThreadCachingAllocator = thread_caching::ThreadCachingAllocator;

/// The fragmentation lab's recorder (`--features trace`): `System`, plus a
/// log of every call. SQLite's own memory comes from C's `malloc` and is
/// not in it.
#[cfg(feature = "trace")]
#[allow(dead_code)] // the server uses the recording half of the module
#[path = "../../../src/trace.rs"]
mod trace;

#[cfg(feature = "trace")]
#[global_allocator]
static RECORDER: trace::Recorder = trace::Recorder::new();

/// Stops the log and writes it as a trace, as `record_trace` does.
#[cfg(feature = "trace")]
fn save_trace(file: &str) -> Result<(), Box<dyn std::error::Error>> {
    // SAFETY: the server has one thread, and it is here.
    let (events, dropped) = unsafe { RECORDER.stop() };
    let trace = trace::Trace::from_events(&events);
    if dropped > 0 || trace.inconsistent > 0 {
        return Err(format!("{dropped} calls did not fit, {} were inconsistent", trace.inconsistent).into());
    }
    std::fs::write(file, trace.to_bytes())?;
    println!(
        "server: {} calls, {} blocks, {} frees of older blocks skipped",
        trace.ops.len(),
        trace.blocks(),
        trace.foreign
    );
    Ok(())
}

fn serve(db: &Connection, mut stream: TcpStream) -> Result<(), Box<dyn std::error::Error>> {
    let mut buffer = [0; 8192];
    let len = stream.read(&mut buffer)?;
    let request = std::str::from_utf8(&buffer[..len])?;
    let body = request.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    let (status, reply) = if request.starts_with("GET /items ") {
        let mut query = db.prepare("SELECT id, name FROM items ORDER BY id")?;
        let items: Vec<Value> = query
            .query_map([], |row| Ok(json!({ "id": row.get::<_, i64>(0)?, "name": row.get::<_, String>(1)? })))?
            .collect::<Result<_, _>>()?;
        ("200 OK", Value::Array(items))
    } else if request.starts_with("POST /items ") {
        let item: Value = serde_json::from_str(body)?;
        let name = item["name"].as_str().ok_or("no name")?;
        db.execute("INSERT INTO items (name) VALUES (?1)", [name])?;
        ("201 Created", json!({ "id": db.last_insert_rowid(), "name": name }))
    } else {
        ("404 Not Found", json!({ "error": "not found" }))
    };
    let reply = reply.to_string();
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
        reply.len()
    )?;
    Ok(())
}
