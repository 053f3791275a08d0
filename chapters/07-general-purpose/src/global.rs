//! The debug allocator as the program's global allocator.

use crate::config::Config;
use crate::debug::DebugAllocator;
use crate::report::Op;
use crate::site::Site;
use allocator_interface::Allocator;
use core::alloc::{GlobalAlloc, Layout};
use core::ops::Deref;
use core::ptr::{self, NonNull};
use page_allocator::PageAllocator;

// ANCHOR: global
/// A [`DebugAllocator`] for `#[global_allocator]`: every `Box`, `Vec` and
/// `String` of the program goes through it.
///
/// ```no_run
/// use general_purpose::{Config, GlobalDebugAllocator};
/// use page_allocator::PageAllocator;
///
/// #[global_allocator]
/// static GLOBAL: GlobalDebugAllocator = GlobalDebugAllocator::new(PageAllocator::new(), Config::DEFAULT);
///
/// let checkpoint = GLOBAL.last_block_id();
/// let leaked = Box::leak(Box::new([0u8; 100]));
/// assert_eq!(GLOBAL.leaks_since(checkpoint).unwrap().bytes(), 100);
/// # let _ = leaked;
/// ```
///
/// A global allocator is never dropped, and the Rust runtime keeps blocks of
/// its own alive until exit, so leaks are asked for since a checkpoint
/// ([`DebugAllocator::leaks_since`]) — the way Zig's `std.testing.allocator`
/// checks one test at a time.
#[derive(Debug)]
pub struct GlobalDebugAllocator<A: Allocator = PageAllocator>(DebugAllocator<A>);

impl<A: Allocator> GlobalDebugAllocator<A> {
    /// The child must not allocate through the global allocator (the page
    /// allocator and the system allocator do not); the debug allocator's own
    /// records live in the system allocator.
    pub const fn new(child: A, config: Config) -> Self {
        Self(DebugAllocator::with_config(child, config))
    }
}

impl<A: Allocator> GlobalDebugAllocator<A> {
    fn site(&self) -> Site {
        Site::global(self.0.config().stack_frames)
    }
}

impl<A: Allocator> Deref for GlobalDebugAllocator<A> {
    type Target = DebugAllocator<A>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

// SAFETY: forwards to the `DebugAllocator`, whose `Allocator` impl upholds
// the same guarantees; `GlobalAlloc` never passes zero sizes (its contract),
// which is the interface's only extra requirement. Null means failure.
unsafe impl<A: Allocator + Sync> GlobalAlloc for GlobalDebugAllocator<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.0.alloc_at(layout, self.site()).map_or(ptr::null_mut(), NonNull::as_ptr)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(ptr) = NonNull::new(ptr) {
            self.0.free_at(ptr, layout, self.site());
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Some(old) = NonNull::new(ptr) else { return ptr::null_mut() };
        // Zig's `realloc`: in place or remapped if the allocator can, else move.
        if let Some(moved) = self.0.resize_at(old, layout, new_size, self.site(), Op::Remap) {
            return moved.as_ptr();
        }
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else { return ptr::null_mut() };
        let Ok(new) = self.0.alloc_at(new_layout, self.site()) else { return ptr::null_mut() };
        // SAFETY: both blocks are live, distinct, and at least `min` bytes long.
        unsafe { ptr::copy_nonoverlapping(old.as_ptr(), new.as_ptr(), layout.size().min(new_size)) };
        self.0.free_at(old, layout, self.site());
        new.as_ptr()
    }
}
// ANCHOR_END: global
