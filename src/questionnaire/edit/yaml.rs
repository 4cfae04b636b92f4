//! The in-place edit of a YAML answers file, on the bytes of the text: only the value that
//! changed is rewritten (a level, a note, the date), and every other byte stays where it was,
//! comments and layout included. An answer is written as a scalar (`id: emerging`), a flow map
//! (`id: { level: emerging, note: "…" }`, on one line or several) or a block map (`level:` and
//! `note:` on lines of their own, the note plain, quoted or a block scalar); a comment anywhere
//! in it stays. What this cannot do exactly (flow-style `answers`, anchors, several documents, a
//! map nested in an answer) is refused with the reason, and the caller keeps a copy and rewrites
//! the file whole.

use super::{level_word, quoted};
use crate::assessment::Assessment;
use crate::rubric::Rubric;
use crate::source::splice::{apply, Splice as Edit};
use crate::source::yaml_text::{tokens, Kind, Lines, Token};

/// The text, its lines, its tokens (no breaks) and its line break.
struct Doc<'a> {
    text: &'a str,
    view: Lines<'a>,
    raw: Vec<Token>,
    eol: &'static str,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str) -> Doc<'a> {
        Doc {
            text,
            view: Lines::new(text),
            raw: tokens(text).filter(|t| t.kind != Kind::Break).collect(),
            eol: if text.contains("\r\n") { "\r\n" } else { "\n" },
        }
    }

    /// The tokens that start in bytes `from..to`.
    fn between(&self, from: usize, to: usize) -> &[Token] {
        let a = self.raw.partition_point(|t| t.start < from);
        let b = self.raw.partition_point(|t| t.start < to);
        &self.raw[a..b]
    }

    fn line_of(&self, t: &Token) -> usize {
        self.view.line_of(t.start)
    }

    /// Whether a comment starts in bytes `from..to`.
    fn comment_in(&self, from: usize, to: usize) -> bool {
        self.between(from, to)
            .iter()
            .any(|t| t.kind == Kind::Comment)
    }

    /// A new line before line `k` (or after the last line when `k` is past it).
    fn insert_line(&self, k: usize, line: &str) -> Edit {
        if k < self.view.len() {
            let at = self.view.start(k);
            if at == self.text.len() && !self.text.is_empty() && !self.text.ends_with('\n') {
                return Edit::insert(at, format!("{}{line}", self.eol));
            }
            Edit::insert(at, format!("{line}{}", self.eol))
        } else {
            Edit::insert(self.text.len(), format!("{}{line}", self.eol))
        }
    }

    /// Lines `from..to` (their breaks too) removed.
    fn remove_lines(&self, from: usize, to: usize) -> Edit {
        if to < self.view.len() {
            Edit::replace(self.view.start(from), self.view.start(to), "")
        } else if from > 0 {
            // The last lines of a text without a final break: the break before them goes.
            Edit::replace(self.view.end(from - 1), self.text.len(), "")
        } else {
            Edit::replace(0, self.text.len(), "")
        }
    }
}

/// The value written after the `:` on line `k` (the token before `after` in its tokens), without
/// its comment.
fn inline_value<'a>(view: &Lines<'a>, k: usize, after: usize) -> &'a str {
    let line = view.line(k);
    let colon = view.col(k, &view.tokens(k)[after - 1]);
    let rest = &line[colon + 1..];
    rest.strip_suffix(view.comment(k)).unwrap_or(rest).trim()
}

