//! Lesson 08's two servers, built with this lesson's allocator as their
//! `#[global_allocator]` (`programs/`'s `thread-caching` feature), under a
//! bounded local load: clients on several threads, every answer checked,
//! and the server's own report that its memory came from the heap's slabs.

#![cfg(not(miri))] // starts processes and opens sockets

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

const CLIENTS: usize = 4;

/// Builds both servers once per test run (SQLite is compiled in: the first
/// build takes a while), in a target directory of their own.
fn server(name: &str) -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    let dir = BUILT.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let target = root.join("target").join("servers");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--locked", "--quiet", "--manifest-path"])
            .arg(root.join("chapters/08-real-world/programs/Cargo.toml"))
            .args(["--features", "thread-caching sqlite", "--bin", "http_server", "--bin", "json_sqlite_server"])
            .arg("--target-dir")
            .arg(&target)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the servers failed");
        target.join("debug")
    });
    dir.join(name)
}

/// A server process, killed if the test fails before it exits by itself.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `name` for `requests` requests; returns it and its address.
fn start(name: &str, requests: usize) -> (Server, String, BufReader<std::process::ChildStdout>) {
    let mut child = Command::new(server(name))
        .args(["--requests", &requests.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut out = BufReader::new(child.stdout.take().expect("piped"));
    let mut line = String::new();
    out.read_line(&mut line).expect("the server says where it listens");
    let address = line.trim().strip_prefix("listening on http://").expect("a listening line").to_string();
    (Server(child), address, out)
}

/// One request on its own connection (the servers close each one).
fn request(address: &str, method: &str, path: &str, body: &str) -> (String, String) {
    let mut stream = TcpStream::connect(address).expect("the server accepts");
    // One write: the servers read a request with a single `read`.
    let text = format!("{method} {path} HTTP/1.1\r\nHost: test\r\nContent-Length: {}\r\n\r\n{body}", body.len());
    stream.write_all(text.as_bytes()).expect("the request is sent");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("a reply");
    let (head, body) = reply.split_once("\r\n\r\n").expect("a head and a body");
    (head.lines().next().unwrap_or("").to_string(), body.to_string())
}

/// Waits for the server to exit and returns what it said last.
fn finish(mut server: Server, mut out: BufReader<std::process::ChildStdout>) -> String {
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    assert!(server.0.wait().unwrap().success(), "the server exits cleanly: {rest}");
    rest
}

fn slabs_reported(report: &str) -> usize {
    let line = report.lines().find(|l| l.starts_with("thread_caching:")).expect("the allocator's report");
    line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a number of slabs")
}

#[test]
fn the_http_server_runs_on_this_allocator() {
    let per_client = 50;
    let (child, address, out) = start("http_server", CLIENTS * per_client);
    std::thread::scope(|scope| {
        for _ in 0..CLIENTS {
            scope.spawn(|| {
                for _ in 0..per_client {
                    let (status, body) = request(&address, "GET", "/", "");
                    assert_eq!((status.as_str(), body.as_str()), ("HTTP/1.1 200 OK", "Hello, world!"));
                }
            });
        }
    });
    assert!(slabs_reported(&finish(child, out)) >= 1, "its blocks came from the heap's slabs");
}

#[test]
fn the_json_sqlite_server_runs_on_this_allocator() {
    let per_client = 40;
    // Every client adds its items, then one request reads them all back.
    let (child, address, out) = start("json_sqlite_server", CLIENTS * per_client + 2);
    std::thread::scope(|scope| {
        for client in 0..CLIENTS {
            let address = &address;
            scope.spawn(move || {
                for i in 0..per_client {
                    let name = format!("client {client} item {i} {}", "x".repeat(i * 7));
                    let (status, body) = request(address, "POST", "/items", &format!(r#"{{"name": "{name}"}}"#));
                    assert_eq!(status, "HTTP/1.1 201 Created");
                    assert!(body.contains(&name), "{body}");
                }
            });
        }
    });
    let (status, body) = request(&address, "GET", "/items", "");
    assert_eq!(status, "HTTP/1.1 200 OK");
    for client in 0..CLIENTS {
        for i in 0..per_client {
            let name = format!("client {client} item {i} {}", "x".repeat(i * 7));
            assert!(body.contains(&format!(r#""name":"{name}""#)), "item {client}/{i} is listed");
        }
    }
    assert_eq!(body.matches(r#""id":"#).count(), CLIENTS * per_client);
    let (status, _) = request(&address, "GET", "/nothing", "");
    assert_eq!(status, "HTTP/1.1 404 Not Found");
    assert!(slabs_reported(&finish(child, out)) >= 1, "its blocks came from the heap's slabs");
}
