//! A toy `malloc`/`free` in the style of C's: a byte array, block headers,
//! and a free list threaded through the freed blocks themselves.
//!
//! It is deliberately as trusting as a simple C allocator: `free` believes
//! whatever header sits in front of the pointer it is given, `malloc` believes
//! the free list, and `read`/`write` only know the heap's outer bounds, not
//! the blocks. So every classic bug goes wrong here the way it goes wrong in
//! C — but inside a `Vec<u8>` the heap owns, with offsets instead of
//! addresses: repeatable, safe to run, and drawable.
//!
//! ```text
//!  header (8 bytes)            payload (size bytes, a multiple of 8)
//! ┌─────────────┬─────────────┬──────────────────────────────────────┐
//! │ size: u32   │ state: u32  │ in use: the caller's bytes           │
//! │             │ 1 used/0 free│ free:  next free header (u32), junk │
//! └─────────────┴─────────────┴──────────────────────────────────────┘
//!                              ^ the `Ptr` that malloc returns
//! ```

use std::fmt;

// ANCHOR: constants
/// Bytes in front of every payload: its size and whether it is in use.
pub const HEADER: u32 = 8;
/// Every payload size and every header offset is a multiple of this.
pub const ALIGN: u32 = 8;
/// The smallest payload: a free block must hold the next-free link.
pub const MIN_PAYLOAD: u32 = 8;
/// The `next` link of the last free block.
const END: u32 = u32::MAX;
const USED: u32 = 1;
const FREE: u32 = 0;
// ANCHOR_END: constants

// ANCHOR: ptr
/// What `malloc` returns: the offset of a payload in the heap. It is `Copy`,
/// like a C pointer: copying it says nothing about who frees the block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ptr(u32);

impl Ptr {
    pub(crate) fn new(offset: u32) -> Ptr {
        Ptr(offset)
    }

    /// The payload's offset from the start of the heap.
    pub fn offset(self) -> u32 {
        self.0
    }

    /// Pointer arithmetic: `self + bytes`, unchecked like C's.
    pub fn plus(self, bytes: u32) -> Ptr {
        Ptr(self.0.wrapping_add(bytes))
    }

    /// The header in front of this payload.
    fn header(self) -> u32 {
        self.0.wrapping_sub(HEADER)
    }
}

impl fmt::Display for Ptr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@{}", self.0)
    }
}
// ANCHOR_END: ptr

/// A block as the heap walk sees it: where its header is, what it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// Offset of the header.
    pub header: u32,
    /// Payload bytes, as the header claims.
    pub size: u32,
    /// The header's state word says "in use".
    pub used: bool,
}

impl Block {
    /// The pointer `malloc` returned for this block.
    pub fn ptr(&self) -> Ptr {
        Ptr(self.header + HEADER)
    }
}

/// Why the heap walk stopped before the end of the heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Corruption {
    /// Offset of the header that makes no sense.
    pub header: u32,
    /// Its size field.
    pub size: u32,
    /// Its state field.
    pub state: u32,
}

impl fmt::Display for Corruption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "corrupt header at {}: size {:#010x}, state {:#010x}", self.header, self.size, self.state)
    }
}

// ANCHOR: heap
/// A C-style heap over `capacity` bytes that it owns.
#[derive(Clone, Debug)]
pub struct ToyHeap {
    memory: Vec<u8>,
    /// Header offset of the first free block, or `END`.
    free_head: u32,
    trace: Vec<String>,
}
// ANCHOR_END: heap

impl ToyHeap {
    /// A heap of `capacity` bytes (rounded down to a multiple of 8): one
    /// free block spanning all of it. The bytes start as `0xAA` ("never
    /// written"), as debug allocators fill fresh memory.
    pub fn new(capacity: u32) -> Self {
        let capacity = capacity / ALIGN * ALIGN;
        assert!(capacity >= HEADER + MIN_PAYLOAD, "a heap needs room for one block");
        let mut heap = ToyHeap { memory: vec![0xAA; capacity as usize], free_head: 0, trace: Vec::new() };
        heap.set_header(0, capacity - HEADER, FREE);
        heap.set_u32(HEADER, END);
        heap
    }

