//! Reading a form export row by row, without holding it in memory: CSV (UTF-8 with or without a
//! byte-order mark, UTF-16 with one, separated by commas, semicolons or tabs) and Excel workbooks
//! (`.xlsx`, in [`workbook`](super::workbook)).
//!
//! Hostile files are refused before they cost much: a CSV row longer than `MAX_ROW_BYTES`, more
//! than `MAX_COLUMNS` columns; a workbook's own limits are in `workbook`.

use super::records::{Record, Records, TooLong, Unclosed};
use crate::diagnostic::Diagnostic;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Longest CSV row (a record, quoted line breaks included).
pub const MAX_ROW_BYTES: u64 = 16 << 20;
/// Most columns an export may have.
pub const MAX_COLUMNS: usize = 5_000;

/// The kinds of export read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Xlsx,
}

impl Kind {
    /// The kind a file name says: `.csv` (also `.tsv`), `.xlsx`.
    pub fn of(path: &Path) -> Option<Kind> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" | "tsv" => Some(Kind::Csv),
            "xlsx" => Some(Kind::Xlsx),
            _ => None,
        }
    }

    /// The same, and `.txt` as CSV (Excel's "Unicode text"): for `import`, which reads nothing
    /// but exports (`score` reads `.txt` as nothing at all: it may be anything).
    pub fn for_import(path: &Path) -> Option<Kind> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "txt" => Some(Kind::Csv),
            _ => Kind::of(path),
        }
    }
}

/// One data row: its line in the file (a sheet's row number) and its cells (one buffer for the
/// whole row, decoded cell by cell when used).
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub cells: Record,
}

impl Row {
    /// Cell `k`'s bytes (empty past the end of a short row).
    pub fn bytes(&self, k: usize) -> &[u8] {
        self.cells.field(k)
    }

    /// Cell `k` as text, or an error naming the file and line when it is not UTF-8.
    pub fn text(&self, name: &str, k: usize) -> Result<&str, Diagnostic> {
        std::str::from_utf8(self.bytes(k)).map_err(|_| not_utf8(name, self.line))
    }
}

/// The error for a file named as no export this tool reads, saying what to do with it.
pub fn not_an_export(path: &Path) -> Diagnostic {
    crate::source::spreadsheet_hint(path).unwrap_or_else(|| {
        Diagnostic::new(
            path.display().to_string(),
            "unknown file extension; expected a form export (.csv, .tsv, .txt or .xlsx)",
        )
        .help(
            "Google Forms: \"Download responses (.csv)\"; Microsoft Forms: \"Open results in Excel\"",
        )
    })
}

/// The error for text in another encoding.
pub fn not_utf8(name: &str, line: u64) -> Diagnostic {
    Diagnostic::new(
        name,
        "the file is not UTF-8 text (another encoding, such as Windows-1252)",
    )
    .at(Some(line as usize), None)
    .help("export it again as \"CSV UTF-8\" (Excel: File › Save As › CSV UTF-8)")
}

/// What reading an export hands on: the header once, then every row.
pub trait Visit {
    fn header(&mut self, headers: Vec<String>, line: u64) -> Result<(), Diagnostic>;
    fn row(&mut self, row: &Row) -> Result<(), Diagnostic>;
    /// The only columns `row` reads (asked once the header is read): a CSV export is then read
    /// by [`pick`](super::pick), which hands on rows holding those cells' bytes and no others'
    /// (every row still checked whole). `None`, the default: every cell.
    fn columns(&self) -> Option<Vec<usize>> {
        None
    }
    /// A visitor for a later stretch of the same rows, to count it apart on another thread and
    /// [`join`](Visit::join) it after this one's rows: a long export is then read in two halves
    /// at once. `None` (the default): the rows are read in order, on one thread.
    fn fork(&self) -> Option<Box<dyn Part>> {
        None
    }
    /// Take in what `part` (made by [`fork`](Visit::fork)) counted, as if its rows had come
    /// after this one's. False, with nothing changed, when that cannot be done: the rows are
    /// then read again here, in order.
    fn join(&mut self, part: Box<dyn Part>) -> bool {
        let _ = part;
        false
    }
}

/// A visitor made by [`Visit::fork`], sent to another thread and back.
pub trait Part: Visit + Send {
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any>;
}

