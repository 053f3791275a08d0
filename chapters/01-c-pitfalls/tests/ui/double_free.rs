// Double free: the first `drop` moved the value out; there is nothing left
// to free a second time — E0382.
fn main() {
    let token = Box::new(*b"token:alice");
    drop(token);
    drop(token);
}
