//! What the debug allocator tells you: blocks, problems, leak reports.
//! Everything here is described by block numbers, sizes and source
//! locations — never by address — so reports are the same on every run.

use crate::site::Site;
use core::alloc::Layout;
use core::fmt;

// ANCHOR: block
/// One block handed out by the allocator: the librarian's index card.
#[derive(Clone, Debug)]
pub struct Block {
    /// Blocks are numbered in allocation order, from 1.
    pub id: u64,
    /// The size the program asked for (after any resize).
    pub size: usize,
    /// The alignment the program asked for.
    pub align: usize,
    /// Where it was allocated.
    pub allocated_at: Site,
    /// Where it was freed, once it is.
    pub freed_at: Option<Site>,
}
// ANCHOR_END: block

impl Block {
    /// The layout the program must free this block with.
    pub fn layout(&self) -> Layout {
        Layout::from_size_align(self.size, self.align).expect("recorded from a valid layout")
    }
}

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "block #{} ({} bytes, align {})", self.id, self.size, self.align)
    }
}

/// Which operation was handed a bad pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Free,
    Resize,
    Remap,
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Op::Free => "free",
            Op::Resize => "resize",
            Op::Remap => "remap",
        })
    }
}

// ANCHOR: problem
/// A misuse the allocator caught. None of them corrupts its state: the
/// offending call is refused (or, for a wrong size, served with the recorded one).
#[derive(Clone, Debug)]
pub enum Problem {
    /// The block was already freed.
    DoubleFree { op: Op, block: Block, again_at: Site },
    /// The pointer never came from this allocator.
    NotOurs { op: Op, layout: Layout, at: Site },
    /// The pointer points into the middle of a block.
    Interior { op: Op, block: Block, offset: usize, at: Site },
    /// Freed or resized with a size or alignment other than the block's.
    WrongLayout { op: Op, block: Block, given: Layout, at: Site },
    /// Bytes past the end of a live block were changed: a buffer overflow.
    Overflow { block: Block, offset: usize, value: u8 },
    /// A freed block was written to: a use after free.
    WriteAfterFree { block: Block, offset: usize, value: u8 },
}
// ANCHOR_END: problem

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::DoubleFree { op, block, again_at } => {
                match op {
                    Op::Free => writeln!(f, "double free of {block}")?,
                    _ => writeln!(f, "use after free: {op} of {block}, which is already freed")?,
                }
                writeln!(f, "    allocated at {}", block.allocated_at)?;
                if let Some(first) = &block.freed_at {
                    writeln!(f, "    first freed at {first}")?;
                }
                write!(f, "    freed again at {again_at}")
            }
            Problem::NotOurs { op, layout, at } => write!(
                f,
                "invalid {op}: a pointer this allocator never handed out ({} bytes, align {})\n    at {at}",
                layout.size(),
                layout.align()
            ),
            Problem::Interior { op, block, offset, at } => {
                writeln!(f, "invalid {op}: the pointer is {offset} bytes into {block}")?;
                writeln!(f, "    allocated at {}", block.allocated_at)?;
                write!(f, "    {op} at {at}")
            }
            Problem::WrongLayout { op, block, given, at } => {
                writeln!(
                    f,
                    "{op} with the wrong layout: {block} given as {} bytes, align {}",
                    given.size(),
                    given.align()
                )?;
                writeln!(f, "    allocated at {}", block.allocated_at)?;
                write!(f, "    {op} at {at}")
            }
            Problem::Overflow { block, offset, value } => {
                writeln!(f, "buffer overflow: {block} was written past its end: byte {offset} set to {value:#04x}")?;
                write!(f, "    allocated at {}", block.allocated_at)
            }
            Problem::WriteAfterFree { block, offset, value } => {
                writeln!(f, "use after free: byte {offset} of {block} was set to {value:#04x} after it was freed")?;
                writeln!(f, "    allocated at {}", block.allocated_at)?;
                match &block.freed_at {
                    Some(freed) => write!(f, "    freed at {freed}"),
                    None => write!(f, "    (free site not kept)"),
                }
            }
        }
    }
}

// ANCHOR: leak_report
/// The blocks still live when the allocator was asked (or dropped).
#[derive(Clone, Debug)]
pub struct LeakReport {
    /// In allocation order.
    pub blocks: Vec<Block>,
}

impl LeakReport {
    /// The bytes the leaked blocks hold.
    pub fn bytes(&self) -> usize {
        self.blocks.iter().map(|block| block.size).sum()
    }
}

impl fmt::Display for LeakReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.blocks.len() == 1 { "" } else { "s" };
        write!(f, "{} leaked block{plural}, {} bytes", self.blocks.len(), self.bytes())?;
        for block in &self.blocks {
            write!(f, "\n  {block} allocated at ")?;
            // `{:#}` passes on to the site: its stack trace, when one was captured.
            if f.alternate() { write!(f, "{:#}", block.allocated_at)? } else { write!(f, "{}", block.allocated_at)? }
        }
        Ok(())
    }
}
// ANCHOR_END: leak_report

