//! Exercise general-purpose-5: a handle that cannot be freed twice.
//!
//! Zig catches a double free at run time, in the debug allocator. Rust can
//! refuse to compile one: if freeing *consumes* the handle, a second free is
//! a use of a moved value (E0382). The generation number is the run-time
//! half, for slots that are reused: an index alone would name the new value.
//! The type of the values is the third: a handle to a `String` is no handle
//! into a slab of numbers.

use core::fmt;
use core::marker::PhantomData;

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

/// The only way to reach a value in a [`Slab`]. Not `Clone`, not `Copy`:
/// there is exactly one handle per value, and `remove` takes it.
///
/// `T` is in the type so that a handle fits only slabs of its values'
/// type. `PhantomData<fn() -> T>` says that without claiming to own a `T`:
/// a handle is two numbers, `Send` and `Sync` whatever `T` is, and dropping
/// one drops no `T`.
pub struct Handle<T> {
    index: u32,
    generation: u32,
    _values: PhantomData<fn() -> T>,
}

impl<T> Handle<T> {
    /// The slot this handle names.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// How many times that slot had been emptied before this value.
    pub fn generation(&self) -> u32 {
        self.generation
    }
}

// By hand, not derived: a derive would ask `T: Debug` (or `T: PartialEq`) of
// a handle that holds no `T`.
impl<T> fmt::Debug for Handle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle").field("index", &self.index).field("generation", &self.generation).finish()
    }
}

impl<T> PartialEq for Handle<T> {
    fn eq(&self, other: &Self) -> bool {
        (self.index, self.generation) == (other.index, other.generation)
    }
}

impl<T> Eq for Handle<T> {}

impl<T> Slab<T> {
    pub fn new() -> Self {
        Self { slots: Vec::new(), vacant: Vec::new() }
    }

    /// Stores `value` in a vacant slot (the most recently emptied first) or a new one.
    pub fn insert(&mut self, value: T) -> Handle<T> {
        match self.vacant.pop() {
            Some(index) => {
                let slot = &mut self.slots[index as usize];
                slot.value = Some(value);
                Handle { index, generation: slot.generation, _values: PhantomData }
            }
            None => {
                let index = u32::try_from(self.slots.len()).expect("fewer than 2^32 slots");
                self.slots.push(Slot { generation: 0, value: Some(value) });
                Handle { index, generation: 0, _values: PhantomData }
            }
        }
    }

    /// The value `handle` names.
    pub fn get(&self, handle: &Handle<T>) -> &T {
        let slot = &self.slots[handle.index as usize];
        assert_eq!(slot.generation, handle.generation, "a handle outlived its value");
        slot.value.as_ref().expect("a live handle names a full slot")
    }

    /// Takes the value out, consuming its handle; the slot's generation
    /// goes up, so the slot's next value gets a different handle.
    pub fn remove(&mut self, handle: Handle<T>) -> T {
        let slot = &mut self.slots[handle.index as usize];
        assert_eq!(slot.generation, handle.generation, "a handle outlived its value");
        let value = slot.value.take().expect("a live handle names a full slot");
        slot.generation += 1;
        self.vacant.push(handle.index);
        value
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
