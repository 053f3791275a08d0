//! Exercise ownership-6: shared ownership, counted — `Rc` by hand.
//!
//! `Shared<T>` is `std::rc::Rc` written by hand: one block on the heap holds
//! the value and two counts. Every `Shared` is an owner (a *strong*
//! reference); the last one to go drops the value. A `WeakRef` can see the
//! block but does not keep the value alive, so a cycle that goes one way
//! through weak references is freed. The block itself is freed when nothing
//! at all — strong or weak — points at it any more.
//!
//! ```text
//!   Shared ─┐   Shared ─┐        WeakRef ─┐
//!           ▼           ▼                 ▼
//!        ┌────────┬──────┬──────────────────┐
//!        │ strong │ weak │ value            │   one heap block
//!        │   2    │  2   │ (dropped at 0)   │   (freed when weak reaches 0)
//!        └────────┴──────┴──────────────────┘
//! ```
//!
//! The book's exercises page (02, "ownership-6") describes the design.

use core::cell::Cell;
use core::fmt;
use core::marker::PhantomData;
use core::mem::ManuallyDrop;
use core::ops::Deref;
use core::ptr::NonNull;
use std::alloc::{Layout, alloc, dealloc, handle_alloc_error};

/// The heap block: the counts, then the value.
struct SharedBox<T> {
    counts: Counts,
    value: ManuallyDrop<T>,
}

struct Counts {
    strong: Cell<usize>,
    /// The weak references, plus one held by all the strong ones together:
    /// the block lives while this is above zero.
    weak: Cell<usize>,
}

/// The counts of a block, borrowed alone: never the whole block, whose value
/// may be in the middle of being dropped (or moved out) when a count changes.
fn counts<T>(block: &NonNull<SharedBox<T>>) -> &Counts {
    // SAFETY: every handle that calls this keeps the block allocated (its
    // weak count is above zero), and the counts are only ever shared.
    unsafe { &(*block.as_ptr()).counts }
}

/// An owner of a shared value: cloning it adds an owner, dropping it
/// removes one, and the last owner drops the value.
pub struct Shared<T> {
    block: NonNull<SharedBox<T>>,
    /// We own a `SharedBox<T>` (and so may drop a `T`): the drop checker
    /// needs to know, and `Shared` must not be `Send` or `Sync` (the counts
    /// are not atomic).
    _owns: PhantomData<SharedBox<T>>,
}

/// A reference that can reach the value while an owner keeps it alive, and
/// keeps only the block alive itself.
pub struct WeakRef<T> {
    block: NonNull<SharedBox<T>>,
    _sees: PhantomData<SharedBox<T>>,
}

impl<T> Shared<T> {
    /// Moves `value` into a new block on the heap, with one owner. Calls
    /// `handle_alloc_error` (which aborts) if the heap is exhausted, as
    /// `Rc::new` does.
    pub fn new(value: T) -> Self {
        let layout = Layout::new::<SharedBox<T>>();
        // SAFETY: a `SharedBox` holds two counts, so its size is never zero.
        let raw = unsafe { alloc(layout) }.cast::<SharedBox<T>>();
        let Some(block) = NonNull::new(raw) else { handle_alloc_error(layout) };
        let counts = Counts { strong: Cell::new(1), weak: Cell::new(1) };
        let contents = SharedBox { counts, value: ManuallyDrop::new(value) };
        // SAFETY: a fresh block, sized and aligned for a `SharedBox<T>`.
        unsafe { block.write(contents) };
        Self { block, _owns: PhantomData }
    }

    fn counts(&self) -> &Counts {
        counts(&self.block)
    }
    /// How many owners the value has.
    pub fn strong_count(this: &Self) -> usize {
        this.counts().strong.get()
    }

    /// How many weak references point at the block.
    pub fn weak_count(this: &Self) -> usize {
        this.counts().weak.get() - 1
    }

    /// A weak reference to the same block.
    pub fn downgrade(this: &Self) -> WeakRef<T> {
        increment(&this.counts().weak);
        WeakRef { block: this.block, _sees: PhantomData }
    }

