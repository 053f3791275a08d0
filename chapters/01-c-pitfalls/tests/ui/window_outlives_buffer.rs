// A `Window` holds only a raw pointer into its buffer, but its
// `PhantomData<&'buf mut [u8]>` makes it borrow the buffer: the buffer cannot
// go away while the window is still used.
use c_pitfalls::toolkit::Window;

fn main() {
    let window;
    {
        let mut buffer = *b"hello";
        window = Window::new(&mut buffer);
    } // `buffer` is gone here...
    println!("{:?}", window.get(0)); // ...and the window would read it.
}
