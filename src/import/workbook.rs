//! Excel workbooks (`.xlsx`): the first sheet, read through calamine's streaming cell reader,
//! after every part of the zip has been inflated once and checked, so that nothing calamine builds
//! can be larger than a limit on bytes, whatever the file claims:
//!
//! - the file at most `MAX_XLSX_BYTES` on disk, at most `MAX_XLSX_ENTRIES` entries, unpacking to
//!   at most `MAX_XLSX_UNPACKED` in all (a zip bomb, or an entry larger than it says, stops there);
//! - no cell (`<c>` in a sheet, `<si>` in the shared strings), text or tag longer than
//!   `MAX_ROW_BYTES`, and no row of a sheet either, counted on the XML as it is inflated;
//! - a shared-string table that claims more strings than it holds is refused: calamine reserves
//!   room for the claim before reading one (`uniqueCount="4000000000"` is 96 GB);
//! - a row's text *after* its shared strings are filled in at most `MAX_ROW_BYTES`: one 2 MB
//!   string used by 5,000 cells is 10 GB of text from a 17 KB file. Counted before each cell's
//!   text is copied.

use super::read::{Row, Visit, MAX_COLUMNS, MAX_ROW_BYTES};
use super::records::Record;
use crate::diagnostic::Diagnostic;
use std::io::{BufReader, Read, Write};
use std::path::Path;

/// Largest workbook file, and the most its entries may unpack to in all.
pub const MAX_XLSX_BYTES: u64 = 64 << 20;
pub const MAX_XLSX_UNPACKED: u64 = 256 << 20;
/// Most entries in a workbook's zip.
pub const MAX_XLSX_ENTRIES: usize = 10_000;

/// Longest tag captured to read its name and attributes; a longer one is read by its name only.
const TAG_CAPTURE: usize = 256;

/// What the scan of one part refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Breach {
    /// A cell (a sheet's `<c>`, or shared string number `k` from 1) longer than the limit.
    Cell {
        row: Option<u64>,
        string: Option<u64>,
    },
    /// A sheet's row whose XML alone is longer than the limit.
    Row(u64),
    /// Text or a tag longer than the limit outside any cell.
    Text,
    /// A shared-string table that claims more strings than it holds.
    Claims { claimed: u64, held: u64 },
}

impl std::fmt::Display for Breach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a limit of the workbook")
    }
}

impl std::error::Error for Breach {}

/// Reads a part's XML as it is inflated (a `Write` sink for `io::copy`) and stops at the first
/// [`Breach`]. Not a parser: it finds tags (`<` to `>`), their names and, for `sst` and `row`, one
/// attribute. Comments and CDATA count as one long tag, so their length is limited too.
#[derive(Default)]
struct PartScan {
    /// Bytes of the part so far.
    at: u64,
    /// Inside a tag since this offset.
    tag_from: Option<u64>,
    /// The start of the tag being read (up to `TAG_CAPTURE` bytes).
    tag: Vec<u8>,
    /// Text outside tags since this offset.
    text_from: u64,
    /// An open cell (`<c>` or `<si>`) since this offset.
    cell_from: Option<u64>,
    /// An open row since this offset, and its number (`r`, else counted).
    row_from: Option<u64>,
    row: u64,
    /// Shared strings: those held so far, and the table's claim.
    strings: u64,
    claimed: Option<u64>,
    limit: u64,
}

impl PartScan {
    fn new(limit: u64) -> Self {
        PartScan {
            limit,
            ..PartScan::default()
        }
    }

    /// Whether anything open has grown past the limit at offset `at`.
    fn check(&self, at: u64) -> Result<(), Breach> {
        // A row holds its cells: when both are past, the row is named.
        if let Some(from) = self.row_from {
            if at - from > self.limit {
                return Err(Breach::Row(self.row));
            }
        }
        if let Some(from) = self.cell_from {
            if at - from > self.limit {
                let (row, string) = if self.strings > 0 && self.row_from.is_none() {
                    (None, Some(self.strings))
                } else {
                    (Some(self.row), None)
                };
                return Err(Breach::Cell { row, string });
            }
        }
        let run = match self.tag_from {
            Some(from) => at - from,
            None => at - self.text_from,
        };
        if run > self.limit {
            return Err(Breach::Text);
        }
        Ok(())
    }

