//! Exercise interface-3: a tracing allocator — see what a `Vec` really does.
//!
//! A wrapper that writes down every call, naming blocks by the order they
//! were allocated in (never by address, which changes from run to run), turns
//! a collection's growth strategy into something you can read.

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::{Cell, RefCell};
use core::fmt;
use core::ptr::NonNull;
use std::collections::HashMap;

/// One call that reached the allocator. Blocks are named by id: the first
/// block allocated is `#0`, the next `#1`, and a block keeps its id when it is
/// resized or remapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// `#id alloc SIZE bytes (align ALIGN)` — or `alloc SIZE bytes (align ALIGN): refused`
    /// with no id when the inner allocator said no.
    Alloc { id: Option<usize>, size: usize, align: usize },
    /// `#id resize OLD -> NEW bytes` — with `: refused` appended when it failed.
    Resize { id: usize, old: usize, new: usize, ok: bool },
    /// `#id remap OLD -> NEW bytes` — with `: refused` appended when it failed.
    Remap { id: usize, old: usize, new: usize, ok: bool },
    /// `#id free SIZE bytes`
    Free { id: usize, size: usize },
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let refused = |ok: bool| if ok { "" } else { ": refused" };
        match *self {
            Event::Alloc { id: Some(id), size, align } => write!(f, "#{id} alloc {size} bytes (align {align})"),
            Event::Alloc { id: None, size, align } => write!(f, "alloc {size} bytes (align {align}): refused"),
            Event::Resize { id, old, new, ok } => write!(f, "#{id} resize {old} -> {new} bytes{}", refused(ok)),
            Event::Remap { id, old, new, ok } => write!(f, "#{id} remap {old} -> {new} bytes{}", refused(ok)),
            Event::Free { id, size } => write!(f, "#{id} free {size} bytes"),
        }
    }
}

/// Records every call as an [`Event`] and forwards it to `inner`.
#[derive(Debug)]
pub struct TraceAllocator<A> {
    inner: A,
    events: RefCell<Vec<Event>>,
    /// Live blocks: address -> id.
    ids: RefCell<HashMap<usize, usize>>,
    next_id: Cell<usize>,
}

impl<A: Allocator> TraceAllocator<A> {
    /// Wraps `inner` with an empty trace.
    pub fn new(inner: A) -> Self {
        Self { inner, events: RefCell::default(), ids: RefCell::default(), next_id: Cell::new(0) }
    }

    /// The events so far.
    pub fn events(&self) -> Vec<Event> {
        self.events.borrow().clone()
    }

    /// The trace, one event per line (each line ends with `\n`).
    pub fn render(&self) -> String {
        // TODO: every event on a line of its own, as its Display shows it, in one String.
        todo!("render {} events", self.events.borrow().len())
    }
}

// SAFETY: blocks come from `inner` and calls are forwarded unchanged; the
// wrapper only records them.
unsafe impl<A: Allocator> Allocator for TraceAllocator<A> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        // TODO: forward to `inner`. A block that came back gets the next id, is
        // remembered by its address (ids are looked up by address later), and its
        // allocation is recorded with its id. A refusal is recorded with no id, and
        // the error returned.
        todo!("allocate {layout:?} and record it")
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // TODO: the block's id from its address; forward (an unsafe call: say why it
        // is sound in a SAFETY comment), and record the resize and whether it
        // worked. A resized block stays where it is.
        todo!("resize {ptr:?} from {layout:?} to {new_size} bytes and record it")
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // TODO: Like `resize`, but a remapped block may MOVE: when it worked,
        // the id must follow the block to its new address.
        todo!("remap {ptr:?} from {layout:?} to {new_size} bytes and record it")
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // TODO: forget the block's address, record the free, forward.
        todo!("free {ptr:?} ({layout:?}) and record it")
    }
}

allocator_interface::impl_allocator_api2!([A: Allocator] TraceAllocator<A>);