/// A line holding only a comment.
fn comment_only(view: &Lines, k: usize) -> bool {
    !view.tokens(k).is_empty() && view.indent(k).is_none()
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The line where top-level `key:` is written, and the index of what follows its `:`.
fn top_key(view: &Lines, key: &str) -> Option<(usize, usize)> {
    (0..view.len()).find_map(|k| {
        let (name, after) = view.key_at(k, 0)?;
        (name == key).then_some((k, after))
    })
}

/// One past the last line of the answer that starts on line `k`: the lines after it that are
/// more indented than `indent`, or continue its value, up to the next answer or a comment at the
/// answers' column; blank lines at its end are not its own.
fn entry_end(view: &Lines, k: usize, indent: usize, block_end: usize) -> usize {
    let mut end = k + 1;
    let mut last = end;
    while end < block_end {
        match view.indent(end) {
            Some(i) if i <= indent => break,
            None if comment_only(view, end) && indent_of(view.line(end)) <= indent => break,
            _ => {}
        }
        end += 1;
        if !view.line(end - 1).trim().is_empty() {
            last = end;
        }
    }
    last
}

struct Entry {
    attribute: usize,
    start: usize,
    /// One past its last line.
    end: usize,
}

/// The answers written under `answers:` (a block map at line `answers_at`), each with its lines,
/// and their indentation; a layout beyond a safe edit is refused.
fn entries(doc: &Doc, rubric: &Rubric, answers_at: usize) -> Result<(Vec<Entry>, usize), String> {
    let view = &doc.view;
    // The block: up to the next line with content at column 0.
    let block_end = (answers_at + 1..view.len())
        .find(|&k| view.indent(k) == Some(0))
        .unwrap_or(view.len());
    let k_indent = (answers_at + 1..block_end)
        .find_map(|k| view.indent(k))
        .unwrap_or(2);
    let mut entries: Vec<Entry> = Vec::new();
    let mut k = answers_at + 1;
    while k < block_end {
        let Some(indent) = view.indent(k) else {
            k += 1;
            continue;
        };
        if indent != k_indent {
            return Err(format!("line {} is indented unlike the answers", k + 1));
        }
        let (key, _) = view
            .key_at(k, k_indent)
            .ok_or("an answer is not `id: level`")?;
        let attribute = rubric
            .attribute_index(key)
            .ok_or("an answer names an unknown attribute")?;
        let end = entry_end(view, k, k_indent, block_end);
        let anchored = doc
            .between(view.start(k), view.end(end - 1))
            .iter()
            .any(|t| matches!(t.kind, Kind::Anchor | Kind::Alias | Kind::Tag));
        if anchored {
            return Err("an answer uses an anchor, an alias or a tag".to_string());
        }
        entries.push(Entry {
            attribute,
            start: k,
            end,
        });
        k = end;
    }
    Ok((entries, k_indent))
}

/// A whole answer's value: the level, or the level and the note as a flow map.
fn whole_value(word: &str, note: Option<&str>) -> String {
    match note {
        Some(n) => format!("{{ level: {word}, note: {} }}", quoted(n)),
        None => word.to_string(),
    }
}

/// One key of an answer written as a map: its key token, the `:`, and its value's tokens
/// (comments left out).
struct Field {
    name: String,
    key: Token,
    colon: Token,
    value: Vec<Token>,
}

impl Field {
    /// Where the field ends: its value's last token, or its `:`.
    fn end(&self) -> usize {
        self.value.last().map_or(self.colon.end, |t| t.end)
    }
}

/// What changes in one answer: the level's word when it changed, and the note when it changed
/// (`Some(None)`: removed).
struct Change<'n> {
    level: Option<&'n str>,
    note: Option<Option<&'n str>>,
}

/// The value of `f` replaced by `new`: only its bytes. A block scalar's header becomes the new
/// value and its content lines go; a comment on the header's line stays.
fn replace_value(doc: &Doc, f: &Field, new: &str, edits: &mut Vec<Edit>) -> Result<(), String> {
    let (Some(first), Some(last)) = (f.value.first(), f.value.last()) else {
        edits.push(Edit::insert(f.colon.end, format!(" {new}")));
        return Ok(());
    };
    if first.kind == Kind::BlockScalar {
        edits.push(Edit::replace(first.start, first.end, new));
        let header_line = doc.line_of(first);
        if doc.line_of(last) > header_line {
            edits.push(Edit::replace(doc.view.end(header_line), last.end, ""));
        }
        return Ok(());
    }
    if doc.comment_in(first.start, last.end) {
        return Err("a comment sits inside its value".to_string());
    }
    edits.push(Edit::replace(first.start, last.end, new));
    Ok(())
}

