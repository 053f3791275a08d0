//! A minimal HTTP server on std::net: answers every request with
//! "Hello, world!". `--check` binds a free port and exits at once (that is
//! what the startup measurement runs).
use std::io::{Read, Write};
use std::net::TcpListener;

const RESPONSE: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n\r\nHello, world!";

fn main() -> std::io::Result<()> {
    let check = std::env::args().any(|arg| arg == "--check");
    let listener = TcpListener::bind(("127.0.0.1", if check { 0 } else { 8080 }))?;
    if check {
        return Ok(());
    }
    println!("listening on http://{}", listener.local_addr()?);
    for stream in listener.incoming() {
        let mut stream = stream?;
        let mut request = [0; 4096];
        let _ = stream.read(&mut request)?;
        stream.write_all(RESPONSE)?;
    }
    Ok(())
}
