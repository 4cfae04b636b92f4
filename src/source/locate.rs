//! Where a key path is written in a document: `policy.targets[1]`, `answers.training`,
//! `personas[3]` → the 1-based line. For errors found after parsing and for findings, so a
//! person (and a pull request's annotations) is pointed at the right line.
//!
//! TOML is located through `toml_edit`, which keeps every key's span. YAML is located by its
//! block structure (indentation, `- ` items, one-line flow collections); a layout it cannot
//! follow gives `None`, never a wrong line.

use super::{line_col, Source, Syntax};

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
    /// The 1-based line of every item of the list at `path` (`personas`), in one pass: an entry
    /// per item, `None` where it cannot be told.
    pub fn lines_of_items(&self, path: &str, count: usize) -> Vec<Option<usize>> {
        let found = match self.syntax {
            Syntax::Toml => toml_items(&self.text, path),
            Syntax::Yaml => yaml_items(&self.text, path),
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
        match self.syntax {
            Syntax::Toml => toml_line(&self.text, &steps),
            Syntax::Yaml => yaml_line(&self.text, &steps),
        }
    }
}

fn toml_line(text: &str, steps: &[Step]) -> Option<usize> {
    let doc = toml_edit::Document::parse(text).ok()?;
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
                    let t = a.get(*i)?;
                    span = t.span();
                    return span.map(|s| line_col(text, s.start).0);
                }
                let v = item.as_array()?.get(*i)?;
                span = v.span();
                // Deeper steps are inside this inline value: its line is the answer.
                return span.map(|s| line_col(text, s.start).0);
            }
        }
    }
    span.map(|s| line_col(text, s.start).0)
}

fn toml_items(text: &str, path: &str) -> Option<Vec<usize>> {
    let steps = steps(path)?;
    let doc = toml_edit::Document::parse(text).ok()?;
    let mut item = doc.as_item();
    for step in &steps {
        let Step::Key(k) = step else { return None };
        item = item.as_table_like()?.get(k)?;
    }
    let line = |s: Option<std::ops::Range<usize>>| s.map(|s| line_col(text, s.start).0);
    if let Some(a) = item.as_array_of_tables() {
        return a.iter().map(|t| line(t.span())).collect();
    }
    item.as_array()?.iter().map(|v| line(v.span())).collect()
}

/// The lines of the items of the block list at `path` (`key:` then `- ` items, or one flow list).
fn yaml_items(text: &str, path: &str) -> Option<Vec<usize>> {
    let key_line = yaml_line(text, &steps(path)?)?;
    let lines: Vec<&str> = text.lines().collect();
    let key = lines.get(key_line - 1)?;
    let key_col = indent(key.trim_start_matches("- "));
    let after_colon = key.split_once(':').map(|(_, r)| r.trim()).unwrap_or("");
    if after_colon.starts_with('[') {
        // A one-line flow list: every item is on the key's line (many lines: unknown).
        let closes = after_colon.matches('[').count() == after_colon.matches(']').count();
        return closes.then(|| vec![key_line; count_flow_items(after_colon)]);
    }
    let mut out = Vec::new();
    let mut col = None;
    for (i, line) in lines.iter().enumerate().skip(key_line) {
        if !is_content(line) {
            continue;
        }
        let ind = indent(line);
        if ind <= key_col && !(ind == key_col && line.trim_start().starts_with('-')) {
            break;
        }
        let c = *col.get_or_insert(ind);
        let t = line.trim_start();
        if ind == c && (t == "-" || t.starts_with("- ")) {
            out.push(i + 1);
        }
    }
    Some(out)
}

/// How many top-level items a one-line flow list holds.
fn count_flow_items(list: &str) -> usize {
    let mut depth = 0i32;
    let mut items = 0;
    let mut any = false;
    let mut quote: Option<char> = None;
    for c in list.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => {
                    depth += 1;
                    if depth == 2 && !any {
                        any = true;
                    }
                }
                ']' | '}' => depth -= 1,
                ',' if depth == 1 => items += 1,
                c if depth == 1 && !c.is_whitespace() => any = true,
                _ => {}
            },
        }
    }
    if any {
        items + 1
    } else {
        0
    }
}

/// A line's indentation (spaces) and its content after a `- ` item marker, if any.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_content(line: &str) -> bool {
    let t = line.trim_start();
    !t.is_empty() && !t.starts_with('#')
}

/// `key:` at the start of `s` (bare or quoted); the rest after the colon.
fn key_at<'a>(s: &'a str, key: &str) -> Option<&'a str> {
    let rest = s
        .strip_prefix(key)
        .or_else(|| {
            s.strip_prefix('"')
                .and_then(|r| r.strip_prefix(key))
                .and_then(|r| r.strip_prefix('"'))
        })
        .or_else(|| {
            s.strip_prefix('\'')
                .and_then(|r| r.strip_prefix(key))
                .and_then(|r| r.strip_prefix('\''))
        })?;
    let rest = rest.trim_start_matches(' ');
    let after = rest.strip_prefix(':')?;
    (after.is_empty() || after.starts_with([' ', '\t'])).then_some(after)
}

/// A block (lines `start..end`) whose entries sit at column `col`; an entry may also start on
/// `first_line` at `first_col` (after a `- ` marker).
struct Block {
    start: usize,
    end: usize,
    /// The first line's entry begins at this column (after `- `), when the block is an item.
    first: Option<usize>,
}

fn yaml_line(text: &str, steps: &[Step]) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
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
            None => (block.start..block.end)
                .find(|&i| is_content(lines[i]))
                .map(|i| indent(lines[i]))?,
        };
        let entry = |i: usize| -> Option<&str> {
            let line = lines[i];
            if Some(col) == block.first && i == block.start {
                return line.get(col..);
            }
            (is_content(line) && indent(line) == col).then(|| &line[col..])
        };
        // The end of the entry that starts at line `i` at column `col`.
        let entry_end = |i: usize| {
            (i + 1..block.end)
                .find(|&j| is_content(lines[j]) && indent(lines[j]) <= col)
                .unwrap_or(block.end)
        };
        match step {
            Step::Key(key) => {
                let i = (block.start..block.end)
                    .find(|&i| entry(i).and_then(|e| key_at(e, key)).is_some())?;
                found = Some(i + 1);
                let after = entry(i).and_then(|e| key_at(e, key)).unwrap_or("").trim();
                if !after.is_empty() && !after.starts_with('#') {
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
                    .filter(|&i| entry(i).is_some_and(|e| e == "-" || e.starts_with("- ")))
                    .collect();
                let i = *items.get(*n)?;
                found = Some(i + 1);
                if k + 1 == steps.len() {
                    return found;
                }
                let e = entry(i)?;
                let content = e.strip_prefix('-').unwrap_or("");
                let pad = content.len() - content.trim_start_matches(' ').len();
                let content = content.trim();
                if content.starts_with(['{', '[']) {
                    return found;
                }
                let end = items
                    .iter()
                    .find(|&&j| j > i)
                    .copied()
                    .unwrap_or(block.end)
                    .min(entry_end(i));
                block = if content.is_empty() {
                    Block {
                        start: i + 1,
                        end,
                        first: None,
                    }
                } else {
                    Block {
                        start: i,
                        end,
                        first: Some(col + 1 + pad),
                    }
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
