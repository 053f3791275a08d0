//! When values are dropped: recorded, so the rules can be read off a trace.

use std::cell::RefCell;
use std::rc::Rc;

/// A shared log of drops.
#[derive(Clone, Debug, Default)]
pub struct Trace(Rc<RefCell<Vec<String>>>);

impl Trace {
    pub fn new() -> Self {
        Self::default()
    }

    /// A value that writes `drop <name>` into this trace when dropped.
    pub fn noisy(&self, name: &str) -> Noisy {
        Noisy { name: name.to_owned(), trace: self.clone() }
    }

    pub fn note(&self, line: &str) {
        self.0.borrow_mut().push(line.to_owned());
    }

    pub fn lines(&self) -> Vec<String> {
        self.0.borrow().clone()
    }
}

/// Announces its own drop.
#[derive(Debug)]
pub struct Noisy {
    name: String,
    trace: Trace,
}

impl Drop for Noisy {
    fn drop(&mut self) {
        self.trace.note(&format!("drop {}", self.name));
    }
}

/// Two fields, to show fields drop in declaration order.
#[derive(Debug)]
pub struct Pair {
    pub first: Noisy,
    pub second: Noisy,
}

// ANCHOR: scenes
/// Each scene runs a few lines of ordinary Rust and returns what was dropped when.
pub fn scenes() -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("locals drop in reverse order of declaration", locals()),
        ("a moved value drops where its new owner ends", moved()),
        ("fields drop in declaration order, not in the order they were built", fields()),
        ("a temporary drops at the end of its statement", temporary()),
        ("mem::drop ends a value early; reassignment drops the old value", early()),
        ("a vector drops its elements first to last", vector()),
    ]
}

fn locals() -> Vec<String> {
    let trace = Trace::new();
    {
        let _a = trace.noisy("a");
        let _b = trace.noisy("b");
        trace.note("end of scope");
    }
    trace.lines()
}

fn moved() -> Vec<String> {
    let trace = Trace::new();
    let consume = |value: Noisy| {
        trace.note("inside consume");
        drop(value);
        trace.note("consume returns");
    };
    {
        let a = trace.noisy("a");
        consume(a); // ownership moves into the closure's parameter
        trace.note("end of scope: `a` was moved, nothing to drop");
    }
    trace.lines()
}

fn fields() -> Vec<String> {
    let trace = Trace::new();
    {
        let _pair = Pair { second: trace.noisy("second"), first: trace.noisy("first") };
        trace.note("end of scope");
    }
    trace.lines()
}

fn temporary() -> Vec<String> {
    let trace = Trace::new();
    let length = trace.noisy("temporary").name.len();
    trace.note(&format!("next statement (length {length})"));
    trace.lines()
}

fn early() -> Vec<String> {
    let trace = Trace::new();
    {
        let a = trace.noisy("a");
        let mut b = trace.noisy("b1");
        drop(a);
        trace.note(&format!("after drop(a), b is {}", b.name));
        b = trace.noisy("b2");
        trace.note(&format!("after reassigning, b is {}", b.name));
    }
    trace.lines()
}

fn vector() -> Vec<String> {
    let trace = Trace::new();
    {
        let _all = Vec::from([trace.noisy("v0"), trace.noisy("v1"), trace.noisy("v2")]);
        trace.note("end of scope");
    }
    trace.lines()
}
// ANCHOR_END: scenes
