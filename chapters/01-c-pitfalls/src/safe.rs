//! The scenes' programs in safe Rust. Each bug is either ruled out by the
//! compiler (the misuse does not build — see `tests/ui/`), or turned into a
//! clean, immediate panic or error instead of silent corruption.

use std::rc::Rc;

// ANCHOR: no_leak
/// The leaky loop, safe: each greeting is a `String` owned by the loop body
/// and freed at the end of each iteration. Nothing to forget.
pub fn greet_all(users: &[&str]) -> usize {
    let mut sent = 0;
    for user in users {
        let greeting = format!("hi {user}");
        sent += greeting.len();
    } // <- `greeting` dropped (freed) here, every iteration
    sent
}
// ANCHOR_END: no_leak

// ANCHOR: session
/// A session that is ended by value: after `end`, the variable is gone.
#[derive(Debug)]
pub struct Session {
    user: String,
}

impl Session {
    /// Starts a session for `user`.
    pub fn start(user: &str) -> Session {
        Session { user: user.to_string() }
    }

    /// The logged-in user.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// Ends the session: takes it by value, so it cannot be used (E0382)
    /// or ended (freed) a second time.
    pub fn end(self) -> String {
        format!("bye {}", self.user)
    }
}
// ANCHOR_END: session

// ANCHOR: bounded
/// The name that was too long for its buffer.
#[derive(Debug, PartialEq, Eq)]
pub struct TooLong {
    pub capacity: usize,
    pub needed: usize,
}

/// Copies `name` into `buffer`: a slice knows its length, so an overflow
/// is a returned error rather than trampled memory.
pub fn copy_name(buffer: &mut [u8], name: &str) -> Result<(), TooLong> {
    let capacity = buffer.len();
    let target = buffer.get_mut(..name.len()).ok_or(TooLong { capacity, needed: name.len() })?;
    target.copy_from_slice(name.as_bytes());
    Ok(())
}
// ANCHOR_END: bounded

// ANCHOR: login
/// The stack overflow, safe: indexing is bounds-checked, so the ninth byte
/// panics at the write instead of setting `is_admin`.
pub fn login(password: &[u8]) -> bool {
    let mut buffer = [0u8; 8];
    let is_admin = false;
    for (i, &byte) in password.iter().enumerate() {
        buffer[i] = byte; // panics: "index out of bounds: the len is 8 but the index is 8"
    }
    is_admin
}
// ANCHOR_END: login

// ANCHOR: zeroed
/// A fresh buffer in safe Rust is always initialised: `vec![0; n]` asks the
/// allocator for zeroed memory (`calloc`), and a `Vec` with capacity only
/// lets you read what you pushed.
pub fn fresh_report(len: usize) -> Vec<u8> {
    vec![0; len]
}
// ANCHOR_END: zeroed

// ANCHOR: owned_name
/// The dangling pointer to a local, safe: return the `String` itself (the
/// heap block moves to the caller) instead of a reference into the frame.
pub fn make_name(id: u32) -> String {
    let mut name = String::from("guest-");
    name.push(char::from_digit(id % 10, 10).unwrap_or('?'));
    name // returning `&name` does not compile: E0515
}
// ANCHOR_END: owned_name

// ANCHOR: shared
/// "Who frees this?" answered by the type: both the cache and the caller
/// own the config through an `Rc`; the last owner to let go frees it.
pub fn cache_and_caller() -> (usize, String) {
    let config = Rc::new(String::from("port=8080"));
    let cache = [Rc::clone(&config)]; // cache_put: a second owner
    drop(config); // the caller is done: one owner left, nothing freed
    let owners = Rc::strong_count(&cache[0]);
    (owners, cache[0].to_string()) // the cache's copy is still valid
}
// ANCHOR_END: shared

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loop_frees_what_it_allocates() {
        assert_eq!(greet_all(&["alice", "bob"]), "hi alice".len() + "hi bob".len());
    }

    #[test]
    fn a_session_is_used_then_ended_once() {
        let session = Session::start("alice");
        assert_eq!(session.user(), "alice");
        assert_eq!(session.end(), "bye alice");
    }

    #[test]
    fn a_name_too_long_is_an_error_and_the_buffer_is_untouched() {
        let mut buffer = [b'.'; 8];
        assert_eq!(copy_name(&mut buffer, "Bartholomew"), Err(TooLong { capacity: 8, needed: 11 }));
        assert_eq!(&buffer, b"........");
        assert_eq!(copy_name(&mut buffer, "Bart"), Ok(()));
        assert_eq!(&buffer, b"Bart....");
    }

    #[test]
    fn eight_bytes_log_in_as_a_user() {
        assert!(!login(b"12345678"));
    }

    #[test]
    #[should_panic(expected = "index out of bounds: the len is 8 but the index is 8")]
    fn the_ninth_byte_panics_instead_of_making_an_admin() {
        login(b"12345678\x01");
    }

    #[test]
    fn fresh_memory_is_zeroed() {
        assert_eq!(fresh_report(4), [0, 0, 0, 0]);
        assert_eq!(make_name(7), "guest-7");
    }

    #[test]
    fn the_last_owner_frees() {
        assert_eq!(cache_and_caller(), (1, "port=8080".to_string()));
    }
}
