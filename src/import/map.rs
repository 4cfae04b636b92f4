//! A map file (`--map MAP.yaml`, or TOML) for a form someone wrote in their own words: which
//! column holds what, and what a cell text means.
//!
//! ```yaml
//! columns:
//!   "How often are personas refreshed?": frequency-of-updates   # an attribute id (or name)
//!   "Team": role              # or name, email, organization, date, id
//!   "Anything else?": comment     # free text, kept as a comment in each answers file
//!   "Why that level?": note:training   # free text about an attribute: its note
//!   "column 7": ignore        # a column by position (1-based), for identical headers
//! levels:
//!   "We have not started": experimenting    # a level id (or name), or unsure
//!   "Don't know": unsure
//! ```
//!
//! A header or cell text is matched exactly, else with case, punctuation and numbering ignored.
//! An entry left empty (`~`) is not used: `import --print-map` writes those for the cell texts
//! it could not read, to fill in.

use super::{words, Cell, Column, Field};
use crate::diagnostic::Diagnostic;
use crate::rubric::Rubric;
use crate::source::{Source, UniqueMap};
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMap {
    #[serde(default)]
    columns: UniqueMap<Option<String>>,
    #[serde(default)]
    levels: UniqueMap<Option<String>>,
}

/// A loaded map.
#[derive(Debug, Clone, Default)]
pub struct Map {
    /// Header as written, as `words`, what it holds.
    columns: Vec<(String, String, Column)>,
    /// Columns named by position (`"column 7": training`, 0-based here), for identical headers.
    positions: Vec<(usize, String, Column)>,
    /// Cell text as written, what it means.
    levels: Vec<(String, Cell)>,
}

/// What a column entry may say besides an attribute (and `note:ATTRIBUTE`).
const IGNORE: &str = "ignore";
const COMMENT: &str = "comment";

impl Map {
    /// Read and check a map file against the rubric.
    pub fn load(path: &Path, rubric: &Rubric) -> Result<Map, Diagnostic> {
        if crate::source::Syntax::from_path(path).is_none() {
            return Err(Diagnostic::new(
                path.display().to_string(),
                "unknown file extension; a map file ends in .yaml, .yml or .toml",
            ));
        }
        let src = Source::read(path, None)?;
        let raw: RawMap = src.parse()?;
        let at = |key: &str, message: String| {
            Diagnostic::new(&src.name, message).at(src.line_of_key(key), None)
        };
        let mut map = Map::default();
        for (header, target) in raw.columns.0 {
            let Some(target) = target else { continue };
            let t = target.trim();
            let attribute = |name: &str| {
                rubric
                    .attributes
                    .iter()
                    .position(|a| a.id == name || words(&a.name) == words(name))
            };
            let note_of = t
                .strip_prefix("note:")
                .or_else(|| t.strip_prefix("notes:"))
                .map(str::trim);
            let column = if t.eq_ignore_ascii_case(IGNORE) {
                Column::Ignored
            } else if t.eq_ignore_ascii_case(COMMENT) {
                Column::Comment
            } else if let Some(i) = note_of.and_then(attribute) {
                Column::Note(i)
            } else if let Some(f) = Field::ALL.iter().find(|f| f.id().eq_ignore_ascii_case(t)) {
                Column::Field(*f)
            } else if let Some(i) = rubric
                .attributes
                .iter()
                .position(|a| a.id == t || words(&a.name) == words(t))
            {
                Column::Attribute(i)
            } else {
                let mut names: Vec<&str> =
                    rubric.attributes.iter().map(|a| a.id.as_str()).collect();
                names.extend(Field::ALL.iter().map(|f| f.id()));
                names.push(IGNORE);
                names.push(COMMENT);
                return Err(at(
                    &header,
                    format!(
                        "columns: {}: `{t}` is not an attribute id, a field or `ignore`",
                        super::quoted(&header)
                    ),
                )
                .help_opt(crate::suggest::did_you_mean(t, names.iter().copied()))
                .help(format!(
                    "expected an attribute id of `{}` (see `persona-maturity rubric show`), one \
                     of {}, `comment`, `note:ATTRIBUTE-ID`, or `ignore`",
                    rubric.id,
                    Field::ALL.map(|f| f.id()).join(", ")
                )));
            };
            match position(&header) {
                Some(k) => map.positions.push((k, header.clone(), column)),
                None => map.columns.push((header.clone(), words(&header), column)),
            }
        }
        for (text, target) in raw.levels.0 {
            let Some(target) = target else { continue };
            let t = target.trim();
            let cell = if crate::assessment::UNSURE_WORDS
                .iter()
                .any(|u| u.eq_ignore_ascii_case(t))
            {
                Cell::Unsure
            } else if let Some(l) = rubric.level_index(t) {
                Cell::Level(l)
            } else {
                return Err(at(
                    &text,
                    format!("levels: {}: `{t}` is not a level", super::quoted(&text)),
                )
                .help_opt(crate::suggest::did_you_mean(
                    t,
                    rubric.levels.iter().map(|l| l.id.as_str()),
                ))
                .help(format!(
                    "expected one of: {}, or `unsure`",
                    rubric.level_ids().join(", ")
                )));
            };
            map.levels.push((text, cell));
        }
        Ok(map)
    }

    /// The same map with these headers as free-text comments (`import --comments`).
    pub fn with_comments(mut self, headers: &[String]) -> Map {
        for h in headers {
            self.columns.push((h.clone(), words(h), Column::Comment));
        }
        self
    }

