//! The minimal HTTP server of http_server.rs, in Zig 0.15: answers every
//! request with "Hello, world!". `--check` binds a free port and exits.
const std = @import("std");

const response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n\r\nHello, world!";

pub fn main() !void {
    var check = false;
    for (std.os.argv[1..]) |arg| {
        if (std.mem.eql(u8, std.mem.span(arg), "--check")) check = true;
    }
    const address = try std.net.Address.parseIp("127.0.0.1", if (check) 0 else 8080);
    var server = try address.listen(.{ .reuse_address = true });
    defer server.deinit();
    if (check) return;
    std.debug.print("listening on http://127.0.0.1:8080\n", .{});
    while (true) {
        const connection = try server.accept();
        defer connection.stream.close();
        var request: [4096]u8 = undefined;
        _ = try connection.stream.read(&request);
        var buffer: [256]u8 = undefined;
        var writer = connection.stream.writer(&buffer);
        try writer.interface.writeAll(response);
        try writer.interface.flush();
    }
}