/// The tokens of a value allowed in an answer: text, never a collection or a reference.
fn is_text(t: &Token) -> bool {
    matches!(
        t.kind,
        Kind::Plain | Kind::Quoted | Kind::BlockScalar | Kind::BlockText
    )
}

/// The edits for one answer that is written in the file (entry `e`, its `:` at `colon`).
fn answer_edits(
    doc: &Doc,
    e: &Entry,
    colon: &Token,
    change: &Change,
    edits: &mut Vec<Edit>,
) -> Result<(), String> {
    let rest: Vec<Token> = doc
        .between(colon.end, doc.view.end(e.end - 1))
        .iter()
        .filter(|t| t.kind != Kind::Comment)
        .copied()
        .collect();
    let Some(first) = rest.first() else {
        // `id:` with nothing: null, not sure.
        let word = change.level.unwrap_or("unsure");
        let note = change.note.flatten();
        edits.push(Edit::insert(
            colon.end,
            format!(" {}", whole_value(word, note)),
        ));
        return Ok(());
    };
    if doc.line_of(first) != e.start {
        return block_map_edits(doc, &rest, change, edits);
    }
    if first.kind == Kind::FlowOpen {
        return flow_map_edits(doc, &rest, change, edits);
    }
    // A scalar: the level alone.
    if !rest
        .iter()
        .all(|t| matches!(t.kind, Kind::Plain | Kind::Quoted))
    {
        return Err(
            "it is written in a form this tool cannot change without touching text around it"
                .to_string(),
        );
    }
    let last = rest[rest.len() - 1];
    if doc.comment_in(first.start, last.end) {
        return Err("a comment sits inside its value".to_string());
    }
    let word = match change.level {
        Some(w) => w.to_string(),
        None => doc.text[first.start..last.end].to_string(),
    };
    let note = change.note.flatten();
    edits.push(Edit::replace(
        first.start,
        last.end,
        whole_value(&word, note),
    ));
    Ok(())
}

/// An answer written as a block map: `level:` and `note:` on lines of their own.
fn block_map_edits(
    doc: &Doc,
    rest: &[Token],
    change: &Change,
    edits: &mut Vec<Edit>,
) -> Result<(), String> {
    let view = &doc.view;
    let m = view.col(doc.line_of(&rest[0]), &rest[0]);
    let mut fields: Vec<Field> = Vec::new();
    let mut k = 0;
    while k < rest.len() {
        let t = rest[k];
        let line = doc.line_of(&t);
        let is_key = view.col(line, &t) == m
            && matches!(t.kind, Kind::Plain | Kind::Quoted)
            && rest.get(k + 1).is_some_and(|c| c.kind == Kind::Value);
        if is_key {
            let text = &doc.text[t.start..t.end];
            let name = if t.kind == Kind::Quoted {
                &text[1..text.len() - 1]
            } else {
                text
            };
            fields.push(Field {
                name: name.to_string(),
                key: t,
                colon: rest[k + 1],
                value: Vec::new(),
            });
            k += 2;
            continue;
        }
        match fields.last_mut() {
            Some(f) if is_text(&t) => f.value.push(t),
            _ => return Err(
                "it is written in a form this tool cannot change without touching text around it"
                    .to_string(),
            ),
        }
        k += 1;
    }
    let field = |name: &str| fields.iter().find(|f| f.name == name);
    if let Some(word) = change.level {
        let f = field("level").ok_or("it has no `level`")?;
        replace_value(doc, f, word, edits)?;
    }
    let pad = " ".repeat(m);
    match (change.note, field("note")) {
        (None, _) => {}
        (Some(Some(note)), Some(f)) => replace_value(doc, f, &quoted(note), edits)?,
        (Some(Some(note)), None) => {
            // A line of its own after the level's.
            let level = field("level").ok_or("it has no `level`")?;
            let line = view.line_of(level.end().saturating_sub(1));
            edits.push(Edit::insert(
                view.end(line),
                format!("{}{pad}note: {}", doc.eol, quoted(note)),
            ));
        }
        (Some(None), Some(f)) => {
            // The note's lines go; a comment on them stays, on a line of its own.
            let (from, to) = (doc.line_of(&f.key), view.line_of(f.end().saturating_sub(1)));
            let comments: Vec<String> = doc
                .between(view.start(from), view.end(to))
                .iter()
                .filter(|t| t.kind == Kind::Comment)
                .map(|t| format!("{pad}{}", &doc.text[t.start..t.end]))
                .collect();
            if comments.is_empty() {
                edits.push(doc.remove_lines(from, to + 1));
            } else {
                edits.push(Edit::replace(
                    view.start(from),
                    view.end(to),
                    comments.join(doc.eol),
                ));
            }
        }
        (Some(None), None) => {}
    }
    Ok(())
}