    /// What the map says column `k` (0-based), headed `header`, holds: by its position first,
    /// then by its header.
    pub fn column(&self, k: usize, header: &str) -> Option<Column> {
        if let Some((_, _, c)) = self.positions.iter().find(|(p, _, _)| *p == k) {
            return Some(*c);
        }
        let t = header.trim();
        if let Some((_, _, c)) = self.columns.iter().find(|(h, _, _)| h.trim() == t) {
            return Some(*c);
        }
        let w = words(header);
        self.columns
            .iter()
            .find(|(_, hw, _)| !hw.is_empty() && *hw == w)
            .map(|(_, _, c)| *c)
    }

    /// The cell texts the map gives a meaning.
    pub fn levels(&self) -> impl Iterator<Item = (&str, Cell)> {
        self.levels.iter().map(|(t, c)| (t.as_str(), *c))
    }

    /// Headers (and positions) the map names that are not in the export.
    pub fn unused_columns<'a>(&'a self, headers: &'a [String]) -> Vec<&'a str> {
        self.columns
            .iter()
            .filter(|(h, w, _)| {
                !headers
                    .iter()
                    .any(|x| x.trim() == h.trim() || (!w.is_empty() && words(x) == *w))
            })
            .map(|(h, _, _)| h.as_str())
            .chain(
                self.positions
                    .iter()
                    .filter(|(k, _, _)| *k >= headers.len())
                    .map(|(_, h, _)| h.as_str()),
            )
            .collect()
    }
}

/// A column named by its position: `column 7` (1-based, as a person counts), any case.
fn position(key: &str) -> Option<usize> {
    let rest = key
        .trim()
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("column "))?;
    let n: usize = key.trim()[rest.len()..].trim().parse().ok()?;
    n.checked_sub(1)
}

/// A YAML string scalar, quoted.
fn yaml_quote(s: &str) -> String {
    crate::escape::yaml_quoted(s)
}

/// The map a plan amounts to, as a file to edit: every column, and the cell texts that were not
/// levels (to fill in).
pub fn print(
    export: &str,
    plan: &super::Plan,
    rubric: &Rubric,
    map: Option<&Map>,
    unknown_cells: &[String],
) -> String {
    let mut out = format!(
        "# What `persona-maturity import` made of the columns of {export}.\n\
         # Change what is wrong, then: persona-maturity import {export} --map THIS-FILE --out DIR\n\
         # Columns: an attribute id, or name, email, role, organization, date, id, comment,\n\
         # note:ATTRIBUTE-ID (free text about it), or ignore;\n\
         # a header written twice is named by its position (\"column 7\").\n\
         columns:\n",
        export = crate::escape::comment(export),
    );
    for (k, ((h, c), quiz)) in plan
        .headers
        .iter()
        .zip(&plan.columns)
        .zip(&plan.quiz)
        .enumerate()
    {
        let target = match c {
            Column::Attribute(i) => rubric.attributes[*i].id.clone(),
            Column::Field(f) => f.id().to_string(),
            Column::Note(i) => format!("\"note:{}\"", rubric.attributes[*i].id),
            Column::Comment => COMMENT.to_string(),
            Column::Ignored => IGNORE.to_string(),
        };
        let field_conflict = plan
            .field_conflicts
            .iter()
            .find(|&&(_, j, l)| j == k || l == k);
        let why = match c {
            Column::Ignored if *quiz => "   # a quiz column".to_string(),
            Column::Field(_) if field_conflict.is_some() => format!(
                "   # two columns could be the {}: set one of them to ignore",
                field_conflict.map_or("", |(f, _, _)| f.id())
            ),
            Column::Ignored => match super::looks_like(h) {
                Some(f) => format!(
                    "   # not read as the {}: set it to `{}` if it is",
                    f.id(),
                    f.id()
                ),
                None => String::new(),
            },
            Column::Attribute(i)
                if plan
                    .conflicts
                    .iter()
                    .any(|&(a, j, l)| a == *i && (j == k || l == k)) =>
            {
                format!(
                    "   # two columns hold `{}`: set one of them to ignore",
                    rubric.attributes[*i].id
                )
            }
            _ => String::new(),
        };
        // A header that another column has too can only be named by its position.
        let same = plan
            .headers
            .iter()
            .enumerate()
            .any(|(j, x)| j != k && words(x) == words(h));
        let key = if same {
            format!("\"column {}\"", k + 1)
        } else {
            yaml_quote(h)
        };
        let header_note = if same {
            format!("   # {}", crate::escape::comment(h))
        } else {
            String::new()
        };
        out.push_str(&format!("  {key}: {target}{why}{header_note}\n"));
    }
    for &i in &plan.missing {
        out.push_str(&format!(
            "  # no column for {} ({}): set the header that holds it to `{}`\n",
            crate::escape::comment(&rubric.attributes[i].name),
            rubric.attributes[i].id,
            rubric.attributes[i].id
        ));
    }
    out.push_str(&format!(
        "# Cell texts of answer columns: a level id ({}) or unsure. When you change a column to\n\
         # an attribute, run --print-map again with --map THIS-FILE to list its cell texts here.\n",
        rubric.level_ids().join(", ")
    ));
    let known: Vec<(&str, Cell)> = map.map(|m| m.levels().collect()).unwrap_or_default();
    if unknown_cells.is_empty() && known.is_empty() {
        out.push_str("levels: {}\n");
        return out;
    }
    out.push_str("levels:\n");
    for (t, cell) in known {
        let target = match cell {
            Cell::Level(l) => rubric.levels[l].id.as_str(),
            _ => "unsure",
        };
        out.push_str(&format!("  {}: {target}\n", yaml_quote(t)));
    }
    if !unknown_cells.is_empty() {
        out.push_str("  # These were not levels: fill in what each one means.\n");
        for t in unknown_cells {
            out.push_str(&format!("  {}: ~\n", yaml_quote(t)));
        }
    }
    out
}
