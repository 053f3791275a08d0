//! What the debug allocator checks and keeps: Zig's `DebugAllocator.Config`.

// ANCHOR: config
/// Run-time configuration, field for field after Zig's `std.heap.DebugAllocatorConfig`.
///
/// Zig's `thread_safe` / `MutexType` is a type parameter here instead
/// ([`crate::Threaded`] or [`crate::SingleThreaded`]): whether a value may be
/// shared between threads is something Rust's type system tracks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Check every free and resize (double free, foreign pointer, wrong size or
    /// alignment), fill fresh and freed small blocks with [`POISON`], and
    /// look for writes into freed memory. Zig: `safety`.
    pub safety: bool,
    /// Refuse allocations once the bytes requested and not yet freed would
    /// exceed this. Zig: `enable_memory_limit` + `requested_memory_limit`.
    pub memory_limit: Option<usize>,
    /// Keep freed memory mapped (and poisoned) instead of giving it back to
    /// the child allocator, so late writes land in checkable memory instead of
    /// someone else's block. Zig: `never_unmap`.
    pub never_unmap: bool,
    /// Remember blocks after their bucket or mapping is gone, so that a double
    /// free long after the first free is still reported as one. While a
    /// record is kept, its addresses are never handed out again (memory the
    /// child returns there is held, unused, until drop), so such a free can
    /// never land on a live block. Without this (or `never_unmap`), a late
    /// double free of memory that was handed out again frees the block now
    /// there: no allocator can tell the two apart. Zig: `retain_metadata`.
    pub retain_metadata: bool,
    /// Stack frames of the program to show per allocation and free (0: only
    /// the caller's source location). Capturing walks the stack: expensive.
    /// Zig: `stack_trace_frames`.
    pub stack_frames: usize,
    /// Print each problem to standard error as it happens (Zig logs it with
    /// `log.err`). Problems are also kept for [`crate::DebugAllocator::take_problems`].
    pub log_problems: bool,
    /// Bytes the allocator takes from its child at a time and cuts into
    /// slots of one size class (a power of two). Zig: `page_size`.
    pub bucket_size: usize,
}

/// The byte freed and fresh small blocks are filled with: Zig's `undefined`
/// in safe builds, chosen so a pointer read from it is far from valid memory.
pub const POISON: u8 = 0xAA;

/// At most this many raw frames are captured per stack trace; the
/// allocator's own frames and the standard library's are among them.
pub const MAX_STACK_FRAMES: usize = 48;

impl Config {
    /// Zig's defaults in a Debug build — all checks on, 128 KiB buckets — but
    /// no stack traces (Zig captures 6 frames): set `stack_frames` for them.
    pub const DEFAULT: Self = Self {
        safety: true,
        memory_limit: None,
        never_unmap: false,
        retain_metadata: false,
        stack_frames: 0,
        log_problems: true,
        bucket_size: 128 * 1024,
    };
}
// ANCHOR_END: config

impl Default for Config {
    fn default() -> Self {
        Self::DEFAULT
    }
}
