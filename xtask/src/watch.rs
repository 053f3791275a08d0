//! `cargo xtask watch`: verify again whenever an exercise file is saved.

use crate::course::Course;
use crate::{Context, Error, verify};
use notify::{RecursiveMode, Watcher};
use std::sync::mpsc;
use std::time::Duration;

/// Runs until interrupted (Ctrl-C).
pub fn watch(course: &Course) -> Result<i32, Error> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && event.kind.is_modify() | event.kind.is_create()
            && event.paths.iter().any(|p| p.extension().is_some_and(|e| e == "rs"))
        {
            let _ = tx.send(());
        }
    })
    .context("cannot watch files")?;
    watcher.watch(&course.root.join("exercises"), RecursiveMode::Recursive).context("cannot watch exercises/")?;
    loop {
        // Clear the screen, like rustlings, so the newest result is all you see.
        print!("\u{1b}[2J\u{1b}[H");
        if verify::verify(course, None, None)? == 0 {
            return Ok(0);
        }
        println!("\nWatching exercises/ — save a file to check again (Ctrl-C to stop).");
        rx.recv().map_err(|_| Error::new("file watcher stopped"))?;
        // Editors save in bursts (write, rename, chmod): wait for quiet.
        while rx.recv_timeout(Duration::from_millis(200)).is_ok() {}
    }
}
