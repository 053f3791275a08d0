//! The shoot-out's workloads in Zig, over Zig 0.15.1's own allocators: the
//! same rounds as `benches/shootout.rs` and `benches/threads.rs`, timed the
//! same way (the allocator is made outside the timing; the round and the
//! allocator's teardown are timed), so that `cargo xtask bench` can put Zig's rows in the course's
//! table. Each line of output is one result:
//!
//!     <workload> <allocator> <median ns> <fastest ns> <mean ns> <samples>
//!
//! Built by `cargo xtask bench` (when a Zig compiler is found) with
//!   zig build-exe chapters/08-real-world/zig/shootout.zig -OReleaseFast -lc
//! and run with the sample count as its argument.

const std = @import("std");

/// Every block is aligned to 8, as the Rust workloads' layouts are.
const Block = []align(8) u8;

/// The workloads take any heap with `alloc(len)` and `free(block)`, as the
/// Rust side takes any `Heap`: `Through` is the usual way, every call through
/// `std.mem.Allocator`'s table of functions; `Direct` calls the fixed-buffer
/// allocator's own functions, which the optimiser can inline — the two rows
/// together measure what the table costs.
const Through = struct {
    allocator: std.mem.Allocator,

    fn alloc(heap: Through, len: usize) Block {
        return heap.allocator.alignedAlloc(u8, .@"8", len) catch @panic("out of memory");
    }
    fn free(heap: Through, block: Block) void {
        heap.allocator.free(block);
    }
};

const Direct = struct {
    fixed: *std.heap.FixedBufferAllocator,

    fn alloc(heap: Direct, len: usize) Block {
        const ptr = std.heap.FixedBufferAllocator.alloc(heap.fixed, len, .@"8", 0) orelse @panic("out of memory");
        return @alignCast(ptr[0..len]);
    }
    fn free(heap: Direct, block: Block) void {
        std.heap.FixedBufferAllocator.free(heap.fixed, block, .@"8", 0);
    }
};

/// Thirty-two bytes: 1,000,000 blocks of 32 bytes aligned to 8, each
/// written, then all freed in order.
const thirty_two = struct {
    const count = 1_000_000;

    fn run(heap: anytype, blocks: []Block) void {
        for (blocks) |*block| {
            const bytes = heap.alloc(32);
            @memset(bytes, 0xAB);
            block.* = bytes;
            std.mem.doNotOptimizeAway(block.*.ptr);
        }
        for (blocks) |block| heap.free(block);
    }
};

/// Mixed sizes: 100,000 blocks of 8 B – 4 KiB from the Rust workload's
/// xorshift sequence, each written; then freed odd positions first, then even.
const mixed = struct {
    const count = 100_000;

    fn sizes(out: []usize) void {
        var state: u64 = 0x9E37_79B9_7F4A_7C15;
        for (out) |*size| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            const power: usize = @as(usize, 8) << @intCast(state % 10); // 8, 16, ..., 4096
            size.* = power - @as(usize, @intCast(state >> 32)) % (power / 2); // not only powers of two
        }
    }

    fn run(heap: anytype, lens: []const usize, blocks: []Block) void {
        for (blocks, lens) |*block, len| {
            const bytes = heap.alloc(len);
            @memset(bytes, 1);
            block.* = bytes;
            std.mem.doNotOptimizeAway(block.*.ptr);
        }
        for ([_]usize{ 1, 0 }) |start| {
            var i = start;
            while (i < blocks.len) : (i += 2) heap.free(blocks[i]);
        }
    }
};

