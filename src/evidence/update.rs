//! Writing measured database figures into a program file (`evidence crm --update FILE`): its
//! `database:` gets the record counts, `measured_on` and `source`, and nothing else of the file
//! changes. YAML is edited on its bytes with the one YAML tokenizer
//! ([`yaml_text`](crate::source::yaml_text)), in the style the file wrote `database:` (block or
//! flow, counts nested or in a flow map), TOML through `toml_edit`: every byte outside the
//! changed values stays, comments and layout included, a replaced percentage's comment on the
//! counts' line. The edit is read back through the program reader and must hold exactly the old
//! document with the new figures; when it does not, or the layout is beyond an exact edit
//! (anchors, aliases or tags in `database`, a value over several lines, a comment inside a map
//! written anew), the file as it was is kept as `FILE.bak` and the file is written whole.

use crate::assessment::{Assessment, RawAnswers};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::program::{CrmSource, RawDatabase, RawRecords};
use crate::rubric::Rubric;
use crate::source::splice::{apply, crlf_like, Splice as Edit};
use crate::source::yaml_text::{Kind, Lines, Token};
use crate::source::{Date, Source, Syntax};
use std::path::{Path, PathBuf};

/// The figures written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// (records, mapped)
    pub customers: (u64, u64),
    pub prospects: (u64, u64),
    pub measured_on: Date,
    pub source: CrmSource,
}

impl Figures {
    fn raw(&self) -> RawDatabase {
        let records = |(records, mapped): (u64, u64)| Some(RawRecords { records, mapped });
        RawDatabase {
            customers_mapped_pct: None,
            prospects_mapped_pct: None,
            customers: records(self.customers),
            prospects: records(self.prospects),
            measured_on: Some(self.measured_on),
            source: Some(self.source),
        }
    }
}

/// How the file was written.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    /// Only the figures changed; every other byte is as it was.
    InPlace,
    /// The layout was beyond an exact edit (the reason): written whole, the file as it was kept
    /// at the path.
    Whole { reason: String, backup: PathBuf },
}

/// What the update did: how it wrote, and the answers of the file as it now reads.
pub struct Updated {
    pub written: Written,
    pub assessment: Assessment,
}

/// Write `figures` into the program file at `path`. The file must read as a program first; a
/// file that does not is an error, and nothing is written.
pub fn update(path: &Path, rubric: &Rubric, figures: &Figures) -> Result<Updated, Error> {
    let shown = path.display().to_string();
    let syntax = Syntax::from_path(path).ok_or_else(|| {
        Diagnostic::new(
            &shown,
            "unknown file extension; a program file ends in .yaml, .yml or .toml",
        )
    })?;
    let target = crate::save::follow_links(path)
        .map_err(|e| Diagnostic::new(&shown, format!("cannot follow the link: {e}")))?;
    let mut src = Source::read(&target, Some(syntax))?;
    src.name = shown.clone();
    // It must read as a program before anything is written.
    Assessment::load_program(&src, rubric)?;
    let before: RawAnswers = src.parse()?;
    let mut wanted = before.clone();
    wanted.database = Some(figures.raw());
    let edited = match syntax {
        Syntax::Yaml => yaml(&src.text, figures),
        Syntax::Toml => toml(&src.text, figures),
    }
    .and_then(|text| {
        let check = Source::from_text(&shown, text.clone(), syntax);
        let after: RawAnswers = check.parse().map_err(|e| e.message)?;
        let same = serde_json::to_value(&after).ok() == serde_json::to_value(&wanted).ok();
        if same {
            Ok(text)
        } else {
            Err("the edited file would not read back as the file with the new figures".to_string())
        }
    });
    let (text, written) = match edited {
        Ok(text) => (text, Written::InPlace),
        Err(reason) => {
            let backup = back_up(&target, src.text.as_bytes())?;
            (whole(&wanted, syntax), Written::Whole { reason, backup })
        }
    };
    let out = Source::from_text(&shown, text.clone(), syntax);
    let (assessment, _, _) = Assessment::load_program(&out, rubric)?;
    crate::save::write_atomic(&target, text.as_bytes()).map_err(|e| Error::write(path, e))?;
    Ok(Updated {
        written,
        assessment,
    })
}