/// Read the export at `path` (named `name` in messages), handing the header and rows to `v`.
pub fn read(path: &Path, name: &str, v: &mut dyn Visit) -> Result<(), Diagnostic> {
    match Kind::for_import(path) {
        Some(Kind::Xlsx) => super::workbook::read_xlsx(path, name, v),
        _ => {
            let (file, pipe) = crate::source::open_file(path, name)?;
            let mut file = BufReader::with_capacity(256 * 1024, file);
            let empty = file
                .fill_buf()
                .map_err(|e| Diagnostic::new(name, format!("cannot read: {e}")))?
                .is_empty();
            if empty && pipe {
                // An export is read from a file only (no `-`): the pipe's help is not for it.
                return Err(
                    Diagnostic::new(name, "is a named pipe and nothing is writing to it").help(
                        "name the export file itself (an export is not read from standard input)",
                    ),
                );
            }
            // A file (not a pipe) may be read in two halves at once.
            let split = (!pipe)
                .then(|| file.get_ref().metadata().ok())
                .flatten()
                .map(|m| super::pick::Split::new(path, m.len()));
            read_csv_split(file, name, v, super::pick::BUFFER, split)
        }
    }
}

// ---- CSV ----

/// UTF-16 that cannot be decoded: said, never replaced by U+FFFD.
#[derive(Debug)]
pub struct BadUtf16 {
    pub why: &'static str,
}

impl std::fmt::Display for BadUtf16 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.why)
    }
}

impl std::error::Error for BadUtf16 {}

/// UTF-16 (with its byte-order mark) decoded to UTF-8 as it is read.
struct Utf16<R: Read> {
    inner: R,
    big_endian: bool,
    pending: Vec<u8>,
    out: Vec<u8>,
    at: usize,
    /// A high surrogate waiting for its pair.
    high: Option<u16>,
    done: bool,
}

impl<R: Read> Utf16<R> {
    fn new(inner: R, big_endian: bool) -> Self {
        Utf16 {
            inner,
            big_endian,
            pending: Vec::new(),
            out: Vec::new(),
            at: 0,
            high: None,
            done: false,
        }
    }

    fn refill(&mut self) -> std::io::Result<()> {
        let mut buf = [0u8; 16 * 1024];
        while self.at >= self.out.len() && !self.done {
            self.out.clear();
            self.at = 0;
            let n = self.inner.read(&mut buf)?;
            if n == 0 {
                self.done = true;
                if !self.pending.is_empty() || self.high.is_some() {
                    return Err(std::io::Error::other(BadUtf16 {
                        why: "the file ends in the middle of a character (an odd number of \
                              bytes): it was cut short",
                    }));
                }
                break;
            }
            self.pending.extend_from_slice(&buf[..n]);
            let units = self.pending.len() / 2;
            for k in 0..units {
                let pair = [self.pending[2 * k], self.pending[2 * k + 1]];
                let u = if self.big_endian {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                };
                let c = match (self.high.take(), u) {
                    (None, 0xD800..=0xDBFF) => {
                        self.high = Some(u);
                        continue;
                    }
                    (Some(h), 0xDC00..=0xDFFF) => char::from_u32(
                        0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(u) - 0xDC00),
                    ),
                    (Some(_), _) => None,
                    (None, u) => char::from_u32(u32::from(u)),
                };
                let Some(c) = c else {
                    return Err(std::io::Error::other(BadUtf16 {
                        why: "it holds a broken UTF-16 character (an unpaired surrogate)",
                    }));
                };
                let mut b = [0u8; 4];
                self.out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
            self.pending.drain(..units * 2);
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf16<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.refill()?;
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The separators a CSV export may use, in the order a tie is decided.
const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];

/// How a separator is named in messages.
pub fn separator_name(sep: u8) -> &'static str {
    match sep {
        b',' => "commas (,)",
        b';' => "semicolons (;)",
        b'\t' => "tabs",
        _ => "an unknown separator",
    }
}

/// How often `sep` stands outside quotes on the first line (the last tie-break: a file that is
/// only a header).
fn outside_quotes(first: &[u8], sep: u8) -> usize {
    let mut n = 0;
    let mut quoted = false;
    for &b in first {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b if b == sep && !quoted => n += 1,
            _ => {}
        }
    }
    n
}

/// Most records of the file's start the separator is chosen on.
const SNIFF_RECORDS: usize = 50;