/// Producer/consumer (as `benches/threads.rs`): a producer thread
/// allocates 100,000 blocks of 64 bytes, writes each and hands them over in
/// batches of 1,000 through a queue of at most 4 batches; the consumer (the
/// main thread) reads and frees them. Every free is of a block another
/// thread allocated. Run after the single-threaded workloads: a second
/// thread switches glibc's `malloc` to its multi-threaded path for good.
const producer_consumer = struct {
    const count = 100_000;
    const batch = 1_000;
    const batches = count / batch;
    const capacity = 4;

    /// The channel: batch numbers in flight. The batches' arrays are made
    /// before the timing (the Rust side's come from `System`, not the
    /// allocator measured).
    const Queue = struct {
        mutex: std.Thread.Mutex = .{},
        changed: std.Thread.Condition = .{},
        sent: usize = 0,
        received: usize = 0,

        fn send(queue: *Queue) void {
            queue.mutex.lock();
            defer queue.mutex.unlock();
            while (queue.sent - queue.received == capacity) queue.changed.wait(&queue.mutex);
            queue.sent += 1;
            queue.changed.signal();
        }

        /// The number of the next batch, once it has been sent.
        fn receive(queue: *Queue) usize {
            queue.mutex.lock();
            defer queue.mutex.unlock();
            while (queue.sent == queue.received) queue.changed.wait(&queue.mutex);
            queue.received += 1;
            queue.changed.signal();
            return queue.received - 1;
        }
    };

    fn produce(allocator: std.mem.Allocator, slots: []Block, queue: *Queue) void {
        for (0..batches) |b| {
            for (slots[b * batch ..][0..batch]) |*slot| {
                const bytes = allocator.alignedAlloc(u8, .@"8", 64) catch @panic("out of memory");
                @memset(bytes, 0x5A);
                slot.* = bytes;
            }
            queue.send();
        }
    }

    fn run(allocator: std.mem.Allocator, slots: []Block) void {
        var queue: Queue = .{};
        const producer = std.Thread.spawn(.{}, produce, .{ allocator, slots, &queue }) catch @panic("spawn");
        for (0..batches) |_| {
            const b = queue.receive();
            for (slots[b * batch ..][0..batch]) |block| {
                std.mem.doNotOptimizeAway(std.mem.readInt(u64, block[0..8], .little));
                allocator.free(block);
            }
        }
        producer.join();
    }

    /// One timed round, in nanoseconds (the thread's start is timed, as
    /// the Rust side's `thread::scope`).
    fn time(allocator: std.mem.Allocator, slots: []Block) u64 {
        var timer = std.time.Timer.start() catch unreachable;
        run(allocator, slots);
        return timer.read();
    }
};

const Workload = enum { thirty_two_bytes, mixed_sizes };

/// The allocators, each made fresh for a round (outside the timing) and
/// torn down inside it, as the Rust side's `with_inputs(make)` does.
/// `arena_warm` is the exception: one arena for every round, reset with
/// `.retain_capacity` at the end of each (timed), warmed by a first round.
/// `fixed_buffer_direct` is `fixed_buffer` without `std.mem.Allocator`'s
/// table of functions in between.
const Contestant = enum { raw_c_allocator, smp_allocator, arena, arena_warm, fixed_buffer, fixed_buffer_direct, debug_allocator };

