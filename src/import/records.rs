//! CSV records, split fast: RFC 4180 (fields in double quotes may hold the separator, line
//! breaks and doubled quotes; records end at LF, CRLF or CR), scanned with `memchr` rather than
//! a byte-at-a-time state machine. Bytes are not decoded here: the caller decodes only the cells
//! it uses.
//!
//! Why a hand-written reader when the `csv` crate is a dependency (it writes the CSV outputs and
//! is the tests' oracle for this reader and for [`pick`](super::pick)): it is kept because the
//! benchmark shows it must stay. A form export is mostly long quoted option texts, and finding the
//! closing quote with a vectorised search splits one in well under half the CPU time of the
//! crate's reader. Measured on 2026-12-07 (release builds with the tool's profile, one file read
//! through a 256 KiB buffer into reused records, every field split and nothing else; a 2-core
//! machine under a load average of 12, so user CPU time is the figure to compare; wall time
//! against `cat` of the same file in the same hyperfine run):
//!
//! | File | `cat` | this reader | `csv` crate (`read_byte_record`) |
//! |---|---:|---:|---:|
//! | form export, 100,000 rows (235 MB, long quoted cells) | 350 ms | 860 ms, 77 ms user | 2,418 ms, 203 ms user |
//! | HubSpot contacts, 1,000,000 rows (175 MB, short quoted cells) | 219 ms | 1,212 ms, 226 ms user | 992 ms, 232 ms user |
//!
//! On short cells the two are even; neither is near 3× `cat` on a CRM export, which is why
//! `evidence crm` reads through [`pick`](super::pick) (only the persona and stage cells copied),
//! built on the same rules and checked against this reader and the crate.
//!
//! Lenient where exports are sloppy, as spreadsheet programs are: text after a closing quote is
//! kept as part of the field, and a quote inside an unquoted field is an ordinary character. A
//! quoted field still open at the end of the file is an error ([`Unclosed`]): the download was cut
//! short or a quote is unmatched, and reading on would count half a cell. The caller checks each
//! record's field count against the header, which catches a stray quote anywhere else.

use std::io::{self, BufRead};

/// One record: its fields' bytes, one buffer.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub(super) data: Vec<u8>,
    /// End offset of each field in `data`.
    pub(super) ends: Vec<usize>,
    /// 1-based line the record starts on.
    pub line: u64,
    /// 1-based record number, blank records counted: the row a spreadsheet shows it on.
    pub row: u64,
}

impl Record {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `k`'s bytes (empty past the end).
    pub fn field(&self, k: usize) -> &[u8] {
        match self.ends.get(k) {
            Some(&end) => {
                let start = if k == 0 { 0 } else { self.ends[k - 1] };
                &self.data[start..end]
            }
            None => &[],
        }
    }

    /// Every field's bytes, one after the other.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The field that byte `at` of `data()` is in.
    pub fn field_at(&self, at: usize) -> usize {
        self.ends.partition_point(|&end| end <= at)
    }

    pub fn fields(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.len()).map(|k| self.field(k))
    }

    /// A record of these fields (a spreadsheet's row).
    pub fn from_fields<I: IntoIterator<Item = S>, S: AsRef<str>>(line: u64, fields: I) -> Record {
        let mut r = Record {
            line,
            row: line,
            ..Record::default()
        };
        for f in fields {
            r.data.extend_from_slice(f.as_ref().as_bytes());
            r.ends.push(r.data.len());
        }
        r
    }

    pub(super) fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
    }
}

/// A record grew past the limit.
#[derive(Debug)]
pub struct TooLong;

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("record too long")
    }
}

impl std::error::Error for TooLong {}

/// The input ended inside a quoted field: the file was cut short, or a quote is unmatched.
#[derive(Debug)]
pub struct Unclosed {
    /// The line the quoted field starts on.
    pub line: u64,
}

impl std::fmt::Display for Unclosed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "quoted field starting on line {} never ends", self.line)
    }
}

impl std::error::Error for Unclosed {}

/// How far a short search looks byte by byte before handing over to `memchr`: most cells of a
/// CRM or form export are a few bytes long, and for those a plain loop finds the end before a
/// vectorised search has been set up.
const SHORT: usize = 24;

/// The first `a` or `b` in `hay`.
fn find2(a: u8, b: u8, hay: &[u8]) -> Option<usize> {
    let head = hay.len().min(SHORT);
    match hay[..head].iter().position(|&x| x == a || x == b) {
        Some(i) => Some(i),
        None => memchr::memchr2(a, b, &hay[head..]).map(|i| i + head),
    }
}

