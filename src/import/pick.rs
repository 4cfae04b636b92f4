//! Reading a few columns of a long CSV export fast: `evidence crm` needs two cells of a CRM
//! export's thirteen or more, for a million contacts. Every record is still split exactly as
//! [`Records`] splits it (the same RFC 4180 rules and the same leniency: a quote inside an
//! unquoted cell is a character, text after a closing quote belongs to the cell), but only the
//! wanted cells are copied out; the others are passed over without copying, and the searches
//! for their ends look at eight bytes at a time.
//!
//! Every byte is still checked: the text is checked as UTF-8 and for NUL bytes a buffer at a
//! time (up to its last line break, so no character is cut by the check), and every record's
//! field count against the header's. Anything out of the ordinary is handed to the exact reader
//! ([`Records`] and the checks of `read`), which reads it and reports it exactly as it would
//! have reported it on its own: a record whose cells cannot be counted fast (a different number
//! of cells than the header, a record that may be blank), a buffer that fails the check (the
//! exact reader names the row and cell), the last record of the file, and a record longer than
//! [`MAX_BUFFER`].

use super::read::{accept, read_error, Part, Row, Visit, MAX_ROW_BYTES};
use super::records::{Record, Records};
use crate::diagnostic::Diagnostic;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The buffer the text is read into: larger than the file reader's own (256 KiB), so that reads
/// go straight into it rather than through that buffer and a second copy.
pub const BUFFER: usize = 1 << 20;
/// How large the buffer may grow to hold one record; a longer record is read by the exact reader.
pub const MAX_BUFFER: usize = 4 << 20;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of the first byte of `w` equal to the byte repeated in `pattern` is the lowest
/// bit set (later bytes may show false matches, never earlier ones).
#[inline(always)]
fn zero_bytes(w: u64, pattern: u64) -> u64 {
    let x = w ^ pattern;
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The first quote or LF in `hay`.
#[inline]
fn find_quote(hay: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i + 8 <= hay.len() {
        let w = u64::from_le_bytes(hay[i..i + 8].try_into().unwrap_or_default());
        let t = zero_bytes(w, ONES * u64::from(b'"')) | zero_bytes(w, ONES * u64::from(b'\n'));
        if t != 0 {
            return Some(i + (t.trailing_zeros() / 8) as usize);
        }
        i += 8;
        if i >= 64 {
            // A long cell: the vectorised search.
            return memchr::memchr2(b'"', b'\n', &hay[i..]).map(|j| i + j);
        }
    }
    hay[i..]
        .iter()
        .position(|&b| b == b'"' || b == b'\n')
        .map(|j| i + j)
}

/// The first `d`, LF or CR in `hay`.
#[inline]
fn find_end(d: u8, hay: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i + 8 <= hay.len() {
        let w = u64::from_le_bytes(hay[i..i + 8].try_into().unwrap_or_default());
        let t = zero_bytes(w, ONES * u64::from(d))
            | zero_bytes(w, ONES * u64::from(b'\n'))
            | zero_bytes(w, ONES * u64::from(b'\r'));
        if t != 0 {
            return Some(i + (t.trailing_zeros() / 8) as usize);
        }
        i += 8;
        if i >= 64 {
            return memchr::memchr3(d, b'\n', b'\r', &hay[i..]).map(|j| i + j);
        }
    }
    hay[i..]
        .iter()
        .position(|&b| b == d || b == b'\n' || b == b'\r')
        .map(|j| i + j)
}

/// How the record at the start of a buffer reads.
#[derive(Debug, PartialEq, Eq)]
enum Scanned {
    /// Its length (line break included) and the line breaks inside its quoted cells.
    Whole { len: usize, inner_lines: u64 },
    /// It runs past the end of the buffer (or ends in a CR an LF may follow).
    Short,
}

/// Split the record at the start of `buf` into `r`: every field's end, the bytes of the
/// `wanted` ones only (the others are empty). The rules of `Records::whole_in_buffer`.
fn scan(buf: &[u8], d: u8, wanted: &[bool], r: &mut Record) -> Scanned {
    r.clear();
    let mut i = 0;
    let mut lines = 0u64;
    'field: loop {
        let keep = wanted.get(r.ends.len()).copied().unwrap_or(false);
        if buf.get(i) == Some(&b'"') {
            i += 1;
            loop {
                let Some(j) = find_quote(&buf[i..]) else {
                    return Scanned::Short;
                };
                if buf[i + j] == b'\n' {
                    lines += 1;
                    if keep {
                        r.data.extend_from_slice(&buf[i..=i + j]);
                    }
                    i += j + 1;
                    continue;
                }
                if keep {
                    r.data.extend_from_slice(&buf[i..i + j]);
                }
                i += j + 1;
                match buf.get(i) {
                    Some(b'"') => {
                        if keep {
                            r.data.push(b'"');
                        }
                        i += 1;
                    }
                    Some(&b) if b == d => {
                        i += 1;
                        r.ends.push(r.data.len());
                        continue 'field;
                    }
                    None => return Scanned::Short,
                    // The line's end, or text after the closing quote (part of the field).
                    Some(_) => break,
                }
            }
        }
        let Some(j) = find_end(d, &buf[i..]) else {
            return Scanned::Short;
        };
        if keep {
            r.data.extend_from_slice(&buf[i..i + j]);
        }
        i += j;
        r.ends.push(r.data.len());
        if buf[i] == d {
            i += 1;
            continue;
        }
        let len = match (buf[i], buf.get(i + 1)) {
            (b'\n', _) => i + 1,
            (_, Some(b'\n')) => i + 2,
            (_, Some(_)) => i + 1,
            (_, None) => return Scanned::Short,
        };
        return Scanned::Whole {
            len,
            inner_lines: lines,
        };
    }
}

