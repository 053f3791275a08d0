//! Running a test binary as a child process: a deadline, a process group
//! that is killed whole, and output kept even when the run is cut short.

use crate::{Context, Error};
use std::io::Read;
use std::process::Command;
use std::time::{Duration, Instant};

/// How a command run by [`run_with_timeout`] ended.
pub struct Finished {
    /// Its standard output and error, as far as they were read.
    pub output: String,
    pub success: bool,
    pub timed_out: bool,
    /// The signal that killed it (a crash: SIGSEGV, SIGABRT, …), if any.
    pub signal: Option<i32>,
}

/// How long output may keep coming after the command itself exited: a
/// process it started and left running holds the pipe open.
const LINGER: Duration = Duration::from_secs(2);

/// Runs `cmd` in its own process group, killing the group after `timeout`
/// (or when something it started lingers after it exited). The output read
/// so far is kept either way, so a report can say which test hung.
pub fn run_with_timeout(mut cmd: Command, timeout: Duration) -> Result<Finished, Error> {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::sync::{Arc, Mutex};
    let (mut reader, writer) = std::io::pipe().context("cannot make a pipe")?;
    let writer2 = writer.try_clone().context("cannot make a pipe")?;
    cmd.stdout(writer).stderr(writer2).process_group(0);
    let mut child = cmd.spawn().with_context(|| format!("cannot run {:?}", cmd.get_program()))?;
    // The command holds the only write ends now; read until they close.
    drop(cmd);
    let output = Arc::new(Mutex::new(Vec::new()));
    let collector = {
        let output = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut chunk) {
                output.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(&chunk[..n]);
            }
        })
    };
    let kill_group = |id: u32| {
        // The whole group: trybuild's cargo and rustc too, and anything the tests started.
        let _ = Command::new("kill").args(["-s", "KILL", "--", &format!("-{id}")]).status();
    };
    let started = Instant::now();
    let (status, timed_out) = loop {
        if let Some(status) = child.try_wait().context("waiting for a test binary")? {
            break (status, false);
        }
        if started.elapsed() > timeout {
            kill_group(child.id());
            break (child.wait().context("waiting for a test binary")?, true);
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let exited = Instant::now();
    while !collector.is_finished() && exited.elapsed() < LINGER {
        std::thread::sleep(Duration::from_millis(10));
    }
    if !collector.is_finished() {
        // Something the tests started still holds the pipe: stop it.
        kill_group(child.id());
    }
    let bytes = std::mem::take(&mut *output.lock().unwrap_or_else(|e| e.into_inner()));
    Ok(Finished {
        output: String::from_utf8_lossy(&bytes).into_owned(),
        success: status.success() && !timed_out,
        timed_out,
        signal: if timed_out { None } else { status.signal() },
    })
}

/// What a signal that killed a test binary usually means, for a learner.
pub fn signal_meaning(signal: i32) -> String {
    let (name, meaning) = match signal {
        6 => ("SIGABRT", "the program aborted: a panic while panicking, or the C library caught a double free"),
        7 => ("SIGBUS", "a misaligned or unmapped memory access"),
        11 => (
            "SIGSEGV",
            "a crash: memory that is not mapped was read or written (a dangling pointer, a write past a buffer?)",
        ),
        4 => ("SIGILL", "an illegal instruction: often Rust's abort after undefined behaviour was detected"),
        9 => ("SIGKILL", "killed from outside (out of memory?)"),
        _ => ("a signal", "the program was killed"),
    };
    format!("the test binary was killed by {name} ({signal}): {meaning}")
}
