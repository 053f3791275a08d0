//! One driver per allocator: the shared operations (alloc, free, resize,
//! remap) through the course's `Allocator` trait, and what only one of them
//! has — the fixed buffer's and the arena's resets, the debug allocator's
//! bugs committed on purpose — each with its chapter's picture.

use crate::script::{NAMES, Name, Op, Reset, letter};
use crate::{Allocator, Step};
use allocator_interface::{Allocator as _, SystemAllocator};
use arena::{Arena, ResetMode};
use core::alloc::Layout;
use core::fmt::Write;
use core::ptr::NonNull;
use fixed_buffer::FixedBufferAllocator;
use general_purpose::{Config, SingleThreadedDebugAllocator, size_class, small_classes};
use page_allocator::{PageAllocator, SimulatedOs};
use thread_caching::classes::{class_of, class_size};
use thread_caching::heap::SLAB;
use thread_caching::{Heap, LocalCache};

/// The fixed buffer's size: eight rows of the chapter's 32-byte map.
const BUFFER: usize = 256;
/// Pages of the simulated kernel, and their size.
const PAGES: usize = 64;
const PAGE_SIZE: usize = 4096;
/// Small buckets keep the debug allocator's picture short; `never_unmap`
/// keeps freed memory the allocator's, so the bugs below write into memory
/// it still owns (and checks).
const DEBUG: Config = Config { bucket_size: 256, log_problems: false, never_unmap: true, ..Config::DEFAULT };

/// A block the script made.
#[derive(Clone, Copy, Debug)]
struct Block {
    ptr: NonNull<u8>,
    layout: Layout,
    live: bool,
}

/// The blocks of a run, by name (`A` is index 0). Blocks after the 26th
/// are counted but have no name.
#[derive(Debug, Default)]
struct Blocks {
    named: Vec<Block>,
    unnamed: usize,
}

impl Blocks {
    fn add(&mut self, ptr: NonNull<u8>, layout: Layout) -> Option<Name> {
        if self.named.len() == NAMES {
            self.unnamed += 1;
            return None;
        }
        self.named.push(Block { ptr, layout, live: true });
        Some(self.named.len() - 1)
    }

    /// The block `name`, which must be live.
    fn live(&self, name: Name) -> Result<Block, String> {
        match self.named.get(name) {
            None => Err(format!("there is no block {} yet", letter(name))),
            Some(block) if !block.live => Err(format!("{} was freed already", letter(name))),
            Some(block) => Ok(*block),
        }
    }

    /// The block `name`, which must have been freed.
    fn freed(&self, name: Name) -> Result<Block, String> {
        match self.named.get(name) {
            None => Err(format!("there is no block {} yet", letter(name))),
            Some(block) if block.live => Err(format!("{} is live: free it first", letter(name))),
            Some(block) => Ok(*block),
        }
    }

    fn forget_all(&mut self) {
        self.named.iter_mut().for_each(|block| block.live = false);
    }

    fn live_blocks(&self) -> impl Iterator<Item = (Name, &Block)> {
        self.named.iter().enumerate().filter(|(_, block)| block.live)
    }
}

/// How each driver describes where a block is (offsets and page numbers,
/// never addresses).
trait Place {
    fn place(&self, _ptr: NonNull<u8>, _layout: Layout) -> String {
        String::new()
    }
}