/// An answer written as a flow map, `{ level: …, note: … }`, on one line or several.
fn flow_map_edits(
    doc: &Doc,
    rest: &[Token],
    change: &Change,
    edits: &mut Vec<Edit>,
) -> Result<(), String> {
    let beyond = || {
        "it is written in a form this tool cannot change without touching text around it"
            .to_string()
    };
    let mut fields: Vec<Field> = Vec::new();
    let mut k = 1;
    let mut closed = false;
    while k < rest.len() {
        let t = rest[k];
        match t.kind {
            Kind::FlowClose => {
                closed = true;
                if k + 1 != rest.len() {
                    return Err(beyond());
                }
                break;
            }
            Kind::Comma => {}
            Kind::Plain | Kind::Quoted
                if rest.get(k + 1).is_some_and(|c| c.kind == Kind::Value) =>
            {
                let text = &doc.text[t.start..t.end];
                let name = if t.kind == Kind::Quoted {
                    &text[1..text.len() - 1]
                } else {
                    text
                };
                fields.push(Field {
                    name: name.to_string(),
                    key: t,
                    colon: rest[k + 1],
                    value: Vec::new(),
                });
                k += 1;
            }
            Kind::Plain | Kind::Quoted => match fields.last_mut() {
                Some(f) => f.value.push(t),
                None => return Err(beyond()),
            },
            _ => return Err(beyond()),
        }
        k += 1;
    }
    if !closed {
        return Err(beyond());
    }
    let at = |name: &str| fields.iter().position(|f| f.name == name);
    if let Some(word) = change.level {
        let f = at("level").ok_or("it has no `level`")?;
        replace_value(doc, &fields[f], word, edits)?;
    }
    match (change.note, at("note")) {
        (None, _) | (Some(None), None) => {}
        (Some(Some(note)), Some(f)) => replace_value(doc, &fields[f], &quoted(note), edits)?,
        (Some(Some(note)), None) => {
            let level = at("level").ok_or("it has no `level`")?;
            edits.push(Edit::insert(
                fields[level].end(),
                format!(", note: {}", quoted(note)),
            ));
        }
        (Some(None), Some(f)) => {
            // The note and the comma that joins it to its neighbour.
            let (from, to) = if f > 0 {
                (fields[f - 1].end(), fields[f].end())
            } else if let Some(next) = fields.get(1) {
                (fields[0].key.start, next.key.start)
            } else {
                return Err("its only key would be removed".to_string());
            };
            if doc.comment_in(from, to) {
                return Err("a comment sits inside its value".to_string());
            }
            edits.push(Edit::replace(from, to, ""));
        }
    }
    Ok(())
}

