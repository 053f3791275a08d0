//! Zig's `ArenaAllocator`: bump allocation in chunks from a child allocator,
//! and one free for everything.

use allocator_interface::{Allocator, OutOfMemory};
use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;
use fixed_buffer::Region;

// ANCHOR: header
/// The start of every chunk: its size and the chunk before it. The chunks form
/// a singly linked list, newest first, stored inside the chunks themselves —
/// the arena needs no memory of its own (Zig's `BufNode`). Aligned to 32, it
/// is 32 bytes whatever the pointer width, so chunk sizes are the same on
/// 64-bit machines and in 32-bit WebAssembly (the book's playground).
#[repr(C, align(32))]
struct ChunkHeader {
    /// Bytes in the whole chunk, header included.
    len: usize,
    /// Bytes of the chunk's data taken when the arena moved on to a newer
    /// chunk (for reports; the current chunk's is `end_index`).
    used: usize,
    /// The next older chunk.
    prev: Option<NonNull<ChunkHeader>>,
}

/// Chunks are this aligned, and so is their data after the header: blocks of
/// up to 32-byte alignment never need padding at the start of a chunk.
const CHUNK_ALIGN: usize = align_of::<ChunkHeader>();
const HEADER: usize = size_of::<ChunkHeader>();
// ANCHOR_END: header

/// What [`Arena::reset`] keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResetMode {
    /// Give every chunk back to the child allocator.
    FreeAll,
    /// Keep one chunk as large as all of them were, so the next round of
    /// allocations (of the same size) needs no child allocation at all.
    RetainCapacity,
    /// As `RetainCapacity`, but keep at most this many bytes.
    RetainWithLimit(usize),
}

/// One chunk, as [`Arena::chunks`] reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkInfo {
    /// Usable bytes (the header excluded).
    pub capacity: usize,
    /// Bytes taken, padding included. The tail of an older chunk stays
    /// unused: the arena never goes back to it.
    pub used: usize,
}

// ANCHOR: arena
/// Many allocations, one lifetime, one free.
///
/// Blocks are bumped out of the current chunk; when it is full, a bigger chunk
/// comes from the child allocator `A`. Only the last block can be resized or
/// freed (as in Zig); everything else is freed at once, by [`reset`](Self::reset)
/// or when the arena is dropped. Destructors of values in the arena are **not**
/// run: the arena hands out memory, not ownership (see [`alloc_value`](Self::alloc_value)).
#[derive(Debug)]
pub struct Arena<A: Allocator> {
    child: A,
    /// The newest chunk, or `None` before the first allocation.
    current: Cell<Option<NonNull<ChunkHeader>>>,
    /// The current chunk's usable bytes: where they start, and how many.
    data: Cell<NonNull<u8>>,
    capacity: Cell<usize>,
    /// Bytes of the current chunk taken.
    end_index: Cell<usize>,
}
// ANCHOR_END: arena

impl<A: Allocator> Arena<A> {
    /// An empty arena: no memory is asked of `child` until the first allocation.
    ///
    /// ```
    /// use allocator_interface::SystemAllocator;
    /// use arena::{Arena, ResetMode};
    ///
    /// let mut arena = Arena::new(SystemAllocator);
    /// let answer = arena.alloc_value(41)?;
    /// *answer += 1;
    /// assert_eq!(arena.alloc_str("hello")?, "hello");
    /// assert_eq!(arena.chunks().len(), 1);
    /// // Everything at once; the chunk stays for the next round.
    /// assert!(arena.reset(ResetMode::RetainCapacity));
    /// assert_eq!(arena.chunks()[0].used, 0);
    /// # Ok::<(), allocator_interface::OutOfMemory>(())
    /// ```
    pub const fn new(child: A) -> Self {
        Self {
            child,
            current: Cell::new(None),
            data: Cell::new(NonNull::dangling()),
            capacity: Cell::new(0),
            end_index: Cell::new(0),
        }
    }

    /// The child allocator.
    pub fn child(&self) -> &A {
        &self.child
    }

    /// Usable bytes in all chunks: what the arena can hold without asking the
    /// child allocator again (after a reset). Zig's `queryCapacity`.
    /// Walks the chunk list without allocating: `reset` calls it, and a
    /// reset must not touch the global heap.
    pub fn query_capacity(&self) -> usize {
        self.chunk_list().map(|(_, header)| header.len - HEADER).sum()
    }