/// The operations every allocator has. Returns `None` for the others.
fn common<A: allocator_interface::Allocator + Place>(
    allocator: &A,
    blocks: &mut Blocks,
    op: Op,
    log: &mut String,
) -> Option<()> {
    let mut say = |line: String| {
        log.push_str(&line);
        log.push('\n');
    };
    match op {
        Op::Alloc { size, align, times } => {
            let Ok(layout) = Layout::from_size_align(size, align) else {
                say(format!("refused: alignment {align} is not a power of two, or the size is too big"));
                return Some(());
            };
            if size == 0 {
                say("refused here: a zero-size block has no bytes to draw".into());
                return Some(());
            }
            let (first, unnamed_before) = (blocks.named.len(), blocks.unnamed);
            for done in 0..times {
                let Ok(ptr) = allocator.alloc(layout) else {
                    say(format!(
                        "out of memory{}",
                        if times > 1 { format!(" after {done} of {times}") } else { String::new() }
                    ));
                    break;
                };
                match blocks.add(ptr, layout) {
                    Some(name) if times == 1 => {
                        say(format!("{}: {}, align {align}{}", letter(name), bytes(size), allocator.place(ptr, layout)))
                    }
                    _ => {}
                }
            }
            let named = first..blocks.named.len();
            let made = named.len() + blocks.unnamed - unnamed_before;
            if times > 1 && made > 0 {
                let names = if named.is_empty() {
                    ", none named (26 names are taken)".to_owned()
                } else {
                    format!(", named {} to {}", letter(named.start), letter(named.end - 1))
                };
                say(format!("{made} blocks of {}{names}", bytes(size)));
            }
        }
        Op::Free(name) => match blocks.live(name) {
            Err(why) => say(format!("refused: {why}")),
            Ok(block) => {
                // SAFETY: a live block of this allocator, with its layout.
                unsafe { allocator.free(block.ptr, block.layout) };
                blocks.named[name].live = false;
                say(format!("{} freed", letter(name)));
            }
        },
        Op::Resize(name, new_size) | Op::Remap(name, new_size) => match blocks.live(name) {
            Err(why) => say(format!("refused: {why}")),
            Ok(_) if new_size == 0 => say("refused here: resize to 0 bytes is a free".into()),
            Ok(block) => {
                let Ok(layout) = Layout::from_size_align(new_size, block.layout.align()) else {
                    say(format!("refused: no block can be {}", bytes(new_size)));
                    return Some(());
                };
                let moves = matches!(op, Op::Remap(..));
                // SAFETY: a live block of this allocator, with its layout.
                let result = unsafe {
                    if moves {
                        allocator.remap(block.ptr, block.layout, new_size)
                    } else {
                        allocator.resize(block.ptr, block.layout, new_size).then_some(block.ptr)
                    }
                };
                match result {
                    Some(ptr) => {
                        blocks.named[name] = Block { ptr, layout, live: true };
                        let how = if ptr == block.ptr { "in place" } else { "moved" };
                        say(format!("{} is {}, {how}{}", letter(name), bytes(new_size), allocator.place(ptr, layout)));
                    }
                    None => say(format!("refused: {} stays {}", letter(name), bytes(block.layout.size()))),
                }
            }
        },
        Op::DoubleFree(name) | Op::WriteAfterFree(name) | Op::Overflow(name) => {
            let _ = name;
            say("refused here: that would be undefined behaviour, which this allocator trusts you not \
                 to cause. Try it with the debug allocator, which is built to catch it."
                .into());
        }
        Op::Reset(_) | Op::Check | Op::Leaks | Op::Flush => return None,
    }
    Some(())
}

/// "1 byte", "40 bytes".
fn bytes(n: usize) -> String {
    if n == 1 { "1 byte".into() } else { format!("{n} bytes") }
}

fn not_here(log: &mut String, op: Op) {
    let what = match op {
        Op::Reset(_) => "no reset",
        _ => "no such check",
    };
    let _ = writeln!(log, "this allocator has {what}");
}

/// Runs every line and records a step after each.
pub fn run(allocator: Allocator, ops: &[(String, Op)]) -> Vec<Step> {
    match allocator {
        Allocator::FixedBuffer => fixed_buffer(ops),
        Allocator::Arena => arena(ops),
        Allocator::Pages => pages(ops),
        Allocator::Debug => debug(ops),
        Allocator::ThreadCache => thread_cache(ops),
    }
}

fn steps(ops: &[(String, Op)], svg: String, mut each: impl FnMut(Op, &mut String) -> String) -> Vec<Step> {
    let mut steps = vec![Step { op: "(start)".into(), log: String::new(), svg }];
    for (text, op) in ops {
        let mut log = String::new();
        let svg = each(*op, &mut log);
        steps.push(Step { op: text.clone(), log: log.trim_end().to_owned(), svg });
    }
    steps
}

struct Fixed<'buf> {
    fba: FixedBufferAllocator<'buf>,
    start: usize,
}

impl Place for FixedBufferAllocator<'_> {}

impl Fixed<'_> {
    fn offset(&self, ptr: NonNull<u8>) -> usize {
        ptr.addr().get() - self.start
    }

    fn svg(&self, blocks: &Blocks) -> String {
        let live: Vec<fixed_buffer::map::Block> = blocks
            .live_blocks()
            .map(|(id, block)| fixed_buffer::map::Block {
                id,
                offset: self.offset(block.ptr),
                len: block.layout.size(),
            })
            .collect();
        fixed_buffer::map::svg(BUFFER, self.fba.end_index(), &live)
    }
}

/// The fixed buffer, aligned to a page — as far as the widget's alignments
/// go — so that padding, and so the picture, never depends on where the
/// buffer happens to be (Miri places a plain `Vec<u8>` anywhere).
#[repr(C, align(4096))]
struct Buffer([u8; BUFFER]);

