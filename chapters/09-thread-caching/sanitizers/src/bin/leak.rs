//! A leak that safe Rust allows: a reference cycle of `Rc`s, never freed.

use std::cell::RefCell;
use std::rc::Rc;

struct Node {
    name: String,
    next: RefCell<Option<Rc<Node>>>,
}

fn main() {
    // On a thread of its own, whose stack is gone when it ends: a stale copy
    // of a pointer left on a live stack would count as a use, and hide the leak.
    std::thread::spawn(make_a_cycle).join().expect("no panic");
    println!("two nodes point at each other, and nothing points at them");
}

fn make_a_cycle() {
    let a = Rc::new(Node { name: "a".repeat(100), next: RefCell::new(None) });
    let b = Rc::new(Node { name: "b".repeat(100), next: RefCell::new(Some(Rc::clone(&a))) });
    *a.next.borrow_mut() = Some(Rc::clone(&b)); // a → b → a: each keeps the other alive
    assert_eq!(a.name.len() + b.name.len(), 200);
}