/// The file written whole from its document.
fn whole(doc: &RawAnswers, syntax: Syntax) -> String {
    const HEADER: &str =
        "# Persona program, rewritten by `persona-maturity evidence crm --update`.\n";
    let body = match syntax {
        Syntax::Yaml => serde_yaml::to_string(doc).unwrap_or_default(),
        Syntax::Toml => toml::to_string(doc).unwrap_or_default(),
    };
    format!("{HEADER}{body}")
}

/// Copy the file as it is to `FILE.bak` (or `FILE.bak-2`, …: never over an older copy).
fn back_up(path: &Path, bytes: &[u8]) -> Result<PathBuf, Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut target = path.with_file_name(format!("{name}.bak"));
    let mut k = 2;
    while target.exists() {
        target = path.with_file_name(format!("{name}.bak-{k}"));
        k += 1;
    }
    crate::save::write_atomic(&target, bytes).map_err(|e| Error::write(&target, e))?;
    Ok(target)
}

// ---- YAML ----

/// The values written, key by key, in the order a new block lists them.
fn yaml_values(f: &Figures) -> [(&'static str, String); 4] {
    let counts =
        |(records, mapped): (u64, u64)| format!("{{ records: {records}, mapped: {mapped} }}");
    [
        ("customers", counts(f.customers)),
        ("prospects", counts(f.prospects)),
        ("measured_on", f.measured_on.to_string()),
        ("source", f.source.id().to_string()),
    ]
}

/// The keys the figures replace.
const REPLACED: [&str; 2] = ["customers_mapped_pct", "prospects_mapped_pct"];

/// The text with the figures in its `database:`.
fn yaml(text: &str, f: &Figures) -> Result<String, String> {
    let view = Lines::new(text);
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let all: Vec<Token> = (0..view.len())
        .flat_map(|k| view.tokens(k).iter().copied())
        .collect();
    // A file that reads holds one document: its `---`, `...` and `%YAML` lines stay as they are.
    let starts = all
        .iter()
        .filter(|t| t.kind == Kind::DocumentMarker && text[t.start..].starts_with("---"))
        .count();
    if starts > 1 {
        return Err("the file holds several documents".to_string());
    }
    let at = (0..view.len()).find(|&k| view.key_at(k, 0).is_some_and(|(n, _)| n == "database"));
    let indent = child_indent(&view);
    match at {
        None => Ok(insert_block(text, &view, f, indent, eol)),
        Some(k) => edit_block(text, &view, k, f, indent, eol),
    }
}

/// The indentation the file uses for a top-level key's entries (2 when it tells nothing).
fn child_indent(view: &Lines) -> usize {
    (1..view.len())
        .find_map(|k| {
            let i = view.indent(k)?;
            (i > 0 && view.indent(k - 1) == Some(0)).then_some(i)
        })
        .unwrap_or(2)
}

/// A new `database:` block, before `policy:` (and the comment lines right above it) or at the
/// end.
fn insert_block(text: &str, view: &Lines, f: &Figures, indent: usize, eol: &str) -> String {
    let pad = " ".repeat(indent);
    let mut block = format!("database:{eol}");
    for (key, value) in yaml_values(f) {
        block.push_str(&format!("{pad}{key}: {value}{eol}"));
    }
    let policy = (0..view.len()).find(|&k| view.key_at(k, 0).is_some_and(|(n, _)| n == "policy"));
    match policy {
        Some(mut k) => {
            while k > 0 && view.indent(k - 1).is_none() && !view.line(k - 1).trim().is_empty() {
                k -= 1;
            }
            let at = view.start(k);
            format!("{}{block}{}", &text[..at], &text[at..])
        }
        None => {
            let mut out = text.to_string();
            if !out.is_empty() && !out.ends_with('\n') {
                out.push_str(eol);
            }
            out.push_str(&block);
            out
        }
    }
}

/// The content tokens (no comments) of lines `from..to`.
fn content(view: &Lines, from: usize, to: usize) -> Vec<Token> {
    (from..to)
        .flat_map(|k| view.content(k).copied().collect::<Vec<_>>())
        .collect()
}

/// Edit the `database:` written at line `k`.
fn edit_block(
    text: &str,
    view: &Lines,
    k: usize,
    f: &Figures,
    indent: usize,
    eol: &str,
) -> Result<String, String> {
    // The block: up to the next line with content at column 0.
    let end = (k + 1..view.len())
        .find(|&j| view.indent(j) == Some(0))
        .unwrap_or(view.len());
    let tokens = content(view, k, end);
    if tokens
        .iter()
        .any(|t| matches!(t.kind, Kind::Anchor | Kind::Alias | Kind::Tag))
    {
        return Err("`database` uses an anchor, an alias or a tag".to_string());
    }
    let (_, after) = view.key_at(k, 0).ok_or("`database` is not a key")?;
    let inline: Vec<&Token> = view.tokens(k)[after..]
        .iter()
        .filter(|t| t.kind != Kind::Comment)
        .collect();
    match inline.first() {
        Some(first) if first.kind == Kind::FlowOpen => {
            flow_block(text, view, k, end, first.start, f)
        }
        Some(_) => Err("`database` is not a map".to_string()),
        None => block_entries(text, view, k, end, f, indent, eol),
    }
}

/// `database: { … }`: each value set where it is, a percentage turned into the counts that
/// replace it, missing entries added after the last; comments inside the map stay.
fn flow_block(
    text: &str,
    view: &Lines,
    k: usize,
    end: usize,
    open: usize,
    f: &Figures,
) -> Result<String, String> {
    let all: Vec<Token> = (k..end)
        .flat_map(|j| view.tokens(j).to_vec())
        .filter(|t| t.start >= open)
        .collect();
    let close = matching_close(&all).ok_or("`database`'s map does not close")?;
    // The entries at the map's own level: the key and the value's tokens.
    let mut entries: Vec<(Token, Vec<Token>)> = Vec::new();
    let mut depth = 0usize;
    let mut current: Vec<Token> = Vec::new();
    for t in &all[1..close] {
        match t.kind {
            Kind::Comment => continue,
            Kind::Comma if depth == 0 => {
                flow_entry(&mut entries, std::mem::take(&mut current))?;
                continue;
            }
            Kind::FlowOpen => depth += 1,
            Kind::FlowClose => depth = depth.saturating_sub(1),
            _ => {}
        }
        current.push(*t);
    }
    flow_entry(&mut entries, current)?;
    let find = |name: &str| entries.iter().find(|(k, _)| view.text(k) == name);
    let mut edits = Vec::new();
    let mut missing = String::new();
    for (key, value) in block_values(f) {
        let old = replaces(key).and_then(find);
        match (find(key), old, value) {
            (Some(_), Some(_), _) => {
                return Err(format!("`database` holds both `{key}` and its percentage"))
            }
            (Some((_, v)), None, New::Counts(r, m)) if v[0].kind == Kind::FlowOpen => {
                let from = all.iter().position(|t| t.start == v[0].start).unwrap_or(0);
                edits.extend(flow_counts(view, key, &all[from..], r, m)?);
            }
            (Some((_, v)), None, New::Scalar(s)) if v.len() == 1 => {
                edits.push(Edit::replace(v[0].start, v[0].end, s));
            }
            (Some(_), None, _) => return Err(format!("`database.{key}` is not a value to set")),
            (None, Some((k, v)), value) => {
                let last = v.last().unwrap_or(k);
                if all
                    .iter()
                    .any(|t| t.kind == Kind::Comment && t.start > k.start && t.start < last.end)
                {
                    return Err(format!("a comment is inside `database.{}`", view.text(k)));
                }
                edits.push(Edit::replace(
                    k.start,
                    last.end,
                    entry_text(key, &value, None, ""),
                ));
            }
            (None, None, value) => {
                missing.push_str(&format!(", {}", entry_text(key, &value, None, "")));
            }
        }
    }
    if !missing.is_empty() {
        let edit = match entries.last() {
            Some((k, v)) => Edit::insert(v.last().unwrap_or(k).end, missing),
            None => Edit::replace(
                all[0].start,
                all[close].end,
                format!("{{ {} }}", &missing[2..]),
            ),
        };
        edits.push(edit);
    }
    apply(text, edits)
}

/// The index of the `}` or `]` closing the flow collection `tokens[0]` opens.
fn matching_close(tokens: &[Token]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            Kind::FlowOpen => depth += 1,
            Kind::FlowClose => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// One `key: value` of a flow map (its tokens between commas) added to `entries`.
fn flow_entry(entries: &mut Vec<(Token, Vec<Token>)>, tokens: Vec<Token>) -> Result<(), String> {
    match tokens.as_slice() {
        [] => Ok(()),
        [key, colon, value @ ..]
            if matches!(key.kind, Kind::Plain | Kind::Quoted)
                && colon.kind == Kind::Value
                && !value.is_empty() =>
        {
            entries.push((*key, value.to_vec()));
            Ok(())
        }
        _ => Err("a `database` entry is not `key: value`".to_string()),
    }
}

/// One entry of a block map: its key, its first line, and one past its last line with content.
struct Entry {
    key: String,
    start: usize,
    end: usize,
}

/// A value written into `database:`.
enum New {
    /// `{ records, mapped }`
    Counts(u64, u64),
    /// A date or a word, written as is.
    Scalar(String),
}

/// The values written, key by key, in the order a new entry lists them.
fn block_values(f: &Figures) -> [(&'static str, New); 4] {
    [
        ("customers", New::Counts(f.customers.0, f.customers.1)),
        ("prospects", New::Counts(f.prospects.0, f.prospects.1)),
        ("measured_on", New::Scalar(f.measured_on.to_string())),
        ("source", New::Scalar(f.source.id().to_string())),
    ]
}

/// The percentage a count entry replaces.
fn replaces(key: &str) -> Option<&'static str> {
    match key {
        "customers" => Some("customers_mapped_pct"),
        "prospects" => Some("prospects_mapped_pct"),
        _ => None,
    }
}

/// `key: value` as the file writes it, from its key on (no indentation before the key, no line
/// break after the last line): counts in a flow map, or, with `nested` (the column of a nested
/// block map's keys), in a block map under the key.
fn entry_text(key: &str, value: &New, nested: Option<usize>, eol: &str) -> String {
    match (value, nested) {
        (New::Scalar(s), _) => format!("{key}: {s}"),
        (New::Counts(r, m), None) => format!("{key}: {{ records: {r}, mapped: {m} }}"),
        (New::Counts(r, m), Some(col)) => {
            let pad = " ".repeat(col);
            format!("{key}:{eol}{pad}records: {r}{eol}{pad}mapped: {m}")
        }
    }
}

/// `lines` (each ending in `eol`) inserted after line `k`: at the end of the text when it is the
/// last line and has no line break of its own, after one.
fn insert_after(text: &str, view: &Lines, k: usize, lines: &str, eol: &str) -> Edit {
    if k + 1 < view.len() {
        Edit::insert(view.start(k + 1), lines)
    } else {
        let body = lines.strip_suffix(eol).unwrap_or(lines);
        Edit::insert(text.len(), format!("{eol}{body}"))
    }
}

/// The entries of the block map whose keys start at column `ci`, on lines `from..end`.
fn block_map(view: &Lines, from: usize, end: usize, ci: usize) -> Result<Vec<Entry>, String> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut j = from;
    while j < end {
        match view.indent(j) {
            None => j += 1,
            Some(i) if i == ci => {
                let (key, _) = view
                    .key_at(j, ci)
                    .ok_or("a `database` entry is not `key: value`")?;
                let mut e = j + 1;
                let mut last = e;
                while e < end && view.indent(e).is_none_or(|i| i > ci) {
                    e += 1;
                    if view.indent(e - 1).is_some() {
                        last = e;
                    }
                }
                entries.push(Entry {
                    key: key.to_string(),
                    start: j,
                    end: last,
                });
                j = last;
            }
            Some(_) => return Err("`database`'s entries are indented unevenly".to_string()),
        }
    }
    Ok(entries)
}

/// The column of the keys of entry `e`'s nested block map, when its value is one.
fn nested_col(view: &Lines, e: &Entry) -> Option<usize> {
    let (_, after) = view.key_at(e.start, view.indent(e.start)?)?;
    let inline = view.tokens(e.start)[after..]
        .iter()
        .any(|t| t.kind != Kind::Comment);
    if inline {
        return None;
    }
    (e.start + 1..e.end).find_map(|j| view.indent(j))
}

/// `database:` with its entries on lines of their own: each entry's value set where it is (a
/// nested `records:`/`mapped:` block value by value), a percentage turned into the counts that
/// replace it on its own line (its comment kept at the line's end), missing entries added after
/// the last one in the style of the counts already there. Every comment line stays.
fn block_entries(
    text: &str,
    view: &Lines,
    k: usize,
    end: usize,
    f: &Figures,
    file_indent: usize,
    eol: &str,
) -> Result<String, String> {
    let ci = (k + 1..end)
        .find_map(|j| view.indent(j))
        .unwrap_or(file_indent);
    let entries = block_map(view, k + 1, end, ci)?;
    let nested = entries
        .iter()
        .filter(|e| replaces(&e.key).is_some())
        .find_map(|e| nested_col(view, e));
    let pad = " ".repeat(ci);
    let mut edits = Vec::new();
    let mut missing = String::new();
    for (key, value) in block_values(f) {
        let old = replaces(key).and_then(|p| entries.iter().find(|e| e.key == p));
        match (entries.iter().find(|e| e.key == key), old) {
            (Some(e), _) => edits.extend(set_entry(text, view, e, &value, eol)?),
            (None, Some(e)) => edits.extend(rename_entry(text, view, e, key, &value, nested, eol)?),
            (None, None) => {
                let new = entry_text(key, &value, nested, eol);
                missing.push_str(&format!("{pad}{new}{eol}"));
            }
        }
    }
    // A percentage beside the counts that replace it: removed, its comment kept on a line of
    // its own.
    for e in entries
        .iter()
        .filter(|e| REPLACED.contains(&e.key.as_str()))
    {
        let counts = entries
            .iter()
            .any(|c| replaces(&c.key) == Some(e.key.as_str()));
        if !counts {
            continue;
        }
        if e.end > e.start + 1 {
            return Err(format!("`{}` spans several lines", e.key));
        }
        let comment = view.comment(e.start).trim_start();
        let (start, end) = if e.start + 1 < view.len() {
            (view.start(e.start), view.start(e.start + 1))
        } else {
            // The last line, without a break: the break before it goes with it.
            (view.end(e.start - 1), text.len())
        };
        let keep = match (comment.is_empty(), e.start + 1 < view.len()) {
            (true, _) => String::new(),
            (false, true) => format!("{pad}{comment}{eol}"),
            (false, false) => format!("{eol}{pad}{comment}"),
        };
        edits.push(Edit {
            start,
            end,
            new: keep,
        });
    }
    if !missing.is_empty() {
        let last = entries.iter().map(|e| e.end).max().unwrap_or(k + 1);
        edits.push(insert_after(text, view, last - 1, &missing, eol));
    }
    apply(text, edits)
}

/// The content tokens after the `:` of the entry on line `k`.
fn value_tokens(view: &Lines, k: usize) -> Result<(Token, Vec<Token>), String> {
    let (_, after) = view
        .key_at(k, view.indent(k).unwrap_or(0))
        .ok_or("an entry is not `key: value`")?;
    let tokens = view.tokens(k);
    let inline = tokens[after..]
        .iter()
        .filter(|t| t.kind != Kind::Comment)
        .copied()
        .collect();
    Ok((tokens[after - 1], inline))
}

/// The percentage entry `e` replaced by `key: value` on its line, its comment kept at the end.
fn rename_entry(
    text: &str,
    view: &Lines,
    e: &Entry,
    key: &str,
    value: &New,
    nested: Option<usize>,
    eol: &str,
) -> Result<Vec<Edit>, String> {
    if e.end > e.start + 1 {
        return Err(format!("`{}` spans several lines", e.key));
    }
    let (colon, inline) = value_tokens(view, e.start)?;
    let first = view
        .content(e.start)
        .next()
        .copied()
        .ok_or("an entry is not `key: value`")?;
    let last = inline.last().copied().unwrap_or(colon);
    match (value, nested) {
        (New::Counts(r, m), Some(col)) => {
            let pad = " ".repeat(col);
            Ok(vec![
                Edit::replace(first.start, last.end, format!("{key}:")),
                insert_after(
                    text,
                    view,
                    e.start,
                    &format!("{pad}records: {r}{eol}{pad}mapped: {m}{eol}"),
                    eol,
                ),
            ])
        }
        _ => Ok(vec![Edit::replace(
            first.start,
            last.end,
            entry_text(key, value, None, eol),
        )]),
    }
}

/// The value of entry `e` set to `value` where it is, its comments kept: a scalar's bytes
/// replaced; counts number by number, in a flow map (`{ records: 5, mapped: 1 }`) or a nested
/// block map (`records:` and `mapped:` on lines of their own).
fn set_entry(
    text: &str,
    view: &Lines,
    e: &Entry,
    value: &New,
    eol: &str,
) -> Result<Vec<Edit>, String> {
    let (colon, inline) = value_tokens(view, e.start)?;
    match value {
        New::Scalar(s) => {
            if e.end > e.start + 1 {
                return Err(format!("`{}` spans several lines", e.key));
            }
            match (inline.first(), inline.last()) {
                (Some(first), Some(last)) => Ok(vec![Edit::replace(first.start, last.end, s)]),
                _ => Ok(vec![Edit::insert(colon.end, format!(" {s}"))]),
            }
        }
        New::Counts(r, m) => match inline.first() {
            Some(open) if open.kind == Kind::FlowOpen => {
                let all: Vec<Token> = (e.start..e.end)
                    .flat_map(|j| view.tokens(j).to_vec())
                    .filter(|t| t.start >= open.start)
                    .collect();
                flow_counts(view, &e.key, &all, *r, *m)
            }
            Some(_) => Err(format!("`{}` is not a map", e.key)),
            None => block_counts(text, view, e, *r, *m, eol),
        },
    }
}

/// Counts written as `{ records: R, mapped: M }` (on one line or several; `tokens` start at its
/// `{`, comments included): each number replaced; a map holding something else is written anew
/// when no comment is inside it.
fn flow_counts(
    view: &Lines,
    name: &str,
    tokens: &[Token],
    r: u64,
    m: u64,
) -> Result<Vec<Edit>, String> {
    let close = matching_close(tokens).ok_or_else(|| format!("`{name}`'s map does not close"))?;
    let inside = &tokens[1..close];
    let content: Vec<Token> = inside
        .iter()
        .filter(|t| t.kind != Kind::Comment)
        .copied()
        .collect();
    let mut edits = Vec::new();
    let mut seen = (false, false);
    let mut simple = true;
    for entry in content.split(|t| t.kind == Kind::Comma) {
        match entry {
            [] => {}
            [key, colon, number] if colon.kind == Kind::Value && number.kind == Kind::Plain => {
                let new = match view.text(key) {
                    "records" if !seen.0 => {
                        seen.0 = true;
                        r
                    }
                    "mapped" if !seen.1 => {
                        seen.1 = true;
                        m
                    }
                    _ => {
                        simple = false;
                        break;
                    }
                };
                edits.push(Edit::replace(number.start, number.end, new.to_string()));
            }
            _ => {
                simple = false;
                break;
            }
        }
    }
    if simple && seen == (true, true) {
        return Ok(edits);
    }
    if inside.iter().any(|t| t.kind == Kind::Comment) {
        return Err(format!("a comment is inside `{name}`'s map"));
    }
    Ok(vec![Edit::replace(
        tokens[0].start,
        tokens[close].end,
        format!("{{ records: {r}, mapped: {m} }}"),
    )])
}

/// Counts written as a nested block map: the number on the `records:` and `mapped:` lines
/// replaced, a missing one added after the last.
fn block_counts(
    text: &str,
    view: &Lines,
    e: &Entry,
    r: u64,
    m: u64,
    eol: &str,
) -> Result<Vec<Edit>, String> {
    let col = nested_col(view, e).ok_or_else(|| format!("`{}` has no value", e.key))?;
    let mut edits = Vec::new();
    let mut seen = (false, false);
    for sub in block_map(view, e.start + 1, e.end, col)? {
        if sub.end > sub.start + 1 {
            return Err(format!("`{}.{}` spans several lines", e.key, sub.key));
        }
        let new = match sub.key.as_str() {
            "records" => {
                seen.0 = true;
                r
            }
            "mapped" => {
                seen.1 = true;
                m
            }
            other => return Err(format!("`{}` holds `{other}`", e.key)),
        };
        edits.extend(set_entry(
            text,
            view,
            &sub,
            &New::Scalar(new.to_string()),
            eol,
        )?);
    }
    let pad = " ".repeat(col);
    let mut missing = String::new();
    if !seen.0 {
        missing.push_str(&format!("{pad}records: {r}{eol}"));
    }
    if !seen.1 {
        missing.push_str(&format!("{pad}mapped: {m}{eol}"));
    }
    if !missing.is_empty() {
        edits.push(insert_after(text, view, e.end - 1, &missing, eol));
    }
    Ok(edits)
}

// ---- TOML ----

/// The text with the figures in its `database` table (inline or not), each value set where it
/// is, so the comments and spacing around it stay.
fn toml(text: &str, f: &Figures) -> Result<String, String> {
    use toml_edit::{value, DocumentMut, InlineTable, Item, Table, Value};
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let counts = |(records, mapped): (u64, u64)| -> Result<Value, String> {
        let mut t = InlineTable::new();
        t.insert(
            "records",
            Value::from(i64::try_from(records).map_err(|e| e.to_string())?),
        );
        t.insert(
            "mapped",
            Value::from(i64::try_from(mapped).map_err(|e| e.to_string())?),
        );
        Ok(Value::InlineTable(t))
    };
    let on = f.measured_on.0;
    let date = toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: u16::try_from(chrono::Datelike::year(&on)).map_err(|e| e.to_string())?,
            month: chrono::Datelike::month(&on) as u8,
            day: chrono::Datelike::day(&on) as u8,
        }),
        time: None,
        offset: None,
    };
    let values: [(&str, Value); 4] = [
        ("customers", counts(f.customers)?),
        ("prospects", counts(f.prospects)?),
        ("measured_on", Value::from(date)),
        ("source", Value::from(f.source.id())),
    ];
    if !doc.contains_key("database") {
        let mut t = Table::new();
        for (k, v) in values {
            t.insert(k, value(v));
        }
        doc.insert("database", Item::Table(t));
        return Ok(crlf_like(text, kept_end(text, doc.to_string())));
    }
    let db = doc["database"]
        .as_table_like_mut()
        .ok_or("`database` is not a table")?;
    // The keys in the file's order, a percentage standing for the counts that replace it.
    let order: Vec<String> = db
        .iter()
        .map(|(k, _)| match k {
            "customers_mapped_pct" => "customers".to_string(),
            "prospects_mapped_pct" => "prospects".to_string(),
            k => k.to_string(),
        })
        .collect();
    for (k, v) in values {
        match replaces(k).filter(|p| db.contains_key(p) && !db.contains_key(k)) {
            Some(pct) => rename_toml(db, pct, k, v),
            None => set_toml(db, k, v)?,
        }
    }
    for k in REPLACED {
        if db.contains_key(k) {
            db.remove(k);
        }
    }
    let rank = |k: &toml_edit::Key| {
        order
            .iter()
            .position(|o| o == k.get())
            .unwrap_or(usize::MAX)
    };
    match &mut doc["database"] {
        Item::Table(t) => t.sort_values_by(|a, _, b, _| rank(a).cmp(&rank(b))),
        Item::Value(Value::InlineTable(t)) => t.sort_values_by(|a, _, b, _| rank(a).cmp(&rank(b))),
        _ => {}
    }
    Ok(crlf_like(text, kept_end(text, doc.to_string())))
}