/// Whether a record whose wanted cells are blank may be blank as a whole: none of its bytes is
/// anything but a separator, a quote or ASCII white space (a byte of any other kind is in a cell).
fn may_be_blank(bytes: &[u8], d: u8) -> bool {
    bytes
        .iter()
        .all(|&b| b == d || b == b'"' || b.is_ascii_whitespace())
}

/// Where reading stands: the line and record count of the next record.
#[derive(Debug, Clone, Copy)]
struct At {
    line: u64,
    rows: u64,
}

/// Reading a long export's rows in two halves at once: the file, its size, where its rows start.
#[derive(Debug, Clone)]
pub struct Split {
    path: PathBuf,
    size: u64,
    /// Where the rows start: after the byte-order mark and the header.
    base: u64,
    /// The fewest bytes of rows worth a second thread.
    min: u64,
    /// Where the second half starts, when told (tests); else a line break near the middle.
    at: Option<u64>,
}

/// Rows of fewer bytes are read on one thread.
pub const SPLIT_MIN: u64 = 8 << 20;

impl Split {
    pub fn new(path: &Path, size: u64) -> Split {
        Split {
            path: path.to_path_buf(),
            size,
            base: 0,
            min: SPLIT_MIN,
            at: None,
        }
    }

    /// The rows start `n` bytes further on.
    pub fn after(mut self, n: u64) -> Split {
        self.base += n;
        self
    }

    /// The second half's start guessed, however short the file (tests).
    #[cfg(test)]
    pub fn guessed(path: &Path, size: u64) -> Split {
        Split {
            min: 0,
            ..Split::new(path, size)
        }
    }

    /// The second half taken to start at byte `at` of the file, however short (tests).
    #[cfg(test)]
    pub fn at(path: &Path, size: u64, at: u64) -> Split {
        Split {
            min: 0,
            at: Some(at),
            ..Split::new(path, size)
        }
    }
}