    /// The heap's size in bytes.
    pub fn capacity(&self) -> u32 {
        self.memory.len() as u32
    }

    // ANCHOR: malloc
    /// First fit: walks the free list and takes the first block that is big
    /// enough, splitting off the rest when it could hold another block.
    /// The payload keeps whatever bytes were there before — C's `malloc`
    /// does not clear memory either. `None` when nothing fits (or the free
    /// list leads somewhere that is not in the heap).
    pub fn malloc(&mut self, bytes: u32) -> Option<Ptr> {
        let size = bytes.max(MIN_PAYLOAD).checked_next_multiple_of(ALIGN)?;
        let mut link = None; // the free block whose `next` points at `block`
        let mut block = self.free_head;
        for _ in 0..self.capacity() / (HEADER + MIN_PAYLOAD) {
            if block == END || !self.holds(block, HEADER + MIN_PAYLOAD) {
                break;
            }
            let (found, next) = (self.u32_at(block), self.u32_at(block + HEADER));
            if found >= size && !self.holds(block, HEADER + found) {
                let ptr = Ptr(block + HEADER);
                self.log(format!("malloc({bytes}) -> ?? free block {ptr} claims {found} bytes, past the heap's end"));
                self.log("  a real malloc would now crash, or abort with \"corrupted size\"".to_string());
                return None;
            }
            if found >= size {
                let rest = found - size;
                let next = if rest >= HEADER + MIN_PAYLOAD {
                    let split = block + HEADER + size;
                    self.set_header(split, rest - HEADER, FREE);
                    self.set_u32(split + HEADER, next);
                    self.set_header(block, size, USED);
                    split
                } else {
                    self.set_header(block, found, USED);
                    next
                };
                match link {
                    None => self.free_head = next,
                    Some(link) => self.set_u32(link + HEADER, next),
                }
                let ptr = Ptr(block + HEADER);
                self.log(format!("malloc({bytes}) -> {ptr}"));
                return Some(ptr);
            }
            link = Some(block);
            block = next;
        }
        self.log(format!("malloc({bytes}) -> NULL"));
        None
    }
    // ANCHOR_END: malloc

    // ANCHOR: free
    /// Marks the block free and pushes it on the front of the free list,
    /// writing the link into the payload. Like a simple C allocator it does
    /// not check anything: not whether `ptr` came from `malloc`, not whether
    /// the block is already free. (A pointer outside the heap is ignored:
    /// real hardware would fault.)
    pub fn free(&mut self, ptr: Ptr) {
        self.log(format!("free({ptr})"));
        let block = ptr.header();
        if !self.holds(block, HEADER + MIN_PAYLOAD) {
            self.log(format!("  {ptr} is outside the heap: a real program would crash here"));
            return;
        }
        let size = self.u32_at(block);
        self.set_header(block, size, FREE);
        self.set_u32(block + HEADER, self.free_head);
        self.free_head = block;
    }
    // ANCHOR_END: free

    /// Writes `bytes` at `ptr`, however far past the block they reach. Stops
    /// at the end of the heap (where real hardware would fault).
    pub fn write(&mut self, ptr: Ptr, bytes: &[u8]) {
        self.log(format!("write({ptr}, {})", quote(bytes)));
        let start = (ptr.offset() as usize).min(self.memory.len());
        let end = start.saturating_add(bytes.len()).min(self.memory.len());
        self.memory[start..end].copy_from_slice(&bytes[..end - start]);
        if end - start < bytes.len() {
            self.log("  ran off the end of the heap: a real program would crash here".to_string());
        }
    }

    /// Reads `len` bytes at `ptr`, whatever they belong to now.
    pub fn read(&mut self, ptr: Ptr, len: u32) -> Vec<u8> {
        let start = (ptr.offset() as usize).min(self.memory.len());
        let end = start.saturating_add(len as usize).min(self.memory.len());
        let bytes = self.memory[start..end].to_vec();
        self.log(format!("read({ptr}, {len}) -> {}", quote(&bytes)));
        bytes
    }