/// `out` ending as `original` does: without a final line break when it had none (`toml_edit`
/// ends a key it adds at the end of the file with one).
fn kept_end(original: &str, mut out: String) -> String {
    if !original.is_empty() && !original.ends_with('\n') && out.ends_with('\n') {
        out.pop();
        if out.ends_with('\r') {
            out.pop();
        }
    }
    out
}

/// The percentage `pct` replaced by `key = v`: the comments above it and at its line's end kept
/// on the new key and value.
fn rename_toml(db: &mut dyn toml_edit::TableLike, pct: &str, key: &str, v: toml_edit::Value) {
    use toml_edit::Item;
    let key_decor = db.key(pct).map(|k| k.leaf_decor().clone());
    let value_decor = db
        .get(pct)
        .and_then(Item::as_value)
        .map(|v| v.decor().clone());
    db.remove(pct);
    let mut v = v;
    if let Some(d) = value_decor {
        *v.decor_mut() = d;
    }
    db.insert(key, Item::Value(v));
    if let (Some(d), Some(mut k)) = (key_decor, db.key_mut(key)) {
        *k.leaf_decor_mut() = d;
    }
}

/// Set `key` in a table to `v`, keeping the decoration of what was there; a sub-table
/// (`[database.customers]`) has its own keys set.
fn set_toml(
    db: &mut dyn toml_edit::TableLike,
    key: &str,
    v: toml_edit::Value,
) -> Result<(), String> {
    use toml_edit::Item;
    match db.get_mut(key) {
        Some(Item::Table(sub)) => {
            let inline = v
                .as_inline_table()
                .ok_or("a sub-table where a value is written")?;
            for (k, x) in inline.iter() {
                let mut x = x.clone();
                match sub.get_mut(k).and_then(Item::as_value_mut) {
                    // Set where it is: the key and the comments above it stay.
                    Some(old) => {
                        *x.decor_mut() = old.decor().clone();
                        *old = x;
                    }
                    None => {
                        sub.insert(k, Item::Value(x));
                    }
                }
            }
            Ok(())
        }
        Some(Item::Value(old)) => {
            let decor = old.decor().clone();
            *old = v;
            *old.decor_mut() = decor;
            Ok(())
        }
        _ => {
            db.insert(key, Item::Value(v));
            Ok(())
        }
    }
}