/// Read the rows after the header (`fields` cells), handing `v` rows that hold the `columns`
/// it asked for (the other cells empty). `records` stands after the header.
///
/// With `split` (a file of more than [`SPLIT_MIN`] bytes of rows) and a visitor that can be
/// forked, the second half is read at once on another thread, from the start of a line near
/// its middle that splits into the header's number of cells. That line is only a guess (a line
/// break may be inside a quoted cell): this thread reads the first half up to it, and joins the
/// second half's count only when a record of its own ended exactly there, so that the second
/// half was read from a record's start; and only when the second half read without an error.
/// Otherwise this thread reads on alone, and every row is read, and every error reported,
/// exactly as on one thread.
pub fn read<R: BufRead>(
    records: Records<R>,
    fields: usize,
    columns: &[usize],
    name: &str,
    v: &mut dyn Visit,
    capacity: usize,
    split: Option<Split>,
) -> Result<(), Diagnostic> {
    let d = records.delimiter();
    let (mut inner, line, rows) = records.into_parts();
    let mut first = Rows::new(d, fields, columns, name, capacity, At { line, rows });
    let halves = split
        .filter(|s| s.size.saturating_sub(s.base) >= s.min.max(1))
        .and_then(|s| {
            // The visitor first: the guess reads the file.
            let part = v.fork()?;
            let at = s.at.or_else(|| guess(&s, d, fields))?;
            (at > s.base && at < s.size).then_some(())?;
            Some((part, at - s.base, s, at))
        });
    let Some((mut part, stop, s, at)) = halves else {
        return first.run(&mut inner, v, None, None).map(|_| ());
    };
    let cancel = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let second = scope.spawn(|| -> Option<Box<dyn Part>> {
            let mut file = std::fs::File::open(&s.path).ok()?;
            file.seek(SeekFrom::Start(at)).ok()?;
            let mut rows = Rows::new(d, fields, columns, name, capacity, At { line: 1, rows: 0 });
            rows.run(&mut file, &mut *part, None, Some(&cancel)).ok()?;
            Some(part)
        });
        let stopped = first.run(&mut inner, v, Some(stop), None);
        if !matches!(stopped, Ok(true)) {
            cancel.store(true, Ordering::Relaxed);
            let _ = second.join();
            return stopped.map(|_| ());
        }
        let joined = match second.join() {
            Ok(Some(part)) => v.join(part),
            _ => false,
        };
        if joined {
            #[cfg(test)]
            JOINS.with(|j| j.set(j.get() + 1));
            return Ok(());
        }
        first.run(&mut inner, v, None, None).map(|_| ())
    })
}

#[cfg(test)]
thread_local! {
    /// How many times this thread joined two halves (tests: that the fast path was taken).
    pub static JOINS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Where the second half may start: the start of a line, after the middle of the rows, that
/// splits into `fields` cells.
fn guess(s: &Split, d: u8, fields: usize) -> Option<u64> {
    let mid = s.base + (s.size - s.base) / 2;
    let mut file = std::fs::File::open(&s.path).ok()?;
    file.seek(SeekFrom::Start(mid)).ok()?;
    let mut window = Vec::new();
    file.take(256 * 1024).read_to_end(&mut window).ok()?;
    let mut r = Record::default();
    let mut from = 0;
    for _ in 0..64 {
        let next = from + memchr::memchr(b'\n', &window[from..])? + 1;
        if matches!(scan(&window[next..], d, &[], &mut r), Scanned::Whole { .. })
            && r.len() == fields
        {
            return Some(mid + next as u64);
        }
        from = next;
    }
    None
}

/// Reading rows: the buffer and where reading stands.
struct Rows<'c> {
    d: u8,
    fields: usize,
    columns: &'c [usize],
    wanted: Vec<bool>,
    name: &'c str,
    buf: Vec<u8>,
    /// The next record's first byte; the end of the text read; the end of the text checked.
    start: usize,
    filled: usize,
    checked: usize,
    eof: bool,
    at: At,
    row: Row,
    /// Bytes read from the input.
    read: u64,
}

