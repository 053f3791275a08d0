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
// (`std::fmt::Write` lets `write!` append to a `String`.)

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
        // TODO: from the live cards: the headline, then one line per card, with the
        // file, line and column of the place that allocated it.
        todo!("report the leaks of {} live blocks", self.cards.borrow().len())
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
        // TODO: get the block from the child (its refusal passed on), then file a
        // card under the block's address: the next number, the size, and the
        // caller's location — with the attribute on this method, the location is
        // the line that called `alloc`, not this one.
        todo!("allocate {layout:?} and file a card for it")
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // TODO: forward to the child (an unsafe call: the SAFETY comment says why
        // the caller's guarantees are the child's); if it resized the block in
        // place, the card's size changes too.
        todo!("resize {ptr:?} from {layout:?} to {new_size} bytes")
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // TODO: forward to the child; if it said yes, the block may have moved: the
        // card follows it, with its new size, to the new address.
        todo!("remap {ptr:?} from {layout:?} to {new_size} bytes")
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // TODO: take the block's card out of the index, then give the block
        // back to the child.
        todo!("free {ptr:?} ({layout:?})")
    }
}
