//! Exercise general-purpose-5: a handle that cannot be freed twice.
//!
//! Zig catches a double free at run time, in the debug allocator. Rust can
//! refuse to compile one: if freeing *consumes* the handle, a second free is
//! a use of a moved value (E0382). The generation number is the run-time
//! half, for slots that are reused: an index alone would name the new value.

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
#[derive(Debug, PartialEq, Eq)]
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
        match self.vacant.pop() {
            Some(index) => {
                let slot = &mut self.slots[index as usize];
                slot.value = Some(value);
                Handle { index, generation: slot.generation }
            }
            None => {
                let index = u32::try_from(self.slots.len()).expect("fewer than 2^32 slots");
                self.slots.push(Slot { generation: 0, value: Some(value) });
                Handle { index, generation: 0 }
            }
        }
    }

    /// The value `handle` names.
    pub fn get(&self, handle: &Handle) -> &T {
        let slot = &self.slots[handle.index as usize];
        assert_eq!(slot.generation, handle.generation, "a handle outlived its value");
        slot.value.as_ref().expect("a live handle names a full slot")
    }

    /// Takes the value out, consuming its handle; the slot's generation
    /// goes up, so the slot's next value gets a different handle.
    pub fn remove(&mut self, handle: Handle) -> T {
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