/// `text` with `before` changed into `after`, every other byte kept.
pub(super) fn yaml(
    text: &str,
    rubric: &Rubric,
    before: &Assessment,
    after: &Assessment,
) -> Result<String, String> {
    if text.replace("\r\n", "").contains('\r') {
        return Err("its lines end with CR alone (old Mac line breaks)".to_string());
    }
    let doc = Doc::new(text);
    let view = &doc.view;
    one_document(&doc)?;
    let (answers_at, after_colon) =
        top_key(view, "answers").ok_or("no `answers:` line at the top level")?;
    let mut edits: Vec<Edit> = Vec::new();
    match inline_value(view, answers_at, after_colon) {
        "" => {}
        "{}" => {
            let toks = view.tokens(answers_at);
            let colon = toks[after_colon - 1];
            let close = toks[after_colon + 1];
            edits.push(Edit::replace(colon.end, close.end, ""));
        }
        _ => {
            return Err(
                "`answers` is written on one line, in braces ({ … }), not one answer a line"
                    .to_string(),
            )
        }
    }
    let (entries, k_indent) = entries(&doc, rubric, answers_at)?;
    let pad = " ".repeat(k_indent);
    for i in 0..rubric.attributes.len() {
        let (a, b) = (after.answers[i], before.answers[i]);
        let (na, nb) = (&after.notes[i], &before.notes[i]);
        if a == b && na == nb {
            continue;
        }
        let Some(word) = level_word(rubric, a) else {
            return Err("an answer would be removed".to_string());
        };
        let id = &rubric.attributes[i].id;
        match entries.iter().find(|e| e.attribute == i) {
            Some(e) => {
                let toks = view.tokens(e.start);
                let (_, after) = view
                    .key_at(e.start, k_indent)
                    .ok_or("an answer is not `id: level`")?;
                let change = Change {
                    level: (a != b).then_some(word),
                    note: (na != nb).then_some(na.as_deref()),
                };
                answer_edits(&doc, e, &toks[after - 1], &change, &mut edits).map_err(|why| {
                    format!(
                        "the answer to {} on line {}: {why}",
                        rubric.attributes[i].name,
                        e.start + 1
                    )
                })?;
            }
            None => {
                let at = insertion_point(rubric, &entries, view, i, answers_at);
                let line = format!("{pad}{id}: {}", whole_value(word, na.as_deref()));
                edits.push(doc.insert_line(at, &line));
            }
        }
    }
    top_level_edits(&doc, before, after, answers_at, &mut edits)?;
    apply(text, edits)
}