    /// Do both point at the same block?
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        this.block == other.block
    }

    /// The value, mutably — only if this is the one reference of any kind
    /// (a weak one could upgrade and read it while we write).
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        if Self::strong_count(this) != 1 || Self::weak_count(this) != 0 {
            return None;
        }
        // SAFETY: no other `Shared` or `WeakRef` exists, and `this` is
        // borrowed mutably for as long as the result lives.
        Some(unsafe { &mut *(*this.block.as_ptr()).value })
    }

    /// The value itself, if this was its only owner; otherwise `this` back.
    /// Weak references left behind can no longer upgrade.
    pub fn try_unwrap(this: Self) -> Result<T, Self> {
        if Self::strong_count(&this) != 1 {
            return Err(this);
        }
        let this = ManuallyDrop::new(this); // its owner count is handed over here
        this.counts().strong.set(0);
        // SAFETY: the last owner: the value is moved out exactly once, and
        // with `strong` at 0 nobody reads it again (`ManuallyDrop<T>` has the
        // layout of a `T`).
        let value = unsafe { (&raw const (*this.block.as_ptr()).value).cast::<T>().read() };
        // The strong owners' shared weak reference goes with the last owner.
        drop(WeakRef { block: this.block, _sees: PhantomData });
        Ok(value)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        increment(&self.counts().strong);
        Self { block: self.block, _owns: PhantomData }
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: while a `Shared` exists the block is allocated and the
        // value alive, and nobody holds a `&mut` to it (`get_mut` borrows
        // the only reference mutably).
        unsafe { &(*self.block.as_ptr()).value }
    }
}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T> Drop for Shared<T> {
    fn drop(&mut self) {
        let strong = &self.counts().strong;
        strong.set(strong.get() - 1);
        if strong.get() > 0 {
            return;
        }
        // Dropped through a raw pointer: the value's own drop may release
        // weak references to this very block (a child's link to its parent),
        // which touch the counts while the value is being dropped — a
        // `&mut` to the whole block here would be violated (Miri says so).
        // SAFETY: the last owner: nobody can reach the value any more (weak
        // references see `strong == 0`), and it is dropped exactly once.
        unsafe { (&raw mut (*self.block.as_ptr()).value).cast::<T>().drop_in_place() };
        // The weak reference all owners held together; the block goes with it
        // unless a `WeakRef` still points here.
        drop(WeakRef { block: self.block, _sees: PhantomData });
    }
}

impl<T> WeakRef<T> {
    /// A new owner, if the value is still alive.
    pub fn upgrade(&self) -> Option<Shared<T>> {
        let strong = &counts(&self.block).strong;
        if strong.get() == 0 {
            return None;
        }
        increment(strong);
        Some(Shared { block: self.block, _owns: PhantomData })
    }

    /// How many owners the value has (0 once it is dropped).
    pub fn strong_count(&self) -> usize {
        counts(&self.block).strong.get()
    }
}

impl<T> fmt::Debug for WeakRef<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(WeakRef: {} owners)", self.strong_count())
    }
}

impl<T> Clone for WeakRef<T> {
    fn clone(&self) -> Self {
        increment(&counts(&self.block).weak);
        Self { block: self.block, _sees: PhantomData }
    }
}

impl<T> Drop for WeakRef<T> {
    fn drop(&mut self) {
        let weak = &counts(&self.block).weak;
        weak.set(weak.get() - 1);
        if weak.get() == 0 {
            // SAFETY: no reference of any kind is left, and the value was
            // dropped (or moved out) when the last owner went.
            unsafe { dealloc(self.block.as_ptr().cast(), Layout::new::<SharedBox<T>>()) };
        }
    }
}

/// Adds one to a count. A count that would overflow means `mem::forget` was
/// called on clones billions of times: abort, as `Rc` does, rather than wrap
/// to zero and free a block still in use.
fn increment(count: &Cell<usize>) {
    match count.get().checked_add(1) {
        Some(n) => count.set(n),
        None => std::process::abort(),
    }
}