/// The separator of a CSV file, from its start (`first`, the whole file when `complete`): of
/// `,`, `;` and tab, the one that splits the header into more than one field and every record
/// read after it into as many fields as the header, the most fields winning; when none is
/// consistent, the one with the most records that agree with their header. A comma when nothing
/// is told (a one-column file). The header alone is not enough: a header may hold more `;` than
/// `,` in its question texts while every row is separated by commas.
fn sniff_delimiter(first: &[u8], complete: bool) -> u8 {
    // (all agree, records that agree, header fields), best first.
    let mut best: Option<((bool, usize, usize, usize), u8)> = None;
    for sep in SEPARATORS {
        let mut records = Records::new(first, sep, usize::MAX);
        let mut r = Record::default();
        let mut counts = Vec::new();
        while counts.len() <= SNIFF_RECORDS {
            match records.next_into(&mut r) {
                Ok(true) => {
                    if !r.fields().all(|f| f.trim_ascii().is_empty()) {
                        counts.push(r.len());
                    }
                }
                // The end, or a quoted field cut by the end of the buffer.
                _ => break,
            }
        }
        // A record cut by the end of what was read does not count.
        if !complete && counts.len() > 1 && counts.len() <= SNIFF_RECORDS {
            counts.pop();
        }
        let Some(&header) = counts.first() else {
            continue;
        };
        if header < 2 {
            continue;
        }
        let agree = counts[1..].iter().filter(|&&n| n == header).count();
        let key = (
            agree == counts.len() - 1,
            agree,
            header,
            outside_quotes(first, sep),
        );
        if best.is_none_or(|(k, _)| key > k) {
            best = Some((key, sep));
        }
    }
    best.map_or(b',', |(_, sep)| sep)
}

/// Read CSV text (any encoding the export may have) from `file`, named `name` in messages.
pub fn read_csv<R: BufRead + Send>(
    raw: R,
    name: &str,
    v: &mut dyn Visit,
) -> Result<(), Diagnostic> {
    read_csv_sized(raw, name, v, super::pick::BUFFER)
}

/// [`read_csv`], with the buffer of the column-picking reader of this size (small in tests, so
/// that records cross its ends).
pub fn read_csv_sized<R: BufRead + Send>(
    raw: R,
    name: &str,
    v: &mut dyn Visit,
    capacity: usize,
) -> Result<(), Diagnostic> {
    read_csv_split(raw, name, v, capacity, None)
}

/// [`read_csv_sized`], reading the rows in two halves at once where `split` allows it (`raw` is
/// then the file `split` names, read from its start).
pub fn read_csv_split<R: BufRead + Send>(
    mut raw: R,
    name: &str,
    v: &mut dyn Visit,
    capacity: usize,
    split: Option<super::pick::Split>,
) -> Result<(), Diagnostic> {
    let head = raw
        .fill_buf()
        .map_err(|e| Diagnostic::new(name, format!("cannot read: {e}")))?
        .to_vec();
    if head.is_empty() {
        return Err(Diagnostic::new(name, "file is empty"));
    }
    let utf16 = if head.starts_with(&[0xFF, 0xFE]) {
        Some(false)
    } else if head.starts_with(&[0xFE, 0xFF]) {
        Some(true)
    } else {
        None
    };
    if utf16.is_none() {
        // UTF-16 without its mark has a NUL in every other byte of Latin text; a stray NUL in a
        // cell is named with its row when that row is read.
        let start = &head[..head.len().min(512)];
        let nuls = start.iter().filter(|&&b| b == 0).count();
        if nuls * 4 >= start.len() {
            return Err(Diagnostic::new(
                name,
                "file contains NUL bytes: UTF-16 text without a byte-order mark, or not text at all",
            )
            .help("save the export as \"CSV UTF-8\" (Excel) or download it again as .csv"));
        }
    }
    // UTF-8 is read straight from the file's buffer; UTF-16 through the decoder's.
    match utf16 {
        Some(be) => {
            raw.consume(2);
            scan(
                BufReader::with_capacity(64 * 1024, Utf16::new(raw, be)),
                name,
                v,
                capacity,
                None,
            )
        }
        None => {
            let bom = head.starts_with(&[0xEF, 0xBB, 0xBF]);
            if bom {
                raw.consume(3);
            }
            let split = split.map(|s| s.after(if bom { 3 } else { 0 }));
            scan(raw, name, v, capacity, split)
        }
    }
}

/// Records handed from the splitting thread to the reading one, in batches of this many.
const BATCH: usize = 256;

