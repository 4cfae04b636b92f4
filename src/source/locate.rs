//! Where a key path is written in a document: `policy.targets[1]`, `answers.training`,
//! `personas[3]` → the 1-based line. For errors found after parsing and for findings, so a
//! person (and a pull request's annotations) is pointed at the right line.
//!
//! TOML is located through `toml_edit`, which keeps every key's span. YAML is located by its
//! block structure (indentation, `- ` items, one-line flow collections), read from the shared
//! tokenizer's lines (`yaml_text`), so quotes, comments and block scalars are never taken for
//! keys or items; a layout it cannot follow gives `None`, never a wrong line.

use super::yaml_text::{Kind, Lines, Token};
use super::{Source, Syntax};
use crate::diagnostic::Diagnostic;

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `policy.targets[1].due` → [Key(policy), Key(targets), Index(1), Key(due)].
fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let close = r.find(']')?;
            out.push(Step::Index(r[..close].parse().ok()?));
            rest = &r[close + 1..];
        }
    }
    Some(out)
}

impl Source {
    /// Finds the lines of many key paths in this document, reading its text once.
    pub fn locator(&self) -> Locator<'_> {
        let layout = match self.syntax {
            Syntax::Yaml => Layout::Yaml(Lines::new(&self.text)),
            Syntax::Toml => Layout::Toml {
                doc: toml_edit::Document::parse(self.text.as_str()).ok(),
                starts: std::iter::once(0)
                    .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect(),
            },
        };
        Locator { src: self, layout }
    }

    /// The 1-based line of every item of the list at `path` (`personas`): see
    /// [`Locator::lines_of_items`].
    pub fn lines_of_items(&self, path: &str, count: usize) -> Vec<Option<usize>> {
        self.locator().lines_of_items(path, count)
    }

    /// The 1-based line where `path` is written: see [`Locator::line_of_path`].
    pub fn line_of_path(&self, path: &str) -> Option<usize> {
        self.locator().line_of_path(path)
    }
}

/// A document read once for finding where key paths are written: for a file with many
/// findings, each is then positioned without reading the file again.
pub struct Locator<'a> {
    src: &'a Source,
    layout: Layout<'a>,
}

/// What a document is read into for locating.
enum Layout<'a> {
    /// A YAML document's tokens by line.
    Yaml(Lines<'a>),
    /// A TOML document with every key's span, and where each line starts.
    Toml {
        doc: Option<toml_edit::Document<&'a str>>,
        starts: Vec<usize>,
    },
}

impl Locator<'_> {
    /// An error about `path` (a key path) in this file, positioned at the line where the last
    /// key of the path is written, when that can be found (else where that key is written, when
    /// it is written once).
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let line = self.line_of_path(path).or_else(|| {
            let key = path.rsplit('.').next().unwrap_or(path);
            self.src.line_of_key(key.split('[').next().unwrap_or(key))
        });
        Diagnostic::new(&self.src.name, message)
            .at(line, None)
            .path(path)
    }

    /// The 1-based line of every item of the list at `path` (`personas`), in one pass: an entry
    /// per item, `None` where it cannot be told.
    pub fn lines_of_items(&self, path: &str, count: usize) -> Vec<Option<usize>> {
        let found = match &self.layout {
            Layout::Toml { doc, starts } => doc.as_ref().and_then(|d| toml_items(d, starts, path)),
            Layout::Yaml(lines) => yaml_items(lines, path),
        };
        let mut found = found.unwrap_or_default();
        found.truncate(count);
        let mut out: Vec<Option<usize>> = found.into_iter().map(Some).collect();
        out.resize(count, None);
        out
    }

    /// The 1-based line where `path` is written, when it can be told for certain.
    pub fn line_of_path(&self, path: &str) -> Option<usize> {
        let steps = steps(path)?;
        if steps.is_empty() {
            return None;
        }
        match &self.layout {
            Layout::Toml { doc, starts } => toml_line(doc.as_ref()?, starts, &steps),
            Layout::Yaml(lines) => yaml_line(lines, &steps),
        }
    }
}

/// The 1-based line of a byte offset, from where each line starts.
fn line_at(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset)
}

fn toml_line(doc: &toml_edit::Document<&str>, starts: &[usize], steps: &[Step]) -> Option<usize> {
    let line = |span: Option<std::ops::Range<usize>>| span.map(|s| line_at(starts, s.start));
    let mut item = doc.as_item();
    let mut span = None;
    for step in steps {
        match step {
            Step::Key(k) => {
                let (key, value) = item.as_table_like()?.get_key_value(k)?;
                span = key.span().or(value.span());
                item = value;
            }
            Step::Index(i) => {
                if let Some(a) = item.as_array_of_tables() {
                    return line(a.get(*i)?.span());
                }
                // Deeper steps are inside this inline value: its line is the answer.
                return line(item.as_array()?.get(*i)?.span());
            }
        }
    }
    line(span)
}

