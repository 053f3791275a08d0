//! The operating system's side: pages, mapped and unmapped.
//!
//! [`Os`] is the four system calls the page allocator needs. [`Linux`] makes
//! them for real (`mmap`, `munmap`, `mremap`); [`SimulatedOs`] plays the
//! kernel inside an ordinary heap block, page by page, so that the
//! allocator's logic also runs under Miri — which cannot unmap part of a
//! mapping — and so that tests can count system calls and see offsets
//! instead of addresses.

use core::ptr::NonNull;
#[cfg(target_os = "linux")]
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

// ANCHOR: os
/// Pages from an operating system.
///
/// # Safety
/// `map` returns `len` bytes (a multiple of `page_size`) of zeroed, readable
/// and writable memory at a page-aligned address, overlapping no mapping
/// still in use; `unmap` and `remap` only touch the pages they are given.
pub unsafe trait Os {
    /// The page size, a power of two.
    fn page_size(&self) -> usize;

    /// Maps `len` bytes of fresh, zeroed pages.
    fn map(&self, len: usize) -> Option<NonNull<u8>>;

    /// Unmaps `len` bytes at `ptr` (page-aligned, page multiples; may be part
    /// of a larger mapping).
    ///
    /// # Safety
    /// The pages are mapped, by this `Os`, and nothing uses them afterwards.
    unsafe fn unmap(&self, ptr: NonNull<u8>, len: usize);

    /// Grows or shrinks the mapping `ptr`/`old_len` to `new_len`, keeping its
    /// contents: in place, or — only with `may_move` — wherever the kernel
    /// finds room. With `at`, moves it exactly there, replacing whatever
    /// was mapped at `at..at + new_len` (Linux's `MREMAP_FIXED`).
    ///
    /// # Safety
    /// `ptr`/`old_len` is a mapping of this `Os`; `at`, if given, is a mapping
    /// of this `Os` of `new_len` bytes that nothing uses.
    unsafe fn remap(
        &self,
        ptr: NonNull<u8>,
        old_len: usize,
        new_len: usize,
        may_move: bool,
        at: Option<NonNull<u8>>,
    ) -> Option<NonNull<u8>>;

    /// Tells the kernel the contents of `len` bytes at `ptr` are not needed:
    /// it may take the memory back, and the pages read as zeros when next
    /// touched; the addresses stay mapped (Linux's `madvise(MADV_DONTNEED)`).
    /// Lesson 09's heap does this to slabs it keeps empty. By default
    /// nothing happens: keeping the memory is always correct.
    ///
    /// # Safety
    /// The pages are mapped, by this `Os`, and nothing reads them expecting
    /// their contents back.
    unsafe fn discard(&self, ptr: NonNull<u8>, len: usize) {
        let _ = (ptr, len);
    }
}
// ANCHOR_END: os

/// The real thing: Linux system calls through `libc`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Linux;

/// The page size, asked of the kernel once.
#[cfg(target_os = "linux")]
pub fn system_page_size() -> usize {
    static PAGE_SIZE: AtomicUsize = AtomicUsize::new(0);
    match PAGE_SIZE.load(Ordering::Relaxed) {
        0 => {
            // SAFETY: `sysconf` has no preconditions.
            let size = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
            PAGE_SIZE.store(size, Ordering::Relaxed);
            size
        }
        size => size,
    }
}

// ANCHOR: linux
// SAFETY: anonymous private mappings are zeroed, page-aligned and fresh; the
// calls pass on exactly the ranges they are given.
#[cfg(target_os = "linux")]
unsafe impl Os for Linux {
    fn page_size(&self) -> usize {
        system_page_size()
    }

    fn map(&self, len: usize) -> Option<NonNull<u8>> {
        // SAFETY: asking for new anonymous memory touches no existing memory.
        let ptr = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if ptr == libc::MAP_FAILED { None } else { NonNull::new(ptr.cast()) }
    }

    unsafe fn unmap(&self, ptr: NonNull<u8>, len: usize) {
        // SAFETY: the caller passes pages of a mapping of ours that nothing uses.
        let result = unsafe { libc::munmap(ptr.as_ptr().cast(), len) };
        debug_assert_eq!(result, 0, "munmap of a range we mapped cannot fail");
    }