fn fixed_buffer(ops: &[(String, Op)]) -> Vec<Step> {
    let mut buffer = Box::new(Buffer([0; BUFFER]));
    let start = buffer.0.as_ptr().addr();
    let mut fixed = Fixed { fba: FixedBufferAllocator::new(&mut buffer.0), start };
    let mut blocks = Blocks::default();
    let first = fixed.svg(&blocks);
    steps(ops, first, |op, log| {
        let before = blocks.named.len();
        match op {
            Op::Reset(Reset::Plain) => {
                fixed.fba.reset();
                blocks.forget_all();
                log.push_str("reset: end index 0, every block gone\n");
            }
            Op::Reset(_) => log.push_str("the fixed buffer's reset takes no mode: `reset`\n"),
            op if common(&fixed.fba, &mut blocks, op, log).is_some() => {}
            op => not_here(log, op),
        }
        for (name, block) in blocks.named.iter().enumerate().skip(before) {
            let _ = writeln!(log, "{} at offset {}", letter(name), fixed.offset(block.ptr));
        }
        let _ = writeln!(log, "end index {} of {BUFFER}", fixed.fba.end_index());
        fixed.svg(&blocks)
    })
}

impl<A: allocator_interface::Allocator> Place for Arena<A> {}

fn arena(ops: &[(String, Op)]) -> Vec<Step> {
    let mut arena = Arena::new(SystemAllocator);
    let mut blocks = Blocks::default();
    let picture = |arena: &Arena<SystemAllocator>| arena::report::svg(&[("the arena's chunks", &arena.chunks())]);
    let first = picture(&arena);
    steps(ops, first, |op, log| {
        let mode = match op {
            Op::Reset(Reset::Plain | Reset::FreeAll) => Some(ResetMode::FreeAll),
            Op::Reset(Reset::Retain) => Some(ResetMode::RetainCapacity),
            Op::Reset(Reset::RetainWithLimit(limit)) => Some(ResetMode::RetainWithLimit(limit)),
            _ => None,
        };
        match (mode, op) {
            (Some(mode), _) => {
                let kept_all = arena.reset(mode);
                blocks.forget_all();
                let _ = writeln!(
                    log,
                    "reset({mode:?}): every block gone{}",
                    if kept_all { "" } else { " (resizing the kept chunk failed)" }
                );
            }
            (None, op) if common(&arena, &mut blocks, op, log).is_some() => {}
            (None, op) => not_here(log, op),
        }
        let chunks = arena.chunks();
        let used: usize = chunks.iter().map(|chunk| chunk.used).sum();
        let _ = writeln!(log, "{} chunk(s), {} bytes, {used} used", chunks.len(), arena.query_capacity());
        picture(&arena)
    })
}

/// The pages a block of `size` bytes at `ptr` spans in the simulated space.
fn pages_of(os: &SimulatedOs, ptr: NonNull<u8>, size: usize) -> core::ops::Range<usize> {
    let first = os.page_of(ptr);
    first..first + size.div_ceil(PAGE_SIZE)
}

/// Logs the system calls made since the last step (`seen` counts those
/// logged already).
fn log_kernel_calls(os: &SimulatedOs, seen: &mut usize, log: &mut String) {
    for call in os.log().lines().skip(*seen) {
        let _ = writeln!(log, "kernel: {call}");
        *seen += 1;
    }
}

impl Place for PageAllocator<&SimulatedOs> {
    fn place(&self, ptr: NonNull<u8>, layout: Layout) -> String {
        let pages = pages_of(self.os(), ptr, layout.size());
        format!(", pages {}..{}", pages.start, pages.end)
    }
}

fn pages(ops: &[(String, Op)]) -> Vec<Step> {
    let os = SimulatedOs::new(PAGE_SIZE, PAGES);
    let pages = PageAllocator::with_os(&os);
    let mut blocks = Blocks::default();
    let picture = |blocks: &Blocks| {
        let ranges: Vec<(char, core::ops::Range<usize>)> = blocks
            .live_blocks()
            .map(|(name, block)| (letter(name), pages_of(&os, block.ptr, block.layout.size())))
            .collect();
        os.svg(&ranges)
    };
    let first = picture(&blocks);
    let mut logged = 0;
    steps(ops, first, |op, log| {
        if common(&pages, &mut blocks, op, log).is_none() {
            not_here(log, op);
        }
        // The kernel's side: the system calls this step made.
        log_kernel_calls(&os, &mut logged, log);
        let _ = writeln!(log, "{} system call(s) so far, {} page(s) mapped", os.calls(), os.mapped_pages());
        picture(&blocks)
    })
}

impl Place for SingleThreadedDebugAllocator<SystemAllocator> {
    fn place(&self, _: NonNull<u8>, _: Layout) -> String {
        format!(" (block #{})", self.last_block_id())
    }
}