    /// One whole tag, `<` at `from`, `>` just read.
    fn tag(&mut self, from: u64) -> Result<(), Breach> {
        let t = &self.tag[..];
        let closing = t.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_end = t[name_start..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
            .map_or(t.len(), |k| k + name_start);
        let name = &t[name_start..name_end];
        let local = match name.iter().rposition(|&b| b == b':') {
            Some(k) => &name[k + 1..],
            None => name,
        };
        let empty = t.last() == Some(&b'/');
        match (local, closing) {
            (b"c" | b"si", false) => {
                if local == b"si" {
                    self.strings += 1;
                }
                if !empty {
                    self.cell_from = Some(from);
                }
            }
            (b"c" | b"si", true) => self.cell_from = None,
            (b"row", false) => {
                self.row = attribute(t, b"r").unwrap_or(self.row + 1);
                if !empty {
                    self.row_from = Some(from);
                }
            }
            (b"row", true) => self.row_from = None,
            (b"sst", false) => self.claimed = attribute(t, b"uniqueCount"),
            (b"sst", true) => self.finish()?,
            _ => {}
        }
        Ok(())
    }

    /// The end of a shared-string table: it holds what it claims.
    fn finish(&self) -> Result<(), Breach> {
        match self.claimed {
            Some(claimed) if claimed > self.strings => Err(Breach::Claims {
                claimed,
                held: self.strings,
            }),
            _ => Ok(()),
        }
    }

    /// Read `buf`, the next bytes of the part.
    fn feed(&mut self, buf: &[u8]) -> Result<(), Breach> {
        let mut i = 0;
        while i < buf.len() {
            let at = self.at + i as u64;
            match self.tag_from {
                Some(from) => match memchr::memchr(b'>', &buf[i..]) {
                    Some(k) => {
                        let room = TAG_CAPTURE.saturating_sub(self.tag.len());
                        self.tag.extend_from_slice(&buf[i..i + k.min(room)]);
                        self.check(at + k as u64)?;
                        self.tag(from)?;
                        self.tag.clear();
                        self.tag_from = None;
                        i += k + 1;
                        self.text_from = self.at + i as u64;
                    }
                    None => {
                        let room = TAG_CAPTURE.saturating_sub(self.tag.len());
                        let end = buf.len().min(i + room);
                        self.tag.extend_from_slice(&buf[i..end]);
                        i = buf.len();
                    }
                },
                None => match memchr::memchr(b'<', &buf[i..]) {
                    Some(k) => {
                        self.check(at + k as u64)?;
                        self.tag_from = Some(at + k as u64);
                        i += k + 1;
                    }
                    None => i = buf.len(),
                },
            }
        }
        self.at += buf.len() as u64;
        self.check(self.at)
    }
}

/// The value of attribute `name` in a captured tag, as a number.
fn attribute(tag: &[u8], name: &[u8]) -> Option<u64> {
    let mut rest = tag;
    loop {
        let k = rest.windows(name.len()).position(|w| w == name)?;
        let before = k.checked_sub(1).map(|b| rest[b]);
        let after = &rest[k + name.len()..];
        rest = after;
        if !before.is_some_and(|b| b.is_ascii_whitespace()) {
            continue;
        }
        let Some(value) = after.trim_ascii_start().strip_prefix(b"=") else {
            continue;
        };
        let value = value.trim_ascii_start();
        let quote = *value.first()?;
        let value = value.get(1..)?;
        let end = value.iter().position(|&b| b == quote)?;
        return std::str::from_utf8(&value[..end]).ok()?.trim().parse().ok();
    }
}

impl Write for PartScan {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.feed(buf).map_err(std::io::Error::other)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The error for a part's breach, named by the file and the part.
fn breach(name: &str, part: &str, b: &Breach) -> Diagnostic {
    let limit = MAX_ROW_BYTES >> 20;
    let d = match b {
        Breach::Cell { row: Some(row), .. } => Diagnostic::new(
            name,
            format!("a cell longer than {limit} MiB in row {row} of {part}"),
        )
        .at(Some(*row as usize), None),
        Breach::Cell {
            string: Some(k), ..
        } => Diagnostic::new(
            name,
            format!("shared string {k} ({part}) is longer than {limit} MiB"),
        ),
        Breach::Cell { .. } => {
            Diagnostic::new(name, format!("a cell longer than {limit} MiB in {part}"))
        }
        Breach::Row(row) => {
            Diagnostic::new(name, format!("a row longer than {limit} MiB in {part}"))
                .at(Some(*row as usize), None)
        }
        Breach::Text => Diagnostic::new(
            name,
            format!("{part} holds more than {limit} MiB of text in one piece"),
        ),
        Breach::Claims { claimed, held } => Diagnostic::new(
            name,
            format!(
                "{part} claims {claimed} shared strings but holds {held}; refused (the workbook \
                 is damaged or made to exhaust memory)"
            ),
        ),
    };
    d.help("is this a form export? download the responses again, or save the sheet as CSV UTF-8")
}

/// Inflate every entry of the workbook once, counting and scanning its XML, before calamine
/// reads it: refused when it is not a zip, is encrypted, has too many entries, unpacks to more
/// than the limit, or breaks a limit of [`PartScan`]. The file comes back, rewound, for calamine
/// (one open for both).
fn check_zip(path: &Path, name: &str) -> Result<std::fs::File, Diagnostic> {
    let not_a_workbook = |why: String| {
        Diagnostic::new(name, format!("not a valid .xlsx workbook: {why}"))
            .help("download the responses again (Microsoft Forms: \"Open results in Excel\"), or save the sheet as CSV UTF-8")
    };
    let (file, _) = crate::source::open_file(path, name)?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_XLSX_BYTES {
        return Err(Diagnostic::new(
            name,
            format!(
                "workbook is larger than the limit of {} MiB",
                MAX_XLSX_BYTES >> 20
            ),
        )
        .help("save the responses sheet as CSV UTF-8 and import that"));
    }
    let mut magic = [0u8; 4];
    let got = (&file).read(&mut magic).unwrap_or(0);
    if got < 4 || magic != *b"PK\x03\x04" {
        return Err(Diagnostic::new(
            name,
            "not a valid .xlsx workbook: not a zip file",
        )
        .help(if magic[..got].iter().all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace()) && got > 0 {
            "it looks like text: if it is CSV, name it .csv"
        } else {
            "download the responses again (Microsoft Forms: \"Open results in Excel\"), or save the sheet as CSV UTF-8"
        }));
    }
    let mut file = file;
    std::io::Seek::rewind(&mut file)
        .map_err(|e| Diagnostic::new(name, format!("cannot read: {e}")))?;
    let mut zip =
        zip::ZipArchive::new(BufReader::new(file)).map_err(|e| not_a_workbook(e.to_string()))?;
    if zip.len() > MAX_XLSX_ENTRIES {
        return Err(not_a_workbook(format!("{} entries in the zip", zip.len())));
    }
    let bomb = || {
        Diagnostic::new(
            name,
            format!(
                "workbook unpacks to more than {} MiB; refused (a zip bomb, or not a form export)",
                MAX_XLSX_UNPACKED >> 20
            ),
        )
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| not_a_workbook(e.to_string()))?;
        if entry.size() > MAX_XLSX_UNPACKED - total {
            return Err(bomb());
        }
        let left = MAX_XLSX_UNPACKED - total;
        let part = entry
            .name()
            .map_or_else(|_| format!("entry {}", i + 1), |n| n.into_owned());
        let xml = {
            let lower = part.to_ascii_lowercase();
            lower.ends_with(".xml") || lower.ends_with(".rels")
        };
        let mut scan = PartScan::new(MAX_ROW_BYTES);
        let copied = if xml {
            std::io::copy(&mut (&mut entry).take(left + 1), &mut scan)
        } else {
            std::io::copy(&mut (&mut entry).take(left + 1), &mut std::io::sink())
        };
        let n = match copied {
            Ok(n) => n,
            Err(e) => {
                return Err(match e.get_ref().and_then(|i| i.downcast_ref::<Breach>()) {
                    Some(b) => breach(name, &part, b),
                    None => not_a_workbook(e.to_string()),
                })
            }
        };
        if n > left {
            return Err(bomb());
        }
        total += n;
    }
    let mut file = zip.into_inner().into_inner();
    std::io::Seek::rewind(&mut file)
        .map_err(|e| Diagnostic::new(name, format!("cannot read: {e}")))?;
    Ok(file)
}