/// The records of decoded CSV text: the header, then every row. The header is read here; the
/// rows by [`pick`](super::pick) when the visitor reads only some columns, else on two threads:
/// one reads, splits and checks the text (see `split`), the other (this one) reads the rows, so a
/// long export takes about as long as the slower of the two rather than both; the record buffers
/// go back to be reused.
fn scan<R: BufRead + Send>(
    mut decoded: R,
    name: &str,
    v: &mut dyn Visit,
    capacity: usize,
    halves: Option<super::pick::Split>,
) -> Result<(), Diagnostic> {
    let first = decoded
        .fill_buf()
        .map_err(|e| read_error(name, &e, 1))?
        .to_vec();
    // Under 64 KiB the first buffer is taken as the whole file; a longer one may end inside a
    // record, so the sniffer leaves its last record out (it only decides the separator).
    let complete = first.len() < 64 * 1024;
    let delimiter = sniff_delimiter(&first, complete);
    let mut records = Records::new(decoded, delimiter, MAX_ROW_BYTES as usize);
    // The header: the first record that is not blank.
    let mut rec = Record::default();
    loop {
        if !records
            .next_into(&mut rec)
            .map_err(|e| read_error(name, &e, rec.line))?
        {
            return Err(Diagnostic::new(name, "file is empty"));
        }
        if accept(&rec, None, delimiter, name)? {
            break;
        }
    }
    let headers = rec
        .fields()
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect::<Vec<String>>();
    v.header(headers, rec.line)?;
    let fields = rec.len();
    if let Some(columns) = v.columns() {
        let halves = halves.map(|s| s.after(records.consumed()));
        return super::pick::read(records, fields, &columns, name, v, capacity, halves);
    }
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Record>, Diagnostic>>(4);
    let (back, spares) = std::sync::mpsc::channel::<Vec<Record>>();
    std::thread::scope(|scope| {
        scope.spawn(move || split(records, fields, name, &tx, &spares));
        for batch in rx {
            let mut batch = batch?;
            for rec in batch.iter_mut() {
                let row = Row {
                    line: rec.line,
                    cells: std::mem::take(rec),
                };
                v.row(&row)?;
                *rec = row.cells;
            }
            // The splitter may have stopped already; then the buffers are simply dropped.
            let _ = back.send(batch);
        }
        Ok(())
    })
}

/// An error reading the text, at the record starting on `line`.
pub fn read_error(name: &str, e: &std::io::Error, line: u64) -> Diagnostic {
    let inner = e.get_ref();
    if inner.is_some_and(|i| i.is::<TooLong>()) {
        Diagnostic::new(
            name,
            format!(
                "a row longer than {} MiB; is this a form export?",
                MAX_ROW_BYTES >> 20
            ),
        )
        .at(Some(line as usize), None)
    } else if let Some(u) = inner.and_then(|i| i.downcast_ref::<Unclosed>()) {
        Diagnostic::new(
            name,
            format!(
                "the file ends inside a quoted cell that starts on line {}: the download was cut \
                 short, or a quote in that cell is not matched",
                u.line
            ),
        )
        .at(Some(u.line as usize), None)
        .help("nothing was read from this file: download the export again, or fix the quote")
    } else if let Some(b) = inner.and_then(|i| i.downcast_ref::<BadUtf16>()) {
        Diagnostic::new(name, format!("cannot read the UTF-16 text: {b}"))
            .help("nothing was read from this file: export or download it again")
    } else {
        Diagnostic::new(name, format!("cannot read: {e}")).at(Some(line as usize), None)
    }
}

/// What `split` checks in a record besides its length.
fn check_record(
    rec: &Record,
    header: Option<usize>,
    delimiter: u8,
    name: &str,
) -> Result<(), Diagnostic> {
    let where_ = |what: String| {
        Diagnostic::new(name, format!("row {}: {what}", rec.row)).at(Some(rec.line as usize), None)
    };
    let data = rec.data();
    if let Some(at) = memchr::memchr(0, data) {
        return Err(where_(format!(
            "cell {} holds a NUL byte; this is not text a form writes",
            rec.field_at(at) + 1
        ))
        .help("nothing was read from this file: export or download it again"));
    }
    // The vectorised check first (every byte of every row passes here); std's, for the place.
    let bad = simdutf8::basic::from_utf8(data)
        .is_err()
        .then(|| std::str::from_utf8(data).err())
        .flatten();
    if let Some(e) = bad {
        let at = e.valid_up_to();
        let k = rec.field_at(at);
        let field = rec.field(k);
        let start = at - (field.as_ptr() as usize - data.as_ptr() as usize);
        return Err(where_(format!(
            "not UTF-8 text: byte 0x{:02X} in cell {} after {}; the file is in another \
             encoding (such as Windows-1252)",
            data[at],
            k + 1,
            crate::import::quoted(&String::from_utf8_lossy(&field[..start]))
        ))
        .help(
            "nothing was read from this file: export it again as \"CSV UTF-8\" (Excel: File › \
             Save As › CSV UTF-8)",
        ));
    }
    if let Some(h) = header {
        if rec.len() != h {
            return Err(where_(format!(
                "{}, the header has {h}",
                crate::words::count(rec.len(), "cell", "cells")
            ))
            .help(format!(
                "a quote is missing or stray in this row or one above it, or the file was cut \
                 short; the file was read as separated by {}",
                separator_name(delimiter)
            ))
            .help(
                "nothing was read from this file: fix the row (in a text editor: the line named \
                 above) or download the export again",
            ));
        }
    }
    Ok(())
}