#[cfg(test)]
mod generated;

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn figures() -> Figures {
        Figures {
            customers: (1_000, 920),
            prospects: (5_000, 2_600),
            measured_on: Date::parse("2026-12-01").unwrap(),
            source: CrmSource::Hubspot,
        }
    }

    #[test]
    fn a_block_database_is_edited_in_place_keeping_every_comment() {
        let text = "# Acme's program\nanswers:\n  training: emerging\ndatabase:            # from the CRM\n  # hand-typed last quarter\n  customers_mapped_pct: 92   # customers\n  prospects_mapped_pct: 55\npolicy:\n  require_complete: false\n";
        let new = yaml(text, &figures()).unwrap();
        assert_eq!(
            new,
            "# Acme's program\nanswers:\n  training: emerging\ndatabase:            # from the CRM\n  # hand-typed last quarter\n  customers: { records: 1000, mapped: 920 }   # customers\n  prospects: { records: 5000, mapped: 2600 }\n  measured_on: 2026-12-01\n  source: hubspot\npolicy:\n  require_complete: false\n"
        );
        // Measured again: only the values change.
        let again = yaml(
            &new,
            &Figures {
                customers: (1_010, 930),
                ..figures()
            },
        )
        .unwrap();
        assert_eq!(
            again,
            new.replace("records: 1000, mapped: 920", "records: 1010, mapped: 930")
        );
    }

    #[test]
    fn a_flow_database_and_a_missing_one_are_written_in_the_files_own_style() {
        let text = "answers: { training: emerging }\ndatabase: { customers_mapped_pct: 92, prospects_mapped_pct: 55 }   # keep\n";
        assert_eq!(
            yaml(text, &figures()).unwrap(),
            "answers: { training: emerging }\ndatabase: { customers: { records: 1000, mapped: 920 }, prospects: { records: 5000, mapped: 2600 }, measured_on: 2026-12-01, source: hubspot }   # keep\n"
        );
        let text =
            "answers:\n    training: emerging\n# the bar\npolicy:\n    require_complete: true\n";
        assert_eq!(
            yaml(text, &figures()).unwrap(),
            "answers:\n    training: emerging\ndatabase:\n    customers: { records: 1000, mapped: 920 }\n    prospects: { records: 5000, mapped: 2600 }\n    measured_on: 2026-12-01\n    source: hubspot\n# the bar\npolicy:\n    require_complete: true\n"
        );
    }

    #[test]
    fn toml_keeps_its_comments_and_writes_a_date() {
        let text = "# Acme\n[answers]\ntraining = \"emerging\"\n\n[database]  # from HubSpot\ncustomers_mapped_pct = 92 # old\nprospects = { records = 10, mapped = 1 }   # keep me\n";
        let new = toml(text, &figures()).unwrap();
        assert!(
            new.starts_with(
                "# Acme\n[answers]\ntraining = \"emerging\"\n\n[database]  # from HubSpot\n"
            ),
            "{new}"
        );
        assert!(
            new.contains("prospects = { records = 5000, mapped = 2600 }   # keep me\n"),
            "{new}"
        );
        assert!(new.contains("measured_on = 2026-12-01"), "{new}");
        assert!(new.contains("source = \"hubspot\""), "{new}");
        assert!(!new.contains("customers_mapped_pct"), "{new}");
        // The percentage's line becomes the counts' line, its comment kept at its end.
        assert!(
            new.contains(
                "[database]  # from HubSpot\ncustomers = { records = 1000, mapped = 920 } # old\n"
            ),
            "{new}"
        );
    }
}
