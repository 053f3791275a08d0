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

    /// The trace, one event per line.
    pub fn render(&self) -> String {
        self.events.borrow().iter().map(|event| format!("{event}\n")).collect()
    }

    fn record(&self, event: Event) {
        self.events.borrow_mut().push(event);
    }

    fn id_of(&self, ptr: NonNull<u8>) -> usize {
        *self.ids.borrow().get(&ptr.addr().get()).expect("a live block of this allocator")
    }
}

// SAFETY: blocks come from `inner` and calls are forwarded unchanged; the
// wrapper only records them.
unsafe impl<A: Allocator> Allocator for TraceAllocator<A> {
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        let (size, align) = (layout.size(), layout.align());
        let Ok(ptr) = self.inner.alloc(layout) else {
            self.record(Event::Alloc { id: None, size, align });
            return Err(OutOfMemory);
        };
        let id = self.next_id.replace(self.next_id.get() + 1);
        self.ids.borrow_mut().insert(ptr.addr().get(), id);
        self.record(Event::Alloc { id: Some(id), size, align });
        Ok(ptr)
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        let id = self.id_of(ptr);
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        let ok = unsafe { self.inner.resize(ptr, layout, new_size) };
        self.record(Event::Resize { id, old: layout.size(), new: new_size, ok });
        ok
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        let id = self.id_of(ptr);
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        let moved = unsafe { self.inner.remap(ptr, layout, new_size) };
        if let Some(new_ptr) = moved {
            let mut ids = self.ids.borrow_mut();
            ids.remove(&ptr.addr().get());
            ids.insert(new_ptr.addr().get(), id);
        }
        self.record(Event::Remap { id, old: layout.size(), new: new_size, ok: moved.is_some() });
        moved
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        let id = self.ids.borrow_mut().remove(&ptr.addr().get()).expect("a live block of this allocator");
        self.record(Event::Free { id, size: layout.size() });
        // SAFETY: forwarded unchanged; the caller's guarantees carry over.
        unsafe { self.inner.free(ptr, layout) }
    }
}

allocator_interface::impl_allocator_api2!([A: Allocator] TraceAllocator<A>);
