//! A minimal HTTP server on std::net: answers every request with
//! "Hello, world!". `--check` binds a free port and exits at once (that is
//! what the startup measurement runs); `--requests N` serves N requests on
//! a free port, then exits (a bounded load test).
use std::io::{Read, Write};
use std::net::TcpListener;

const RESPONSE: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n\r\nHello, world!";

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let check = args.iter().any(|arg| arg == "--check");
    let limit: Option<usize> =
        args.iter().position(|arg| arg == "--requests").and_then(|i| args.get(i + 1)?.parse().ok());
    let listener = TcpListener::bind(("127.0.0.1", if check || limit.is_some() { 0 } else { 8080 }))?;
    if check {
        return Ok(());
    }
    println!("listening on http://{}", listener.local_addr()?);
    for stream in listener.incoming().take(limit.unwrap_or(usize::MAX)) {
        let mut stream = stream?;
        let mut request = [0; 4096];
        let _ = stream.read(&mut request)?;
        stream.write_all(RESPONSE)?;
    }
    #[cfg(feature = "thread-caching")]
    println!("thread_caching: {} slabs mapped", thread_caching::HEAP.slabs());
    Ok(())
}

/// Lesson 09 runs this server on its own allocator (`--features thread-caching`).
#[cfg(feature = "thread-caching")]
#[global_allocator]
static GLOBAL: thread_caching::ThreadCachingAllocator = thread_caching::ThreadCachingAllocator;