/// Refuses a text that is not one document. A `%YAML` directive and a `---` before the first
/// key, and a `...` after the last value, are the one document's markers (yamllint's
/// `document-start` rule asks for the `---`): they stay as they are and the edit goes on.
fn one_document(doc: &Doc) -> Result<(), String> {
    let several = || "the file holds several YAML documents (`---` or `...` between them)";
    let content = |t: &Token| {
        !matches!(
            t.kind,
            Kind::Comment | Kind::DocumentMarker | Kind::Directive
        )
    };
    let first = doc.raw.iter().position(content);
    let last = doc.raw.iter().rposition(content);
    let (mut starts, mut ends) = (0, 0);
    for (k, t) in doc.raw.iter().enumerate() {
        let before_first = first.is_none_or(|f| k < f);
        match t.kind {
            Kind::Directive if !before_first => return Err(several().to_string()),
            Kind::DocumentMarker if &doc.text[t.start..t.end] == "..." => {
                ends += 1;
                if last.is_some_and(|l| k < l) || ends > 1 {
                    return Err(several().to_string());
                }
            }
            Kind::DocumentMarker => {
                starts += 1;
                if !before_first || starts > 1 {
                    return Err(several().to_string());
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The edits to `organization`, `date` and `respondent`: their values where they are written,
/// else new lines above the answers block and the comments that introduce it (below a comment
/// that heads the whole file).
fn top_level_edits(
    doc: &Doc,
    before: &Assessment,
    after: &Assessment,
    answers_at: usize,
    edits: &mut Vec<Edit>,
) -> Result<(), String> {
    let view = &doc.view;
    let above = match comment_block_above(view, answers_at) {
        0 => answers_at,
        k => k,
    };
    let mut insert_above: Vec<String> = Vec::new();
    for (key, was, now) in [
        (
            "organization",
            before.organization.as_deref().map(quoted),
            after.organization.as_deref().map(quoted),
        ),
        (
            "date",
            before.date.map(|d| d.to_string()),
            after.date.map(|d| d.to_string()),
        ),
    ] {
        if was == now {
            continue;
        }
        let Some(now) = now else {
            return Err(format!("`{key}` would be removed"));
        };
        match top_key(view, key) {
            Some((at, after_colon)) => {
                let value: Vec<&Token> = view.content(at).skip(after_colon).collect();
                let (Some(first), Some(last)) = (value.first(), value.last()) else {
                    return Err(format!("`{key}` is not on one line"));
                };
                if !value
                    .iter()
                    .all(|t| matches!(t.kind, Kind::Plain | Kind::Quoted))
                    || doc.line_of(last) != at
                    || last.end > view.end(at)
                {
                    return Err(format!("`{key}` is not on one line"));
                }
                edits.push(Edit::replace(first.start, last.end, now));
            }
            None => insert_above.push(format!("{key}: {now}")),
        }
    }
    if before.respondent != after.respondent {
        let r = &after.respondent;
        let fields: Vec<String> = [("name", &r.name), ("role", &r.role)]
            .iter()
            .filter_map(|(k, v)| v.as_deref().map(|v| format!("{k}: {}", quoted(v))))
            .collect();
        let flow = format!("respondent: {{ {} }}", fields.join(", "));
        match top_key(view, "respondent") {
            Some((at, after_colon)) => {
                // The block's lines (a map under the key) go with it.
                let mut end = at + 1;
                while end < view.len() && view.line(end).starts_with(' ') {
                    end += 1;
                }
                let inline = inline_value(view, at, after_colon);
                if !(inline.is_empty() || inline.starts_with('{')) {
                    return Err("`respondent` is not a map".to_string());
                }
                if end > at + 1 && doc.comment_in(view.start(at + 1), view.end(end - 1)) {
                    return Err("`respondent` has comments inside".to_string());
                }
                let comment = view.comment(at);
                edits.push(Edit::replace(
                    view.start(at),
                    view.end(end - 1),
                    format!("{flow}{comment}"),
                ));
            }
            None => insert_above.push(flow),
        }
    }
    for line in insert_above {
        edits.push(doc.insert_line(above, &line));
    }
    Ok(())
}

/// The first line of the comments directly above line `at` (or `at` itself).
fn comment_block_above(view: &Lines, at: usize) -> usize {
    let mut k = at;
    while k > 0 && comment_only(view, k - 1) {
        k -= 1;
    }
    k
}

/// Where a new answer for attribute `i` goes: after the answer before it in rubric order when
/// that is in the same section, else before the next one in its section, else after the one
/// before, else above the first one's comments, else right under `answers:`.
fn insertion_point(
    rubric: &Rubric,
    entries: &[Entry],
    view: &Lines,
    i: usize,
    answers_at: usize,
) -> usize {
    let section = |a: usize| rubric.attributes[a].section;
    let prev = entries
        .iter()
        .filter(|e| e.attribute < i)
        .max_by_key(|e| e.attribute);
    let next = entries
        .iter()
        .filter(|e| e.attribute > i)
        .min_by_key(|e| e.attribute);
    match (prev, next) {
        (Some(p), _) if section(p.attribute) == section(i) => p.end,
        (_, Some(n)) if section(n.attribute) == section(i) => n.start,
        (Some(p), _) => p.end,
        (None, Some(n)) => comment_block_above(view, n.start).max(answers_at + 1),
        (None, None) => answers_at + 1,
    }
}
