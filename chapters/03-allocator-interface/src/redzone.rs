//! Red zones: canary bytes before and after every block, checked on every
//! resize, remap and free and at the end — so a write out of a block's
//! bounds is caught natively, without Miri or a sanitizer. AddressSanitizer
//! does the same with shadow memory; this is the portable, slow version.

use crate::interface::{Allocator, OutOfMemory};
use crate::layout::align_up;
use core::alloc::Layout;
use core::ptr::NonNull;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// The byte every red zone is filled with.
pub const CANARY: u8 = 0xFD;

/// Bytes of red zone after each block (and at least before it).
pub const RED_ZONE: usize = 16;

/// A course allocator that surrounds each block of the allocator it wraps
/// with red zones and checks them.
///
/// ```text
///  inner block: |CANARY…  front  |======= block =======|  CANARY… back |
///               ^ from `inner`    ^ handed out (aligned) ^ size        ^
/// ```
///
/// A damaged red zone panics with the block and the offset of the first
/// damaged byte; [`RedZones::finish`] checks every live block.
#[derive(Debug)]
pub struct RedZones<A> {
    inner: A,
    /// Live blocks by the address handed out: the pointer, and the layout as
    /// the caller sees it.
    live: Mutex<BTreeMap<usize, (NonNull<u8>, Layout)>>,
}

impl<A: Allocator> RedZones<A> {
    pub fn new(inner: A) -> Self {
        RedZones { inner, live: Mutex::new(BTreeMap::new()) }
    }

    /// Checks the red zones of every live block.
    ///
    /// # Panics
    /// If one is damaged.
    pub fn finish(&self) {
        let live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        for &(ptr, layout) in live.values() {
            // SAFETY: a live block of ours, with its red zones.
            unsafe { check(ptr, layout, "at the end") };
        }
    }
}

/// The front red zone for `layout`: at least [`RED_ZONE`] bytes, and a
/// multiple of the alignment, so the block stays aligned.
fn front(layout: Layout) -> usize {
    align_up(RED_ZONE, layout.align()).unwrap_or(usize::MAX)
}

/// What the inner allocator is asked for: the block and both red zones.
fn outer(layout: Layout, size: usize) -> Option<Layout> {
    let total = front(layout).checked_add(size)?.checked_add(RED_ZONE)?;
    Layout::from_size_align(total, layout.align()).ok()
}

/// Fills both red zones of the block of `size` bytes at `addr`.
///
/// # Safety
/// `addr` is a block of ours with `front(layout)` bytes before it and
/// `RED_ZONE` after `size`, all inside one inner block.
unsafe fn paint(addr: *mut u8, layout: Layout, size: usize) {
    // SAFETY: both zones lie inside the inner block (the caller's promise).
    unsafe {
        addr.sub(front(layout)).write_bytes(CANARY, front(layout));
        addr.add(size).write_bytes(CANARY, RED_ZONE);
    }
}

/// Panics if a red zone of the block at `addr` is damaged.
///
/// # Safety
/// As [`paint`], for a block whose zones were painted.
unsafe fn check(ptr: NonNull<u8>, layout: Layout, when: &str) {
    let ptr = ptr.as_ptr().cast_const();
    // SAFETY: both zones lie inside the inner block (the caller's promise).
    let (before, after) = unsafe {
        (
            core::slice::from_raw_parts(ptr.sub(front(layout)), front(layout)),
            core::slice::from_raw_parts(ptr.add(layout.size()), RED_ZONE),
        )
    };
    let size = layout.size();
    if let Some(at) = before.iter().rposition(|&b| b != CANARY) {
        panic!("{when}: a write before a block of {size} bytes (at offset -{})", before.len() - at);
    }
    if let Some(at) = after.iter().position(|&b| b != CANARY) {
        panic!("{when}: a write past the end of a block of {size} bytes (at offset {})", size + at);
    }
}

// SAFETY: every block handed out lies inside its own block of `inner`, after
// a front zone that is a multiple of its alignment (so it is aligned), and is
// `size` bytes long; resize and remap keep the zones around the new size.
// Every call about a block is forwarded with the inner block's own layout.
unsafe impl<A: Allocator> Allocator for RedZones<A> {
    #[track_caller]
    fn alloc(&self, layout: Layout) -> Result<NonNull<u8>, OutOfMemory> {
        if layout.size() == 0 {
            return Err(OutOfMemory); // refused, as the contract says
        }
        let outer = outer(layout, layout.size()).ok_or(OutOfMemory)?;
        let base = self.inner.alloc(outer)?;
        // SAFETY: the front zone lies inside the fresh inner block.
        let ptr = unsafe { base.add(front(layout)) };
        // SAFETY: the zones lie inside the fresh inner block.
        unsafe { paint(ptr.as_ptr(), layout, layout.size()) };
        self.live.lock().unwrap_or_else(|e| e.into_inner()).insert(ptr.addr().get(), (ptr, layout));
        Ok(ptr)
    }

