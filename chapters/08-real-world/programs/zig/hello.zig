//! Hello world in Zig 0.15: write to stdout through the new buffered writer.
const std = @import("std");

pub fn main() !void {
    var buffer: [64]u8 = undefined;
    var stdout = std.fs.File.stdout().writer(&buffer);
    try stdout.interface.writeAll("Hello, world!\n");
    try stdout.interface.flush();
}
