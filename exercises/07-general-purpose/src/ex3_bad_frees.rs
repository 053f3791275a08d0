//! Exercise general-purpose-3: judging a free.
//!
//! Before a debug allocator gives memory back, it looks the pointer up in its
//! records and refuses what C would silently accept: a double free, a
//! pointer it never handed out, a free with the wrong size or alignment.
//! Like Zig's `retain_metadata`, the table keeps the cards of freed blocks,
//! so a second free is recognised as one.

use core::alloc::Layout;
use core::panic::Location;
use std::collections::HashMap;

type Site = &'static Location<'static>;

/// One block's record, kept after it is freed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub id: u64,
    pub layout: Layout,
    pub allocated_at: Site,
    /// `Some` once freed.
    pub freed_at: Option<Site>,
}

/// Why a free was refused. Nothing changes in the table when one is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FreeError {
    /// Already freed: all three sites, as Zig's report prints them.
    DoubleFree { id: u64, allocated_at: Site, first_free: Site, second_free: Site },
    /// Never allocated here.
    NotOurs,
    /// The block was allocated with `expected`, but freed with `given`.
    WrongLayout { id: u64, expected: Layout, given: Layout },
}

/// The records of every block ever allocated, by address.
#[derive(Debug, Default)]
pub struct FreeTable {
    entries: HashMap<usize, Entry>,
    last_id: u64,
}

impl FreeTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a new block at `addr` (replacing the record of a freed block
    /// that was there: memory is reused). Returns its number.
    #[track_caller]
    pub fn record_alloc(&mut self, addr: usize, layout: Layout) -> u64 {
        self.last_id += 1;
        let entry = Entry { id: self.last_id, layout, allocated_at: Location::caller(), freed_at: None };
        self.entries.insert(addr, entry);
        self.last_id
    }

    /// The record at `addr`, live or freed.
    pub fn entry(&self, addr: usize) -> Option<&Entry> {
        self.entries.get(&addr)
    }

    /// Judges a free of `addr` with `layout`, called from the caller's site.
    /// On success the entry is marked freed (and kept); on error nothing changes.
    #[track_caller]
    pub fn free(&mut self, addr: usize, layout: Layout) -> Result<(), FreeError> {
        // TODO: judge the free, in this order:
        // 1. no entry at `addr`: `NotOurs`;
        // 2. the entry is already freed: `DoubleFree`, with the entry's sites and
        //    this call's location as the second free;
        // 3. the layout differs from the recorded one: `WrongLayout`;
        // 4. otherwise the entry is marked freed, here.
        // An error must leave the entry exactly as it was.
        todo!("judge the free of {addr:#x} with {layout:?}")
    }
}
