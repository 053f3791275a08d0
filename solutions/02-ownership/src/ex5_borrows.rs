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

/// Names one entry of a playlist, for removing it. Not `Copy`: removing an
/// entry uses its id up, so an entry cannot be removed twice.
#[derive(Debug, PartialEq, Eq)]
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
        let index = self.entries.iter().position(|(entry, _)| *entry == id.0).expect("ids are removed once");
        self.entries.remove(index).1
    }

    /// The titles, borrowed from the playlist: no copies, and no changes to
    /// the playlist while they are being looked at.
    pub fn titles(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries.iter().map(|(_, title)| title.as_str())
    }

    /// The first title, borrowed: it cannot outlive the playlist.
    pub fn first(&self) -> Option<&str> {
        self.entries.first().map(|(_, title)| title.as_str())
    }

    /// The last title, to edit in place: one editor at a time.
    pub fn last_mut(&mut self) -> Option<&mut String> {
        self.entries.last_mut().map(|(_, title)| title)
    }

    /// The titles, moved out: the playlist is used up.
    pub fn finish(self) -> Vec<String> {
        self.entries.into_iter().map(|(_, title)| title).collect()
    }
}