    /// What the header in front of `ptr` says, if `ptr` points into the
    /// heap: `(size, in use)`. This is all `free` knows about a block.
    pub fn header(&self, ptr: Ptr) -> Option<(u32, bool)> {
        let block = ptr.header();
        self.holds(block, HEADER).then(|| (self.u32_at(block), self.u32_at(block + 4) == USED))
    }

    // ANCHOR: walk
    /// Walks the heap from offset 0, header to header, as `malloc`'s
    /// debugging tools do. A header whose size or state makes no sense
    /// ends the walk: everything after it is lost.
    pub fn walk(&self) -> (Vec<Block>, Option<Corruption>) {
        let mut blocks = Vec::new();
        let mut at = 0;
        while at < self.capacity() {
            let (size, state) = (self.u32_at(at), self.u32_at(at + 4));
            let fits = size >= MIN_PAYLOAD && size % ALIGN == 0 && self.holds(at, HEADER + size);
            if !fits || state > USED {
                return (blocks, Some(Corruption { header: at, size, state }));
            }
            blocks.push(Block { header: at, size, used: state == USED });
            at += HEADER + size;
        }
        (blocks, None)
    }
    // ANCHOR_END: walk

    /// The free list from its head, as `malloc` will follow it: payload
    /// pointers. Stops at the end, after leaving the heap, or when it starts
    /// going round in a circle (the circle's first block is listed twice).
    pub fn free_list(&self) -> Vec<Ptr> {
        let mut list = Vec::new();
        let mut block = self.free_head;
        while block != END && list.len() <= self.memory.len() / 16 {
            let ptr = Ptr(block + HEADER);
            let seen = list.contains(&ptr);
            list.push(ptr);
            if seen || !self.holds(block, HEADER + 4) {
                break;
            }
            block = self.u32_at(block + HEADER);
        }
        list
    }

    /// Blocks still in use: in a finished program, the leaks.
    pub fn leaks(&self) -> Vec<Block> {
        self.walk().0.into_iter().filter(|block| block.used).collect()
    }

    /// Every call so far, one line each.
    pub fn trace(&self) -> &[String] {
        &self.trace
    }

    /// Clears the trace (the heap is unchanged).
    pub fn take_trace(&mut self) -> Vec<String> {
        std::mem::take(&mut self.trace)
    }

    /// Adds a line to the trace: a scene's commentary between calls.
    pub fn note(&mut self, line: impl Into<String>) {
        self.trace.push(format!("  -- {}", line.into()));
    }

    // ANCHOR: map
    /// The memory map: a strip with one character per 4 bytes (`H` header,
    /// `#` in use, `.` free, `?` lost behind a corrupt header), then every
    /// block with its contents, then the free list.
    pub fn map(&self) -> String {
        let (blocks, corruption) = self.walk();
        let mut strip = String::new();
        for block in &blocks {
            let fill = if block.used { '#' } else { '.' };
            strip.extend(std::iter::repeat_n('H', (HEADER / 4) as usize));
            strip.extend(std::iter::repeat_n(fill, (block.size / 4) as usize));
        }
        let lost = self.capacity() - blocks.last().map_or(0, |b| b.header + HEADER + b.size);
        strip.extend(std::iter::repeat_n('?', (lost / 4) as usize));

        let mut out = format!("heap: {} bytes |{strip}|\n", self.capacity());
        for block in &blocks {
            let payload = &self.memory[(block.header + HEADER) as usize..][..block.size as usize];
            let contents = if block.used {
                quote(payload)
            } else {
                match u32::from_le_bytes(payload[..4].try_into().expect("4 bytes")) {
                    END => format!("next: end   {}", quote(&payload[4..])),
                    next => format!("next: @{}  {}", next.wrapping_add(HEADER), quote(&payload[4..])),
                }
            };
            let state = if block.used { "used" } else { "free" };
            out += &format!("  {:>4}  {state} {:>3} bytes  {contents}\n", block.ptr().to_string(), block.size);
        }
        if let Some(corruption) = corruption {
            out += &format!("  !! {corruption}; the walk stops, {lost} bytes lost\n");
        }
        let list: Vec<String> = self
            .free_list()
            .iter()
            .map(|&ptr| match self.holds(ptr.header(), HEADER + MIN_PAYLOAD) {
                true => ptr.to_string(),
                false => format!("{ptr} (outside the heap!)"),
            })
            .collect();
        out += &format!("  free list: {}\n", if list.is_empty() { "empty".to_string() } else { list.join(" -> ") });
        out
    }
    // ANCHOR_END: map

