//! Allocation traces: what a program asked of its allocator, call by call,
//! recorded once and replayed against any allocator.
//!
//! [`Recorder`] is a `#[global_allocator]` that forwards to `System` and
//! writes down each call as an [`Event`] (addresses, as the calls saw them).
//! [`Trace::from_events`] turns the addresses into block numbers, so that a
//! replay can hand each block to another allocator and free it there.

use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};
use std::alloc::System;
use std::collections::HashMap;

// ANCHOR: event
/// One call as the recorder saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    pub kind: EventKind,
    /// The block's address (for `Realloc`, the old one).
    pub addr: usize,
    /// `Realloc`'s new address; 0 otherwise.
    pub new_addr: usize,
    /// The size asked for (for `Realloc`, the new size).
    pub size: usize,
    pub align: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    Alloc,
    Free,
    Realloc,
}
// ANCHOR_END: event

/// Events one recording can hold: 16 Mi × 40 bytes of address space,
/// reserved at `start` and touched only as events arrive.
pub const CAPACITY: usize = 1 << 24;

// ANCHOR: recorder
/// A global allocator that is `System`, plus a log of every call made
/// between [`start`](Recorder::start) and [`stop`](Recorder::stop).
///
/// The log is one array taken from `System` directly, so recording never
/// calls the allocator it records. A free is written down *before* the
/// block goes back, and an allocation after it is made: so, on one thread,
/// an address is never seen allocated twice without a free between. (With
/// threads, a `realloc` may still be seen after the next owner of its old
/// address; [`Trace::from_events`] counts such calls as `inconsistent`.)
#[derive(Debug)]
pub struct Recorder {
    recording: AtomicBool,
    events: AtomicPtr<Event>,
    len: AtomicUsize,
}

impl Recorder {
    pub const fn new() -> Self {
        Self {
            recording: AtomicBool::new(false),
            events: AtomicPtr::new(core::ptr::null_mut()),
            len: AtomicUsize::new(0),
        }
    }

    /// Starts (or restarts) the log. Panics if `System` cannot reserve it.
    pub fn start(&self) {
        if self.events.load(Ordering::Acquire).is_null() {
            // SAFETY: a layout of non-zero size.
            let events = unsafe { System.alloc(Self::log_layout()) }.cast::<Event>();
            assert!(!events.is_null(), "cannot reserve the trace log");
            self.events.store(events, Ordering::Release);
        }
        self.len.store(0, Ordering::Relaxed);
        self.recording.store(true, Ordering::Release);
    }

    /// Stops the log and returns a copy of it, and how many calls did not
    /// fit.
    ///
    /// # Safety
    /// No other thread allocates or frees during the call (join the
    /// threads of the recorded work first): a call in flight could still
    /// be writing its event.
    pub unsafe fn stop(&self) -> (Vec<Event>, usize) {
        self.recording.store(false, Ordering::Release);
        let len = self.len.load(Ordering::Acquire);
        let events = self.events.load(Ordering::Acquire);
        if events.is_null() {
            return (Vec::new(), 0);
        }
        let kept = len.min(CAPACITY);
        // SAFETY: each of the first `kept` slots was written by the `push`
        // that took it, on this thread or on one that is no longer
        // allocating (the caller's promise); recording is off, so no new
        // `push` begins.
        let log = unsafe { core::slice::from_raw_parts(events, kept) }.to_vec();
        (log, len - kept)
    }

    fn log_layout() -> Layout {
        Layout::array::<Event>(CAPACITY).expect("the log's size fits")
    }

    fn push(&self, event: Event) {
        let slot = self.len.fetch_add(1, Ordering::AcqRel);
        if slot < CAPACITY {
            let events = self.events.load(Ordering::Acquire);
            // SAFETY: `start` set `events` to an array of `CAPACITY` events
            // before recording began; `slot` is below it and `fetch_add`
            // gave it to this call alone.
            unsafe { events.add(slot).write(event) };
        }
    }

    fn recording(&self) -> bool {
        self.recording.load(Ordering::Relaxed)
    }
}

impl Default for Recorder {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every call is `System`'s, which upholds `GlobalAlloc`; the log
// only reads the arguments and results.
unsafe impl GlobalAlloc for Recorder {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout, passed on unchanged.
        let block = unsafe { System.alloc(layout) };
        if self.recording() && !block.is_null() {
            let (size, align) = (layout.size(), layout.align());
            self.push(Event { kind: EventKind::Alloc, addr: block as usize, new_addr: 0, size, align });
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        let block = unsafe { System.alloc_zeroed(layout) };
        if self.recording() && !block.is_null() {
            let (size, align) = (layout.size(), layout.align());
            self.push(Event { kind: EventKind::Alloc, addr: block as usize, new_addr: 0, size, align });
        }
        block
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if self.recording() {
            let (size, align) = (layout.size(), layout.align());
            self.push(Event { kind: EventKind::Free, addr: ptr as usize, new_addr: 0, size, align });
        }
        // SAFETY: the caller's block, which `System` allocated.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's block and size, passed on unchanged.
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        if self.recording() && !moved.is_null() {
            let (addr, align) = (ptr as usize, layout.align());
            self.push(Event { kind: EventKind::Realloc, addr, new_addr: moved as usize, size: new_size, align });
        }
        moved
    }
}
// ANCHOR_END: recorder

// ANCHOR: op
/// One call of a trace, with blocks numbered in the order they were made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Alloc {
        id: u32,
        size: u64,
        align: u32,
    },
    Free {
        id: u32,
    },
    /// Block `id` changes size (and perhaps place); it keeps its number.
    Realloc {
        id: u32,
        size: u64,
    },
}
// ANCHOR_END: op

