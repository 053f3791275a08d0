//! The lesson's claims, checked: who frees what, when, and how often.

use core::alloc::Layout;
use ownership::counter::{ThreadCounter, Usage, check_every_failure, count_allocations, measure, refusing_allocation};
use ownership::drops::{Trace, scenes};
use ownership::fallible::{ParseError, parse_numbers, reserve_or_explain};
use ownership::guard::{alloc_two, alloc_two_owned, defer, errdefer};
use ownership::hidden::{Item, invoice_lean, invoice_naive};
use ownership::raw::{OutOfMemory, RawBuffer};

// ANCHOR: global
// Every allocation of this test program goes through the counter.
#[global_allocator]
static COUNTER: ThreadCounter = ThreadCounter;
// ANCHOR_END: global

// ANCHOR: raw_tests
#[test]
fn a_raw_buffer_is_freed_once_by_its_last_owner() {
    let ((), usage) = measure(|| {
        let mut buffer = RawBuffer::zeroed(64).unwrap();
        buffer.as_mut_slice()[0] = 7;
        let moved = buffer; // the duty to free moves too
        assert_eq!(moved.as_slice()[..2], [7, 0]);
    }); // `moved` is dropped here: freed
    assert_eq!(usage, Usage { allocations: 1, live_blocks: 0, live_bytes: 0 });
}

#[test]
#[cfg_attr(miri, ignore = "leaks on purpose, and Miri reports every leak at exit")]
fn forgetting_a_raw_buffer_leaks_it() {
    let ((), usage) = measure(|| std::mem::forget(RawBuffer::zeroed(16).unwrap()));
    assert_eq!(usage, Usage { allocations: 1, live_blocks: 1, live_bytes: 16 }, "mem::forget is safe, and leaks");
}
// ANCHOR_END: raw_tests

#[test]
fn an_empty_raw_buffer_owns_no_block() {
    let (buffer, usage) = measure(|| RawBuffer::zeroed(0).unwrap());
    assert_eq!((buffer.as_slice(), usage.allocations), (&[][..], 0));
}

#[test]
fn a_refused_allocation_is_an_error_value() {
    let (result, refused) = refusing_allocation(0, || RawBuffer::zeroed(8));
    assert!(refused);
    assert_eq!(result.unwrap_err(), OutOfMemory);
    assert_eq!(RawBuffer::zeroed(usize::MAX).unwrap_err(), OutOfMemory, "too large to describe");
}

// ANCHOR: drop_order
#[test]
#[cfg_attr(miri, ignore = "reads snapshot files: not under Miri")]
fn drop_order() {
    let mut picture = String::new();
    for (title, lines) in scenes() {
        picture += &format!("{title}:\n");
        for line in lines {
            picture += &format!("    {line}\n");
        }
    }
    insta::assert_snapshot!(picture);
}
// ANCHOR_END: drop_order

// ANCHOR: guards
/// Zig runs `defer`s in reverse order on every exit, and `errdefer`s only
/// when the function returns an error. The guards do the same.
fn steps(fail_at: Option<u32>, trace: &Trace) -> Result<(), String> {
    trace.note("open file");
    let _close = defer(|| trace.note("close file"));
    trace.note("create temp dir");
    let remove_dir = errdefer(|| trace.note("remove temp dir"));
    for step in 1..=2 {
        if fail_at == Some(step) {
            return Err(format!("step {step} failed"));
        }
        trace.note(&format!("step {step}"));
    }
    remove_dir.disarm();
    trace.note("done");
    Ok(())
}

#[test]
fn guards_clean_up_like_defer_and_errdefer() {
    let success = Trace::new();
    assert_eq!(steps(None, &success), Ok(()));
    assert_eq!(success.lines(), ["open file", "create temp dir", "step 1", "step 2", "done", "close file"]);

    let failure = Trace::new();
    assert_eq!(steps(Some(2), &failure), Err("step 2 failed".to_owned()));
    assert_eq!(failure.lines(), ["open file", "create temp dir", "step 1", "remove temp dir", "close file"]);
}
// ANCHOR_END: guards

