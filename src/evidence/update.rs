//! Writing measured database figures into a program file (`evidence crm --update FILE`): its
//! `database:` gets the record counts, `measured_on` and `source`, and nothing else of the file
//! changes. YAML is edited on its bytes with the one YAML tokenizer
//! ([`yaml_text`](crate::source::yaml_text)), TOML through `toml_edit`: every byte outside the
//! changed values stays, comments and layout included. The edit is read back through the
//! program reader and must hold exactly the old document with the new figures; when it does not,
//! or the layout is beyond an exact edit (anchors, several documents, a comment inside a value
//! that would go), the file as it was is kept as `FILE.bak` and the file is written whole.

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
    if all
        .iter()
        .any(|t| matches!(t.kind, Kind::DocumentMarker | Kind::Directive))
    {
        return Err("the file has document markers (---)".to_string());
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

/// `database: { … }`: the flow map replaced whole; a comment inside it would go, so it is refused.
fn flow_block(
    text: &str,
    view: &Lines,
    k: usize,
    end: usize,
    open: usize,
    f: &Figures,
) -> Result<String, String> {
    let tokens = content(view, k, end);
    let mut depth = 0usize;
    let mut close = None;
    for t in tokens.iter().filter(|t| t.start >= open) {
        match t.kind {
            Kind::FlowOpen => depth += 1,
            Kind::FlowClose => {
                depth -= 1;
                if depth == 0 {
                    close = Some(t.end);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close.ok_or("`database`'s map does not close")?;
    let inside_comment = (k..end).any(|j| {
        view.tokens(j)
            .iter()
            .any(|t| t.kind == Kind::Comment && t.start > open && t.start < close)
    });
    if inside_comment {
        return Err("a comment is inside `database`'s map".to_string());
    }
    let entries: Vec<String> = yaml_values(f)
        .iter()
        .map(|(key, value)| format!("{key}: {value}"))
        .collect();
    apply(
        text,
        vec![Edit {
            start: open,
            end: close,
            new: format!("{{ {} }}", entries.join(", ")),
        }],
    )
}

/// One entry of a block map: its key, its first line, and one past its last line.
struct Entry {
    key: String,
    start: usize,
    end: usize,
}

/// `database:` with its entries on lines of their own: each entry set in place, the
/// percentages removed (a comment on their line kept on a line of its own), missing entries
/// added after the last one.
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
    let mut entries: Vec<Entry> = Vec::new();
    let mut j = k + 1;
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
    let mut edits = Vec::new();
    let pad = " ".repeat(ci);
    for e in &entries {
        if REPLACED.contains(&e.key.as_str()) {
            let comment = view.comment(e.start).trim_start();
            let keep = if comment.is_empty() {
                String::new()
            } else {
                format!("{pad}{comment}{eol}")
            };
            if e.end > e.start + 1 {
                return Err(format!("`{}` spans several lines", e.key));
            }
            edits.push(Edit {
                start: view.start(e.start),
                end: line_after(text, view, e.start),
                new: keep,
            });
        }
    }
    let mut missing = String::new();
    for (key, value) in yaml_values(f) {
        match entries.iter().find(|e| e.key == key) {
            Some(e) => edits.push(set_entry(text, view, e, &value)?),
            None => missing.push_str(&format!("{pad}{key}: {value}{eol}")),
        }
    }
    if !missing.is_empty() {
        let last = entries.iter().map(|e| e.end).max().unwrap_or(k + 1);
        let at = if last < view.len() {
            view.start(last)
        } else {
            text.len()
        };
        if at == text.len() && !text.ends_with('\n') {
            missing = format!("{eol}{}", missing.trim_end_matches(['\r', '\n']));
        }
        edits.push(Edit {
            start: at,
            end: at,
            new: missing,
        });
    }
    apply(text, edits)
}

/// Where the line after line `k` starts (the end of the text for the last line).
fn line_after(text: &str, view: &Lines, k: usize) -> usize {
    if k + 1 < view.len() {
        view.start(k + 1)
    } else {
        text.len()
    }
}

/// The value of entry `e` set to `value`: written on its own line, the value's bytes replaced
/// and its comment kept; `records:`/`mapped:` lines of a nested map set one by one.
fn set_entry(text: &str, view: &Lines, e: &Entry, value: &str) -> Result<Edit, String> {
    let (_, after) = view
        .key_at(e.start, view.indent(e.start).unwrap_or(0))
        .ok_or("an entry is not `key: value`")?;
    let tokens: Vec<Token> = view.tokens(e.start)[after..]
        .iter()
        .filter(|t| t.kind != Kind::Comment)
        .copied()
        .collect();
    if e.end > e.start + 1 {
        return Err("a `database` entry spans several lines".to_string());
    }
    match (tokens.first(), tokens.last()) {
        (Some(first), Some(last)) => {
            if view
                .tokens(e.start)
                .iter()
                .any(|t| t.kind == Kind::Comment && t.start > first.start && t.start < last.end)
            {
                return Err("a comment is inside a `database` value".to_string());
            }
            Ok(Edit {
                start: first.start,
                end: last.end,
                new: value.to_string(),
            })
        }
        _ => {
            let colon = view.tokens(e.start)[after - 1];
            let _ = text;
            Ok(Edit {
                start: colon.end,
                end: colon.end,
                new: format!(" {value}"),
            })
        }
    }
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
        return Ok(crlf_like(text, doc.to_string()));
    }
    let db = doc["database"]
        .as_table_like_mut()
        .ok_or("`database` is not a table")?;
    for k in REPLACED {
        if db.contains_key(k) {
            db.remove(k);
        }
    }
    for (k, v) in values {
        set_toml(db, k, v)?;
    }
    Ok(crlf_like(text, doc.to_string()))
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
                if let Some(old) = sub.get(k).and_then(Item::as_value) {
                    *x.decor_mut() = old.decor().clone();
                }
                sub.insert(k, Item::Value(x));
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
mod tests {
    use super::*;

    fn figures() -> Figures {
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
            "# Acme's program\nanswers:\n  training: emerging\ndatabase:            # from the CRM\n  # hand-typed last quarter\n  # customers\n  customers: { records: 1000, mapped: 920 }\n  prospects: { records: 5000, mapped: 2600 }\n  measured_on: 2026-12-01\n  source: hubspot\npolicy:\n  require_complete: false\n"
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
    }

    mod generated {
        use super::*;
        use proptest::prelude::*;

        /// How `database:` is written before the update.
        #[derive(Debug, Clone)]
        enum Before {
            Absent,
            /// Its entries (key, value), each with a trailing comment or not, and a comment line
            /// inside.
            Block(Vec<(&'static str, &'static str, bool)>, bool),
            Flow,
        }

        fn before() -> impl Strategy<Value = Before> {
            let entries = prop::sample::subsequence(
                vec![
                    ("customers_mapped_pct", "60"),
                    ("prospects_mapped_pct", "12.5"),
                    ("measured_on", "2026-01-01"),
                    ("source", "crm"),
                ],
                0..=4,
            );
            prop_oneof![
                Just(Before::Absent),
                Just(Before::Flow),
                (
                    entries,
                    prop::collection::vec(any::<bool>(), 4),
                    any::<bool>()
                )
                    .prop_map(|(e, c, inside)| {
                        let mut e: Vec<(&str, &str, bool)> =
                            e.into_iter().zip(c).map(|((k, v), c)| (k, v, c)).collect();
                        // A side is given one way: counts when its percentage is not there.
                        if !e.iter().any(|x| x.0 == "customers_mapped_pct") {
                            e.push(("customers", "{ records: 5, mapped: 1 }", false));
                        }
                        if !e.iter().any(|x| x.0 == "prospects_mapped_pct") {
                            e.push(("prospects", "{ records: 9, mapped: 2 }", true));
                        }
                        if !e.iter().any(|x| x.0 == "measured_on") {
                            e.retain(|x| x.0 != "source");
                        }
                        Before::Block(e, inside)
                    }),
            ]
        }

        /// A program file as a person writes one: comments above and beside, the file's own
        /// indentation and line breaks, `database:` anywhere among the sections.
        fn program(b: &Before, indent: usize, crlf: bool, policy: bool, first: bool) -> String {
            let pad = " ".repeat(indent);
            let mut lines: Vec<String> = vec![
                "# Acme's program".into(),
                "answers:".into(),
                format!("{pad}training: emerging   # Dana"),
                format!("{pad}# the rest later"),
            ];
            let mut db: Vec<String> = Vec::new();
            match b {
                Before::Absent => {}
                Before::Flow => db.push(
                    "database: { customers_mapped_pct: 5, prospects_mapped_pct: 7 }   # by hand"
                        .into(),
                ),
                Before::Block(entries, inside) => {
                    db.push("database:      # CRM".into());
                    if *inside {
                        db.push(format!("{pad}# measured by hand"));
                    }
                    for (k, v, c) in entries {
                        let comment = if *c { "   # why" } else { "" };
                        db.push(format!("{pad}{k}: {v}{comment}"));
                    }
                }
            }
            if first {
                let mut all = db;
                all.extend(lines);
                lines = all;
            } else {
                lines.extend(db);
            }
            if policy {
                lines.push("# the team's bar".into());
                lines.push("policy:".into());
                lines.push(format!("{pad}require_complete: false"));
            }
            let eol = if crlf { "\r\n" } else { "\n" };
            lines.join(eol) + eol
        }

        /// The lines of `text` outside its top-level `database:` block.
        fn outside(text: &str) -> Vec<String> {
            let mut out = Vec::new();
            let mut inside = false;
            for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
                let top = !line.starts_with([' ', '#', '\r']) && !line.is_empty();
                if top {
                    inside = line.starts_with("database:");
                }
                if !inside {
                    out.push(line.to_string());
                }
            }
            out
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

            /// The figures land in `database:`, every line outside it is kept byte for byte, and
            /// every comment of the file is still there.
            #[test]
            fn an_update_changes_only_the_database(
                b in before(),
                indent in prop::sample::select(vec![2usize, 4]),
                crlf in any::<bool>(),
                policy in any::<bool>(),
                first in any::<bool>(),
            ) {
                let text = program(&b, indent, crlf, policy, first);
                let new = yaml(&text, &figures()).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
                let src = Source::from_text("p.yaml", new.clone(), Syntax::Yaml);
                let after: RawAnswers = src.parse().map_err(|e| TestCaseError::fail(format!("{e}\n{new}")))?;
                let before: RawAnswers = Source::from_text("p.yaml", text.clone(), Syntax::Yaml).parse().unwrap();
                let mut wanted = before.clone();
                wanted.database = Some(figures().raw());
                prop_assert_eq!(serde_json::to_value(&after).unwrap(), serde_json::to_value(&wanted).unwrap(), "{}", new);
                let kept: Vec<String> = outside(&text);
                let now: Vec<String> = outside(&new);
                if !matches!(b, Before::Absent) || !policy {
                    prop_assert_eq!(&kept, &now, "{}", new);
                }
                for c in text.split('\n').filter_map(|l| l.find('#').map(|k| l[k..].trim_end().to_string())) {
                    prop_assert!(new.contains(&c), "comment {:?} lost:\n{}", c, new);
                }
                if crlf {
                    prop_assert!(!new.replace("\r\n", "").contains('\n'), "a bare LF:\n{:?}", new);
                }
            }
        }
    }
}
