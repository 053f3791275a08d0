//! Pictures of a fixed buffer: which bytes are blocks, padding, or free.
//!
//! Offsets, never addresses: the same allocations draw the same picture on
//! every run and every machine, so the pictures are snapshot-tested and the
//! book includes them as they are.

use alloc::string::String;
use core::fmt::Write;

/// A live block, as an offset into the buffer and a length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// Allocation number: block 0 is drawn `A`, block 1 `B`, and so on.
    pub id: usize,
    /// First byte, counted from the start of the buffer.
    pub offset: usize,
    /// Length in bytes.
    pub len: usize,
}

/// What one byte of the buffer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Byte {
    /// Part of the block with this id.
    Block(usize),
    /// Below the end index but in no live block: alignment padding, or a
    /// freed block that was not the last one (reclaimed only by `reset`).
    Dead,
    /// At or after the end index: free for the next allocation.
    Free,
}

fn classify(capacity: usize, free: core::ops::Range<usize>, blocks: &[Block]) -> alloc::vec::Vec<Byte> {
    let mut bytes = alloc::vec![Byte::Dead; capacity];
    bytes[free].fill(Byte::Free);
    for block in blocks {
        bytes[block.offset..block.offset + block.len].fill(Byte::Block(block.id));
    }
    bytes
}

const LABELS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ROW: usize = 32;

// ANCHOR: ascii
/// A text map, 32 bytes a row: a letter per live block (`A` for block 0),
/// `.` for padding and dead bytes, `_` for free space.
pub fn ascii(capacity: usize, end_index: usize, blocks: &[Block]) -> String {
    let end = end_index.min(capacity);
    draw(capacity, end..capacity, blocks, format_args!("end index {end_index} of {capacity}"))
}
// ANCHOR_END: ascii

/// The map of an allocator that bumps *down*: the free space is the bytes
/// below `mark`, and everything from `mark` up is taken.
pub fn ascii_down(capacity: usize, mark: usize, blocks: &[Block]) -> String {
    draw(capacity, 0..mark.min(capacity), blocks, format_args!("mark {mark} of {capacity}"))
}

fn draw(capacity: usize, free: core::ops::Range<usize>, blocks: &[Block], mark: core::fmt::Arguments<'_>) -> String {
    let free_bytes = free.len();
    let bytes = classify(capacity, free, blocks);
    let mut out = String::new();
    for (row, chunk) in bytes.chunks(ROW).enumerate() {
        let _ = write!(out, "{:4} |", row * ROW);
        for byte in chunk {
            out.push(match *byte {
                Byte::Block(n) => LABELS[n % LABELS.len()] as char,
                Byte::Dead => '.',
                Byte::Free => '_',
            });
        }
        out.push_str("|\n");
    }
    let used: usize = blocks.iter().map(|b| b.len).sum();
    let dead = bytes.iter().filter(|b| **b == Byte::Dead).count();
    let _ =
        writeln!(out, "{} block(s), {used} bytes used, {dead} padding/dead, {free_bytes} free; {mark}", blocks.len());
    out
}

/// The same map as an SVG picture (no blank lines: it can be included
/// straight into a Markdown page).
pub fn svg(capacity: usize, end_index: usize, blocks: &[Block]) -> String {
    const CELL: usize = 18;
    const LEFT: usize = 40;
    const COLOURS: [&str; 6] = ["#8ecae6", "#ffb703", "#90be6d", "#f28482", "#cdb4db", "#f4a261"];
    let bytes = classify(capacity, end_index.min(capacity)..capacity, blocks);
    let rows = capacity.div_ceil(ROW);
    let (width, height) = (LEFT + ROW * CELL + 10, rows * (CELL + 6) + 34);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="monospace" font-size="11" role="img">"#
    );
    for (i, byte) in bytes.iter().enumerate() {
        let (x, y) = (LEFT + (i % ROW) * CELL, 4 + (i / ROW) * (CELL + 6));
        if i % ROW == 0 {
            let _ = writeln!(out, r#"<text x="4" y="{}">{i}</text>"#, y + 13);
        }
        let (fill, label) = match *byte {
            Byte::Block(n) => (COLOURS[n % COLOURS.len()], LABELS[n % LABELS.len()] as char),
            Byte::Dead => ("#bdbdbd", '.'),
            Byte::Free => ("#ffffff", ' '),
        };
        let _ = writeln!(
            out,
            r##"<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" stroke="#555" stroke-width="0.5"/><text x="{}" y="{}" text-anchor="middle">{label}</text>"##,
            x + CELL / 2,
            y + 13
        );
    }
    let legend_y = rows * (CELL + 6) + 22;
    let _ = writeln!(
        out,
        r##"<text x="{LEFT}" y="{legend_y}">letters: blocks, in allocation order · grey: padding or dead · white: free</text>"##
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_marks_blocks_padding_and_free_space() {
        let blocks = [Block { id: 0, offset: 0, len: 3 }, Block { id: 1, offset: 8, len: 8 }];
        let map = ascii(40, 16, &blocks);
        assert_eq!(
            map,
            "   0 |AAA.....BBBBBBBB________________|\n  32 |________|\n\
             2 block(s), 11 bytes used, 5 padding/dead, 24 free; end index 16 of 40\n"
        );
    }

    #[test]
    fn ascii_down_has_the_free_space_below_the_mark() {
        let blocks = [Block { id: 0, offset: 36, len: 4 }, Block { id: 1, offset: 24, len: 8 }];
        let map = ascii_down(40, 24, &blocks);
        assert_eq!(
            map,
            "   0 |________________________BBBBBBBB|\n  32 |....AAAA|\n\
             2 block(s), 12 bytes used, 4 padding/dead, 24 free; mark 24 of 40\n"
        );
    }
}
