//! What a full `check` needs besides the pinned toolchain, installed when
//! missing, so that on a fresh machine the README's two commands are the
//! whole set-up. rustup installs the pinned toolchain and its components by
//! itself (rust-toolchain.toml); mdBook and the browser check's Node packages
//! are installed by the book step. Only Chromium needs root: its step names
//! the command.

use crate::{Context, Error};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The nightly Miri runs on, pinned like the stable toolchain: a new nightly
/// may change what Miri reports, or ship without Miri.
pub const MIRI_TOOLCHAIN: &str = "nightly-2026-10-30";

/// One thing a check needs: whether it is there, and how to get it.
struct Need {
    what: String,
    present: bool,
    install: Vec<Vec<String>>,
}

/// Installs a compilation target (the bare-metal one for `no_std` lessons,
/// WebAssembly for the book's playground) and Miri (if `miri`) where
/// missing; what it installed, one line each.
pub fn ensure(root: &Path, target: Option<&str>, miri: bool) -> Result<Vec<String>, Error> {
    let mut needs = Vec::new();
    if let Some(target) = target {
        let installed = rustup(root, &["target", "list", "--installed"])?;
        needs.push(Need {
            what: format!("the {target} target"),
            present: installed.lines().any(|line| line.trim() == target),
            install: vec![args(&["rustup", "target", "add", target])],
        });
    }
    if miri {
        let components =
            rustup(root, &["component", "list", "--installed", "--toolchain", MIRI_TOOLCHAIN]).unwrap_or_default();
        let has = |name: &str| components.lines().any(|line| line.starts_with(name));
        needs.push(Need {
            what: format!("Miri ({MIRI_TOOLCHAIN})"),
            present: has("miri") && has("rust-src"),
            install: vec![
                args(&["rustup", "toolchain", "install", MIRI_TOOLCHAIN, "--profile", "minimal"]),
                args(&["rustup", "component", "add", "miri", "rust-src", "--toolchain", MIRI_TOOLCHAIN]),
            ],
        });
    }
    let mut installed = Vec::new();
    for need in needs.into_iter().filter(|n| !n.present) {
        for command in &need.install {
            println!("  installing {}: {}", need.what, command.join(" "));
            let status = Command::new(&command[0])
                .args(&command[1..])
                .current_dir(root)
                .env_remove("RUSTUP_TOOLCHAIN")
                .status()
                .with_context(|| format!("cannot run {}", command[0]))?;
            if !status.success() {
                return Err(Error::new(format!(
                    "could not install {} (no network?): run `{}` yourself",
                    need.what,
                    command.join(" ")
                )));
            }
        }
        installed.push(need.what);
    }
    if miri {
        // Builds Miri's own standard library once (quiet when it is built).
        let status = cargo_miri(root).arg("setup").output().context("cannot run cargo miri setup")?;
        if !status.status.success() {
            return Err(Error::new(format!(
                "`cargo +{MIRI_TOOLCHAIN} miri setup` failed:\n{}",
                String::from_utf8_lossy(&status.stderr).trim()
            )));
        }
    }
    Ok(installed)
}

/// `cargo +<MIRI_TOOLCHAIN> miri`, run in the course root with the sysroot
/// below: the one way every Miri command of `check` starts. Through rustup's
/// `cargo`, not this process's pinned `$CARGO`, so that `+<toolchain>` picks
/// the pinned nightly.
pub fn cargo_miri(root: &Path) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.current_dir(root).env_remove("RUSTUP_TOOLCHAIN").env_remove("CARGO").env_remove("RUSTC");
    cmd.env("MIRI_SYSROOT", miri_sysroot(root));
    cmd.args([&format!("+{MIRI_TOOLCHAIN}"), "miri"]);
    cmd
}

/// Where Miri's standard library for [`MIRI_TOOLCHAIN`] is built: in the
/// course's target folder, not the shared `~/.cache/miri`, where another
/// nightly's Miri (a learner's `cargo +nightly miri`) would have it rebuilt,
/// or refuse to build it while its own build runs.
pub fn miri_sysroot(root: &Path) -> PathBuf {
    miri_dir(root).join("sysroot")
}

/// Miri's folder in the course's target folder, one per pinned nightly:
/// artifacts built against another nightly's (or sysroot's) standard library
/// would not link, and cargo would not know to rebuild them.
pub fn miri_dir(root: &Path) -> PathBuf {
    root.join("target").join("miri").join(MIRI_TOOLCHAIN)
}

/// `rustup <args>` for the course's pinned toolchain: run in the course
/// root, rustup reads rust-toolchain.toml.
fn rustup(root: &Path, arguments: &[&str]) -> Result<String, Error> {
    let output =
        Command::new("rustup").args(arguments).current_dir(root).env_remove("RUSTUP_TOOLCHAIN").output().map_err(
            |e| {
                Error::new(format!(
                    "cannot run rustup ({e}): the course installs Rust through rustup, see https://rustup.rs"
                ))
            },
        )?;
    if !output.status.success() {
        return Err(Error::new(format!(
            "rustup {}: {}",
            arguments.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn args(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}
