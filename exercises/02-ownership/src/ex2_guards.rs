//! Exercise ownership-2: cleanup that cannot be forgotten.
//!
//! Zig writes cleanup next to the acquisition, with `defer` (always) and
//! `errdefer` (only when the function fails). In Rust, the cleanup is a value
//! whose `Drop` runs it — so it runs on every way out of the scope: a
//! return, a `?`, a `break`, even a panic.

/// When a [`Guard`] runs its cleanup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// On every exit from the scope: Zig's `defer`.
    Always,
    /// Unless [`Guard::succeed`] was called first: Zig's `errdefer`.
    OnError,
}

/// A cleanup waiting for the end of its scope.
#[must_use = "a guard runs when dropped: bind it with `let _name = guard(...)`"]
pub struct Guard<F: FnOnce()> {
    cleanup: Option<F>,
    trigger: Trigger,
}

/// Arms `cleanup` to run at the end of the scope, as `trigger` says.
pub fn guard<F: FnOnce()>(trigger: Trigger, cleanup: F) -> Guard<F> {
    // TODO (1): store the cleanup, armed.
    let _ = cleanup;
    todo!("a guard that runs {trigger:?}")
}

impl<F: FnOnce()> Guard<F> {
    /// The work succeeded: an `OnError` guard will not run. (An `Always`
    /// guard still runs at the end of its scope.)
    pub fn succeed(&mut self) {
        // TODO (2): disarm the guard — but only an `OnError` one.
        todo!("succeed ({:?} guard)", self.trigger)
    }
}

impl<F: FnOnce()> core::fmt::Debug for Guard<F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Guard").field("trigger", &self.trigger).field("armed", &self.cleanup.is_some()).finish()
    }
}

impl<F: FnOnce()> Drop for Guard<F> {
    fn drop(&mut self) {
        // TODO (3): run the cleanup if the guard is still armed. A `FnOnce` can only
        // be called by value, and `drop` only has the guard by mutable reference:
        // which method of `Option` moves a value out and leaves nothing behind?
        todo!("drop a {:?} guard", self.trigger)
    }
}
