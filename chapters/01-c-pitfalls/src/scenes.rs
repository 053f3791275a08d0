//! Each foot-gun, committed on the toy heap or stack and filmed: the calls
//! as they happen, commentary, and memory maps at the moments that matter.
//! The book shows these films; the tests snapshot them.

use crate::heap::{HEADER, ToyHeap};
use crate::stack::ToyStack;

/// A film of one scene: trace lines and maps, in order.
#[derive(Debug, Default)]
pub struct Film {
    text: String,
}

impl Film {
    /// Appends the heap's trace since the last frame, then its map.
    pub fn heap(&mut self, heap: &mut ToyHeap) {
        self.lines(heap.take_trace());
        self.text += &heap.map();
    }

    /// Appends the stack's trace since the last frame, then its map.
    pub fn stack(&mut self, stack: &mut ToyStack) {
        self.lines(stack.take_trace());
        self.text += &stack.map();
    }

    fn lines(&mut self, lines: Vec<String>) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        for line in lines {
            self.text += &line;
            self.text.push('\n');
        }
    }

    /// The film as text.
    pub fn finish(self) -> String {
        self.text
    }
}

// ANCHOR: leak
/// A leak: each request's buffer is allocated and never freed.
pub fn leak() -> String {
    let mut heap = ToyHeap::new(72);
    let mut film = Film::default();
    for user in ["alice", "bob", "carol"] {
        let greeting = heap.malloc(16).expect("room for three");
        heap.write(greeting, format!("hi {user}").as_bytes());
        heap.note("handled; the buffer is never freed");
    }
    heap.malloc(16);
    heap.note("out of memory, though the program holds no pointer to any block");
    film.heap(&mut heap);
    let leaks = heap.leaks();
    film.text += &format!("leak check: {} blocks still in use, {} bytes\n", leaks.len(), 16 * leaks.len());
    film.finish()
}
// ANCHOR_END: leak

// ANCHOR: use_after_free
/// A use after free: a stale pointer reads the block's next owner's data.
pub fn use_after_free() -> String {
    let mut heap = ToyHeap::new(64);
    let mut film = Film::default();
    let session = heap.malloc(16).expect("room");
    heap.write(session, b"user=alice");
    heap.free(session);
    heap.note("`session` still holds the pointer");
    film.heap(&mut heap);
    let admin = heap.malloc(16).expect("room");
    heap.write(admin, b"user=root");
    heap.note(format!("the same block again: {admin}"));
    heap.read(session, 9);
    heap.note("the stale pointer reads the new owner's data");
    film.heap(&mut heap);
    film.finish()
}
// ANCHOR_END: use_after_free

// ANCHOR: double_free
/// A double free: the block goes on the free list twice, the list becomes a
/// circle, and two later `malloc`s return the same block.
pub fn double_free() -> String {
    let mut heap = ToyHeap::new(64);
    let mut film = Film::default();
    let token = heap.malloc(16).expect("room");
    heap.free(token);
    heap.free(token);
    heap.note("its `next` now points at itself");
    film.heap(&mut heap);
    let first = heap.malloc(16).expect("room");
    heap.write(first, b"token:alice");
    let second = heap.malloc(16).expect("room");
    heap.write(second, b"token:mallory");
    heap.note(format!("two owners of one block: {first} and {second}"));
    heap.read(first, 13);
    heap.note("alice's token was overwritten by mallory's");
    heap.note("and the free list's head is now the text \"toke\" read as a pointer");
    film.heap(&mut heap);
    film.finish()
}
// ANCHOR_END: double_free

// ANCHOR: poisoned_free_list
/// A write after free edits the free list: the next `malloc` hands out a
/// block that is still in use (the start of many heap exploits).
pub fn poisoned_free_list() -> String {
    let mut heap = ToyHeap::new(64);
    let mut film = Film::default();
    let note = heap.malloc(16).expect("room");
    let secret = heap.malloc(16).expect("room");
    heap.write(secret, b"password=hunter2");
    heap.free(note);
    heap.note("a stale pointer writes into the freed block: over its `next` link");
    let header_of_secret = secret.offset() - HEADER;
    heap.write(note, &header_of_secret.to_le_bytes());
    film.heap(&mut heap);
    heap.malloc(16).expect("room");
    let stolen = heap.malloc(16).expect("the forged link");
    heap.note(format!("{stolen} is `secret`, still in use"));
    heap.read(stolen, 16);
    film.heap(&mut heap);
    film.finish()
}
// ANCHOR_END: poisoned_free_list

