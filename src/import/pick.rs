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

use super::read::{accept, read_error, Row, Visit, MAX_ROW_BYTES};
use super::records::{Record, Records};
use crate::diagnostic::Diagnostic;
use std::io::{BufRead, BufReader, Read};

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
struct At {
    line: u64,
    rows: u64,
}

/// Read the rows after the header (`fields` cells), handing `v` rows that hold the `columns`
/// it asked for (the other cells empty). `records` stands after the header.
pub fn read<R: BufRead>(
    records: Records<R>,
    fields: usize,
    columns: &[usize],
    name: &str,
    v: &mut dyn Visit,
    capacity: usize,
) -> Result<(), Diagnostic> {
    let d = records.delimiter();
    let (mut inner, line, rows) = records.into_parts();
    let mut at = At { line, rows };
    let mut wanted = vec![false; fields];
    for &c in columns {
        if let Some(w) = wanted.get_mut(c) {
            *w = true;
        }
    }
    let mut buf = vec![0u8; capacity.max(16)];
    let (mut start, mut filled, mut checked) = (0usize, 0usize, 0usize);
    let mut eof = false;
    let mut row = Row {
        line: 0,
        cells: Record::default(),
    };
    loop {
        // Check the new text up to its last line break (all of it at the end of the input).
        let region = if eof {
            filled
        } else {
            memchr::memrchr2(b'\n', b'\r', &buf[checked..filled])
                .map_or(checked, |p| checked + p + 1)
        };
        let part = &buf[checked..region];
        if memchr::memchr(0, part).is_some() || simdutf8::basic::from_utf8(part).is_err() {
            // The exact reader names the row and the cell.
            return exact(&buf[start..filled], inner, d, &at, fields, name, v);
        }
        checked = region;
        while start < checked {
            let rest = &buf[start..checked];
            // Empty lines, as `Records` passes over them: a line and a record each.
            match rest[0] {
                b'\n' => {
                    start += 1;
                    at.line += 1;
                    at.rows += 1;
                    continue;
                }
                b'\r' if start + 1 < filled => {
                    start += 1 + usize::from(buf[start + 1] == b'\n');
                    at.line += 1;
                    at.rows += 1;
                    continue;
                }
                b'\r' if !eof => break,
                _ => {}
            }
            let Scanned::Whole { len, inner_lines } = scan(rest, d, &wanted, &mut row.cells) else {
                break;
            };
            let ordinary = row.cells.len() == fields
                && !(columns
                    .iter()
                    .all(|&c| row.cells.field(c).trim_ascii().is_empty())
                    && may_be_blank(&rest[..len], d));
            if ordinary {
                at.rows += 1;
                row.line = at.line;
                row.cells.line = at.line;
                row.cells.row = at.rows;
                at.line += 1 + inner_lines;
                v.row(&row)?;
            } else {
                at = one_record(&rest[..len], d, at, fields, name, v)?;
            }
            start += len;
        }
        if eof {
            // The last record, without a line break: the exact reader.
            return exact(&buf[start..filled], inner, d, &at, fields, name, v);
        }
        // Keep what is left (a record begun) and read on.
        buf.copy_within(start..filled, 0);
        (filled, checked, start) = (filled - start, checked - start, 0);
        if filled == buf.len() {
            if buf.len() >= MAX_BUFFER {
                return exact(&buf[..filled], inner, d, &at, fields, name, v);
            }
            buf.resize(buf.len() * 2, 0);
        }
        let n = loop {
            match inner.read(&mut buf[filled..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(read_error(name, &e, at.line)),
            }
        };
        filled += n;
        eof = n == 0;
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
