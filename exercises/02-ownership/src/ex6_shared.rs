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

use core::fmt;
use core::marker::PhantomData;
use core::ops::Deref;

// TODO: the heap block: two counts and the value. Every handle reaches the
// counts through a shared pointer, so how do they change? The value must be
// dropped when the last owner goes, long before the block is freed: which
// wrapper lets you choose that moment?

/// An owner of a shared value: cloning it adds an owner, dropping it
/// removes one, and the last owner drops the value.
pub struct Shared<T> {
    // TODO: a pointer to the block. Tell the compiler that a `Shared` owns
    // what it points at (01/unsafe-toolkit.md, on `PhantomData`). Must it be
    // `Send`? What would two threads cloning it at once do to the count?
    _value: PhantomData<T>,
}

/// A reference that can reach the value while an owner keeps it alive, and
/// keeps only the block alive itself.
pub struct WeakRef<T> {
    _value: PhantomData<T>,
}

impl<T> Shared<T> {
    /// Moves `value` into a new block on the heap, with one owner. Calls
    /// `handle_alloc_error` (which aborts) if the heap is exhausted, as
    /// `Rc::new` does.
    pub fn new(value: T) -> Self {
        // TODO: the block comes from the global allocator (`std::alloc`),
        // with the layout of your block type. What does a null pointer mean?
        let _ = value;
        todo!("a shared {}", core::any::type_name::<T>())
    }

    /// How many owners the value has.
    pub fn strong_count(this: &Self) -> usize {
        todo!("the owners of {:p}", this)
    }

    /// How many weak references point at the block.
    pub fn weak_count(this: &Self) -> usize {
        todo!("the weak references of {:p}", this)
    }

    /// A weak reference to the same block.
    pub fn downgrade(this: &Self) -> WeakRef<T> {
        todo!("a weak reference to {:p}", this)
    }

    /// Do both point at the same block?
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        todo!("{:p} and {:p}", this, other)
    }

    /// The value, mutably — only if this is the one reference of any kind
    /// (a weak one could upgrade and read it while we write).
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        todo!("mutable access through {:p}", this)
    }

    /// The value itself, if this was its only owner; otherwise `this` back.
    /// Weak references left behind can no longer upgrade.
    pub fn try_unwrap(this: Self) -> Result<T, Self> {
        // TODO: the value leaves the block, but the block may have to stay
        // (for the weak references). How do you move a value out of a place
        // that will not be dropped — and make sure `this`'s own drop does not
        // run on top?
        let _ = this;
        todo!("unwrap")
    }
}

// TODO: the counts. Adding an owner or a weak reference increments a count,
// and a count that would overflow must not wrap to zero (what would the next
// drop then do?): abort instead, as `Rc` does.

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        todo!("another owner")
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        todo!("the value")
    }
}

impl<T: fmt::Debug> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T> Drop for Shared<T> {
    fn drop(&mut self) {
        // TODO: one owner fewer. The last owner drops the value, exactly
        // once; the block is freed only when no weak reference is left
        // either. Hint at a design: let all the owners together count as one
        // weak reference. Careful: the value's own drop may drop a `WeakRef`
        // to this very block (a child's link to its parent), which changes a
        // count while the value is being dropped. No reference to the whole
        // block may be alive then — Miri checks it.
        todo!("drop an owner")
    }
}

impl<T> WeakRef<T> {
    /// A new owner, if the value is still alive.
    pub fn upgrade(&self) -> Option<Shared<T>> {
        todo!("upgrade")
    }

    /// How many owners the value has (0 once it is dropped).
    pub fn strong_count(&self) -> usize {
        todo!("the owners")
    }
}

impl<T> fmt::Debug for WeakRef<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "(WeakRef: {} owners)", self.strong_count())
    }
}

impl<T> Clone for WeakRef<T> {
    fn clone(&self) -> Self {
        todo!("another weak reference")
    }
}

impl<T> Drop for WeakRef<T> {
    fn drop(&mut self) {
        // TODO: one weak reference fewer; the last reference of any kind
        // frees the block, with the layout it was allocated with.
        todo!("drop a weak reference")
    }
}

// Every `unsafe` block you write says, in a `// SAFETY:` comment, why it is
// sound: which count proves the block is still allocated, and why the value
// is dropped or read exactly once.
