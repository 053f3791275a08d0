//! Terminal colours, only when printing to a terminal and `NO_COLOR` is unset.

use std::io::IsTerminal;
use std::sync::OnceLock;

pub fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none())
}

fn paint(code: &str, text: &str) -> String {
    if enabled() { format!("\u{1b}[{code}m{text}\u{1b}[0m") } else { text.to_owned() }
}

pub fn red(text: &str) -> String {
    paint("31", text)
}

pub fn green(text: &str) -> String {
    paint("32", text)
}

pub fn bold(text: &str) -> String {
    paint("1", text)
}