    unsafe fn remap(
        &self,
        ptr: NonNull<u8>,
        old_len: usize,
        new_len: usize,
        may_move: bool,
        at: Option<NonNull<u8>>,
    ) -> Option<NonNull<u8>> {
        let flags = match (may_move, at) {
            (_, Some(_)) => libc::MREMAP_MAYMOVE | libc::MREMAP_FIXED,
            (true, None) => libc::MREMAP_MAYMOVE,
            (false, None) => 0,
        };
        let target: *mut libc::c_void = at.map_or(core::ptr::null_mut(), |p| p.as_ptr().cast());
        // SAFETY: the caller passes a mapping of ours, and a target mapping of
        // ours that nothing uses (which `MREMAP_FIXED` replaces).
        let moved = unsafe { libc::mremap(ptr.as_ptr().cast(), old_len, new_len, flags, target) };
        if moved == libc::MAP_FAILED { None } else { NonNull::new(moved.cast()) }
    }

    unsafe fn discard(&self, ptr: NonNull<u8>, len: usize) {
        // SAFETY: the caller passes pages of a mapping of ours whose contents
        // nobody needs; `MADV_DONTNEED` drops them and leaves the mapping.
        let result = unsafe { libc::madvise(ptr.as_ptr().cast(), len, libc::MADV_DONTNEED) };
        debug_assert_eq!(result, 0, "madvise of a range we mapped cannot fail");
    }
}
// ANCHOR_END: linux

/// Where there is no Linux kernel (the book's WebAssembly playground), there
/// is nothing to map: every `map` fails, so a `PageAllocator<Linux>` is
/// always out of memory there. [`SimulatedOs`] runs everywhere.
#[cfg(not(target_os = "linux"))]
pub fn system_page_size() -> usize {
    4096
}

// SAFETY: `map` never hands out memory, so no call to `unmap` or `remap` can
// meet the contract (a mapping of ours), and `remap` refuses anyway.
#[cfg(not(target_os = "linux"))]
unsafe impl Os for Linux {
    fn page_size(&self) -> usize {
        system_page_size()
    }

    fn map(&self, _len: usize) -> Option<NonNull<u8>> {
        None
    }

    unsafe fn unmap(&self, _ptr: NonNull<u8>, _len: usize) {
        unreachable!("nothing was mapped")
    }

    unsafe fn remap(&self, _: NonNull<u8>, _: usize, _: usize, _: bool, _: Option<NonNull<u8>>) -> Option<NonNull<u8>> {
        None
    }
}

/// A pretend kernel: a fixed "address space" of `pages` pages inside one
/// heap block, a table of which are mapped, and a log of every call (as
/// page offsets, never addresses). Threads may share it, as they share the
/// real kernel (lesson 09's thread caches run over it under Miri).
#[derive(Debug)]
pub struct SimulatedOs {
    base: NonNull<u8>,
    page_size: usize,
    pages: usize,
    state: Mutex<SimState>,
}

// SAFETY: `base` is the simulation's own heap block, owned by this value and
// freed in `drop`; every change to the table of mapped pages is made under
// the mutex, and the pages' bytes belong to whoever mapped them, as with a
// real kernel.
unsafe impl Send for SimulatedOs {}
// SAFETY: as above: shared access goes through the mutex.
unsafe impl Sync for SimulatedOs {}

#[derive(Debug, Default)]
struct SimState {
    mapped: Vec<bool>,
    log: Vec<String>,
    calls: usize,
}

impl SimulatedOs {
    /// An address space of `pages` pages of `page_size` bytes.
    ///
    /// # Panics
    /// If `page_size` is not a power of two, or the system allocator cannot
    /// provide `page_size * pages` bytes for the simulation.
    pub fn new(page_size: usize, pages: usize) -> Self {
        assert!(page_size.is_power_of_two());
        let layout = Self::layout(page_size, pages);
        // SAFETY: a non-zero size.
        let base = NonNull::new(unsafe { std::alloc::alloc_zeroed(layout) }).expect("memory for the simulation");
        let state = SimState { mapped: vec![false; pages], ..SimState::default() };
        Self { base, page_size, pages, state: Mutex::new(state) }
    }

    fn layout(page_size: usize, pages: usize) -> std::alloc::Layout {
        // Aligned far beyond a page, like a real address space, so that page
        // numbers tell alignment: page 16 of 4 KiB pages is 64 KiB-aligned.
        let align = (2 << 20).max(page_size);
        std::alloc::Layout::from_size_align(page_size * pages, align).expect("a valid simulated address space")
    }