    /// Every chunk, newest first.
    pub fn chunks(&self) -> Vec<ChunkInfo> {
        let newest_used = self.end_index.get();
        self.chunk_list()
            .enumerate()
            .map(|(i, (_, header))| ChunkInfo {
                capacity: header.len - HEADER,
                used: if i == 0 { newest_used } else { header.used },
            })
            .collect()
    }

    /// The chunk list, newest first.
    fn chunk_list(&self) -> Chunks {
        Chunks { next: self.current.get() }
    }

    /// The current chunk's usable bytes as lesson 05's bump region: within
    /// a chunk, the arena *is* a fixed-buffer allocator.
    #[inline(always)]
    fn region(&self) -> Region<'_> {
        // SAFETY: `data..data + capacity` are the current chunk's usable
        // bytes, live until `reset` or drop (both take `&mut self`, so no
        // region is in use then); before the first chunk, `capacity` is 0.
        // `end_index <= capacity` always.
        unsafe { Region::new(self.data.get(), self.capacity.get(), &self.end_index) }
    }

    /// Moves `value` into the arena and returns it, borrowed from the arena.
    /// Its destructor will never run (like `bumpalo::Bump::alloc`).
    #[allow(clippy::mut_from_ref)] // each call hands out a fresh, disjoint block
    pub fn alloc_value<T>(&self, value: T) -> Result<&mut T, OutOfMemory> {
        let layout = Layout::new::<T>();
        let ptr = if layout.size() == 0 { NonNull::dangling() } else { self.alloc(layout)?.cast::<T>() };
        // SAFETY: a fresh block for a `T` (or a dangling, aligned pointer for a
        // zero-sized `T`) that nobody else can reach; it lives as long as the
        // arena, which the returned borrow cannot outlive.
        unsafe {
            ptr.write(value);
            Ok(&mut *ptr.as_ptr())
        }
    }

    /// Copies `text` into the arena.
    pub fn alloc_str(&self, text: &str) -> Result<&str, OutOfMemory> {
        if text.is_empty() {
            return Ok("");
        }
        let ptr = self.alloc(Layout::for_value(text))?;
        // SAFETY: a fresh block of `text.len()` bytes, filled with valid UTF-8
        // before it is viewed as a `str`; it lives as long as the arena.
        unsafe {
            core::ptr::copy_nonoverlapping(text.as_ptr(), ptr.as_ptr(), text.len());
            Ok(core::str::from_utf8_unchecked(core::slice::from_raw_parts(ptr.as_ptr(), text.len())))
        }
    }

    // ANCHOR: grow
    /// The slow path: the current chunk is full. First ask the child to grow
    /// the current chunk in place, as Zig's arena does; if it cannot (a child
    /// over `malloc` never can), start a new chunk that fits the request with
    /// room to spare.
    #[cold]
    fn alloc_in_new_chunk(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        let needed = layout.size().checked_add(layout.align()).ok_or(OutOfMemory)?;
        let len = next_chunk_len(self.capacity.get(), needed).ok_or(OutOfMemory)?;
        if let Some(block) = self.grow_in_place(len, layout) {
            return Ok(block);
        }
        let chunk_layout = Layout::from_size_align(len, CHUNK_ALIGN).map_err(|_| OutOfMemory)?;
        let chunk = self.child.alloc(chunk_layout)?.cast::<ChunkHeader>();
        if let Some(old) = self.current.get() {
            // SAFETY: the current chunk is live; record how far it was filled.
            unsafe { (&raw mut (*old.as_ptr()).used).write(self.end_index.get()) };
        }
        // SAFETY: a fresh chunk of `len >= HEADER` bytes, aligned for the header.
        unsafe { chunk.write(ChunkHeader { len, used: 0, prev: self.current.get() }) };
        self.current.set(Some(chunk));
        // SAFETY: the usable bytes start right after the header, inside the chunk.
        self.data.set(unsafe { chunk.cast::<u8>().add(HEADER) });
        self.capacity.set(len - HEADER);
        self.end_index.set(0);
        self.bump(layout).ok_or(OutOfMemory)
    }

    /// Grows the current chunk to `len` bytes where it is, with the child's
    /// `resize`, and takes `layout` from it; `None` if there is no chunk yet
    /// or the child cannot. Zig asks for just enough for the one block
    /// (arena_allocator.zig, lines 208–213), so a full chunk asks again at the
    /// next block; this asks for what a new chunk would have been.
    fn grow_in_place(&self, len: usize, layout: Layout) -> Option<NonNull<u8>> {
        let chunk = self.current.get()?;
        // SAFETY: the current chunk is live, and its header is only written
        // by the arena, which is not doing so now.
        let old_len = unsafe { (&raw const (*chunk.as_ptr()).len).read() };
        let old = Layout::from_size_align(old_len, CHUNK_ALIGN).ok()?;
        // SAFETY: the chunk is a live block of the child with layout `old`
        // (its header records the length it was last given), and `len` is
        // larger. Blocks handed out from it stay where they are.
        if !unsafe { self.child.resize(chunk.cast(), old, len) } {
            return None;
        }
        // SAFETY: the chunk is live, and now `len` bytes long: record it, so
        // that it is freed (and reported) with its new length.
        unsafe { (&raw mut (*chunk.as_ptr()).len).write(len) };
        self.capacity.set(len - HEADER);
        self.bump(layout)
    }
    // ANCHOR_END: grow

    /// A block from the current chunk, if it fits.
    #[inline(always)]
    fn bump(&self, layout: Layout) -> Option<NonNull<u8>> {
        self.region().alloc(layout)
    }

    // ANCHOR: reset
    /// Frees every block at once; returns `false` only if a retaining mode
    /// could not get its one chunk (the arena is then empty but valid).
    ///
    /// `&mut self`: no block from this arena can still be in use.
    pub fn reset(&mut self, mode: ResetMode) -> bool {
        let capacity = self.query_capacity();
        let keep = match mode {
            ResetMode::FreeAll => 0,
            ResetMode::RetainCapacity => capacity,
            ResetMode::RetainWithLimit(limit) => limit.min(capacity),
        };
        // The oldest chunk is kept (if anything is); the others go back.
        let mut oldest = None;
        for (chunk, header) in (Chunks { next: self.current.take() }) {
            if header.prev.is_none() && keep > 0 {
                oldest = Some((chunk, header.len));
            } else {
                self.free_chunk(chunk, header.len);
            }
        }
        self.capacity.set(0);
        self.end_index.set(0);
        let Some((chunk, len)) = oldest else { return true };
        let wanted = keep + HEADER;
        // SAFETY: a live chunk of ours, allocated with this layout.
        let resized = len == wanted || unsafe { self.child.resize(chunk.cast(), chunk_layout(len), wanted) };
        let chunk = if resized {
            chunk
        } else {
            self.free_chunk(chunk, len);
            match self.child.alloc(chunk_layout(wanted)) {
                Ok(fresh) => fresh.cast(),
                Err(OutOfMemory) => return false,
            }
        };
        // SAFETY: `chunk` is a live chunk of `wanted` bytes, aligned for the header.
        unsafe { chunk.write(ChunkHeader { len: wanted, used: 0, prev: None }) };
        self.current.set(Some(chunk));
        // SAFETY: the usable bytes follow the header inside the chunk.
        self.data.set(unsafe { chunk.cast::<u8>().add(HEADER) });
        self.capacity.set(keep);
        true
    }
    // ANCHOR_END: reset

    /// [`reset`](Self::reset), after overwriting every byte handed out since
    /// the last reset with zeros, so the next user of the memory cannot read
    /// the previous one's data.
    pub fn reset_zeroed(&mut self, mode: ResetMode) -> bool {
        for (chunk, header) in self.chunk_list() {
            // SAFETY: a live chunk: header, then `len - HEADER` usable bytes.
            unsafe { chunk.cast::<u8>().add(HEADER).write_bytes(0, header.len - HEADER) };
        }
        self.reset(mode)
    }

    fn free_chunk(&self, chunk: NonNull<ChunkHeader>, len: usize) {
        // SAFETY: a live chunk that this arena allocated from `child` with
        // this layout, and that nothing refers to any more.
        unsafe { self.child.free(chunk.cast(), chunk_layout(len)) };
    }
}