/// The first `a`, `b` or `c` in `hay`.
fn find3(a: u8, b: u8, c: u8, hay: &[u8]) -> Option<usize> {
    let head = hay.len().min(SHORT);
    match hay[..head].iter().position(|&x| x == a || x == b || x == c) {
        Some(i) => Some(i),
        None => memchr::memchr3(a, b, c, &hay[head..]).map(|i| i + head),
    }
}

/// Splits a byte stream into records.
pub struct Records<R: BufRead> {
    inner: R,
    delimiter: u8,
    /// The line the next record starts on.
    line: u64,
    /// Records read so far.
    rows: u64,
    max_bytes: usize,
    /// Bytes taken from `inner` so far.
    consumed: u64,
}

enum End {
    Field,
    Record,
    Eof,
}

impl<R: BufRead> Records<R> {
    pub fn new(inner: R, delimiter: u8, max_bytes: usize) -> Self {
        Records {
            inner,
            delimiter,
            line: 1,
            rows: 0,
            max_bytes,
            consumed: 0,
        }
    }

    /// Go on reading where another reader stopped: the next record starts on `line` and is
    /// record `rows + 1`.
    pub fn resume(inner: R, delimiter: u8, max_bytes: usize, line: u64, rows: u64) -> Self {
        Records {
            inner,
            delimiter,
            line,
            rows,
            max_bytes,
            consumed: 0,
        }
    }

    /// The separator the fields are split on.
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// Take `n` bytes of the input.
    fn eat(&mut self, n: usize) {
        self.inner.consume(n);
        self.consumed += n as u64;
    }

    /// The bytes of the input read so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// The input, where the next record starts, and the line and record count there.
    pub fn into_parts(self) -> (R, u64, u64) {
        (self.inner, self.line, self.rows)
    }

    /// Pass over empty lines at the start of a record, a buffer at a time: each is a record of
    /// one empty field, which the caller skips, counted here as one. 100 MB of line breaks read
    /// at the speed of reading them, not of making 100 million records.
    fn skip_empty_lines(&mut self) -> io::Result<()> {
        // A CR that ended the last buffer: an LF starting this one is its other half.
        let mut cr = false;
        loop {
            let buf = self.inner.fill_buf()?;
            let run = buf
                .iter()
                .position(|&b| b != b'\n' && b != b'\r')
                .unwrap_or(buf.len());
            if run == 0 {
                return Ok(());
            }
            let mut ends = 0u64;
            if cr && buf[0] == b'\n' {
                // Counted with its CR already.
                ends = ends.wrapping_sub(1);
            }
            let lf = memchr::memchr_iter(b'\n', &buf[..run]).count();
            let crlf = memchr::memmem::find_iter(&buf[..run], b"\r\n").count();
            ends = ends.wrapping_add((lf + (run - lf - crlf)) as u64);
            cr = buf[run - 1] == b'\r';
            self.line += ends;
            self.rows += ends;
            self.eat(run);
        }
    }

    /// Read the next record into `r`; false at the end of the input.
    pub fn next_into(&mut self, r: &mut Record) -> io::Result<bool> {
        r.clear();
        r.line = self.line;
        self.skip_empty_lines()?;
        r.line = self.line;
        if self.inner.fill_buf()?.is_empty() {
            return Ok(false);
        }
        self.rows += 1;
        r.row = self.rows;
        if self.whole_in_buffer(r) {
            return Ok(true);
        }
        loop {
            let end = self.field(r)?;
            r.ends.push(r.data.len());
            match end {
                End::Field => continue,
                End::Record | End::Eof => return Ok(true),
            }
        }
    }

