//! A toy call stack: each call gets a frame of bytes on top of its caller's,
//! and a return just moves the top back down — the bytes stay where they
//! were until the next call writes over them. That is why a pointer to a
//! local of a function that has returned still "works" in C, for a while.

use crate::heap::{Ptr, quote};

/// A live frame: the function's name, where its locals start, how many bytes.
#[derive(Clone, Copy, Debug)]
struct Frame {
    function: &'static str,
    base: u32,
    size: u32,
}

// ANCHOR: stack
/// A stack of `capacity` bytes growing upwards from offset 0.
#[derive(Clone, Debug)]
pub struct ToyStack {
    memory: Vec<u8>,
    frames: Vec<Frame>,
    trace: Vec<String>,
}

impl ToyStack {
    /// An empty stack; never-written bytes are `0xAA`.
    pub fn new(capacity: u32) -> Self {
        ToyStack { memory: vec![0xAA; capacity as usize], frames: Vec::new(), trace: Vec::new() }
    }

    /// Calls `function`: pushes a frame of `size` bytes for its locals and
    /// returns a pointer to them. Nothing is cleared — the old bytes of
    /// returned calls are still there. `None` on stack overflow.
    pub fn call(&mut self, function: &'static str, size: u32) -> Option<Ptr> {
        let base = self.top();
        let fits = base.checked_add(size).is_some_and(|end| end as usize <= self.memory.len());
        self.trace.push(format!("{}call {function}() -> locals at @{base}", self.indent()));
        if !fits {
            self.trace.push("  stack overflow".to_string());
            return None;
        }
        self.frames.push(Frame { function, base, size });
        Some(Ptr::new(base))
    }

    /// Returns from the innermost call: its frame is popped, its bytes stay.
    pub fn ret(&mut self) {
        if let Some(frame) = self.frames.pop() {
            self.trace.push(format!("{}return from {}()", self.indent(), frame.function));
        }
    }
    // ANCHOR_END: stack

    /// Writes `bytes` at `ptr`, past its local if they are longer.
    pub fn write(&mut self, ptr: Ptr, bytes: &[u8]) {
        self.trace.push(format!("{}write({ptr}, {})", self.indent(), quote(bytes)));
        let start = (ptr.offset() as usize).min(self.memory.len());
        let end = start.saturating_add(bytes.len()).min(self.memory.len());
        self.memory[start..end].copy_from_slice(&bytes[..end - start]);
    }

    /// Reads `len` bytes at `ptr`, whoever's they are now.
    pub fn read(&mut self, ptr: Ptr, len: u32) -> Vec<u8> {
        let start = (ptr.offset() as usize).min(self.memory.len());
        let end = start.saturating_add(len as usize).min(self.memory.len());
        let bytes = self.memory[start..end].to_vec();
        self.trace.push(format!("{}read({ptr}, {len}) -> {}", self.indent(), quote(&bytes)));
        bytes
    }

    /// Adds commentary to the trace.
    pub fn note(&mut self, line: impl Into<String>) {
        self.trace.push(format!("{}-- {}", self.indent(), line.into()));
    }

    /// Every call so far, indented by call depth.
    pub fn take_trace(&mut self) -> Vec<String> {
        std::mem::take(&mut self.trace)
    }

    /// The live frames, innermost first, and the dead bytes above them.
    pub fn map(&self) -> String {
        let mut out = format!("stack: {} bytes, {} live frame(s)\n", self.memory.len(), self.frames.len());
        let top = self.top() as usize;
        let dead = self.memory[top..].iter().take_while(|&&b| b != 0xAA).count();
        if dead > 0 {
            out += &format!("  @{top:<3} (dead) {:>3} bytes  {}\n", dead, quote(&self.memory[top..top + dead]));
        }
        for frame in self.frames.iter().rev() {
            let bytes = &self.memory[frame.base as usize..][..frame.size as usize];
            out += &format!("  @{:<3} {:<6} {:>3} bytes  {}\n", frame.base, frame.function, frame.size, quote(bytes));
        }
        out
    }

    fn top(&self) -> u32 {
        self.frames.last().map_or(0, |frame| frame.base + frame.size)
    }

    fn indent(&self) -> String {
        "  ".repeat(self.frames.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_returned_frame_is_reused_by_the_next_call() {
        let mut stack = ToyStack::new(32);
        let first = stack.call("f", 8).unwrap();
        stack.write(first, b"first");
        stack.ret();
        let second = stack.call("g", 8).unwrap();
        assert_eq!(first, second);
        assert_eq!(stack.read(second, 5), b"first");
        assert_eq!(stack.call("h", 100), None);
    }
}