// ANCHOR: overflow
/// A heap buffer overflow: a name longer than its buffer tramples the
/// next block's header, and the heap walk loses everything after it.
pub fn overflow() -> String {
    let mut heap = ToyHeap::new(64);
    let mut film = Film::default();
    let name = heap.malloc(8).expect("room");
    let balance = heap.malloc(8).expect("room");
    heap.write(balance, b"100 EUR");
    film.heap(&mut heap);
    heap.write(name, b"Bartholomew");
    heap.note("11 bytes into an 8-byte block: 3 land on the next header");
    film.heap(&mut heap);
    heap.free(balance);
    heap.malloc(24);
    heap.note("free() believed the trampled size, and malloc believes the free list");
    film.heap(&mut heap);
    film.finish()
}
// ANCHOR_END: overflow

// ANCHOR: uninitialised
/// A read of uninitialised memory: `malloc` does not clear, so a new block
/// shows its previous owner's bytes.
pub fn uninitialised() -> String {
    let mut heap = ToyHeap::new(48);
    let mut film = Film::default();
    let login = heap.malloc(16).expect("room");
    heap.write(login, b"pin=4821;card=77");
    heap.free(login);
    let report = heap.malloc(16).expect("room");
    heap.note("a new block: nobody wrote to it yet");
    heap.read(report, 16);
    heap.note("the old PIN; only the first 4 bytes changed (the free list's link)");
    film.heap(&mut heap);
    film.finish()
}
// ANCHOR_END: uninitialised

// ANCHOR: dangling_stack
/// A pointer to a local of a function that has returned: the next call
/// reuses the frame, and the pointer reads that call's locals.
pub fn dangling_stack() -> String {
    let mut stack = ToyStack::new(48);
    let mut film = Film::default();
    stack.call("main", 8).expect("room");
    let name = stack.call("make_name", 16).expect("room");
    stack.write(name, b"guest");
    stack.note("returns a pointer to its local `name`");
    stack.ret();
    film.stack(&mut stack);
    let pin = stack.call("ask_pin", 16).expect("room");
    stack.write(pin, b"pin=4821");
    stack.ret();
    stack.read(name, 8);
    stack.note("main prints its \"name\": it is ask_pin's PIN");
    film.stack(&mut stack);
    film.finish()
}
// ANCHOR_END: dangling_stack

// ANCHOR: stack_overflow
/// A stack buffer overflow: 9 bytes into an 8-byte local overwrite the
/// flag stored after it.
pub fn stack_overflow() -> String {
    let mut stack = ToyStack::new(32);
    let mut film = Film::default();
    let locals = stack.call("login", 9).expect("room");
    let is_admin = locals.plus(8);
    stack.write(is_admin, &[0]);
    stack.note("locals: password[8] at +0, is_admin at +8");
    stack.write(locals, b"12345678\x01");
    stack.read(is_admin, 1);
    stack.note("is_admin = 1: the ninth byte of the password");
    film.stack(&mut stack);
    film.finish()
}
// ANCHOR_END: stack_overflow

// ANCHOR: who_frees
/// Unclear ownership: a cache keeps the pointer it was given, the caller
/// frees it too. Either one alone is right; together they are a double free
/// and a use after free.
pub fn who_frees() -> String {
    let mut heap = ToyHeap::new(64);
    let mut film = Film::default();
    let config = heap.malloc(16).expect("room");
    heap.write(config, b"port=8080");
    let mut cache = vec![config];
    heap.note("cache_put(config): the cache keeps the pointer");
    heap.free(config);
    heap.note("the caller is done with config, frees it");
    let request = heap.malloc(16).expect("room");
    heap.write(request, b"GET /admin");
    heap.read(cache[0], 10);
    heap.note("cache_get() returns the request");
    for ptr in cache.drain(..) {
        heap.free(ptr);
    }
    heap.note("cache_clear() frees it again: `request` is freed under its owner");
    film.heap(&mut heap);
    film.finish()
}
// ANCHOR_END: who_frees

/// A scene: runs the bug and returns its film.
pub type Scene = fn() -> String;

/// Every scene by name, in the book's order.
pub const ALL: [(&str, Scene); 9] = [
    ("leak", leak),
    ("use_after_free", use_after_free),
    ("double_free", double_free),
    ("poisoned_free_list", poisoned_free_list),
    ("overflow", overflow),
    ("uninitialised", uninitialised),
    ("dangling_stack", dangling_stack),
    ("stack_overflow", stack_overflow),
    ("who_frees", who_frees),
];
