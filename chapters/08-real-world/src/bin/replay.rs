//! Replays one allocation trace against one allocator, in a process of its
//! own so that resident memory belongs to that allocator alone:
//! `replay <trace file> <allocator>` prints the run as JSON (`cargo xtask
//! fragmentation` starts one per trace and allocator).

use allocator_interface::Allocator as Course;
use arena::Arena;
use core::alloc::{GlobalAlloc, Layout};
use core::ptr::{self, NonNull};
use general_purpose::{Config, GlobalDebugAllocator, size_class, small_classes};
use mimalloc::MiMalloc;
use page_allocator::PageAllocator;
use real_world::fragmentation::{Probe, Run, Target, replay};
use real_world::trace::Trace;
use std::alloc::System;
use std::io::Read as _;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;
use thread_caching::ThreadCachingAllocator;
use thread_caching::classes::{class_of, class_size};

/// The allocators of the lab, in the order of its tables.
const ALLOCATORS: &[&str] = &["system", "mimalloc", "thread_caching", "debug_allocator", "arena"];

/// Samples per replay.
const POINTS: usize = 250;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file, allocator] = &args[..] else {
        eprintln!("usage: replay <trace file> <{}>", ALLOCATORS.join("|"));
        return ExitCode::from(2);
    };
    match run(file, allocator) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("replay {file} {allocator}: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(file: &str, allocator: &str) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read it: {e}"))?;
    let trace = Trace::from_bytes(&bytes)?;
    drop(bytes);
    let mut probe = Proc;
    let started = Instant::now();
    let replayed = match allocator {
        "system" => replay(&trace, &Global(System, system_usable, Some(system_trim)), POINTS, &mut probe),
        "mimalloc" => replay(&trace, &Global(MiMalloc, mimalloc_usable, Some(mimalloc_trim)), POINTS, &mut probe),
        "thread_caching" => {
            let target = Global(ThreadCachingAllocator, thread_caching_usable, Some(thread_caching_trim));
            replay(&trace, &target, POINTS, &mut probe)
        }
        "debug_allocator" => {
            let debug = GlobalDebugAllocator::new(PageAllocator::new(), Config::DEFAULT);
            replay(&trace, &Global(debug, debug_usable, None), POINTS, &mut probe)
        }
        "arena" => replay(&trace, &Ours(Arena::new(PageAllocator::new())), POINTS, &mut probe),
        other => return Err(format!("no allocator `{other}` ({})", ALLOCATORS.join(", "))),
    }?;
    let seconds = started.elapsed().as_secs_f64();
    let run = Run {
        // The trace's name is its file's: `json.trace` is `json`.
        trace: Path::new(file).file_stem().map_or(file.into(), |stem| stem.to_string_lossy().into_owned()),
        allocator: allocator.to_string(),
        replayed,
        seconds,
    };
    serde_json::to_string(&run).map_err(|e| e.to_string())
}

/// A `GlobalAlloc`, how to ask it what a block holds, and how to make it
/// trim, if it can.
struct Global<G>(G, fn(&G, *mut u8, Layout) -> usize, Option<fn(&G)>);

impl<G: GlobalAlloc> Target for Global<G> {
    fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: `replay` never asks for zero bytes.
        unsafe { self.0.alloc(layout) }
    }
    unsafe fn free(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's block of this allocator, with its layout.
        unsafe { self.0.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as `free`; `new_size` is not 0.
        unsafe { self.0.realloc(ptr, layout, new_size) }
    }
    unsafe fn usable(&self, ptr: *mut u8, layout: Layout) -> usize {
        (self.1)(&self.0, ptr, layout)
    }
    fn trim(&self) -> bool {
        self.2.map(|trim| trim(&self.0)).is_some()
    }
}

/// An allocator of the course's interface (lesson 03).
struct Ours<A>(A);

