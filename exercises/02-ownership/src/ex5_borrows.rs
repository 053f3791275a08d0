//! Exercise ownership-5: let the compiler check it.
//!
//! The signatures of `Playlist` decide *when* a misuse is caught. Return
//! borrowed data instead of copies, and let an id be used up by `remove`,
//! and the four programs in `tests/ui/ex5_borrows/` stop compiling — the
//! bugs they contain are then impossible, not just unlikely.

/// Song titles in order.
#[derive(Debug, Default)]
pub struct Playlist {
    entries: Vec<(u32, String)>,
    next_id: u32,
}

/// Names one entry of a playlist, for removing it.
//
// TODO (1): an id that can be copied can be used again after `remove`: the
// program use_after_move.rs in tests/ui/ex5_borrows removes the same entry
// twice, and compiles. Make an id something that `remove` uses up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrackId(u32);

impl Playlist {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, title: &str) -> TrackId {
        let id = self.next_id;
        self.next_id += 1;
        self.entries.push((id, title.to_owned()));
        TrackId(id)
    }

    /// Takes the entry out, using its id up.
    pub fn remove(&mut self, id: TrackId) -> String {
        // TODO (2): find the entry with this id, and take it out of the playlist.
        todo!("remove {id:?}")
    }

    /// The titles.
    //
    // TODO (3): returning copies hides a bug: mutate_while_iterating.rs adds to
    // the playlist while walking over it, and compiles. Hand out the titles
    // borrowed, not copied, so that the playlist stays borrowed for as long as
    // the iterator lives.
    pub fn titles(&self) -> std::vec::IntoIter<String> {
        todo!("the titles of {} entries", self.entries.len())
    }

    /// The first title.
    //
    // TODO (4): `'static` promises that the title lives forever. It does not: it
    // lives in the playlist (dangling.rs compiles). Return a borrow that the
    // elision rules tie to the playlist.
    pub fn first(&self) -> Option<&'static str> {
        todo!("the first of {} entries", self.entries.len())
    }

    /// The last title, to edit in place.
    //
    // TODO (5): a `'static` editor does not borrow the playlist, so two of them
    // can exist at once (two_editors.rs compiles). Return an exclusive borrow.
    pub fn last_mut(&mut self) -> Option<&'static mut String> {
        todo!("the last of {} entries", self.entries.len())
    }

    /// The titles, moved out: the playlist is used up.
    pub fn finish(self) -> Vec<String> {
        self.entries.into_iter().map(|(_, title)| title).collect()
    }
}