impl<'c> Rows<'c> {
    fn new(
        d: u8,
        fields: usize,
        columns: &'c [usize],
        name: &'c str,
        capacity: usize,
        at: At,
    ) -> Rows<'c> {
        let mut wanted = vec![false; fields];
        for &c in columns {
            if let Some(w) = wanted.get_mut(c) {
                *w = true;
            }
        }
        Rows {
            d,
            fields,
            columns,
            wanted,
            name,
            buf: vec![0u8; capacity.max(16)],
            start: 0,
            filled: 0,
            checked: 0,
            eof: false,
            at,
            row: Row {
                line: 0,
                cells: Record::default(),
            },
            read: 0,
        }
    }

    /// Read the rows of `inner` to its end (false), or up to its byte `stop` when a record ends
    /// there (true; else on to the end). `cancel`: stop with an error once it is set.
    fn run<R: Read>(
        &mut self,
        inner: &mut R,
        v: &mut dyn Visit,
        mut stop: Option<u64>,
        cancel: Option<&AtomicBool>,
    ) -> Result<bool, Diagnostic> {
        let (d, fields, name) = (self.d, self.fields, self.name);
        loop {
            // Check the new text up to its last line break (all of it at the end of the input).
            let region = if self.eof {
                self.filled
            } else {
                memchr::memrchr2(b'\n', b'\r', &self.buf[self.checked..self.filled])
                    .map_or(self.checked, |p| self.checked + p + 1)
            };
            let part = &self.buf[self.checked..region];
            if memchr::memchr(0, part).is_some() || simdutf8::basic::from_utf8(part).is_err() {
                // The exact reader names the row and the cell.
                let pending = &self.buf[self.start..self.filled];
                return exact(pending, &mut *inner, d, &self.at, fields, name, v).map(|()| false);
            }
            self.checked = region;
            self.records(v)?;
            if self.eof {
                // The last record, without a line break: the exact reader.
                let pending = &self.buf[self.start..self.filled];
                return exact(pending, &mut *inner, d, &self.at, fields, name, v).map(|()| false);
            }
            // Keep what is left (a record begun) and read on.
            let (start, filled) = (self.start, self.filled);
            self.buf.copy_within(start..filled, 0);
            (self.filled, self.checked, self.start) = (filled - start, self.checked - start, 0);
            if stop == Some(self.read) {
                if self.filled == 0 {
                    return Ok(true);
                }
                // The line the second half starts on is inside a record: read on alone.
                stop = None;
            }
            if self.filled == self.buf.len() {
                if self.buf.len() >= MAX_BUFFER {
                    let pending = &self.buf[..self.filled];
                    return exact(pending, &mut *inner, d, &self.at, fields, name, v)
                        .map(|()| false);
                }
                self.buf.resize(self.buf.len() * 2, 0);
            }
            if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                return Err(Diagnostic::new(name, "reading stopped"));
            }
            let room = self.buf.len() - self.filled;
            let room = stop.map_or(room, |s| room.min((s - self.read) as usize));
            let filled = self.filled;
            let n = loop {
                match inner.read(&mut self.buf[filled..filled + room]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(read_error(name, &e, self.at.line)),
                }
            };
            self.filled += n;
            self.read += n as u64;
            self.eof = n == 0;
        }
    }

    /// Hand `v` the whole records of the checked text.
    fn records(&mut self, v: &mut dyn Visit) -> Result<(), Diagnostic> {
        let (d, fields, name) = (self.d, self.fields, self.name);
        while self.start < self.checked {
            let rest = &self.buf[self.start..self.checked];
            // Empty lines, as `Records` passes over them: a line and a record each.
            match rest[0] {
                b'\n' => {
                    self.start += 1;
                    self.at.line += 1;
                    self.at.rows += 1;
                    continue;
                }
                b'\r' if self.start + 1 < self.filled => {
                    self.start += 1 + usize::from(self.buf[self.start + 1] == b'\n');
                    self.at.line += 1;
                    self.at.rows += 1;
                    continue;
                }
                b'\r' if !self.eof => break,
                _ => {}
            }
            let row = &mut self.row;
            let Scanned::Whole { len, inner_lines } = scan(rest, d, &self.wanted, &mut row.cells)
            else {
                break;
            };
            let ordinary = row.cells.len() == fields
                && !(self
                    .columns
                    .iter()
                    .all(|&c| row.cells.field(c).trim_ascii().is_empty())
                    && may_be_blank(&rest[..len], d));
            if ordinary {
                self.at.rows += 1;
                row.line = self.at.line;
                row.cells.line = self.at.line;
                row.cells.row = self.at.rows;
                self.at.line += 1 + inner_lines;
                v.row(row)?;
            } else {
                self.at = one_record(&rest[..len], d, self.at, fields, name, v)?;
            }
            self.start += len;
        }
        Ok(())
    }
}

/// One record (`text`, whole), read by the exact reader, which says what is wrong with it; where
/// reading stands after it.
fn one_record(
    text: &[u8],
    d: u8,
    at: At,
    fields: usize,
    name: &str,
    v: &mut dyn Visit,
) -> Result<At, Diagnostic> {
    let mut one = Records::resume(text, d, usize::MAX, at.line, at.rows);
    let mut rec = Record::default();
    let read = one
        .next_into(&mut rec)
        .map_err(|e| read_error(name, &e, rec.line))?;
    if read && accept(&rec, Some(fields), d, name)? {
        v.row(&Row {
            line: rec.line,
            cells: rec,
        })?;
    }
    let (_, line, rows) = one.into_parts();
    Ok(At { line, rows })
}