    fn state(&self) -> MutexGuard<'_, SimState> {
        // A panic under the lock (a misuse the simulation asserts against)
        // leaves the table as the failed call found it: still usable.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Every call so far, one line each, in page offsets.
    pub fn log(&self) -> String {
        self.state().log.join("\n")
    }

    /// System calls made so far.
    pub fn calls(&self) -> usize {
        self.state().calls
    }

    /// Pages mapped now.
    pub fn mapped_pages(&self) -> usize {
        self.state().mapped.iter().filter(|m| **m).count()
    }

    /// The address space as an SVG picture, 16 pages a row: a mapped page is
    /// coloured, with the letter of the block it belongs to (`blocks` gives
    /// each block's letter and page range); a mapped page in no block is
    /// grey; an unmapped page is white. Page numbers, never addresses.
    pub fn svg(&self, blocks: &[(char, core::ops::Range<usize>)]) -> String {
        use core::fmt::Write;
        const CELL: usize = 24;
        const ROW: usize = 16;
        const LEFT: usize = 34;
        const COLOURS: [&str; 6] = ["#8ecae6", "#ffb703", "#90be6d", "#f28482", "#cdb4db", "#f4a261"];
        let state = self.state();
        let rows = self.pages.div_ceil(ROW);
        let mapped = state.mapped.iter().filter(|m| **m).count();
        let legend = format!(
            "{mapped} of {} pages of {} bytes mapped · letters: blocks · white: unmapped",
            self.pages, self.page_size
        );
        // Wide enough for the legend too (monospace, 11 px: under 7 px a character).
        let width = (LEFT + ROW * CELL + 10).max(LEFT + 7 * legend.chars().count());
        let height = rows * (CELL + 4) + 30;
        let mut out = String::new();
        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="monospace" font-size="11" role="img">"#
        );
        for (page, &mapped) in state.mapped.iter().enumerate() {
            let (x, y) = (LEFT + (page % ROW) * CELL, 4 + (page / ROW) * (CELL + 4));
            if page % ROW == 0 {
                let _ = writeln!(out, r#"<text x="2" y="{}">{page}</text>"#, y + 16);
            }
            let owner = blocks.iter().position(|(_, pages)| pages.contains(&page));
            let (fill, label) = match (mapped, owner) {
                (false, _) => ("#ffffff", ' '),
                (true, Some(n)) => (COLOURS[n % COLOURS.len()], blocks[n].0),
                (true, None) => ("#bdbdbd", ' '),
            };
            let _ = writeln!(
                out,
                r##"<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" stroke="#555" stroke-width="0.5"/><text x="{}" y="{}" text-anchor="middle">{label}</text>"##,
                x + CELL / 2,
                y + 16
            );
        }
        let _ = writeln!(out, r#"<text x="{LEFT}" y="{}">{legend}</text>"#, rows * (CELL + 4) + 20);
        out.push_str("</svg>");
        out
    }

    /// The page number of an address in the simulated space.
    pub fn page_of(&self, ptr: NonNull<u8>) -> usize {
        (ptr.addr().get() - self.base.addr().get()) / self.page_size
    }

    fn ptr_at(&self, page: usize) -> NonNull<u8> {
        assert!(page < self.pages);
        // SAFETY: inside the simulated space.
        unsafe { self.base.add(page * self.page_size) }
    }

    fn page_range(&self, ptr: NonNull<u8>, len: usize) -> core::ops::Range<usize> {
        assert!(len.is_multiple_of(self.page_size), "not a multiple of the page size");
        let first = self.page_of(ptr);
        first..first + len / self.page_size
    }

    /// The first run of `count` unmapped pages.
    fn find_free(mapped: &[bool], count: usize) -> Option<usize> {
        let mut run = 0;
        for (page, &used) in mapped.iter().enumerate() {
            run = if used { 0 } else { run + 1 };
            if run == count {
                return Some(page + 1 - count);
            }
        }
        None
    }

    fn zero(&self, pages: core::ops::Range<usize>) {
        let len = pages.len() * self.page_size;
        // SAFETY: whole pages inside the simulated space, owned by the caller.
        unsafe { self.ptr_at(pages.start).write_bytes(0, len) };
    }
}

impl Drop for SimulatedOs {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout.
        unsafe { std::alloc::dealloc(self.base.as_ptr(), Self::layout(self.page_size, self.pages)) };
    }
}

