//! Exercise general-purpose-5: a handle that cannot be freed twice.
//!
//! Zig catches a double free at run time, in the debug allocator. Rust can
//! refuse to compile one: if freeing *consumes* the handle, a second free is
//! a use of a moved value (E0382). The generation number is the run-time
//! half, for slots that are reused: an index alone would name the new value.
//! The type of the values is the third: a handle to a `String` is no handle
//! into a slab of numbers.

/// Values stored in reusable slots, named by [`Handle`]s.
#[derive(Debug)]
pub struct Slab<T> {
    slots: Vec<Slot<T>>,
    vacant: Vec<u32>,
}

#[derive(Debug)]
struct Slot<T> {
    generation: u32,
    value: Option<T>,
}

/// The only way to reach a value in a [`Slab`].
//
// TODO (1): design the handle. Two misuses compile with the stub's: using a
// handle after `remove` took it (use-after-free, and a double free), and
// using a handle with a slab of another type — the cases in
// tests/ui/ex5_handles, which the compiler must refuse with the errors
// beside them. And a handle is a name, not a value: it owns no `T`, so it
// can be sent to another thread whatever `T` is (a test checks). Which
// methods below have to change with it?
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handle {
    index: u32,
    generation: u32,
}

impl Handle {
    /// The slot this handle names.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// How many times that slot had been emptied before this value.
    pub fn generation(&self) -> u32 {
        self.generation
    }
}

impl<T> Slab<T> {
    pub fn new() -> Self {
        Self { slots: Vec::new(), vacant: Vec::new() }
    }

    /// Stores `value` in a vacant slot (the most recently emptied first) or a new one.
    pub fn insert(&mut self, value: T) -> Handle {
        // TODO (2): reuse a vacant slot if there is one (its handle carries the
        // slot's current generation), or add a new slot (generation 0).
        let _ = value;
        todo!("insert into one of {} slots", self.slots.len())
    }

    /// The value `handle` names.
    pub fn get(&self, handle: &Handle) -> &T {
        // TODO (3): the handle's slot; its generation must be the handle's (a stale
        // handle is a bug: panic), and its value is the answer.
        todo!("get {handle:?}")
    }

    /// Takes the value out, consuming its handle; the slot's generation
    /// goes up, so the slot's next value gets a different handle.
    pub fn remove(&mut self, handle: Handle) -> T {
        // TODO (4): checked as in `get`; the value leaves the slot, the slot's
        // generation moves on, and the slot becomes vacant.
        todo!("remove {handle:?}")
    }

    /// Values stored.
    pub fn len(&self) -> usize {
        self.slots.len() - self.vacant.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> Default for Slab<T> {
    fn default() -> Self {
        Self::new()
    }
}