/// Walks a chunk list, newest first, yielding each chunk with a copy of its
/// header. The header is read before its chunk is yielded, so a caller may
/// free the chunk it was given before asking for the next one.
struct Chunks {
    next: Option<NonNull<ChunkHeader>>,
}

impl Iterator for Chunks {
    type Item = (NonNull<ChunkHeader>, ChunkHeader);

    fn next(&mut self) -> Option<Self::Item> {
        let chunk = self.next?;
        // SAFETY: a `Chunks` starts at an arena's newest chunk, and every
        // chunk links to an older live one (or to none); a chunk is freed
        // only after the walk has read its header and moved past it.
        let header = unsafe { chunk.read() };
        self.next = header.prev;
        Some((chunk, header))
    }
}

/// The layout every chunk of `len` bytes was allocated with.
fn chunk_layout(len: usize) -> Layout {
    Layout::from_size_align(len, CHUNK_ALIGN).expect("chunk sizes were valid when allocated")
}

// ANCHOR: policy
/// The size of the next chunk, header included: Zig's policy. Enough for the
/// request plus the header, plus the current chunk's capacity, and half as
/// much again — so chunks grow geometrically (×1.5 or more) and the number of
/// child allocations stays logarithmic in the total.
fn next_chunk_len(previous_capacity: usize, needed: usize) -> Option<usize> {
    let big_enough = previous_capacity.checked_add(needed)?.checked_add(HEADER + 16)?;
    big_enough.checked_add(big_enough / 2)
}
// ANCHOR_END: policy

