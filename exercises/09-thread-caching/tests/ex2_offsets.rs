//! Tests for exercise thread-caching-2 (`src/ex2_offsets.rs`).

use core::ptr::NonNull;
use thread_caching_exercises::ex2_offsets::{END, OffsetFreeList};

/// A small "slab" of 64 bytes, 4-aligned.
fn slab() -> Box<[u32; 16]> {
    Box::new([0xDEAD_BEEF; 16])
}

fn base(words: &mut [u32; 16]) -> NonNull<u8> {
    NonNull::from(words).cast()
}

#[test]
fn last_in_first_out() {
    let mut words = slab();
    let at = base(&mut words);
    let mut list = OffsetFreeList::new();
    // SAFETY: separate 4-byte blocks of the slab, used only by the list.
    unsafe {
        for offset in [8, 40, 0, 60] {
            list.push(at, offset);
        }
        assert_eq!(list.len(), 4);
        let popped: Vec<u32> = core::iter::from_fn(|| list.pop(at)).collect();
        assert_eq!(popped, [60, 0, 40, 8]);
        assert!(list.is_empty());
        assert_eq!(list.pop(at), None, "an empty list gives nothing");
    }
}

#[test]
fn the_links_live_in_the_blocks_as_offsets() {
    let mut words = slab();
    let at = base(&mut words);
    let mut list = OffsetFreeList::new();
    // SAFETY: as above.
    unsafe {
        list.push(at, 12);
        list.push(at, 32);
        list.push(at, 4);
    }
    assert_eq!(words[3], END, "the first block pushed ends the list");
    assert_eq!(words[8], 12, "block 32 names block 12, by offset");
    assert_eq!(words[1], 32, "block 4 names block 32");
    assert_eq!(words[0], 0xDEAD_BEEF, "nothing else is written");
}

#[test]
fn batches_move_between_lists() {
    let mut words = slab();
    let at = base(&mut words);
    let (mut slab_list, mut cache) = (OffsetFreeList::new(), OffsetFreeList::new());
    // SAFETY: as above; both lists are of this slab.
    unsafe {
        for offset in (0..40).step_by(4) {
            slab_list.push(at, offset);
        }
        assert_eq!(slab_list.move_to(at, &mut cache, 0), 0, "0 moves nothing");
        assert_eq!(slab_list.move_to(at, &mut cache, 3), 3);
        assert_eq!((slab_list.len(), cache.len()), (7, 3));
        assert_eq!(cache.pop(at), Some(28), "the batch is in the cache, most recent on top");
        assert_eq!(slab_list.move_to(at, &mut cache, 100), 7, "as many as there are");
        assert!(slab_list.is_empty() && slab_list.pop(at).is_none());
        let all: Vec<u32> = core::iter::from_fn(|| cache.pop(at)).collect();
        assert_eq!(all, [0, 4, 8, 12, 16, 20, 24, 32, 36]);
    }
}
