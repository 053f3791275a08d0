//! One error type for the tool: a message for a person, exit code 2.

use std::fmt::Display;

/// A failure of the tool itself or of its input (exit 2), as opposed to
/// pending exercises (exit 1).
#[derive(Debug)]
pub struct Error(String);

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error(message.into())
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `.context("cannot read x")` turns any displayable error into an [`Error`]
/// that says what was being done: `cannot read x: permission denied`.
pub trait Context<T> {
    fn context(self, what: impl Display) -> Result<T, Error>;
    fn with_context<D: Display>(self, what: impl FnOnce() -> D) -> Result<T, Error>;
}

impl<T, E: Display> Context<T> for Result<T, E> {
    fn context(self, what: impl Display) -> Result<T, Error> {
        self.map_err(|error| Error(format!("{what}: {error}")))
    }

    fn with_context<D: Display>(self, what: impl FnOnce() -> D) -> Result<T, Error> {
        self.map_err(|error| Error(format!("{}: {error}", what())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_says_what_was_being_done() {
        let failed: Result<(), &str> = Err("permission denied");
        assert_eq!(failed.context("cannot read x").unwrap_err().to_string(), "cannot read x: permission denied");
        let failed: Result<(), &str> = Err("gone");
        assert_eq!(failed.with_context(|| format!("file {}", 3)).unwrap_err().to_string(), "file 3: gone");
    }
}
