//! Where a measurement was taken: numbers without their machine and
//! toolchain are not worth much.

use serde::{Deserialize, Serialize};
use std::process::Command;

/// The machine and tools a result was measured with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// CPU model, from `/proc/cpuinfo` where there is one.
    pub cpu: String,
    /// Logical cores available to this process.
    pub cores: usize,
    /// Operating system and architecture, e.g. `linux x86_64`.
    pub os: String,
    /// `rustc --version` of the toolchain that built the programs.
    pub rustc: String,
    /// `zig version`, when a Zig compiler took part.
    pub zig: Option<String>,
}

impl Machine {
    /// This machine, with `rustc` asked for its version.
    pub fn detect(zig: Option<String>) -> Machine {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find(|line| line.starts_with("model name"))
                    .and_then(|line| line.split_once(':'))
                    .map(|(_, model)| model.split_whitespace().collect::<Vec<_>>().join(" "))
            })
            .unwrap_or_else(|| "unknown CPU".to_string());
        let rustc = Command::new("rustc")
            .arg("--version")
            .output()
            .ok()
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .unwrap_or_else(|| "rustc (version unknown)".to_string());
        Machine {
            cpu,
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
            rustc,
            zig,
        }
    }

    /// One line for the top of a results page.
    pub fn describe(&self) -> String {
        let zig = self.zig.as_deref().map_or(String::new(), |zig| format!(", Zig {zig}"));
        format!("{} ({} cores), {}, {}{zig}", self.cpu, self.cores, self.os, self.rustc)
    }
}