const Round = struct {
    workload: Workload,
    blocks: []Block,
    lens: []const usize,
    /// Pre-touched memory for the fixed buffer, big enough for a round.
    buffer: []u8,
    /// The warm arena, kept from round to round.
    warm: *std.heap.ArenaAllocator,

    fn go(round: Round, allocator: std.mem.Allocator) void {
        round.goWith(Through{ .allocator = allocator });
    }

    fn goWith(round: Round, heap: anytype) void {
        switch (round.workload) {
            .thirty_two_bytes => thirty_two.run(heap, round.blocks),
            .mixed_sizes => mixed.run(heap, round.lens, round.blocks),
        }
    }

    /// One timed round on `contestant`, in nanoseconds.
    fn time(round: Round, contestant: Contestant) u64 {
        switch (contestant) {
            .raw_c_allocator => {
                var timer = std.time.Timer.start() catch unreachable;
                round.go(std.heap.raw_c_allocator);
                return timer.read();
            },
            .smp_allocator => {
                var timer = std.time.Timer.start() catch unreachable;
                round.go(std.heap.smp_allocator);
                return timer.read();
            },
            .arena => {
                var arena = std.heap.ArenaAllocator.init(std.heap.raw_c_allocator);
                var timer = std.time.Timer.start() catch unreachable;
                round.go(arena.allocator());
                arena.deinit();
                return timer.read();
            },
            .arena_warm => {
                var timer = std.time.Timer.start() catch unreachable;
                round.go(round.warm.allocator());
                _ = round.warm.reset(.retain_capacity);
                return timer.read();
            },
            .fixed_buffer => {
                var fixed = std.heap.FixedBufferAllocator.init(round.buffer);
                var timer = std.time.Timer.start() catch unreachable;
                round.go(fixed.allocator());
                return timer.read();
            },
            .fixed_buffer_direct => {
                var fixed = std.heap.FixedBufferAllocator.init(round.buffer);
                var timer = std.time.Timer.start() catch unreachable;
                round.goWith(Direct{ .fixed = &fixed });
                return timer.read();
            },
            .debug_allocator => {
                // As the course's `DebugAllocator::new`: safety on, no stack traces.
                var debug: std.heap.DebugAllocator(.{ .safety = true, .stack_trace_frames = 0 }) = .init;
                var timer = std.time.Timer.start() catch unreachable;
                round.go(debug.allocator());
                if (debug.deinit() == .leak) @panic("the round leaked");
                return timer.read();
            },
        }
    }
};

pub fn main() !void {
    const gpa = std.heap.page_allocator;
    const args = try std.process.argsAlloc(gpa);
    const samples: usize = if (args.len > 1) try std.fmt.parseInt(usize, args[1], 10) else 30;

    const blocks = try gpa.alloc(Block, thirty_two.count);
    const lens = try gpa.alloc(usize, mixed.count);
    mixed.sizes(lens);
    var total: usize = 0;
    for (lens) |len| total += std.mem.alignForward(usize, len, 8);
    const buffer = try gpa.alloc(u8, @max(thirty_two.count * 32, total) + 4096);
    @memset(buffer, 0); // touched once, before any timing, as the Rust side's `vec![0; n]`
    const times = try gpa.alloc(u64, samples);

    for ([_]Workload{ .thirty_two_bytes, .mixed_sizes }) |workload| {
        var warm = std.heap.ArenaAllocator.init(std.heap.raw_c_allocator);
        defer warm.deinit();
        const round = Round{
            .workload = workload,
            .blocks = if (workload == .thirty_two_bytes) blocks else blocks[0..mixed.count],
            .lens = lens,
            .buffer = buffer,
            .warm = &warm,
        };
        _ = round.time(.arena_warm); // the warm-up round: the arena's chunks
        inline for (@typeInfo(Contestant).@"enum".fields) |field| {
            const contestant: Contestant = @enumFromInt(field.value);
            var sum: u64 = 0;
            for (times) |*t| {
                t.* = round.time(contestant);
                sum += t.*;
            }
            std.mem.sort(u64, times, {}, std.sort.asc(u64));
            report(@tagName(workload), field.name, times, sum);
        }
    }

    // The threaded workload last (see `producer_consumer`), with Zig's two
    // allocators made for any thread: glibc's through Zig, and Zig's own.
    const threaded = [_]struct { []const u8, std.mem.Allocator }{
        .{ "raw_c_allocator", std.heap.raw_c_allocator },
        .{ "smp_allocator", std.heap.smp_allocator },
    };
    for (threaded) |contestant| {
        const name, const allocator = contestant;
        var sum: u64 = 0;
        for (times) |*t| {
            t.* = producer_consumer.time(allocator, blocks[0..producer_consumer.count]);
            sum += t.*;
        }
        std.mem.sort(u64, times, {}, std.sort.asc(u64));
        report("producer_consumer", name, times, sum);
    }
}

/// One line of output: workload, allocator, median, fastest, mean, samples.
fn report(workload: []const u8, allocator: []const u8, times: []u64, sum: u64) void {
    std.debug.print("{s} {s} {d} {d} {d} {d}\n", .{
        workload, allocator, times[times.len / 2], times[0], sum / times.len, times.len,
    });
}
