//! Zig's own DebugAllocator on the benchmark of lesson 07 (1,000,000 x 32 bytes,
//! each written, then all freed), next to `std.heap.c_allocator` (malloc).
//! Build and run (Zig 0.15.1, e.g. `pip install ziglang==0.15.1`):
//!   python3 -m ziglang build-exe chapters/07-general-purpose/zig/debug_allocator_bench.zig -OReleaseFast -lc -femit-bin=target/zig-debug-allocator-bench
//!   target/zig-debug-allocator-bench

const std = @import("std");

const count = 1_000_000;

fn run(allocator: std.mem.Allocator, blocks: [][]u8) !void {
    for (blocks) |*b| {
        b.* = try allocator.alloc(u8, 32);
        @memset(b.*, 0xAB);
    }
    for (blocks) |b| allocator.free(b);
}

fn measure(name: []const u8, allocator: std.mem.Allocator, blocks: [][]u8) !void {
    var best: u64 = std.math.maxInt(u64);
    var times: [20]u64 = undefined;
    for (&times) |*t| {
        var timer = try std.time.Timer.start();
        try run(allocator, blocks);
        t.* = timer.read();
        best = @min(best, t.*);
    }
    std.mem.sort(u64, &times, {}, std.sort.asc(u64));
    std.debug.print("{s}: fastest {d:.1} ms, median {d:.1} ms\n", .{ name, @as(f64, @floatFromInt(best)) / 1e6, @as(f64, @floatFromInt(times[10])) / 1e6 });
}

pub fn main() !void {
    const blocks = try std.heap.page_allocator.alloc([]u8, count);
    try measure("c_allocator (malloc)", std.heap.c_allocator, blocks);
    {
        var gpa: std.heap.DebugAllocator(.{ .safety = true, .stack_trace_frames = 0 }) = .init;
        defer _ = gpa.deinit();
        try measure("DebugAllocator safety, no traces", gpa.allocator(), blocks);
    }
    {
        var gpa: std.heap.DebugAllocator(.{ .safety = true, .stack_trace_frames = 0, .thread_safe = false }) = .init;
        defer _ = gpa.deinit();
        try measure("DebugAllocator safety, single-threaded", gpa.allocator(), blocks);
    }
    {
        var gpa: std.heap.DebugAllocator(.{}) = .init;
        defer _ = gpa.deinit();
        try measure("DebugAllocator defaults", gpa.allocator(), blocks);
    }
}