    fn log(&mut self, line: String) {
        self.trace.push(line);
    }

    /// The heap has `len` bytes at `at`.
    fn holds(&self, at: u32, len: u32) -> bool {
        at.checked_add(len).is_some_and(|end| end <= self.capacity())
    }

    fn u32_at(&self, at: u32) -> u32 {
        let at = at as usize;
        u32::from_le_bytes(self.memory[at..at + 4].try_into().expect("4 bytes"))
    }

    fn set_u32(&mut self, at: u32, value: u32) {
        let at = at as usize;
        self.memory[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    fn set_header(&mut self, at: u32, size: u32, state: u32) {
        self.set_u32(at, size);
        self.set_u32(at + 4, state);
    }
}

/// Bytes as a quoted string: printable ASCII as is, `0xAA` (never written)
/// as `~`, anything else as a `\xNN` escape. At most 16 bytes, then `…`.
pub fn quote(bytes: &[u8]) -> String {
    let mut shown = String::from("\"");
    for &byte in bytes.iter().take(16) {
        match byte {
            0x20..=0x7e => shown.push(byte as char),
            0xAA => shown.push('~'),
            _ => shown += &format!("\\x{byte:02x}"),
        }
    }
    shown.push('"');
    if bytes.len() > 16 {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malloc_splits_and_free_pushes_on_the_front() {
        let mut heap = ToyHeap::new(96);
        let a = heap.malloc(5).unwrap();
        let b = heap.malloc(16).unwrap();
        assert_eq!((a.offset(), b.offset()), (8, 24));
        assert_eq!(heap.header(a), Some((8, true)));
        heap.free(a);
        assert_eq!(heap.free_list(), [a, Ptr(48)]);
        // LIFO: the block freed last is the first one handed out again.
        assert_eq!(heap.malloc(8), Some(a));
        assert_eq!(heap.walk().1, None);
    }

    #[test]
    fn a_block_too_small_to_split_is_handed_out_whole() {
        let mut heap = ToyHeap::new(40);
        let a = heap.malloc(20).unwrap();
        assert_eq!(heap.header(a), Some((32, true)));
        assert_eq!(heap.malloc(1), None);
        assert_eq!(heap.trace().last().unwrap(), "malloc(1) -> NULL");
    }

    #[test]
    fn the_walk_stops_at_a_header_that_makes_no_sense() {
        let mut heap = ToyHeap::new(64);
        let a = heap.malloc(8).unwrap();
        heap.write(a, b"0123456789ABCDEF"); // 8 bytes too many: the next header
        let (blocks, corruption) = heap.walk();
        assert_eq!(blocks.len(), 1);
        assert_eq!(corruption.map(|c| c.header), Some(16));
        assert!(heap.map().contains("!! corrupt header at 16"));
    }

    #[test]
    fn writes_and_reads_stop_at_the_end_of_the_heap() {
        let mut heap = ToyHeap::new(32);
        heap.write(Ptr(30), b"abcd");
        assert_eq!(heap.read(Ptr(30), 10), b"ab");
        assert!(heap.trace()[1].contains("ran off the end"));
        heap.free(Ptr(200));
        assert!(heap.trace().last().unwrap().contains("outside the heap"));
    }

    #[test]
    fn a_circular_free_list_is_listed_once_round() {
        let mut heap = ToyHeap::new(64);
        let a = heap.malloc(8).unwrap();
        heap.free(a);
        heap.free(a);
        assert_eq!(heap.free_list(), [a, a]);
    }

    #[test]
    fn a_free_list_pointing_outside_the_heap_makes_malloc_fail_not_panic() {
        let mut heap = ToyHeap::new(64);
        let a = heap.malloc(8).unwrap();
        let _b = heap.malloc(8).unwrap();
        heap.free(a);
        heap.write(a, &1000u32.to_le_bytes());
        assert_eq!(heap.malloc(8), Some(a));
        assert_eq!(heap.malloc(8), None);
    }
}
