//! Exercise general-purpose-2: the librarian's card index.
//!
//! A tracking allocator wraps any child allocator and keeps one card per live
//! block — its number, size and where it was allocated — so that at the end
//! it can say exactly which blocks leaked. This is the heart of Zig's
//! `DebugAllocator` and of `std.testing.allocator`.

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::{Cell, RefCell};
use core::panic::Location;
use core::ptr::NonNull;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What the librarian knows about one live block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Card {
    /// Blocks are numbered from 1 in allocation order.
    pub id: u64,
    pub size: usize,
    pub allocated_at: &'static Location<'static>,
}

/// An allocator that keeps a card for every live block of its child.
#[derive(Debug)]
pub struct Librarian<A> {
    child: A,
    /// Live blocks by address.
    cards: RefCell<BTreeMap<usize, Card>>,
    last_id: Cell<u64>,
}

impl<A: Allocator> Librarian<A> {
    pub fn new(child: A) -> Self {
        Self { child, cards: RefCell::new(BTreeMap::new()), last_id: Cell::new(0) }
    }

    /// The live blocks' cards, in allocation order.
    pub fn live(&self) -> Vec<Card> {
        let mut cards: Vec<Card> = self.cards.borrow().values().copied().collect();
        cards.sort_by_key(|card| card.id);
        cards
    }

    /// `None` when nothing is live; otherwise a report like
    ///
    /// ```text
    /// 2 leaked blocks, 40 bytes
    ///   block #1: 24 bytes, allocated at tests/ex2_tracking.rs:10:22
    ///   block #3: 16 bytes, allocated at tests/ex2_tracking.rs:12:22
    /// ```
    ///
    /// ("1 leaked block" when there is one; file names via [`short_file`]).
    pub fn leak_report(&self) -> Option<String> {
        let live = self.live();
        if live.is_empty() {
            return None;
        }
        let bytes: usize = live.iter().map(|card| card.size).sum();
        let plural = if live.len() == 1 { "" } else { "s" };
        let mut report = format!("{} leaked block{plural}, {bytes} bytes", live.len());
        for card in live {
            let at = card.allocated_at;
            let _ = write!(
                report,
                "\n  block #{}: {} bytes, allocated at {}:{}:{}",
                card.id,
                card.size,
                short_file(at.file()),
                at.line(),
                at.column()
            );
        }
        Some(report)
    }
}

/// The last two components of a path (`tests/ex2_tracking.rs`): the same
/// whether the test was built from `exercises/` or from `solutions/`.
pub fn short_file(path: &str) -> &str {
    let mut slashes = path.rmatch_indices('/').map(|(at, _)| at);
    match (slashes.next(), slashes.next()) {
        (Some(_), Some(second)) => &path[second + 1..],
        _ => path,
    }
}

// SAFETY: every block comes from the child unchanged; the librarian only
// keeps notes about it and forwards each call to the child.
unsafe impl<A: Allocator> Allocator for Librarian<A> {
    #[track_caller]
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        let ptr = self.child.alloc(layout)?;
        let id = self.last_id.get() + 1;
        self.last_id.set(id);
        let card = Card { id, size: layout.size(), allocated_at: Location::caller() };
        self.cards.borrow_mut().insert(ptr.addr().get(), card);
        Ok(ptr)
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // SAFETY: the caller's guarantees are the child's.
        let resized = unsafe { self.child.resize(ptr, layout, new_size) };
        if resized && let Some(card) = self.cards.borrow_mut().get_mut(&ptr.addr().get()) {
            card.size = new_size;
        }
        resized
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // SAFETY: the caller's guarantees are the child's.
        let moved = unsafe { self.child.remap(ptr, layout, new_size) }?;
        let mut cards = self.cards.borrow_mut();
        if let Some(mut card) = cards.remove(&ptr.addr().get()) {
            card.size = new_size;
            cards.insert(moved.addr().get(), card);
        }
        Some(moved)
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        self.cards.borrow_mut().remove(&ptr.addr().get());
        // SAFETY: the caller's guarantees are the child's.
        unsafe { self.child.free(ptr, layout) }
    }
}