fn toml_items(doc: &toml_edit::Document<&str>, starts: &[usize], path: &str) -> Option<Vec<usize>> {
    let steps = steps(path)?;
    let mut item = doc.as_item();
    for step in &steps {
        let Step::Key(k) = step else { return None };
        item = item.as_table_like()?.get(k)?;
    }
    let line = |s: Option<std::ops::Range<usize>>| s.map(|s| line_at(starts, s.start));
    if let Some(a) = item.as_array_of_tables() {
        return a.iter().map(|t| line(t.span())).collect();
    }
    item.as_array()?.iter().map(|v| line(v.span())).collect()
}

/// The lines of the items of the list at `path`: `key:` then `- ` items, or a flow list on the
/// key's line.
fn yaml_items(lines: &Lines, path: &str) -> Option<Vec<usize>> {
    let key_line = yaml_line(lines, &steps(path)?)? - 1;
    let k = key_line;
    // The key is the token before the line's first `:`; its value follows.
    let tokens = lines.tokens(k);
    let colon = tokens.iter().position(|t| t.kind == Kind::Value)?;
    let key_col = lines.col(k, tokens.get(colon.checked_sub(1)?)?);
    let value: Vec<&Token> = tokens[colon + 1..]
        .iter()
        .filter(|t| t.kind != Kind::Comment)
        .collect();
    if value.first().is_some_and(|t| t.kind == Kind::FlowOpen) {
        // A flow list: every item is on the key's line (closed on another line: unknown).
        return flow_items(&value).map(|n| vec![key_line + 1; n]);
    }
    let mut out = Vec::new();
    let mut col = None;
    for i in key_line + 1..lines.len() {
        let Some(ind) = lines.indent(i) else { continue };
        let item = lines
            .content(i)
            .next()
            .is_some_and(|t| t.kind == Kind::Entry);
        if ind < key_col || (ind == key_col && !item) {
            break;
        }
        if ind == *col.get_or_insert(ind) && item {
            out.push(i + 1);
        }
    }
    Some(out)
}

/// How many entries the flow collection that opens `tokens` holds, when it closes among them.
fn flow_items(tokens: &[&Token]) -> Option<usize> {
    let mut depth = 0usize;
    let mut items = 0;
    let mut expect = true;
    for t in tokens {
        match t.kind {
            Kind::FlowOpen if depth == 0 => {
                depth = 1;
                continue;
            }
            Kind::FlowClose if depth == 1 => return Some(items),
            Kind::Comma if depth == 1 => {
                expect = true;
                continue;
            }
            _ => {}
        }
        if expect {
            items += 1;
            expect = false;
        }
        match t.kind {
            Kind::FlowOpen => depth += 1,
            Kind::FlowClose => depth -= 1,
            _ => {}
        }
    }
    None
}

/// A block (lines `start..end`) whose entries sit at one column; an entry may also start on the
/// first line after a `- ` marker.
struct Block {
    start: usize,
    end: usize,
    /// The first line's entry begins at this column (after `- `), when the block is an item.
    first: Option<usize>,
}