/// A recorded program: its calls, and what had to be left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    pub ops: Vec<Op>,
    /// Frees and reallocs of blocks made before recording began (skipped).
    pub foreign: usize,
    /// Calls that contradict the ones before (an address allocated twice).
    pub inconsistent: usize,
}

/// Bytes per op in a trace file.
const RECORD: usize = 16;
const MAGIC: &[u8; 8] = b"ATRACE1\n";

impl Trace {
    /// Numbers the blocks of a recording. A block made before the
    /// recording began is foreign: its free is skipped, and a realloc of
    /// it counts as a new block.
    pub fn from_events(events: &[Event]) -> Trace {
        let mut trace = Trace::default();
        let mut live: HashMap<usize, (u32, u32)> = HashMap::new();
        let mut next_id = 0u32;
        let mut new_block = |trace: &mut Trace, live: &mut HashMap<usize, (u32, u32)>, addr, size: usize, align| {
            let id = next_id;
            next_id += 1;
            let align = u32::try_from(align).unwrap_or(u32::MAX);
            if live.insert(addr, (id, align)).is_some() {
                trace.inconsistent += 1;
            }
            trace.ops.push(Op::Alloc { id, size: size as u64, align });
        };
        for event in events {
            match event.kind {
                EventKind::Alloc => new_block(&mut trace, &mut live, event.addr, event.size, event.align),
                EventKind::Free => match live.remove(&event.addr) {
                    Some((id, _)) => trace.ops.push(Op::Free { id }),
                    None => trace.foreign += 1,
                },
                EventKind::Realloc => match live.remove(&event.addr) {
                    Some((id, align)) => {
                        if live.insert(event.new_addr, (id, align)).is_some() {
                            trace.inconsistent += 1;
                        }
                        trace.ops.push(Op::Realloc { id, size: event.size as u64 });
                    }
                    None => {
                        trace.foreign += 1;
                        new_block(&mut trace, &mut live, event.new_addr, event.size, event.align);
                    }
                },
            }
        }
        trace
    }

    /// Blocks the trace makes (ids run from 0 to this).
    pub fn blocks(&self) -> usize {
        self.ops
            .iter()
            .filter_map(|op| if let Op::Alloc { id, .. } = op { Some(*id as usize + 1) } else { None })
            .max()
            .unwrap_or(0)
    }

    /// Bytes in use after each op: the sum of the live blocks' sizes.
    pub fn requested(&self) -> Vec<u64> {
        let mut sizes = vec![0u64; self.blocks()];
        let mut live = 0u64;
        self.ops
            .iter()
            .map(|op| {
                match *op {
                    Op::Alloc { id, size, .. } => {
                        sizes[id as usize] = size;
                        live += size;
                    }
                    Op::Free { id } => live -= core::mem::take(&mut sizes[id as usize]),
                    Op::Realloc { id, size } => {
                        live = live - sizes[id as usize] + size;
                        sizes[id as usize] = size;
                    }
                }
                live
            })
            .collect()
    }

    /// The file form: a magic line, then 16 bytes per op (kind, log2 of
    /// the alignment, the block number, the size; little-endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(MAGIC.len() + self.ops.len() * RECORD);
        bytes.extend_from_slice(MAGIC);
        for op in &self.ops {
            let (kind, align, id, size) = match *op {
                Op::Alloc { id, size, align } => (0u8, align.trailing_zeros() as u8, id, size),
                Op::Free { id } => (1, 0, id, 0),
                Op::Realloc { id, size } => (2, 0, id, size),
            };
            bytes.extend_from_slice(&[kind, align, 0, 0]);
            bytes.extend_from_slice(&id.to_le_bytes());
            bytes.extend_from_slice(&size.to_le_bytes());
        }
        bytes
    }

    /// Reads [`to_bytes`](Trace::to_bytes)'s form back.
    pub fn from_bytes(bytes: &[u8]) -> Result<Trace, String> {
        let body = bytes.strip_prefix(MAGIC.as_slice()).ok_or("not a trace file (no ATRACE1 line)")?;
        if body.len() % RECORD != 0 {
            return Err(format!("a trace file ends in the middle of an op ({} stray bytes)", body.len() % RECORD));
        }
        let mut ops = Vec::with_capacity(body.len() / RECORD);
        for record in body.chunks_exact(RECORD) {
            let id = u32::from_le_bytes(record[4..8].try_into().expect("4 bytes"));
            let size = u64::from_le_bytes(record[8..16].try_into().expect("8 bytes"));
            ops.push(match record[0] {
                0 if record[1] < 32 => Op::Alloc { id, size, align: 1 << record[1] },
                1 => Op::Free { id },
                2 => Op::Realloc { id, size },
                kind => return Err(format!("op {} has an unknown kind {kind}", ops.len())),
            });
        }
        Ok(Trace { ops, foreign: 0, inconsistent: 0 })
    }
}