// SAFETY: pages are handed out only when the table says they are unmapped,
// zeroed first, and marked mapped; unmap and remap check the table.
unsafe impl Os for SimulatedOs {
    fn page_size(&self) -> usize {
        self.page_size
    }

    fn map(&self, len: usize) -> Option<NonNull<u8>> {
        let count = len / self.page_size;
        let mut state = self.state();
        state.calls += 1;
        let Some(first) = Self::find_free(&state.mapped, count) else {
            state.log.push(format!("mmap   {count} page(s) -> refused"));
            return None;
        };
        state.mapped[first..first + count].fill(true);
        state.log.push(format!("mmap   {count} page(s) -> pages {first}..{}", first + count));
        drop(state);
        self.zero(first..first + count);
        Some(self.ptr_at(first))
    }

    unsafe fn unmap(&self, ptr: NonNull<u8>, len: usize) {
        let pages = self.page_range(ptr, len);
        let mut state = self.state();
        state.calls += 1;
        assert!(state.mapped[pages.clone()].iter().all(|m| *m), "munmap of pages that are not mapped");
        state.mapped[pages.clone()].fill(false);
        state.log.push(format!("munmap pages {}..{}", pages.start, pages.end));
    }

    unsafe fn discard(&self, ptr: NonNull<u8>, len: usize) {
        let pages = self.page_range(ptr, len);
        let mut state = self.state();
        state.calls += 1;
        assert!(state.mapped[pages.clone()].iter().all(|m| *m), "madvise of pages that are not mapped");
        state.log.push(format!("madvise pages {}..{} DONTNEED", pages.start, pages.end));
        drop(state);
        // What the kernel does: the next touch finds zeroed pages.
        self.zero(pages);
    }

    unsafe fn remap(
        &self,
        ptr: NonNull<u8>,
        old_len: usize,
        new_len: usize,
        may_move: bool,
        at: Option<NonNull<u8>>,
    ) -> Option<NonNull<u8>> {
        let old = self.page_range(ptr, old_len);
        let new_count = new_len / self.page_size;
        let mut state = self.state();
        state.calls += 1;
        assert!(state.mapped[old.clone()].iter().all(|m| *m), "mremap of pages that are not mapped");
        let (tail_start, tail_end) = (old.end, old.start + new_count);
        // In place: shrinking, or the pages after the mapping are free.
        let in_place = at.is_none()
            && (new_count <= old.len()
                || (tail_end <= self.pages && state.mapped[tail_start..tail_end].iter().all(|m| !*m)));
        if in_place {
            state.mapped[old.clone()].fill(false);
            state.mapped[old.start..tail_end].fill(true);
            state.log.push(format!("mremap pages {}..{} -> {}..{tail_end} in place", old.start, old.end, old.start));
            drop(state);
            if tail_end > tail_start {
                self.zero(tail_start..tail_end);
            }
            return Some(ptr);
        }
        if !may_move && at.is_none() {
            state.log.push(format!("mremap pages {}..{} -> {new_count} page(s) in place: refused", old.start, old.end));
            return None;
        }
        state.mapped[old.clone()].fill(false);
        let first = match at {
            Some(target) => self.page_of(target),
            None => match Self::find_free(&state.mapped, new_count) {
                Some(first) => first,
                None => {
                    state.mapped[old.clone()].fill(true);
                    state.log.push(format!("mremap pages {}..{} -> refused", old.start, old.end));
                    return None;
                }
            },
        };
        state.mapped[first..first + new_count].fill(true);
        state.log.push(format!("mremap pages {}..{} -> {first}..{} (moved)", old.start, old.end, first + new_count));
        drop(state);
        let kept = old.len().min(new_count) * self.page_size;
        // SAFETY: both ranges are inside the simulated space; `copy` allows
        // overlap, as the kernel's page moves do.
        unsafe { core::ptr::copy(ptr.as_ptr(), self.ptr_at(first).as_ptr(), kept) };
        if new_count > old.len() {
            self.zero(first + old.len()..first + new_count);
        }
        Some(self.ptr_at(first))
    }
}
