//! Tests for exercise ownership-5 (`src/ex5_borrows.rs`).

use ownership_exercises::ex5_borrows::Playlist;

fn playlist() -> Playlist {
    let mut list = Playlist::new();
    for title in ["Intro", "Verse", "Chorus"] {
        list.add(title);
    }
    list
}

#[test]
fn titles_and_first() {
    let list = playlist();
    assert_eq!(list.titles().collect::<Vec<_>>(), ["Intro", "Verse", "Chorus"]);
    assert_eq!(list.first(), Some("Intro"));
}

#[test]
fn remove_takes_an_entry_out() {
    let mut list = Playlist::new();
    let intro = list.add("Intro");
    let outro = list.add("Outro");
    assert_eq!(list.remove(intro), "Intro");
    assert_eq!(list.first(), Some("Outro"));
    assert_eq!(list.remove(outro), "Outro");
    assert_eq!(list.titles().count(), 0);
}

#[test]
fn last_mut_edits_the_playlist() {
    let mut list = playlist();
    list.last_mut().unwrap().push_str(" (reprise)");
    assert_eq!(list.finish(), ["Intro", "Verse", "Chorus (reprise)"]);
}

/// The cases in `tests/ui/ex5_borrows/` must NOT compile: each is a bug
/// that the signatures in `src/ex5_borrows.rs` should rule out.
#[test]
#[cfg_attr(miri, ignore = "runs the compiler: not under Miri")]
fn misuse_does_not_compile() {
    let cases = concat!(env!("CARGO_MANIFEST_DIR"), "/../../exercises/02-ownership/tests/ui/ex5_borrows/*.rs");
    trybuild::TestCases::new().compile_fail(cases);
}