    /// The common case, fast: a record that ends inside what is already buffered is split in one
    /// pass over the buffer, without refilling or searching again between its fields (the same
    /// rules as [`Records::field`]). False, with nothing consumed and `r` left empty, when the
    /// record runs past the buffer (or past the limit): the general path then reads it.
    fn whole_in_buffer(&mut self, r: &mut Record) -> bool {
        let d = self.delimiter;
        let Ok(buf) = self.inner.fill_buf() else {
            return false;
        };
        let mut i = 0;
        let mut lines = 0u64;
        // Where the record ends (one past its line break), once found.
        let end = 'record: loop {
            if buf.get(i) == Some(&b'"') {
                i += 1;
                loop {
                    let Some(j) = find2(b'"', b'\n', &buf[i..]) else {
                        break 'record None;
                    };
                    if buf[i + j] == b'\n' {
                        lines += 1;
                        r.data.extend_from_slice(&buf[i..=i + j]);
                        i += j + 1;
                        continue;
                    }
                    r.data.extend_from_slice(&buf[i..i + j]);
                    i += j + 1;
                    match buf.get(i) {
                        Some(b'"') => {
                            r.data.push(b'"');
                            i += 1;
                        }
                        Some(&b) if b == d => {
                            i += 1;
                            r.ends.push(r.data.len());
                            continue 'record;
                        }
                        Some(b'\n' | b'\r') => break,
                        // The end of the buffer (or of the input): the general path decides.
                        None => break 'record None,
                        // Text after the closing quote belongs to the field.
                        Some(_) => break,
                    }
                }
            }
            match find3(d, b'\n', b'\r', &buf[i..]) {
                None => break 'record None,
                Some(j) => {
                    r.data.extend_from_slice(&buf[i..i + j]);
                    i += j;
                    if buf[i] == d {
                        i += 1;
                        r.ends.push(r.data.len());
                        continue 'record;
                    }
                    r.ends.push(r.data.len());
                    break 'record match (buf[i], buf.get(i + 1)) {
                        (b'\n', _) => Some(i + 1),
                        (_, Some(b'\n')) => Some(i + 2),
                        (_, Some(_)) => Some(i + 1),
                        // A CR that ends the buffer: an LF may follow in the next one.
                        (_, None) => None,
                    };
                }
            }
        };
        match end {
            Some(end) if r.data.len() <= self.max_bytes => {
                self.eat(end);
                self.line += lines + 1;
                true
            }
            _ => {
                r.clear();
                false
            }
        }
    }

    fn check(&self, r: &Record) -> io::Result<()> {
        if r.data.len() > self.max_bytes {
            return Err(io::Error::other(TooLong));
        }
        Ok(())
    }

    /// After a CR: a following LF belongs to it.
    fn end_of_line(&mut self, cr: bool) -> io::Result<End> {
        self.line += 1;
        if cr {
            if let Some(&b'\n') = self.inner.fill_buf()?.first() {
                self.eat(1);
            }
        }
        Ok(End::Record)
    }

    /// One field into `r.data`; how it ended.
    fn field(&mut self, r: &mut Record) -> io::Result<End> {
        let quoted = matches!(self.inner.fill_buf()?.first(), Some(b'"'));
        if quoted {
            self.eat(1);
            let opened = self.line;
            loop {
                let buf = self.inner.fill_buf()?;
                if buf.is_empty() {
                    return Err(io::Error::other(Unclosed { line: opened }));
                }
                // Stops at line breaks too (rare inside a field), to count lines as it goes.
                match memchr::memchr2(b'"', b'\n', buf) {
                    Some(i) if buf[i] == b'\n' => {
                        self.line += 1;
                        r.data.extend_from_slice(&buf[..=i]);
                        self.eat(i + 1);
                        self.check(r)?;
                    }
                    Some(i) => {
                        r.data.extend_from_slice(&buf[..i]);
                        self.eat(i + 1);
                        self.check(r)?;
                        // A doubled quote is a quote; anything else closes the field, and
                        // is most often the separator or the line's end (decided here, without
                        // a search).
                        match self.inner.fill_buf()?.first() {
                            Some(b'"') => {
                                r.data.push(b'"');
                                self.eat(1);
                                continue;
                            }
                            Some(&b) if b == self.delimiter => {
                                self.eat(1);
                                return Ok(End::Field);
                            }
                            Some(&b) if b == b'\n' || b == b'\r' => {
                                self.eat(1);
                                return self.end_of_line(b == b'\r');
                            }
                            None => return Ok(End::Eof),
                            Some(_) => break,
                        }
                    }
                    None => {
                        let n = buf.len();
                        self.line += memchr::memchr_iter(b'\n', buf).count() as u64;
                        r.data.extend_from_slice(buf);
                        self.eat(n);
                        self.check(r)?;
                    }
                }
            }
        }
        // Unquoted (or what follows a closing quote): up to the separator or the line's end.
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                return Ok(End::Eof);
            }
            match memchr::memchr3(self.delimiter, b'\n', b'\r', buf) {
                Some(i) => {
                    let b = buf[i];
                    r.data.extend_from_slice(&buf[..i]);
                    self.eat(i + 1);
                    self.check(r)?;
                    return if b == self.delimiter {
                        Ok(End::Field)
                    } else {
                        self.end_of_line(b == b'\r')
                    };
                }
                None => {
                    let n = buf.len();
                    r.data.extend_from_slice(buf);
                    self.eat(n);
                    self.check(r)?;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str, delimiter: u8) -> Vec<(u64, Vec<String>)> {
        // A tiny buffer: every boundary case of the refill is exercised.
        let reader = std::io::BufReader::with_capacity(3, text.as_bytes());
        let mut records = Records::new(reader, delimiter, 1 << 20);
        let mut r = Record::default();
        let mut out = Vec::new();
        while records.next_into(&mut r).unwrap() {
            out.push((
                r.line,
                r.fields()
                    .map(|f| String::from_utf8(f.to_vec()).unwrap())
                    .collect(),
            ));
        }
        out
    }

    #[test]
    fn quoted_fields_hold_separators_line_breaks_and_doubled_quotes() {
        let text = "a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",x,\r\nlast,\"\"";
        assert_eq!(
            all(text, b','),
            vec![
                (1, vec!["a".into(), "b, c".into(), "say \"hi\"".into()]),
                (2, vec!["two\nlines".into(), "x".into(), "".into()]),
                (4, vec!["last".into(), "".into()]),
            ]
        );
    }

    #[test]
    fn every_line_ending_and_separator_is_read() {
        // An empty line is no record, but counts as a line (and a row).
        assert_eq!(
            all("a;b\rc;d\n\ne;f\r\n", b';'),
            vec![
                (1, vec!["a".into(), "b".into()]),
                (2, vec!["c".into(), "d".into()]),
                (4, vec!["e".into(), "f".into()]),
            ]
        );
        assert_eq!(all("a\tb", b'\t'), vec![(1, vec!["a".into(), "b".into()])]);
    }

    #[test]
    fn runs_of_empty_lines_are_counted_across_buffers() {
        // A buffer of 7 bytes ends inside runs of CR LF: every line still counts once.
        let text = format!("h\r\n{}x\r\n{}y\n", "\r\n".repeat(9), "\r".repeat(5));
        let reader = std::io::BufReader::with_capacity(7, text.as_bytes());
        let mut records = Records::new(reader, b',', 1 << 20);
        let mut r = Record::default();
        let mut got = Vec::new();
        while records.next_into(&mut r).unwrap() {
            got.push((r.line, r.row, r.field(0).to_vec()));
        }
        assert_eq!(
            got,
            vec![
                (1, 1, b"h".to_vec()),
                (11, 11, b"x".to_vec()),
                (17, 17, b"y".to_vec())
            ]
        );
    }

    #[test]
    fn the_csv_crate_reads_the_same_records_from_generated_exports() {
        use proptest::prelude::*;
        let cell = proptest::string::string_regex("[a-c,;\"\\n\\r ]{0,6}").unwrap();
        let rows = proptest::collection::vec(proptest::collection::vec(cell, 1..4), 1..5);
        proptest!(|(rows in rows)| {
            let mut w = csv::WriterBuilder::new().flexible(true).quote_style(csv::QuoteStyle::Necessary).from_writer(Vec::new());
            for row in &rows {
                w.write_record(row).unwrap();
            }
            let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
            let ours: Vec<Vec<String>> = all(&text, b',').into_iter().map(|(_, f)| f).collect();
            let theirs: Vec<Vec<String>> = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes())
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect();
            // The csv crate skips empty lines; so do the callers of `Records` (blank records).
            let ours: Vec<Vec<String>> = ours.into_iter().filter(|r| !(r.len() == 1 && r[0].is_empty())).collect();
            let theirs: Vec<Vec<String>> = theirs.into_iter().filter(|r| !(r.len() == 1 && r[0].is_empty())).collect();
            prop_assert_eq!(ours, theirs);
        });
    }

    #[test]
    fn a_record_read_whole_from_the_buffer_is_the_record_read_field_by_field() {
        use proptest::prelude::*;
        // Cells with every character that matters, line ends of every kind, in any order.
        let text = proptest::string::string_regex("([a-c]|,|\"|\"\"|\n|\r|\r\n| ){0,60}").unwrap();
        proptest!(|(text in text, cap in 1usize..64)| {
            let read = |capacity: usize| {
                let reader = std::io::BufReader::with_capacity(capacity, text.as_bytes());
                let mut records = Records::new(reader, b',', 1 << 20);
                let mut r = Record::default();
                let mut out = Vec::new();
                loop {
                    match records.next_into(&mut r) {
                        Ok(true) => out.push((r.line, r.row, r.fields().map(<[u8]>::to_vec).collect::<Vec<_>>())),
                        Ok(false) => break,
                        Err(e) => {
                            out.push((0, 0, vec![e.to_string().into_bytes()]));
                            break;
                        }
                    }
                }
                (out, records.line)
            };
            // A buffer of 1 byte never holds a whole record; a large one holds them all.
            prop_assert_eq!(read(1), read(1 << 16));
            prop_assert_eq!(read(cap), read(1 << 16));
        });
    }

    #[test]
    fn a_record_past_the_limit_is_an_error_not_a_memory_hog() {
        let text = "x".repeat(100);
        let mut records = Records::new(
            std::io::BufReader::with_capacity(8, text.as_bytes()),
            b',',
            10,
        );
        let mut r = Record::default();
        let e = records.next_into(&mut r).unwrap_err();
        assert!(e.get_ref().is_some_and(|e| e.is::<TooLong>()));
    }
}
