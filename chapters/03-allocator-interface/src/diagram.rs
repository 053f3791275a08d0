//! Pictures of struct layouts, drawn from the real `Layout` arithmetic.
//!
//! The book shows these diagrams; they are generated here (and
//! snapshot-tested), so a picture can never disagree with the code.

use core::alloc::Layout;
use std::fmt::Write;

/// One field: a name and its layout.
pub type Field<'a> = (&'a str, Layout);

/// Where each field lands when appended in order (`#[repr(C)]`), and the
/// struct's layout — computed with `Layout::extend`, as the compiler does.
pub fn place_fields(fields: &[Field<'_>]) -> (Layout, Vec<usize>) {
    let mut layout = Layout::from_size_align(0, 1).expect("empty layout");
    let mut offsets = Vec::with_capacity(fields.len());
    for (_, field) in fields {
        let (extended, offset) = layout.extend(*field).expect("diagram layouts are small");
        layout = extended;
        offsets.push(offset);
    }
    (layout.pad_to_align(), offsets)
}

/// What occupies each byte: `Some(field index)` or `None` for padding.
fn byte_owners(fields: &[Field<'_>]) -> (Layout, Vec<Option<usize>>) {
    let (layout, offsets) = place_fields(fields);
    let mut owners = vec![None; layout.size()];
    for (index, ((_, field), offset)) in fields.iter().zip(offsets).enumerate() {
        owners[offset..offset + field.size()].fill(Some(index));
    }
    (layout, owners)
}

/// A text picture: one character per byte, a letter per field, `.` for padding.
///
/// ```text
/// k...llllff......pppppppp  24 bytes, align 8, 9 padding
/// ```
pub fn ascii(fields: &[Field<'_>]) -> String {
    let (layout, owners) = byte_owners(fields);
    let bytes: String =
        owners.iter().map(|owner| owner.map_or('.', |i| fields[i].0.chars().next().unwrap_or('?'))).collect();
    let padding = owners.iter().filter(|o| o.is_none()).count();
    format!("{bytes}  {} bytes, align {}, {padding} padding", layout.size(), layout.align())
}

// ANCHOR: svg
/// An SVG picture of several layouts of the same fields, one row each, with
/// byte offsets. Padding is grey. The SVG has no blank lines, so it can be
/// included straight into a Markdown page.
pub fn svg(rows: &[(&str, &[Field<'_>])]) -> String {
    const CELL: usize = 30;
    const ROW: usize = 78;
    const LEFT: usize = 10;
    const COLOURS: [&str; 6] = ["#8ecae6", "#ffb703", "#90be6d", "#f28482", "#cdb4db", "#f4a261"];
    // A field keeps its colour from row to row: colours follow the first row.
    let colour_of = |name: &str| {
        let first = rows.first().map_or(&[][..], |(_, fields)| *fields);
        COLOURS[first.iter().position(|(n, _)| *n == name).unwrap_or(0) % COLOURS.len()]
    };
    let widest = rows.iter().map(|(_, fields)| place_fields(fields).0.size()).max().unwrap_or(0);
    // Room on the right for the last offset label.
    let (width, height) = (LEFT * 2 + widest * CELL + 16, rows.len() * ROW + 10);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="monospace" font-size="12" role="img">"#
    );
    for (row, (title, fields)) in rows.iter().enumerate() {
        let (layout, owners) = byte_owners(fields);
        let top = row * ROW + 22;
        let padding = owners.iter().filter(|o| o.is_none()).count();
        let _ = writeln!(
            out,
            r#"<text x="{LEFT}" y="{}" font-weight="bold">{title}: {} bytes, align {}, {padding} byte{} of padding</text>"#,
            top - 6,
            layout.size(),
            layout.align(),
            if padding == 1 { "" } else { "s" }
        );
        // One rectangle per run of bytes with the same owner.
        let mut start = 0;
        while start < owners.len() {
            let owner = owners[start];
            let end = (start..owners.len()).find(|&i| owners[i] != owner).unwrap_or(owners.len());
            let x = LEFT + start * CELL;
            let w = (end - start) * CELL;
            let (fill, label) = match owner {
                Some(i) => (colour_of(fields[i].0), fields[i].0),
                None => ("#e0e0e0", "pad"),
            };
            let _ = writeln!(
                out,
                r##"<rect x="{x}" y="{top}" width="{w}" height="28" fill="{fill}" stroke="#333"/><text x="{}" y="{}" text-anchor="middle">{label}</text>"##,
                x + w / 2,
                top + 18
            );
            let _ = writeln!(out, r#"<text x="{x}" y="{}" font-size="10">{start}</text>"#, top + 42);
            start = end;
        }
        let _ = writeln!(
            out,
            r#"<text x="{}" y="{}" font-size="10">{}</text>"#,
            LEFT + owners.len() * CELL,
            top + 42,
            owners.len()
        );
    }
    out.push_str("</svg>");
    out
}
// ANCHOR_END: svg

/// The running example of the chapter: a packet header, in declaration
/// order and sorted from most to least aligned.
pub fn packet_fields() -> [[Field<'static>; 4]; 2] {
    let kind = ("kind", Layout::new::<u8>());
    let length = ("length", Layout::new::<u32>());
    let flags = ("flags", Layout::new::<u16>());
    let payload = ("payload", Layout::new::<*const u8>());
    [[kind, length, flags, payload], [payload, length, flags, kind]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_fields_agrees_with_the_compiler() {
        #[repr(C)]
        struct Packet {
            kind: u8,
            length: u32,
            flags: u16,
            payload: *const u8,
        }
        let [declared, _] = packet_fields();
        let (layout, offsets) = place_fields(&declared);
        assert_eq!(layout, Layout::new::<Packet>());
        assert_eq!(offsets, [0, 4, 8, 16]);
    }

    #[test]
    fn ascii_marks_padding() {
        let [declared, sorted] = packet_fields();
        assert_eq!(ascii(&declared), "k...llllff......pppppppp  24 bytes, align 8, 9 padding");
        assert_eq!(ascii(&sorted), "ppppppppllllffk.  16 bytes, align 8, 1 padding");
    }
}