#[test]
#[cfg_attr(miri, ignore = "unwinding a panic is slow under Miri; the other guard tests cover the code")]
fn guards_run_when_unwinding() {
    let trace = Trace::new();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _close = defer(|| trace.note("close file"));
        let _undo = errdefer(|| trace.note("undo"));
        panic!("bug");
    }));
    assert!(outcome.is_err());
    assert_eq!(trace.lines(), ["undo", "close file"]);
}

// ANCHOR: errdefer_test
#[test]
fn errdefer_frees_the_first_block_when_the_second_fails() {
    let layout = Layout::new::<[u64; 8]>();
    let attempts = check_every_failure(|| {
        let blocks = alloc_two(layout)?;
        // SAFETY: both blocks came from `alloc_two`, and are not used again.
        unsafe { blocks.free() };
        Ok::<(), OutOfMemory>(())
    })
    .expect("no leak on any failure path");
    assert_eq!(attempts, 2);

    // The same with owners instead of a guard: no cleanup code at all.
    check_every_failure(|| alloc_two_owned(64).map(drop)).expect("no leak on any failure path either");
}
// ANCHOR_END: errdefer_test

// ANCHOR: hidden
fn items() -> Vec<Item> {
    [("apples", 3, 120), ("bread", 1, 349), ("coffee", 2, 1099)]
        .map(|(name, quantity, cents)| Item { name: name.to_owned(), quantity, cents })
        .to_vec()
}

#[test]
fn the_lean_invoice_allocates_nothing() {
    let items = items();
    let (naive, naive_allocations) = count_allocations(|| invoice_naive(&items));
    let mut out = String::with_capacity(256);
    let ((), lean_allocations) = count_allocations(|| invoice_lean(&items, &mut out));
    assert_eq!(out, naive, "the same text");
    assert_eq!(lean_allocations, 0);
    assert!(naive_allocations >= 3 * items.len(), "{naive_allocations} allocations");
    println!("naive: {naive_allocations} allocations, lean: {lean_allocations}\n{out}");
}
// ANCHOR_END: hidden

#[test]
fn counting_sees_the_usual_suspects() {
    let (_, to_string) = count_allocations(|| 42.to_string());
    let (_, collect) = count_allocations(|| (0..10).collect::<Vec<u32>>());
    let (_, pushes) = count_allocations(|| {
        let mut grown = Vec::new();
        for i in 0..100 {
            grown.push(i);
        }
        grown
    });
    let (_, reserved) = count_allocations(|| {
        let mut sized = Vec::with_capacity(100);
        for i in 0..100 {
            sized.push(i);
        }
        sized
    });
    assert_eq!((to_string, collect, reserved), (1, 1, 1));
    assert!(pushes > 3, "a growing Vec reallocates: {pushes}");
}

#[test]
fn parse_numbers_survives_every_allocation_failure() {
    let allocations = check_every_failure(|| match parse_numbers("1, 2, 3, 40, 500") {
        Ok(numbers) => {
            assert_eq!(numbers, [1, 2, 3, 40, 500]);
            Ok(())
        }
        Err(ParseError::OutOfMemory) => Err("out of memory"),
        Err(other) => panic!("the text is valid: {other:?}"),
    })
    .expect("out of memory is an error value on every path, and nothing leaks");
    assert!(allocations >= 1);
    assert!(matches!(parse_numbers("1, x"), Err(ParseError::BadNumber(_))));
}

#[test]
#[cfg_attr(miri, ignore = "asks the system for an impossible amount")]
fn try_reserve_explains_instead_of_aborting() {
    let message = reserve_or_explain(usize::MAX / 2).unwrap_err();
    assert!(message.starts_with("cannot reserve"), "{message}");
    assert_eq!(reserve_or_explain(100).unwrap().capacity(), 100);
}
