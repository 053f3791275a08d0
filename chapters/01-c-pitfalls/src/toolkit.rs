//! The unsafe toolkit: the handful of `unsafe` Rust tools every allocator in
//! this course is built from, each in the smallest program that needs it.
//! The book's page "The unsafe toolkit" walks through them before the first
//! exercise that uses one.

use core::cell::Cell;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ptr::NonNull;

// ANCHOR: pointers
/// Writes `values` into `buffer` one by one through a raw pointer, the way
/// an allocator writes into memory it hands out, and returns the pointer to
/// the first byte.
///
/// `NonNull<u8>` is a raw pointer that is never null: the type every
/// allocator of the course returns. `add(i)` moves it `i` elements on — only
/// within the same allocation — and `write`/`read` store and load through it
/// without creating a reference.
pub fn write_through_a_pointer(buffer: &mut [u8], values: &[u8]) -> NonNull<u8> {
    assert!(values.len() <= buffer.len(), "the values must fit");
    let start = NonNull::from(&mut *buffer).cast::<u8>();
    for (i, &value) in values.iter().enumerate() {
        // SAFETY: `i < values.len() <= buffer.len()`, so `start + i` is inside
        // the buffer, which we borrow mutably: nobody else reads or writes it.
        unsafe { start.add(i).write(value) };
    }
    start
}

/// Reads `len` bytes back from `start`.
///
/// # Safety
/// `start..start + len` is inside one live allocation of initialised bytes
/// that nobody writes meanwhile.
pub unsafe fn read_through_a_pointer(start: NonNull<u8>, len: usize) -> Vec<u8> {
    // SAFETY: every `start + i` is inside the allocation (the caller's promise).
    (0..len).map(|i| unsafe { start.add(i).read() }).collect()
}
// ANCHOR_END: pointers

// ANCHOR: cell
/// A counter that changes behind a shared reference. An allocator is used
/// through `&self` by everything that allocates from it at once, so its
/// state (an end index, a free-list head) lives in `Cell`s: `get` copies the
/// value out, `set` replaces it, and no reference into the cell ever exists,
/// so there is nothing to alias. (`Cell` is not `Sync`: one thread only.)
#[derive(Debug, Default)]
pub struct Counter {
    taken: Cell<usize>,
}

impl Counter {
    /// Takes `n` more, through `&self`.
    pub fn take(&self, n: usize) -> usize {
        let before = self.taken.get();
        self.taken.set(before + n);
        before
    }
}
// ANCHOR_END: cell

// ANCHOR: uninit
/// Memory fresh from an allocator holds whatever bytes were there before:
/// reading it as a `u8` is undefined behaviour until it has been written.
/// `MaybeUninit<T>` is how Rust says "maybe not written yet": writing is
/// safe, reading needs `unsafe` and the promise that it was written.
pub fn fill_uninitialised<const N: usize>(value: u8) -> [u8; N] {
    let mut bytes = [MaybeUninit::<u8>::uninit(); N];
    for byte in &mut bytes {
        byte.write(value);
    }
    // SAFETY: every element was written just above.
    bytes.map(|byte| unsafe { byte.assume_init() })
}
// ANCHOR_END: uninit

// ANCHOR: phantom
/// A view into a buffer that keeps only a raw pointer and a length, as the
/// fixed-buffer allocator of lesson 05 does. A raw pointer has no lifetime,
/// so nothing would stop the buffer from being dropped while the view lives —
/// unless the type says it borrows the buffer. `PhantomData<&'buf mut [u8]>`
/// is a zero-sized field that says exactly that: the compiler treats the
/// view as holding a `&'buf mut [u8]`, and the borrow checker does the rest.
/// (Without it, `'buf` would be unused and the struct would not compile:
/// error E0392.)
#[derive(Debug)]
pub struct Window<'buf> {
    start: NonNull<u8>,
    len: usize,
    _buffer: PhantomData<&'buf mut [u8]>,
}

impl<'buf> Window<'buf> {
    /// A window over all of `buffer`, which stays borrowed while it lives.
    pub fn new(buffer: &'buf mut [u8]) -> Self {
        let len = buffer.len();
        Window { start: NonNull::from(buffer).cast(), len, _buffer: PhantomData }
    }

    /// The byte at `i`, if inside.
    pub fn get(&self, i: usize) -> Option<u8> {
        // SAFETY: `i < len` is inside the buffer, which `'buf` keeps alive and
        // borrowed: no one else can write it while the window lives.
        (i < self.len).then(|| unsafe { self.start.add(i).read() })
    }
}
// ANCHOR_END: phantom

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_write_and_read_the_same_bytes() {
        let mut buffer = [0u8; 8];
        let start = write_through_a_pointer(&mut buffer, b"abc");
        // SAFETY: three bytes of `buffer`, written above, not written since.
        assert_eq!(unsafe { read_through_a_pointer(start, 3) }, b"abc");
        assert_eq!(&buffer[..4], b"abc\0");
    }

    #[test]
    fn a_cell_changes_behind_a_shared_reference() {
        let counter = Counter::default();
        let (a, b) = (&counter, &counter);
        assert_eq!((a.take(3), b.take(4), a.take(0)), (0, 3, 7));
    }

    #[test]
    fn uninitialised_memory_is_written_before_it_is_read() {
        assert_eq!(fill_uninitialised::<4>(0xaa), [0xaa; 4]);
    }

    #[test]
    fn a_window_reads_its_buffer() {
        let mut buffer = *b"hello";
        let window = Window::new(&mut buffer);
        assert_eq!((window.get(0), window.get(4), window.get(5)), (Some(b'h'), Some(b'o'), None));
    }
}