impl<A: Course> Target for Ours<A> {
    fn alloc(&self, layout: Layout) -> *mut u8 {
        self.0.alloc(layout).map_or(ptr::null_mut(), NonNull::as_ptr)
    }
    unsafe fn free(&self, ptr: *mut u8, layout: Layout) {
        let Some(ptr) = NonNull::new(ptr) else { return };
        // SAFETY: the caller's block of this allocator, with its layout.
        unsafe { self.0.free(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Some(block) = NonNull::new(ptr) else { return ptr::null_mut() };
        // SAFETY: as `free`; `new_size` is not 0.
        let moved = unsafe { allocator_interface::realloc(&self.0, block, layout, new_size) };
        moved.map_or(ptr::null_mut(), NonNull::as_ptr)
    }
    unsafe fn usable(&self, _: *mut u8, layout: Layout) -> usize {
        // An arena rounds nothing up: what it wastes is alignment padding
        // between blocks, and every block it cannot take back.
        layout.size()
    }
}

unsafe extern "C" {
    /// glibc: the bytes a `malloc`ed block can hold.
    fn malloc_usable_size(ptr: *mut core::ffi::c_void) -> usize;
    /// glibc: gives free memory back to the kernel, at the top of the heap
    /// and inside it (`madvise`), keeping `pad` bytes.
    fn malloc_trim(pad: usize) -> core::ffi::c_int;
    /// mimalloc: frees what it can; with `force`, purges its free pages now.
    fn mi_collect(force: bool);
}

fn system_trim(_: &System) {
    // SAFETY: no arguments to get wrong; glibc's lock makes it safe anytime.
    unsafe { malloc_trim(0) };
}

fn mimalloc_trim(_: &MiMalloc) {
    // SAFETY: as above, for mimalloc (its own symbol, linked with it).
    unsafe { mi_collect(true) };
}

fn thread_caching_trim(allocator: &ThreadCachingAllocator) {
    allocator.trim();
}

fn system_usable(_: &System, ptr: *mut u8, _: Layout) -> usize {
    // SAFETY: `ptr` is a live block of `System`, which is glibc's `malloc`
    // (or `posix_memalign`, whose blocks it also knows).
    unsafe { malloc_usable_size(ptr.cast()) }
}

fn mimalloc_usable(mimalloc: &MiMalloc, ptr: *mut u8, _: Layout) -> usize {
    // SAFETY: `ptr` is a live block of mimalloc.
    unsafe { mimalloc.usable_size(ptr) }
}

/// A size class's block, or the pages of a block too big for one.
fn thread_caching_usable(_: &ThreadCachingAllocator, _: *mut u8, layout: Layout) -> usize {
    class_of(layout).map_or_else(|| layout.size().next_multiple_of(page_size()), class_size)
}

/// A power-of-two slot, or the pages of a large block.
fn debug_usable(_: &GlobalDebugAllocator, _: *mut u8, layout: Layout) -> usize {
    let class = size_class(layout);
    if class < small_classes(Config::DEFAULT.bucket_size) {
        1 << class
    } else {
        layout.size().next_multiple_of(page_size())
    }
}

fn page_size() -> usize {
    page_allocator::os::system_page_size()
}

/// `/proc/self`: `statm`'s second field is resident pages; writing 5 to
/// `clear_refs` restarts `VmHWM`, the peak in `status`.
struct Proc;

impl Probe for Proc {
    fn resident(&mut self) -> u64 {
        // A stack buffer, and a path short enough for std to make its C
        // string on the stack: reading allocates nothing.
        let mut buffer = [0u8; 128];
        let len = std::fs::File::open("/proc/self/statm").and_then(|mut f| f.read(&mut buffer)).unwrap_or(0);
        let text = core::str::from_utf8(&buffer[..len]).unwrap_or("");
        let pages: u64 = text.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0);
        pages * page_size() as u64
    }
    fn reset_peak(&mut self) {
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }
    fn peak(&mut self) -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap_or("");
        let kib: u64 = line.split_whitespace().nth(1).and_then(|k| k.parse().ok()).unwrap_or(0);
        kib * 1024
    }
}