fn debug(ops: &[(String, Op)]) -> Vec<Step> {
    let gpa = SingleThreadedDebugAllocator::single_threaded(SystemAllocator, DEBUG);
    let mut blocks = Blocks::default();
    let first = gpa.shelves_svg();
    let small = |layout: Layout| size_class(layout) < small_classes(DEBUG.bucket_size);
    let steps = steps(ops, first, |op, log| {
        match op {
            Op::DoubleFree(name) => match blocks.freed(name) {
                Err(why) => {
                    let _ = writeln!(log, "refused: {why}");
                }
                // SAFETY: not valid for any other allocator. The debug
                // allocator (with `safety` on) finds the block's record marked
                // freed and reports, touching no memory.
                Ok(block) => unsafe { gpa.free(block.ptr, block.layout) },
            },
            Op::WriteAfterFree(name) => match blocks.freed(name) {
                Err(why) => {
                    let _ = writeln!(log, "refused: {why}");
                }
                Ok(block) if !small(block.layout) => {
                    let _ =
                        writeln!(log, "refused here: {} was a large block; write into a freed small one", letter(name));
                }
                Ok(block) => {
                    // SAFETY: not for a program — but a freed small block's
                    // slot is quarantined (never handed out again) and, with
                    // `never_unmap`, stays the allocator's memory: the write
                    // is defined, and the next check sees it.
                    unsafe { block.ptr.write(0x42) };
                    let _ = writeln!(log, "wrote 0x42 into freed {}: `check` looks for it", letter(name));
                }
            },
            Op::Overflow(name) => match blocks.live(name) {
                Err(why) => {
                    let _ = writeln!(log, "refused: {why}");
                }
                Ok(block) if !small(block.layout) || block.layout.size() == 1 << size_class(block.layout) => {
                    let _ = writeln!(
                        log,
                        "refused here: {} fills its slot; overflow a small block with a tail",
                        letter(name)
                    );
                }
                Ok(block) => {
                    // SAFETY: one byte past the block, but inside the slot the
                    // allocator gave it (the size is below the slot's): the
                    // allocator's memory, which it checks at the free.
                    unsafe { block.ptr.add(block.layout.size()).write(b'!') };
                    let _ = writeln!(log, "wrote 1 byte past the end of {}: its free will tell", letter(name));
                }
            },
            Op::Check => {
                let found = gpa.check();
                let _ = writeln!(log, "check: {found} write(s) into freed memory");
            }
            Op::Leaks => match gpa.leaks() {
                Some(report) => {
                    let _ = write!(log, "{report}");
                }
                None => log.push_str("no leaks\n"),
            },
            op if common(&gpa, &mut blocks, op, log).is_some() => {}
            op => not_here(log, op),
        }
        for problem in gpa.take_problems() {
            let _ = writeln!(log, "{problem}");
        }
        gpa.shelves_svg()
    });
    // The leaks of a run are the reader's to see (`leaks`), not standard error's.
    let _ = gpa.finish();
    steps
}

impl Place for LocalCache<'_, &SimulatedOs> {
    fn place(&self, _: NonNull<u8>, layout: Layout) -> String {
        match class_of(layout) {
            Some(class) => format!(", class {class} ({} B blocks)", class_size(class)),
            None => " (too big for a class: from the pages)".to_owned(),
        }
    }
}

/// Pages in one of lesson 09's slabs.
const SLAB_PAGES: usize = SLAB / PAGE_SIZE;

fn thread_cache(ops: &[(String, Op)]) -> Vec<Step> {
    let os = SimulatedOs::new(PAGE_SIZE, 256);
    let heap = Heap::new(PageAllocator::with_os(&os));
    let cache = LocalCache::new(&heap);
    let mut blocks = Blocks::default();
    // The slabs (and large blocks) holding live blocks, each drawn with the
    // letter of its first live block.
    let picture = |blocks: &Blocks| {
        let mut ranges: Vec<(char, core::ops::Range<usize>)> = Vec::new();
        for (name, block) in blocks.live_blocks() {
            let range = match class_of(block.layout) {
                // The simulated space is 2 MiB-aligned: slab starts are page
                // numbers divisible by a slab's pages.
                Some(_) => {
                    let start = os.page_of(block.ptr) / SLAB_PAGES * SLAB_PAGES;
                    start..start + SLAB_PAGES
                }
                None => pages_of(&os, block.ptr, block.layout.size()),
            };
            if !ranges.iter().any(|(_, drawn)| drawn.start == range.start) {
                ranges.push((letter(name), range));
            }
        }
        os.svg(&ranges)
    };
    let first = picture(&blocks);
    let mut logged = 0;
    let steps = steps(ops, first, |op, log| {
        match op {
            Op::Flush => {
                let cached = cache.cached();
                cache.flush();
                let _ = writeln!(log, "flush: {cached} cached block(s) back to their slabs");
            }
            op if common(&cache, &mut blocks, op, log).is_some() => {}
            op => not_here(log, op),
        }
        log_kernel_calls(&os, &mut logged, log);
        let _ = writeln!(
            log,
            "cache: {} block(s) · heap: {} slab(s), {} block(s) out of them",
            cache.cached(),
            heap.slabs(),
            heap.blocks_out()
        );
        picture(&blocks)
    });
    drop(cache);
    steps
}