fn yaml_line(lines: &Lines, steps: &[Step]) -> Option<usize> {
    let mut block = Block {
        start: 0,
        end: lines.len(),
        first: None,
    };
    let mut found = None;
    for (k, step) in steps.iter().enumerate() {
        // The column entries of this block sit at.
        let col = match block.first {
            Some(c) => c,
            None => (block.start..block.end).find_map(|i| lines.indent(i))?,
        };
        // Whether an entry starts at line `i` at column `col`.
        let entry = |i: usize| {
            (Some(col) == block.first && i == block.start) || lines.indent(i) == Some(col)
        };
        // The tokens of the entry at line `i`, from column `col` on.
        let at_col = |i: usize| {
            let t = lines.tokens(i);
            let from = t
                .iter()
                .position(|t| lines.col(i, t) >= col)
                .unwrap_or(t.len());
            &t[from..]
        };
        // The end of the entry that starts at line `i` at column `col`.
        let entry_end = |i: usize| {
            (i + 1..block.end)
                .find(|&j| lines.indent(j).is_some_and(|ind| ind <= col))
                .unwrap_or(block.end)
        };
        match step {
            Step::Key(key) => {
                let (i, after) = (block.start..block.end).find_map(|i| {
                    let (name, after) = lines.key_at(i, col).filter(|_| entry(i))?;
                    (name == *key).then_some((i, after))
                })?;
                found = Some(i + 1);
                if lines.tokens(i)[after..]
                    .iter()
                    .any(|t| t.kind != Kind::Comment)
                {
                    // An inline value (a scalar or a flow collection): deeper steps are on
                    // this line too.
                    return found;
                }
                block = Block {
                    start: i + 1,
                    end: entry_end(i),
                    first: None,
                };
            }
            Step::Index(n) => {
                let items: Vec<usize> = (block.start..block.end)
                    .filter(|&i| {
                        entry(i) && at_col(i).first().is_some_and(|t| t.kind == Kind::Entry)
                    })
                    .collect();
                let i = *items.get(*n)?;
                found = Some(i + 1);
                if k + 1 == steps.len() {
                    return found;
                }
                let content = at_col(i)[1..].iter().find(|t| t.kind != Kind::Comment);
                if content.is_some_and(|t| t.kind == Kind::FlowOpen) {
                    return found;
                }
                let end = items
                    .iter()
                    .find(|&&j| j > i)
                    .copied()
                    .unwrap_or(block.end)
                    .min(entry_end(i));
                block = match content {
                    None => Block {
                        start: i + 1,
                        end,
                        first: None,
                    },
                    Some(t) => Block {
                        start: i,
                        end,
                        first: Some(lines.col(i, t)),
                    },
                };
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Source {
        Source::from_text("t.yaml", text, Syntax::Yaml)
    }

    #[test]
    fn yaml_paths_are_found_through_maps_items_and_flow_collections() {
        let src = yaml(
            "# comment\nanswers:\n  training: emerging\n  sharing-personas: { level: x }\npersonas:\n  - id: a\n    name: A\n  - { id: b }\n  -\n    id: c\npolicy:\n  minimum:\n    overall: emerging\n    sections: { core-attributes: advancing }\n  targets:\n    - attribute: training\n      level: advancing\n    - { attribute: training, level: x }\n",
        );
        assert_eq!(src.line_of_path("answers"), Some(2));
        assert_eq!(src.line_of_path("answers.training"), Some(3));
        assert_eq!(src.line_of_path("answers.sharing-personas.level"), Some(4));
        assert_eq!(src.line_of_path("personas[0]"), Some(6));
        assert_eq!(src.line_of_path("personas[0].name"), Some(7));
        assert_eq!(src.line_of_path("personas[1]"), Some(8));
        assert_eq!(src.line_of_path("personas[2]"), Some(9));
        assert_eq!(src.line_of_path("personas[2].id"), Some(10));
        assert_eq!(src.line_of_path("personas[3]"), None);
        assert_eq!(src.line_of_path("policy.minimum.overall"), Some(13));
        assert_eq!(
            src.line_of_path("policy.minimum.sections.core-attributes"),
            Some(14)
        );
        assert_eq!(src.line_of_path("policy.targets[1]"), Some(18));
        assert_eq!(src.line_of_path("policy.targets[0].level"), Some(17));
        assert_eq!(src.line_of_path("policy.waivers[0]"), None);
        assert_eq!(src.line_of_path("answers.nothing"), None);
    }

    #[test]
    fn the_items_of_a_list_are_found_in_one_pass() {
        let src =
            yaml("personas:\n  - id: a\n    name: A\n  - { id: b }\n  -\n    id: c\npolicy: {}\n");
        assert_eq!(
            src.lines_of_items("personas", 3),
            vec![Some(2), Some(4), Some(5)]
        );
        assert_eq!(src.lines_of_items("personas", 4)[3], None);
        let flow = yaml("answers: {}\npersonas: [ { id: a }, { id: b, covers: [x, y] } ]\n");
        assert_eq!(flow.lines_of_items("personas", 2), vec![Some(2), Some(2)]);
        // Quotes and apostrophes in plain text do not hide a comma; a list closed on a later line
        // is not guessed at.
        let text = yaml("personas: [ { id: it's }, { id: \"b, c\" }, [x] ] # [\n");
        assert_eq!(
            text.lines_of_items("personas", 3),
            vec![Some(1), Some(1), Some(1)]
        );
        let open = yaml("personas: [ { id: a },\n  { id: b } ]\n");
        assert_eq!(open.lines_of_items("personas", 2), vec![None, None]);
        let top = yaml("personas:\n- id: a\n- id: b\nanswers: {}\n");
        assert_eq!(top.lines_of_items("personas", 2), vec![Some(2), Some(3)]);
    }

    #[test]
    fn toml_paths_are_found_through_tables_and_arrays() {
        let src = Source::from_text(
            "t.toml",
            "organization = \"x\"\n\n[answers]\ntraining = \"emerging\"\n\n[[personas]]\nid = \"a\"\n\n[[personas]]\nid = \"b\"\n\n[policy]\ntargets = [\n  { attribute = \"training\", level = \"advancing\", due = 2027-01-01 },\n]\n",
            Syntax::Toml,
        );
        assert_eq!(src.line_of_path("answers.training"), Some(4));
        assert_eq!(src.line_of_path("personas[1]"), Some(9));
        assert_eq!(src.line_of_path("policy.targets[0]"), Some(14));
        assert_eq!(src.line_of_path("policy.waivers[0]"), None);
    }
}