/// Whether a record read is one to hand on (a blank one is not), after the checks every record
/// passes: at most [`MAX_COLUMNS`] fields, UTF-8 throughout, no NUL, and as many fields as the
/// header (`fields`; none for the header itself): a stray quote shifts every cell after it, a
/// cut download ends a row early.
pub fn accept(
    rec: &Record,
    fields: Option<usize>,
    delimiter: u8,
    name: &str,
) -> Result<bool, Diagnostic> {
    if rec.len() > MAX_COLUMNS {
        return Err(Diagnostic::new(
            name,
            format!(
                "{} columns; a form export has at most {MAX_COLUMNS}",
                rec.len()
            ),
        )
        .at(Some(rec.line as usize), None));
    }
    // Blank lines are skipped (before the header too).
    if rec.fields().all(|c| c.trim_ascii().is_empty()) {
        return Ok(false);
    }
    check_record(rec, fields, delimiter, name)?;
    Ok(true)
}

/// Split the rows after the header (`fields` cells) into records and send them in batches
/// (blank lines left out), each checked by [`accept`] on this thread; an error is sent as the
/// last message. Stops when the reading side hangs up.
fn split<R: BufRead>(
    mut records: Records<R>,
    fields: usize,
    name: &str,
    tx: &std::sync::mpsc::SyncSender<Result<Vec<Record>, Diagnostic>>,
    spares: &std::sync::mpsc::Receiver<Vec<Record>>,
) {
    let delimiter = records.delimiter();
    loop {
        let mut spare = spares.try_recv().unwrap_or_default();
        let mut batch: Vec<Record> = Vec::with_capacity(BATCH);
        let mut done = false;
        while batch.len() < BATCH {
            let mut rec = spare.pop().unwrap_or_default();
            let read = records
                .next_into(&mut rec)
                // The line the record starts on, after any empty lines.
                .map_err(|e| read_error(name, &e, rec.line))
                .and_then(|more| {
                    Ok(more && {
                        if !accept(&rec, Some(fields), delimiter, name)? {
                            spare.push(std::mem::take(&mut rec));
                        }
                        true
                    })
                });
            match read {
                Ok(false) => {
                    done = true;
                    break;
                }
                Ok(true) if rec.is_empty() => {}
                Ok(true) => batch.push(rec),
                Err(d) => {
                    let _ = tx.send(Ok(batch)).and_then(|_| tx.send(Err(d)));
                    return;
                }
            }
        }
        if !batch.is_empty() && tx.send(Ok(batch)).is_err() {
            return;
        }
        if done {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_commonest_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3", true), b',');
        assert_eq!(sniff_delimiter(b"a;b;\"x,y,z\"\n", true), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc", true), b'\t');
        assert_eq!(sniff_delimiter(b"single", true), b',');
        // More `;` than `,` in the header's question texts, every row separated by commas.
        assert_eq!(
            sniff_delimiter(
                b"Name,\"Q1; a; b; c\",\"Q2; d; e\"\nAna,1,2\nBo,3,4\n",
                true
            ),
            b','
        );
        assert_eq!(
            sniff_delimiter(
                b"Name;Q1, a, b;Q2, c\nAna;1 \xc2\xb7 x, y;2\nBo;3;4\n",
                true
            ),
            b';'
        );
        // A last record cut by the end of the buffer is not held against a separator.
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2;3\n4;5", false), b';');
    }

    #[test]
    fn utf16_is_decoded_across_reads_including_surrogate_pairs() {
        let text = "Name\tTraining\nZoë 😀\t2\n";
        let mut bytes = Vec::new();
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        // One byte a read: every split of a code unit and of a pair is exercised.
        struct Slow(Vec<u8>, usize);
        impl Read for Slow {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.1 >= self.0.len() || buf.is_empty() {
                    return Ok(0);
                }
                buf[0] = self.0[self.1];
                self.1 += 1;
                Ok(1)
            }
        }
        let mut out = String::new();
        Utf16::new(Slow(bytes, 0), false)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
    }
}