/// The length in bytes of a cell's text as [`cell_text`] writes it, without writing it (a bound
/// for numbers and dates, exact for text).
fn cell_len(value: &calamine::DataRef) -> usize {
    use calamine::DataRef;
    match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len(),
        DataRef::SharedString(s) => s.len(),
        _ => 64,
    }
}

/// A cell's value as the text a person would see.
fn cell_text(value: &calamine::DataRef) -> String {
    use calamine::DataRef;
    match value {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(d) => {
            let (y, mo, da, h, mi, s, _) = d.to_ymd_hms_milli();
            format!("{y:04}-{mo:02}-{da:02} {h:02}:{mi:02}:{s:02}")
        }
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
    }
}

/// One row being gathered: its number, its cells, and the bytes of their text.
struct Gathered {
    row: u32,
    cells: Vec<String>,
    bytes: usize,
}

/// Read the first sheet of the workbook at `path`, handing the header and rows to `v`.
pub fn read_xlsx(path: &Path, name: &str, v: &mut dyn Visit) -> Result<(), Diagnostic> {
    use calamine::Reader;
    let file = check_zip(path, name)?;
    let bad = |e: calamine::XlsxError| {
        Diagnostic::new(name, format!("not a valid .xlsx workbook: {e}"))
            .help("download the responses again, or save the sheet as CSV UTF-8")
    };
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(BufReader::new(file)).map_err(bad)?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(Diagnostic::new(name, "the workbook has no sheet"));
    };
    let origin = format!("{name} (sheet \"{sheet}\")");
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(bad)?;
    let mut header_seen = false;
    let mut current: Option<Gathered> = None;
    let mut flush = |row: Option<Gathered>, header_seen: &mut bool| -> Result<(), Diagnostic> {
        let Some(Gathered { row: r, cells, .. }) = row else {
            return Ok(());
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        let line = u64::from(r) + 1;
        if !*header_seen {
            *header_seen = true;
            v.header(cells, line)
        } else {
            v.row(&Row {
                line,
                cells: Record::from_fields(line, cells),
            })
        }
    };
    while let Some(cell) = cells.next_cell().map_err(bad)? {
        let (r, c) = cell.get_position();
        let c = c as usize;
        if c >= MAX_COLUMNS {
            return Err(Diagnostic::new(
                &origin,
                format!(
                    "a cell in column {}; a form export has at most {MAX_COLUMNS} columns",
                    c + 1
                ),
            )
            .at(Some(r as usize + 1), None));
        }
        match &mut current {
            Some(g) if g.row == r => {}
            Some(g) if g.row > r => {
                return Err(
                    Diagnostic::new(&origin, "rows out of order; not a form export")
                        .at(Some(r as usize + 1), None),
                )
            }
            _ => {
                let done = current.take();
                flush(done, &mut header_seen)?;
                current = Some(Gathered {
                    row: r,
                    cells: Vec::new(),
                    bytes: 0,
                });
            }
        }
        if let Some(g) = &mut current {
            // The text a row stands for, shared strings filled in, before it is copied.
            g.bytes += cell_len(cell.get_value());
            if g.bytes as u64 > MAX_ROW_BYTES {
                return Err(Diagnostic::new(
                    &origin,
                    format!(
                        "a row longer than {} MiB once its shared strings are filled in; is this \
                         a form export?",
                        MAX_ROW_BYTES >> 20
                    ),
                )
                .at(Some(r as usize + 1), None));
            }
            if g.cells.len() <= c {
                g.cells.resize(c + 1, String::new());
            }
            g.cells[c] = cell_text(cell.get_value());
        }
    }
    flush(current.take(), &mut header_seen)?;
    if !header_seen {
        return Err(Diagnostic::new(origin, "the sheet is empty"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scan `xml` in pieces of `chunk` bytes with the given limit.
    fn scan(xml: &str, chunk: usize, limit: u64) -> Result<PartScan, Breach> {
        let mut s = PartScan::new(limit);
        for piece in xml.as_bytes().chunks(chunk.max(1)) {
            s.feed(piece)?;
        }
        Ok(s)
    }

    #[test]
    fn a_table_that_claims_more_strings_than_it_holds_is_refused() {
        let xml = r#"<?xml version="1.0"?><sst xmlns="x" count="4000000000" uniqueCount="4000000000"><si><t>a</t></si><si/></sst>"#;
        for chunk in [1, 3, 7, 4096] {
            assert_eq!(
                scan(xml, chunk, 1 << 20).err(),
                Some(Breach::Claims {
                    claimed: 4_000_000_000,
                    held: 2
                })
            );
        }
        let honest =
            r#"<sst uniqueCount="2" count="9"><si><t>a</t></si><x:si><t>b</t></x:si></sst>"#;
        assert_eq!(scan(honest, 5, 1 << 20).unwrap().strings, 2);
    }

    #[test]
    fn a_cell_row_or_text_past_the_limit_is_refused_wherever_the_pieces_fall() {
        let cell = format!(
            r#"<sheetData><row r="7"><c r="A7" t="inlineStr"><is><t>{}</t></is></c></row></sheetData>"#,
            "x".repeat(100)
        );
        for chunk in [1, 2, 10, 1000] {
            // The row holding the cell reaches the limit first.
            assert_eq!(
                scan(&cell, chunk, 64).err(),
                Some(Breach::Row(7)),
                "{chunk}"
            );
            assert!(scan(&cell, chunk, 200).is_ok());
        }
        let alone = format!(r#"<c r="B2"><v>{}</v></c>"#, "9".repeat(100));
        assert_eq!(
            scan(&alone, 6, 64).err(),
            Some(Breach::Cell {
                row: Some(0),
                string: None
            })
        );
        // Split into runs, each under the limit: the cell is counted whole.
        let runs = format!(
            "<sst><si>{}</si></sst>",
            "<r><t>xxxxxxxxxx</t></r>".repeat(10)
        );
        assert_eq!(
            scan(&runs, 9, 64).err(),
            Some(Breach::Cell {
                row: None,
                string: Some(1)
            })
        );
        // Many small cells: a row.
        let row = format!(
            r#"<row r="3">{}</row>"#,
            r#"<c r="A3"><v>1</v></c>"#.repeat(10)
        );
        assert_eq!(scan(&row, 4, 64).err(), Some(Breach::Row(3)));
        // Text, or a comment, outside any cell.
        assert_eq!(
            scan(&format!("<a>{}</a>", "y".repeat(100)), 8, 64).err(),
            Some(Breach::Text)
        );
        assert_eq!(
            scan(&format!("<!-- {} -->", "y".repeat(100)), 8, 64).err(),
            Some(Breach::Text)
        );
    }

    #[test]
    fn names_that_only_start_like_a_cell_are_not_cells() {
        let xml = format!(
            "<cols><col min=\"1\"/></cols><sheetData/><cfRule>{}</cfRule>",
            "z".repeat(50)
        );
        assert!(scan(&xml, 3, 64).is_ok());
    }

    #[test]
    fn attributes_are_read_by_their_whole_name() {
        assert_eq!(
            attribute(br#"sst count="9" uniqueCount="3""#, b"uniqueCount"),
            Some(3)
        );
        assert_eq!(attribute(br#"row spans="1:3" r="12""#, b"r"), Some(12));
        assert_eq!(attribute(br#"row xr="5" r = '6'"#, b"r"), Some(6));
        assert_eq!(attribute(br#"sst count="9""#, b"uniqueCount"), None);
    }
}