/// Everything wrong at the end: leaks and the problems not yet taken.
#[derive(Clone, Debug)]
pub struct Report {
    pub leaks: Option<LeakReport>,
    pub problems: Vec<Problem>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        if let Some(leaks) = &self.leaks {
            writeln!(f, "{leaks}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

/// A slot as [`crate::DebugAllocator::shelves`] draws it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Slot {
    /// `#`: handed out and not freed.
    Live,
    /// `x`: freed, poisoned, never handed out again while its bucket lives.
    Quarantined,
    /// `.`: not handed out yet.
    Unused,
    /// ` `: the bucket's memory went back to the child (records kept).
    Released,
}

/// One bucket, copied out of the allocator to be drawn.
#[derive(Debug)]
pub(crate) struct Shelf {
    pub slot_size: usize,
    /// In the system allocator, like every record (see `shelves`).
    pub slots: allocator_api2::vec::Vec<Slot, std::alloc::System>,
    pub freed: usize,
    pub released: bool,
}

/// The shelves as an SVG picture: one row of cells per bucket (coloured:
/// live; hatched grey: freed and quarantined; white: not handed out yet;
/// dashed: memory released), then one line per large block. Slot sizes and
/// block numbers, never addresses.
pub(crate) fn svg_shelves(shelves: &[Shelf], large: &[Block]) -> String {
    use core::fmt::Write as _;
    const CELL: usize = 14;
    const LEFT: usize = 92;
    const PER_ROW: usize = 32;
    let rows: usize = shelves.iter().map(|shelf| shelf.slots.len().div_ceil(PER_ROW).max(1)).sum();
    let width = LEFT + PER_ROW * CELL + 150;
    let height = 10 + rows * (CELL + 4) + large.len() * 18 + 28;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="monospace" font-size="11" role="img">"#
    );
    out.push_str(
        r##"<defs><pattern id="quarantined" width="4" height="4" patternUnits="userSpaceOnUse"><rect width="4" height="4" fill="#bdbdbd"/><path d="M0 4L4 0" stroke="#555" stroke-width="0.7"/></pattern></defs>"##,
    );
    out.push('\n');
    let mut y = 6;
    for shelf in shelves {
        let live = shelf.slots.iter().filter(|&&slot| slot == Slot::Live).count();
        let _ = writeln!(out, r#"<text x="4" y="{}">{} B slots</text>"#, y + 11, shelf.slot_size);
        for (row, slots) in shelf.slots.chunks(PER_ROW).enumerate() {
            for (n, slot) in slots.iter().enumerate() {
                let (fill, dash) = match slot {
                    Slot::Live => ("#8ecae6", ""),
                    Slot::Quarantined => ("url(#quarantined)", ""),
                    Slot::Unused => ("#ffffff", ""),
                    Slot::Released => ("#ffffff", r#" stroke-dasharray="2 2""#),
                };
                let _ = writeln!(
                    out,
                    r##"<rect x="{}" y="{}" width="{CELL}" height="{CELL}" fill="{fill}" stroke="#555" stroke-width="0.5"{dash}/>"##,
                    LEFT + n * CELL,
                    y + row * (CELL + 4)
                );
            }
        }
        let released = if shelf.released { ", released" } else { "" };
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}">{live} live, {} freed{released}</text>"#,
            LEFT + shelf.slots.len().min(PER_ROW) * CELL + 8,
            y + 11,
            shelf.freed
        );
        y += shelf.slots.len().div_ceil(PER_ROW).max(1) * (CELL + 4);
    }
    for block in large {
        let status = if block.freed_at.is_some() { "freed" } else { "live" };
        let _ = writeln!(out, r#"<text x="4" y="{}">large {}: {status}</text>"#, y + 12, escape(&block.to_string()));
        y += 18;
    }
    if shelves.is_empty() && large.is_empty() {
        let _ = writeln!(out, r#"<text x="4" y="{}">no buckets, no large blocks</text>"#, y + 12);
    }
    let _ = writeln!(
        out,
        r#"<text x="4" y="{}">blue: live · hatched: freed, quarantined · white: not handed out yet</text>"#,
        height - 8
    );
    out.push_str("</svg>");
    out
}

/// Text for SVG: `&`, `<` and `>` escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The shelves picture: one line per bucket, then the large blocks.
pub(crate) fn draw_shelves(shelves: &[Shelf], large: &[Block]) -> String {
    use core::fmt::Write as _;
    let mut out = String::new();
    for shelf in shelves {
        let glyph = |slot: &Slot| match slot {
            Slot::Live => '#',
            Slot::Quarantined => 'x',
            Slot::Unused => '.',
            Slot::Released => ' ',
        };
        let slots: String = shelf.slots.iter().map(glyph).collect();
        let live = shelf.slots.iter().filter(|&&slot| slot == Slot::Live).count();
        let released = if shelf.released { ", memory released" } else { "" };
        let (size, freed) = (shelf.slot_size, shelf.freed);
        let _ = writeln!(out, "{size:>6} B slots |{slots}| {live} live, {freed} freed{released}");
    }
    for block in large {
        let status = if block.freed_at.is_some() { "freed" } else { "live" };
        let _ = writeln!(out, "   large {block}: {status}");
    }
    out
}