impl<A: Allocator> Drop for Arena<A> {
    fn drop(&mut self) {
        self.reset(ResetMode::FreeAll);
    }
}

// SAFETY: blocks are bumped from the current chunk past every live block, and
// chunks are only given back by `reset` (`&mut self`: no block in use) or
// drop. Chunks never move, so neither do blocks, and moving the arena value
// moves only the pointers to them. Resize and free act only on the last block.
unsafe impl<A: Allocator> Allocator for Arena<A> {
    #[inline]
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        match self.bump(layout) {
            Some(ptr) => Ok(ptr),
            // A zero size is refused (the contract rules it out), not a reason for a new chunk.
            None if layout.size() == 0 => Err(OutOfMemory),
            None => self.alloc_in_new_chunk(layout),
        }
    }

    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        let region = self.region();
        if region.owns(ptr.as_ptr()) {
            region.resize(ptr, layout.size(), new_size)
        } else {
            // A block of an older chunk: it can only shrink, keeping its tail
            // (never to zero bytes: the contract rules that out).
            new_size != 0 && new_size <= layout.size()
        }
    }

    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // SAFETY: the caller's guarantees for `remap` are those of `resize`.
        unsafe { self.resize(ptr, layout, new_size) }.then_some(ptr)
    }

    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        let region = self.region();
        if region.owns(ptr.as_ptr()) {
            region.free(ptr, layout.size());
        }
    }
}

allocator_interface::impl_allocator_api2!([A: Allocator] Arena<A>);

#[cfg(test)]
mod tests {
    use super::*;
    use allocator_interface::testing::TestingAllocator;

    #[test]
    fn chunks_grow_geometrically() {
        let arena = Arena::new(TestingAllocator::new());
        for _ in 0..1000 {
            arena.alloc(Layout::new::<[u8; 100]>()).unwrap();
        }
        let chunks = arena.chunks();
        assert!(chunks.len() <= 12, "{} chunks for 100 KB", chunks.len());
        for pair in chunks.windows(2) {
            assert!(pair[0].capacity >= pair[1].capacity * 3 / 2, "{chunks:?}");
        }
    }

    #[test]
    fn reset_keeps_one_chunk_of_the_retained_capacity() {
        let mut arena = Arena::new(TestingAllocator::new());
        arena.alloc(Layout::new::<u8>()).unwrap();
        arena.alloc(Layout::new::<[u8; 1000]>()).unwrap();
        assert!(arena.chunks().len() >= 2);
        let capacity = arena.query_capacity();
        assert!(arena.reset(ResetMode::RetainCapacity));
        assert_eq!(arena.chunks(), [ChunkInfo { capacity, used: 0 }]);
        assert!(arena.reset(ResetMode::RetainWithLimit(1)), "Zig's 'reset while retaining a buffer'");
        assert_eq!(arena.chunks(), [ChunkInfo { capacity: 1, used: 0 }]);
        assert!(arena.reset(ResetMode::FreeAll));
        assert!(arena.chunks().is_empty());
    }

    #[test]
    fn values_in_the_arena_are_not_dropped() {
        struct Noisy<'a>(&'a Cell<usize>);
        impl Drop for Noisy<'_> {
            fn drop(&mut self) {
                self.0.set(self.0.get() + 1);
            }
        }
        let drops = Cell::new(0);
        let arena = Arena::new(TestingAllocator::new());
        arena.alloc_value(Noisy(&drops)).unwrap();
        drop(arena);
        assert_eq!(drops.get(), 0, "the arena freed the memory but never ran the destructor");
    }
}