/// The rest of the input (`pending`, then `inner`), read by the exact reader.
fn exact<R: Read>(
    pending: &[u8],
    inner: R,
    d: u8,
    at: &At,
    fields: usize,
    name: &str,
    v: &mut dyn Visit,
) -> Result<(), Diagnostic> {
    let rest = BufReader::with_capacity(64 * 1024, pending.chain(inner));
    let mut records = Records::resume(rest, d, MAX_ROW_BYTES as usize, at.line, at.rows);
    let mut rec = Record::default();
    while records
        .next_into(&mut rec)
        .map_err(|e| read_error(name, &e, rec.line))?
    {
        if accept(&rec, Some(fields), d, name)? {
            let row = Row {
                line: rec.line,
                cells: std::mem::take(&mut rec),
            };
            v.row(&row)?;
            rec = row.cells;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_searches_find_the_first_match_at_every_place() {
        for len in 0..80 {
            for at in 0..=len {
                let mut hay = vec![b'x'; len];
                if at < len {
                    hay[at] = b'"';
                }
                // A second match later never hides the first.
                if at + 3 < len {
                    hay[at + 3] = b'\n';
                }
                let want = (at < len).then_some(at);
                assert_eq!(find_quote(&hay), want, "len {len} at {at}");
                let mut hay = vec![b'x'; len];
                if at < len {
                    hay[at] = b'\r';
                }
                assert_eq!(find_end(b';', &hay), want, "len {len} at {at}");
            }
        }
        // Bytes one above or below a searched one, and high bytes, are not matches.
        assert_eq!(find_quote(b"!#\x80\xff\x21\x23\x09\x0b\"x"), Some(8));
        assert_eq!(find_end(b',', b"+-\x80\xff\x0c\x0e\x09\x0b\n"), Some(8));
    }

    /// What the exact reader gives for the first record of `text`: its fields and length.
    fn exact_first(text: &[u8]) -> Option<(Vec<Vec<u8>>, u64)> {
        let mut records = Records::new(text, b',', usize::MAX);
        let mut r = Record::default();
        records.next_into(&mut r).ok()?.then_some(())?;
        let (_, line, _) = records.into_parts();
        Some((r.fields().map(<[u8]>::to_vec).collect(), line))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        /// A record split fast has the exact reader's fields (the wanted ones' bytes, every
        /// one's end) and line breaks, whatever the text.
        #[test]
        fn a_record_scanned_fast_is_the_record_the_exact_reader_reads(
            // Not a record that starts with a line break: the caller passes over those.
            text in "([a-c]|,|\"|\"\"| |é)([a-c]|,|\"|\"\"|\n|\r|\r\n| |é){0,59}",
            wanted in prop::collection::vec(any::<bool>(), 0..8),
        ) {
            let text = text.as_bytes();
            let mut r = Record::default();
            match scan(text, b',', &wanted, &mut r) {
                Scanned::Whole { len, inner_lines } => {
                    let (fields, line) = exact_first(&text[..len]).unwrap();
                    prop_assert_eq!(r.len(), fields.len());
                    for (k, f) in fields.iter().enumerate() {
                        let want = if wanted.get(k).copied().unwrap_or(false) { f.clone() } else { Vec::new() };
                        prop_assert_eq!(r.field(k), want.as_slice());
                    }
                    prop_assert_eq!(line, 2 + inner_lines);
                    // The same record when the text goes on.
                    let (longer, _) = exact_first(text).unwrap();
                    prop_assert_eq!(longer, fields);
                }
                Scanned::Short => {
                    // Only a record the text does not hold whole is short: the exact reader
                    // reads it to the end of the text (or finds a quoted field never closed).
                    let mut records = Records::new(text, b',', usize::MAX);
                    let mut r = Record::default();
                    let whole = records.next_into(&mut r).is_ok();
                    let (rest, _, _) = records.into_parts();
                    prop_assert!(!whole || rest.is_empty() || text.ends_with(b"\r"));
                }
            }
        }
    }
}
