//! Every scene's film, snapshotted: the trace and the memory maps are
//! deterministic (offsets, never addresses), so any change to the toy heap's
//! behaviour shows up here as a diff — and in the book, which includes them.

use c_pitfalls::scenes;

#[test]
#[cfg_attr(miri, ignore = "insta reads snapshot files: not under Miri's isolation")]
fn films() {
    for (name, scene) in scenes::ALL {
        insta::assert_snapshot!(name, scene());
    }
}

/// The bugs have the consequences the book claims.
#[test]
fn each_scene_goes_wrong_as_described() {
    let uaf = scenes::use_after_free();
    assert!(uaf.contains("read(@8, 9) -> \"user=root\""), "{uaf}");

    let double = scenes::double_free();
    assert!(double.contains("malloc(16) -> @8\nwrite(@8, \"token:alice\")\nmalloc(16) -> @8"), "{double}");
    assert!(double.contains("read(@8, 13) -> \"token:mallory\""), "{double}");

    let poisoned = scenes::poisoned_free_list();
    assert!(poisoned.contains("read(@32, 16) -> \"password=hunter2\""), "{poisoned}");

    let overflow = scenes::overflow();
    assert!(overflow.contains("!! corrupt header at 16"), "{overflow}");

    let uninit = scenes::uninitialised();
    assert!(uninit.contains("4821;card=77\""), "{uninit}");

    let stack = scenes::dangling_stack();
    assert!(stack.contains("read(@8, 8) -> \"pin=4821\""), "{stack}");

    let login = scenes::stack_overflow();
    assert!(login.contains("read(@8, 1) -> \"\\x01\""), "{login}");

    let leak = scenes::leak();
    assert!(leak.contains("leak check: 3 blocks still in use"), "{leak}");
}
