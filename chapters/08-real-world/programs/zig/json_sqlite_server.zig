//! The JSON + SQLite server of json_sqlite_server.rs, in Zig 0.15:
//! `GET /items` lists the items as JSON, `POST /items` with
//! `{"name": "..."}` adds one. std.net for HTTP, std.json for JSON, and the
//! same SQLite amalgamation (sqlite3.c) that rusqlite bundles, compiled by
//! Zig. `--check` opens the database, creates the table, binds a free port
//! and exits.
const std = @import("std");
const c = @cImport(@cInclude("sqlite3.h"));

const Item = struct { id: i64, name: []const u8 };

pub fn main() !void {
    const allocator = std.heap.c_allocator;
    var check = false;
    for (std.os.argv[1..]) |arg| {
        if (std.mem.eql(u8, std.mem.span(arg), "--check")) check = true;
    }
    var db: ?*c.sqlite3 = null;
    if (c.sqlite3_open(":memory:", &db) != c.SQLITE_OK) return error.OpenFailed;
    defer _ = c.sqlite3_close(db);
    if (c.sqlite3_exec(db, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)", null, null, null) != c.SQLITE_OK)
        return error.CreateFailed;

    const address = try std.net.Address.parseIp("127.0.0.1", if (check) 0 else 8080);
    var server = try address.listen(.{ .reuse_address = true });
    defer server.deinit();
    if (check) return;
    std.debug.print("listening on http://127.0.0.1:8080\n", .{});
    while (true) {
        const connection = try server.accept();
        defer connection.stream.close();
        serve(allocator, db.?, connection.stream) catch |err| std.debug.print("request failed: {}\n", .{err});
    }
}

fn serve(allocator: std.mem.Allocator, db: *c.sqlite3, stream: std.net.Stream) !void {
    var request_buffer: [8192]u8 = undefined;
    const len = try stream.read(&request_buffer);
    const request = request_buffer[0..len];
    const body = if (std.mem.indexOf(u8, request, "\r\n\r\n")) |at| request[at + 4 ..] else "";

    var reply: std.Io.Writer.Allocating = .init(allocator);
    defer reply.deinit();
    var status: []const u8 = "200 OK";
    if (std.mem.startsWith(u8, request, "GET /items ")) {
        var items: std.ArrayList(Item) = .empty;
        defer {
            for (items.items) |item| allocator.free(item.name);
            items.deinit(allocator);
        }
        var query: ?*c.sqlite3_stmt = null;
        if (c.sqlite3_prepare_v2(db, "SELECT id, name FROM items ORDER BY id", -1, &query, null) != c.SQLITE_OK)
            return error.QueryFailed;
        defer _ = c.sqlite3_finalize(query);
        while (c.sqlite3_step(query) == c.SQLITE_ROW) {
            const name = std.mem.span(c.sqlite3_column_text(query, 1));
            try items.append(allocator, .{ .id = c.sqlite3_column_int64(query, 0), .name = try allocator.dupe(u8, name) });
        }
        try reply.writer.print("{f}", .{std.json.fmt(items.items, .{})});
    } else if (std.mem.startsWith(u8, request, "POST /items ")) {
        const parsed = try std.json.parseFromSlice(std.json.Value, allocator, body, .{});
        defer parsed.deinit();
        const name = switch (parsed.value) {
            .object => |object| if (object.get("name")) |value| switch (value) {
                .string => |text| text,
                else => return error.NoName,
            } else return error.NoName,
            else => return error.NoName,
        };
        var insert: ?*c.sqlite3_stmt = null;
        if (c.sqlite3_prepare_v2(db, "INSERT INTO items (name) VALUES (?1)", -1, &insert, null) != c.SQLITE_OK)
            return error.InsertFailed;
        defer _ = c.sqlite3_finalize(insert);
        _ = c.sqlite3_bind_text(insert, 1, name.ptr, @intCast(name.len), c.SQLITE_TRANSIENT);
        if (c.sqlite3_step(insert) != c.SQLITE_DONE) return error.InsertFailed;
        status = "201 Created";
        const item: Item = .{ .id = c.sqlite3_last_insert_rowid(db), .name = name };
        try reply.writer.print("{f}", .{std.json.fmt(item, .{})});
    } else {
        status = "404 Not Found";
        try reply.writer.writeAll("{\"error\":\"not found\"}");
    }
    var buffer: [1024]u8 = undefined;
    var writer = stream.writer(&buffer);
    const json = reply.written();
    try writer.interface.print(
        "HTTP/1.1 {s}\r\nContent-Type: application/json\r\nContent-Length: {d}\r\nConnection: close\r\n\r\n{s}",
        .{ status, json.len, json },
    );
    try writer.interface.flush();
}
