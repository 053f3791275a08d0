//! Exercise c-pitfalls-6 (capstone): a heap that coalesces.
//!
//! The toy heap of this chapter never merges free neighbours: free two
//! adjacent 16-byte blocks and a 40-byte request still fails, though 48 bytes
//! in a row are free. Real `malloc`s merge ("coalesce") on every `free`, and
//! the classic way to find the block *before* you in constant time is
//! Knuth's boundary tags: every block carries its size and state at both
//! ends, so the footer of the previous block sits right in front of your
//! header. The book's exercises page (01, "c-pitfalls-6") describes the
//! design.
//!
//! ```text
//!  offset 0   4                                   4 + size
//!  │ pad │ header │ payload ............ │ footer │ header │ …
//!        │size|use│ (size - 8 bytes)     │size|use│
//! ```
//!
//! Blocks tile the heap from offset 4 (so that payloads land on multiples of
//! 8) to the last multiple of 8 plus 4 that fits.

/// Bytes of a boundary tag: the block's size, with bit 0 set while in use.
pub const TAG: u32 = 4;
/// Block sizes (tags included) are multiples of this.
pub const ALIGN: u32 = 8;
/// The smallest block: two tags and 8 bytes of payload.
pub const MIN_BLOCK: u32 = 16;
/// Where the first block starts.
pub const START: u32 = 4;

/// A block as `blocks` reports it (a "chunk", as glibc says, to keep it apart
/// from the `Block` of c-pitfalls-5): where its payload starts, how many bytes
/// the payload has, and whether it is in use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub payload: u32,
    pub size: u32,
    pub used: bool,
}

/// Why `free` refused a pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadFree {
    /// Not where a block of this heap can start, or its tags disagree: the
    /// middle of a block, or not a block at all.
    NotABlock,
    /// A block, but not in use: freed already.
    NotInUse,
}

/// A heap of boundary-tagged blocks in a byte array it owns.
#[derive(Debug)]
pub struct TagHeap {
    bytes: Vec<u8>,
}

impl TagHeap {
    /// A heap of `capacity` bytes: one free block as large as fits.
    ///
    /// # Panics
    /// If `capacity` cannot hold a single block.
    pub fn new(capacity: u32) -> TagHeap {
        // TODO: the whole heap is one free block, tagged at both ends: from
        // START, as many whole multiples of ALIGN as fit. Reading and writing
        // a tag is a little-endian u32 at an offset; a pair of helpers for
        // them (and one that writes both tags of a block) will serve every
        // method below.
        todo!("a heap of {capacity} bytes")
    }

    /// The first free block that holds `size` payload bytes, split if the
    /// rest is big enough to be a block of its own.
    pub fn malloc(&mut self, size: u32) -> Option<u32> {
        // TODO: walk the blocks from START by their sizes (the tags say how
        // far the next one is). A free block big enough for the payload —
        // rounded up to ALIGN — plus its two tags is taken; if what would be
        // left is at least MIN_BLOCK, it becomes a free block of its own,
        // otherwise the whole block is handed out. Zero and sizes that
        // overflow the rounding are refused.
        todo!("malloc({size})")
    }

    /// Frees the block whose payload starts at `payload`, merging it with a
    /// free block on either side. The tags make the checks cheap: a real
    /// block has a sane size and the same tag at both ends.
    pub fn free(&mut self, payload: u32) -> Result<(), BadFree> {
        // TODO: first the checks, none of which may change the heap: is there
        // a block start in front of `payload` at all (inside the heap, on the
        // grid of blocks)? Is its size sane, and does its footer say the
        // same as its header? Is it in use? Then merge: the block after it
        // starts where it ends; the block before it ends where it starts —
        // and that block's footer says how far back its header is. After the
        // merges there must never be two free blocks side by side.
        todo!("free({payload})")
    }

    /// Every block, from the first to the last.
    pub fn blocks(&self) -> Vec<Chunk> {
        // TODO: the same walk as malloc's, reporting payload offsets and
        // payload sizes (the block's size minus its tags).
        todo!("the blocks of a heap of {} bytes", self.bytes.len())
    }

    /// Copies `data` to `payload` (only the heap's bounds are checked, as in C).
    pub fn write(&mut self, payload: u32, data: &[u8]) {
        let at = payload as usize;
        self.bytes[at..at + data.len()].copy_from_slice(data);
    }

    /// The `len` bytes at `payload`.
    pub fn read(&self, payload: u32, len: u32) -> Vec<u8> {
        self.bytes[payload as usize..(payload + len) as usize].to_vec()
    }
}