    #[track_caller]
    unsafe fn resize(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> bool {
        // SAFETY: a live block of ours (the caller's contract).
        unsafe { check(ptr, layout, "resize") };
        let (Some(old), Some(new)) = (outer(layout, layout.size()), outer(layout, new_size)) else { return false };
        if new_size == 0 {
            return false;
        }
        // SAFETY: a live block of ours; `base`/`old` is its inner block.
        let resized = unsafe { self.inner.resize(ptr.sub(front(layout)), old, new.size()) };
        if resized {
            // SAFETY: the inner block now holds the zones around `new_size`.
            unsafe { paint(ptr.as_ptr(), layout, new_size) };
            let new_layout = Layout::from_size_align(new_size, layout.align()).expect("fits, as `outer` did");
            self.live.lock().unwrap_or_else(|e| e.into_inner()).insert(ptr.addr().get(), (ptr, new_layout));
        }
        resized
    }

    #[track_caller]
    unsafe fn remap(&self, ptr: NonNull<u8>, layout: Layout, new_size: usize) -> Option<NonNull<u8>> {
        // SAFETY: a live block of ours (the caller's contract).
        unsafe { check(ptr, layout, "remap") };
        if new_size == 0 {
            return None;
        }
        let (old, new) = (outer(layout, layout.size())?, outer(layout, new_size)?);
        // SAFETY: a live block of ours; its inner block has layout `old`.
        let base = unsafe { self.inner.remap(ptr.sub(front(layout)), old, new.size()) }?;
        // SAFETY: the front zone lies inside the moved inner block.
        let moved = unsafe { base.add(front(layout)) };
        // SAFETY: the inner block now holds the zones around `new_size`.
        unsafe { paint(moved.as_ptr(), layout, new_size) };
        let new_layout = Layout::from_size_align(new_size, layout.align()).expect("fits, as `outer` did");
        let mut live = self.live.lock().unwrap_or_else(|e| e.into_inner());
        live.remove(&ptr.addr().get());
        live.insert(moved.addr().get(), (moved, new_layout));
        Some(moved)
    }

    #[track_caller]
    unsafe fn free(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: a live block of ours (the caller's contract).
        unsafe { check(ptr, layout, "free") };
        self.live.lock().unwrap_or_else(|e| e.into_inner()).remove(&ptr.addr().get());
        let outer = outer(layout, layout.size()).expect("a live block's layout fit when it was allocated");
        // SAFETY: a live block of ours; its inner block has this layout.
        unsafe { self.inner.free(ptr.sub(front(layout)), outer) };
    }
}

crate::impl_allocator_api2!([A: Allocator] RedZones<A>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SystemAllocator;

    #[test]
    fn a_write_past_the_end_is_caught_at_free() {
        let zones = RedZones::new(SystemAllocator);
        let layout = Layout::from_size_align(24, 8).unwrap();
        let ptr = zones.alloc(layout).unwrap();
        // SAFETY: the 25th byte is in the back red zone, inside the inner block:
        // the bug the red zone is there to catch, not undefined behaviour.
        unsafe { ptr.add(24).write(1) };
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // SAFETY: a live block with its layout.
            unsafe { zones.free(ptr, layout) }
        }));
        let message = *caught.unwrap_err().downcast::<String>().unwrap();
        assert_eq!(message, "free: a write past the end of a block of 24 bytes (at offset 24)");
        // SAFETY: as above; the zone repaired, the block can go.
        unsafe {
            ptr.add(24).write(CANARY);
            zones.free(ptr, layout);
        }
    }

    #[test]
    fn a_write_before_the_start_is_caught_at_the_end() {
        let zones = RedZones::new(SystemAllocator);
        let layout = Layout::from_size_align(8, 64).unwrap();
        let ptr = zones.alloc(layout).unwrap();
        assert!(crate::layout::is_aligned(ptr.addr().get(), 64));
        // SAFETY: two bytes before the block: in the front red zone.
        unsafe { ptr.sub(2).write(0) };
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| zones.finish()));
        let message = *caught.unwrap_err().downcast::<String>().unwrap();
        assert_eq!(message, "at the end: a write before a block of 8 bytes (at offset -2)");
        // SAFETY: as above; the zone repaired, the block can go.
        unsafe {
            ptr.sub(2).write(CANARY);
            zones.free(ptr, layout);
        }
    }
}
