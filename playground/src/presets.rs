//! Scripts that replay the chapters' own examples. The book's widgets offer
//! them; the tests snapshot each one natively, and the browser check
//! compares every page's run of them with those snapshots.

use crate::Allocator;

/// A named script for one allocator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Stable name, used by pages (`data-preset`) and snapshot files.
    pub name: &'static str,
    pub allocator: Allocator,
    /// What a reader sees in the list.
    pub title: &'static str,
    pub script: &'static str,
}

/// Every preset, in lesson order.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "page-costs",
        allocator: Allocator::Pages,
        title: "One byte costs a page; resize and remap ask the kernel",
        script: "\
# 04/costs: every block is whole pages, mapped and unmapped by system calls
alloc 1
alloc 4097
free A
alloc 8192
# shrinking in place unmaps the tail; growing asks for the next pages
resize C 4096
remap C 20000
free B
free C",
    },
    Preset {
        name: "page-alignment",
        allocator: Allocator::Pages,
        title: "Alignment beyond a page: map more, trim the rest",
        script: "\
# 04/alignment: 16 KiB alignment from 4 KiB pages
alloc 4096
alloc 4096 16384
free A
free B",
    },
    Preset {
        name: "fixed-last-block",
        allocator: Allocator::FixedBuffer,
        title: "The last-block rule: only the newest block gives bytes back",
        script: "\
# 05/bump: blocks go up, with padding for alignment
alloc 5
alloc 8 8
alloc 20 4
# B is not the last block: its bytes stay dead until reset
free B
# C is: the end index goes back
free C
resize A 12
alloc 32 16
reset",
    },
    Preset {
        name: "fixed-full",
        allocator: Allocator::FixedBuffer,
        title: "A full buffer refuses, and changes nothing",
        script: "\
alloc 200
alloc 64
alloc 56 8
# B ends at the buffer's end: it cannot grow, but it is the last block
resize B 60
free B
alloc 56",
    },
    Preset {
        name: "arena-reset-modes",
        allocator: Allocator::Arena,
        title: "200 blocks of 40 bytes through the reset modes",
        script: "\
# 06/reset: the same 200 blocks, three ways to start over
repeat 200 alloc 40 8
reset retain
repeat 200 alloc 40 8
reset retain 4096
repeat 200 alloc 40 8
reset free-all",
    },
    Preset {
        name: "arena-last-block",
        allocator: Allocator::Arena,
        title: "Only the last block can be freed or grown in place",
        script: "\
alloc 100 8
alloc 100 8
free A
free B
alloc 64 8
resize C 200
remap C 5000",
    },
    Preset {
        name: "debug-double-free",
        allocator: Allocator::Debug,
        title: "The double free the debug allocator catches",
        script: "\
# 07/catching: the second free is reported, and changes nothing
alloc 16 8
alloc 16 8
free A
double-free A
free B",
    },
    Preset {
        name: "debug-use-after-free",
        allocator: Allocator::Debug,
        title: "A write after free, found by the next check",
        script: "\
alloc 32 8
alloc 32 8
free A
write-after-free A
check
free B",
    },
    Preset {
        name: "debug-overflow-and-leaks",
        allocator: Allocator::Debug,
        title: "An overflow into the slot's tail, and a leak",
        script: "\
alloc 20 4
overflow A
free A
alloc 24 8
alloc 1000
leaks",
    },
    Preset {
        name: "thread-cache-batches",
        allocator: Allocator::ThreadCache,
        title: "One block asks for a batch; a flush gives the slab back",
        script: "\
# 09/caches: the first block of a class brings a batch into the cache
alloc 48 8
alloc 48 8
alloc 100
alloc 20000
free A
free B
free D
# the cache holds them; a flush returns them to their slabs
flush
free C
flush",
    },
    Preset {
        name: "thread-cache-slabs",
        allocator: Allocator::ThreadCache,
        title: "A slab fills up, empties, and stays as the spare",
        script: "\
# 09/slabs: 15 blocks of 4 KiB fit in a 64 KiB slab; A to O fill the first
repeat 30 alloc 4096
free A
free B
free C
free D
free E
free F
free G
free H
free I
free J
free K
free L
free M
free N
free O
# back to their slab: it is empty, and the heap keeps it as the class's spare
flush",
    },
];

/// The presets as one string for the page: fields separated by U+001F,
/// presets by U+001E (as [`crate::encode`]).
pub fn encode() -> String {
    let presets: Vec<String> = PRESETS
        .iter()
        .map(|preset| [preset.name, preset.allocator.name(), preset.title, preset.script].join("\u{1f}"))
        .collect();
    presets.join("\u{1e}")
}
