//! Exercise c-pitfalls-6 (capstone): a heap that coalesces.
//!
//! The toy heap of this chapter never merges free neighbours: free two
//! adjacent 16-byte blocks and a 40-byte request still fails, though 48 bytes
//! in a row are free. Real `malloc`s merge ("coalesce") on every `free`, and
//! the classic way to find the block *before* you in constant time is
//! Knuth's boundary tags: every block carries its size and state at both
//! ends, so the footer of the previous block sits right in front of your
//! header.
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
const USED: u32 = 1;

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
        assert!(capacity >= START + MIN_BLOCK, "a heap of {capacity} bytes holds no block");
        let mut heap = TagHeap { bytes: vec![0; capacity as usize] };
        heap.set_block(START, heap.end() - START, false);
        heap
    }

    /// One past the last byte blocks may use.
    fn end(&self) -> u32 {
        START + (self.bytes.len() as u32 - START) / ALIGN * ALIGN
    }

    fn tag(&self, at: u32) -> (u32, bool) {
        let at = at as usize;
        let word = u32::from_le_bytes(self.bytes[at..at + 4].try_into().expect("four bytes"));
        (word & !USED, word & USED != 0)
    }

    /// Writes the header and the footer of the block at `at`.
    fn set_block(&mut self, at: u32, size: u32, used: bool) {
        let word = (size | if used { USED } else { 0 }).to_le_bytes();
        for tag in [at, at + size - TAG] {
            self.bytes[tag as usize..tag as usize + 4].copy_from_slice(&word);
        }
    }

    /// The first free block that holds `size` payload bytes, split if the
    /// rest is big enough to be a block of its own.
    pub fn malloc(&mut self, size: u32) -> Option<u32> {
        if size == 0 {
            return None;
        }
        let need = size.checked_next_multiple_of(ALIGN)?.checked_add(2 * TAG)?;
        let (mut at, end) = (START, self.end());
        while at < end {
            let (block, used) = self.tag(at);
            if block < MIN_BLOCK {
                return None; // a tag overwritten through `write`: stop, as a walk must
            }
            if !used && block >= need {
                if block - need >= MIN_BLOCK {
                    self.set_block(at, need, true);
                    self.set_block(at + need, block - need, false);
                } else {
                    self.set_block(at, block, true);
                }
                return Some(at + TAG);
            }
            at += block;
        }
        None
    }

    /// Frees the block whose payload starts at `payload`, merging it with a
    /// free block on either side. The tags make the checks cheap: a real
    /// block has a sane size and the same tag at both ends.
    pub fn free(&mut self, payload: u32) -> Result<(), BadFree> {
        let end = self.end();
        let mut start = payload
            .checked_sub(TAG)
            .filter(|&at| at >= START && (at - START).is_multiple_of(ALIGN) && at < end)
            .ok_or(BadFree::NotABlock)?;
        let (mut size, used) = self.tag(start);
        let sane = size >= MIN_BLOCK
            && size.is_multiple_of(ALIGN)
            && start.checked_add(size).is_some_and(|block_end| block_end <= end);
        if !sane || self.tag(start + size - TAG) != (size, used) {
            return Err(BadFree::NotABlock);
        }
        if !used {
            return Err(BadFree::NotInUse);
        }
        let next = start + size;
        if next < end {
            let (next_size, next_used) = self.tag(next);
            if !next_used {
                size += next_size;
            }
        }
        if start > START {
            let (prev_size, prev_used) = self.tag(start - TAG);
            if !prev_used {
                start -= prev_size;
                size += prev_size;
            }
        }
        self.set_block(start, size, false);
        Ok(())
    }

    /// Every block, from the first to the last.
    pub fn blocks(&self) -> Vec<Chunk> {
        let mut blocks = Vec::new();
        let (mut at, end) = (START, self.end());
        while at < end {
            let (size, used) = self.tag(at);
            if size < MIN_BLOCK {
                break; // a tag overwritten through `write`
            }
            blocks.push(Chunk { payload: at + TAG, size: size - 2 * TAG, used });
            at += size;
        }
        blocks
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
