//! Responses collected with a form (Google Forms, Microsoft Forms, any CSV with one row per
//! respondent) read back as assessments: `read` streams the rows, `Plan` says what each column
//! is (always by its header text, never by its position), `Levels` reads a cell as a level, and
//! `map` lets a team say what the plan cannot tell.
//!
//! Matching rules (the README lists them for users):
//! - a column is an attribute's when its header, with case, punctuation and numbering ignored,
//!   contains the attribute's name or id (of two, the longer name wins); quiz columns
//!   (`… [Score]`, `Points - …`, `Feedback - …`) are not answers;
//! - of the rest, the first rule that fits: `email` → email; `timestamp`, `completion time`,
//!   `submit…`, `end date` → date; `id` → the response id; `organization`, `organisation`,
//!   `company` → organization; `role`, `department`, `team` → role; `name` → name; else ignored;
//! - a cell is a level when it starts with the level number (1–4) and then no digit, starts with a
//!   level's name or id, or is one of the option texts `form` prints; `Not sure`, empty, `n/a`
//!   (and the other words an answers file takes for "unsure") leave the attribute unanswered.

pub mod map;
pub mod read;
pub mod records;
pub mod when;

use crate::assessment::{Answer, Assessment, MAX_LABEL_CHARS, UNSURE_WORDS};
use crate::diagnostic::Diagnostic;
use crate::rubric::Rubric;
pub use map::Map;
pub use read::{Kind, Row, Visit};
use std::collections::HashMap;

/// A field of an answers file (or of the response) that a column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Email,
    Role,
    Organization,
    Date,
    Id,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Name,
        Field::Email,
        Field::Role,
        Field::Organization,
        Field::Date,
        Field::Id,
    ];

    /// How a map file names it.
    pub fn id(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Email => "email",
            Field::Role => "role",
            Field::Organization => "organization",
            Field::Date => "date",
            Field::Id => "id",
        }
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The answers to an attribute (index into `Rubric::attributes`).
    Attribute(usize),
    Field(Field),
    /// Nothing this tool reads (a quiz score, a start time, a question of another form).
    Ignored,
}

/// Lowercase words of a header or cell: punctuation as spaces, leading numbering (`3.`, `12)`)
/// dropped.
pub fn words(s: &str) -> String {
    let lowered: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    let mut parts: Vec<&str> = lowered.split_whitespace().collect();
    while parts.len() > 1 && parts[0].bytes().all(|b| b.is_ascii_digit()) {
        parts.remove(0);
    }
    parts.join(" ")
}

/// Does `haystack` (as `words`) contain `needle` (as `words`) as whole words?
fn contains_words(haystack: &str, needle: &str) -> bool {
    !needle.is_empty() && format!(" {haystack} ").contains(&format!(" {needle} "))
}

/// A quiz's score or feedback column: Google Forms `Title [Score]`, `Title [Feedback]`;
/// Microsoft Forms `Points - Title`, `Feedback - Title`.
fn is_quiz_column(header: &str) -> bool {
    let h = header.trim().to_lowercase();
    h.ends_with("[score]")
        || h.ends_with("[feedback]")
        || h.starts_with("points - ")
        || h.starts_with("feedback - ")
}

/// The attribute a header names, the longest name winning.
fn attribute_of(header: &str, rubric: &Rubric) -> Option<usize> {
    let h = words(header);
    let mut best: Option<(usize, usize)> = None;
    for (i, a) in rubric.attributes.iter().enumerate() {
        for key in [words(&a.name), words(&a.id)] {
            if contains_words(&h, &key) && best.is_none_or(|(len, _)| key.len() > len) {
                best = Some((key.len(), i));
            }
        }
    }
    best.map(|(_, i)| i)
}

/// The respondent field a header names.
fn field_of(header: &str) -> Option<Field> {
    let h = words(header);
    let has = |w: &str| contains_words(&h, w);
    if has("email") || has("e mail") {
        return Some(Field::Email);
    }
    if has("timestamp")
        || has("completion time")
        || has("end date")
        || h.split(' ').any(|w| w.starts_with("submit"))
    {
        return Some(Field::Date);
    }
    if matches!(
        h.as_str(),
        "id" | "response id" | "respondent id" | "response number"
    ) {
        return Some(Field::Id);
    }
    if has("organization") || has("organisation") || has("company") {
        return Some(Field::Organization);
    }
    if has("role") || has("department") || has("team") {
        return Some(Field::Role);
    }
    if has("name") {
        return Some(Field::Name);
    }
    None
}

/// Cut text quoted from an export to 80 characters.
pub fn quoted(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let max = crate::diagnostic::MAX_QUOTED_CHARS;
    if s.chars().count() > max {
        format!("\"{}…\"", s.chars().take(max - 1).collect::<String>())
    } else {
        format!("\"{s}\"")
    }
}

/// What every column of an export holds.
#[derive(Debug, Clone)]
pub struct Plan {
    pub headers: Vec<String>,
    pub header_line: u64,
    pub columns: Vec<Column>,
    /// Why a column is ignored, for the list on standard error.
    pub quiz: Vec<bool>,
}

impl Plan {
    /// Work out the columns from the header (and a map). Errors: no attribute column at all, or
    /// two columns with the answers to one attribute.
    pub fn new(
        name: &str,
        headers: Vec<String>,
        header_line: u64,
        rubric: &Rubric,
        map: Option<&Map>,
    ) -> Result<Plan, Diagnostic> {
        let mut columns = Vec::with_capacity(headers.len());
        let mut quiz = Vec::with_capacity(headers.len());
        for h in &headers {
            let mapped = map.and_then(|m| m.column(h));
            let is_quiz = mapped.is_none() && is_quiz_column(h);
            quiz.push(is_quiz);
            let col = match mapped {
                Some(c) => c,
                None if is_quiz => Column::Ignored,
                None => match attribute_of(h, rubric) {
                    Some(i) => Column::Attribute(i),
                    None => field_of(h).map_or(Column::Ignored, Column::Field),
                },
            };
            columns.push(col);
        }
        let at = Some(header_line as usize);
        let mut first: HashMap<usize, usize> = HashMap::new();
        for (k, c) in columns.iter().enumerate() {
            if let Column::Attribute(i) = c {
                if let Some(&j) = first.get(i) {
                    return Err(Diagnostic::new(
                        name,
                        format!(
                            "columns {} and {} both hold the answers to `{}`",
                            quoted(&headers[j]),
                            quoted(&headers[k]),
                            rubric.attributes[*i].id
                        ),
                    )
                    .at(at, None)
                    .help(
                        "say which one with --map MAP.yaml (the other as `ignore`); \
                         `import --print-map` writes a map to start from",
                    ));
                }
                first.insert(*i, k);
            }
        }
        if first.is_empty() {
            let shown: Vec<String> = headers.iter().take(30).map(|h| quoted(h)).collect();
            let mut d = Diagnostic::new(
                name,
                "no column is a question of the questionnaire: no header names an attribute",
            )
            .at(at, None)
            .help(format!(
                "headers seen: {}{}",
                shown.join(", "),
                if headers.len() > 30 { ", …" } else { "" }
            ))
            .help(format!(
                "expected headers naming the attributes of `{}`: {}",
                rubric.id,
                rubric
                    .attributes
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            d = d.help(
                "print the questions with `persona-maturity form`, or map your own headers with \
                 --map MAP.yaml",
            );
            return Err(d);
        }
        Ok(Plan {
            headers,
            header_line,
            columns,
            quiz,
        })
    }

    /// The number of attribute columns.
    #[cfg(test)]
    pub fn attribute_columns(&self) -> usize {
        self.columns
            .iter()
            .filter(|c| matches!(c, Column::Attribute(_)))
            .count()
    }
}

/// A cell read as an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Level(usize),
    Unsure,
    Unknown,
}

/// Reads cells as levels, for one rubric (and map).
pub struct Levels<'a> {
    rubric: &'a Rubric,
    /// Every option text `form` prints, and the map's cell texts, to their answer.
    exact: HashMap<String, Cell>,
    /// The map's cell texts as `words`, to their answer.
    mapped: HashMap<String, Cell>,
    /// Level names and ids as `words`, longest first, to their level.
    names: Vec<(String, usize)>,
}

impl<'a> Levels<'a> {
    pub fn new(rubric: &'a Rubric, map: Option<&Map>) -> Levels<'a> {
        let mut exact = HashMap::new();
        for (i, _) in rubric.attributes.iter().enumerate() {
            for l in 0..rubric.levels.len() {
                exact.insert(crate::form::option_text(rubric, i, l), Cell::Level(l));
            }
        }
        let mut mapped = HashMap::new();
        if let Some(m) = map {
            for (text, cell) in m.levels() {
                exact.insert(text.trim().to_string(), cell);
                mapped.insert(words(text), cell);
            }
        }
        let mut names: Vec<(String, usize)> = rubric
            .levels
            .iter()
            .enumerate()
            .flat_map(|(i, l)| [(words(&l.name), i), (words(&l.id), i)])
            .filter(|(w, _)| !w.is_empty())
            .collect();
        names.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        Levels {
            rubric,
            exact,
            mapped,
            names,
        }
    }

    /// The answer a cell's bytes give: the level number read without decoding (the common case),
    /// else the cell decoded and read as text (`None`: not UTF-8).
    pub fn read_bytes(&self, cell: &[u8]) -> Option<Cell> {
        let t = cell.trim_ascii();
        if self.mapped.is_empty() {
            let digits = t.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 0 && digits <= 3 {
                let n = t[..digits]
                    .iter()
                    .fold(0usize, |n, d| n * 10 + usize::from(d - b'0'));
                return Some(if (1..=self.rubric.levels.len()).contains(&n) {
                    Cell::Level(n - 1)
                } else {
                    Cell::Unknown
                });
            }
        }
        std::str::from_utf8(t).ok().map(|s| self.read(s))
    }

    /// The answer a cell gives. The map first (it may say anything), then the level number (every
    /// option `form` prints starts with it: the common case, decided without hashing), then the
    /// rest.
    pub fn read(&self, cell: &str) -> Cell {
        let t = cell.trim();
        if t.is_empty() {
            return Cell::Unsure;
        }
        if !self.mapped.is_empty() {
            if let Some(&c) = self.exact.get(t) {
                return c;
            }
            if let Some(&c) = self.mapped.get(&words(t)) {
                return c;
            }
        }
        // The level number, then anything but a digit.
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            return match t[..digits].parse::<usize>() {
                Ok(n) if (1..=self.rubric.levels.len()).contains(&n) => Cell::Level(n - 1),
                _ => Cell::Unknown,
            };
        }
        if t.eq_ignore_ascii_case(crate::form::NOT_SURE) {
            return Cell::Unsure;
        }
        if let Some(&c) = self.exact.get(t) {
            return c;
        }
        let w = words(t);
        if UNSURE_WORDS.iter().any(|u| u.eq_ignore_ascii_case(t)) || w == "na" {
            return Cell::Unsure;
        }
        for (name, level) in &self.names {
            if w == *name || w.starts_with(&format!("{name} ")) {
                return Cell::Level(*level);
            }
        }
        Cell::Unknown
    }

    /// "did you mean" for a cell that is no level: the level name its first words are closest to.
    pub fn suggest(&self, cell: &str) -> Option<String> {
        let w = words(cell);
        let mut best: Option<(&str, f64)> = None;
        for l in &self.rubric.levels {
            let n = words(&l.name).split(' ').count();
            let head: Vec<&str> = w.split(' ').take(n).collect();
            let head = head.join(" ");
            let score = strsim::jaro_winkler(&head, &words(&l.name));
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((l.name.as_str(), score));
            }
        }
        best.filter(|(_, s)| *s >= 0.8)
            .map(|(n, _)| format!("did you mean \"{n}\"?"))
    }

    /// What the person can write instead, for an error.
    pub fn expected(&self) -> String {
        format!(
            "expected a level number 1–{} or a level name ({}), or \"Not sure\"",
            self.rubric.levels.len(),
            self.rubric
                .levels
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// One response row, read.
#[derive(Debug, Clone)]
pub struct Response {
    pub line: u64,
    pub assessment: Assessment,
    pub email: Option<String>,
    pub id: Option<String>,
    /// A date column was there, but its cell could not be read as a date.
    pub date_unread: bool,
    /// Cells that are not levels, fields too long: the row is not used.
    pub problems: Vec<Diagnostic>,
}

/// Names a service writes where a respondent did not sign in.
fn anonymous(s: &str) -> bool {
    let s = s.trim();
    s.eq_ignore_ascii_case("anonymous") || s.eq_ignore_ascii_case("anonym")
}

impl Plan {
    /// Read one row against the plan. An error only for text that is not UTF-8 (the whole file
    /// is then in another encoding); cells that are not levels are the response's `problems`.
    pub fn response(
        &self,
        name: &str,
        row: &Row,
        rubric: &Rubric,
        levels: &Levels,
        organization: Option<&str>,
    ) -> Result<Response, Diagnostic> {
        let mut a = Assessment::empty(rubric);
        // Per field, the first value given (a fixed array: no hashing per row).
        let mut fields: [Option<String>; 6] = Default::default();
        let mut problems = Vec::new();
        let mut date_cell = None;
        for (k, col) in self.columns.iter().enumerate() {
            match col {
                Column::Attribute(i) => match levels
                    .read_bytes(row.bytes(k))
                    .ok_or_else(|| read::not_utf8(name, row.line))?
                {
                    Cell::Level(l) => a.answers[*i] = Answer::Level(l),
                    Cell::Unsure => a.answers[*i] = Answer::Unsure,
                    Cell::Unknown => {
                        let cell = row.text(name, k)?;
                        let mut message = format!(
                            "column {}: {} is not a level",
                            quoted(&self.headers[k]),
                            quoted(cell.trim())
                        );
                        if let Some(s) = levels.suggest(cell) {
                            message.push_str(&format!(" ({s})"));
                        }
                        problems.push(
                            Diagnostic::new(name, message)
                                .at(Some(row.line as usize), None)
                                .help(levels.expected())
                                .help("or say what it means with --map MAP.yaml"),
                        );
                    }
                },
                Column::Field(f) => {
                    if fields[*f as usize].is_some() {
                        continue;
                    }
                    let v = row.text(name, k)?.trim();
                    if v.is_empty() || anonymous(v) {
                        continue;
                    }
                    if *f == Field::Date {
                        date_cell = Some(v.to_string());
                    }
                    fields[*f as usize] = Some(v.to_string());
                }
                Column::Ignored => {}
            }
        }
        let mut label = |f: Field| -> Option<String> {
            let v = fields[f as usize].take()?;
            if v.chars().count() > MAX_LABEL_CHARS {
                let k = self
                    .columns
                    .iter()
                    .position(|c| *c == Column::Field(f))
                    .unwrap_or(0);
                problems.push(
                    Diagnostic::new(
                        name,
                        format!(
                            "column {}: longer than {MAX_LABEL_CHARS} characters",
                            quoted(&self.headers[k])
                        ),
                    )
                    .at(Some(row.line as usize), None),
                );
                return None;
            }
            Some(v)
        };
        a.respondent.name = label(Field::Name);
        a.respondent.role = label(Field::Role);
        a.organization = label(Field::Organization).or_else(|| organization.map(String::from));
        let email = label(Field::Email);
        let id = label(Field::Id);
        a.date = date_cell.as_deref().and_then(when::parse);
        Ok(Response {
            line: row.line,
            date_unread: date_cell.is_some() && a.date.is_none(),
            assessment: a,
            email,
            id,
            problems,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(headers: &[&str]) -> Result<Plan, Diagnostic> {
        Plan::new(
            "r.csv",
            headers.iter().map(|s| s.to_string()).collect(),
            1,
            &Rubric::builtin(),
            None,
        )
    }

    #[test]
    fn headers_are_matched_by_their_text_with_case_punctuation_and_numbering_ignored() {
        let r = Rubric::builtin();
        let p = plan(&[
            "Timestamp",
            "Email address",
            "3. Budget Allocation",
            "TRAINING",
            "What is your role?",
            "Your name",
            "Company",
            "16) accessibility/storage of information",
            "ID",
            "Start time",
        ])
        .unwrap();
        let idx = |id: &str| Column::Attribute(r.attribute_index(id).unwrap());
        assert_eq!(
            p.columns,
            vec![
                Column::Field(Field::Date),
                Column::Field(Field::Email),
                idx("budget-allocation"),
                idx("training"),
                Column::Field(Field::Role),
                Column::Field(Field::Name),
                Column::Field(Field::Organization),
                idx("accessibility-and-storage"),
                Column::Field(Field::Id),
                Column::Ignored,
            ]
        );
    }

    #[test]
    fn quiz_columns_are_not_answers_and_two_answer_columns_for_one_attribute_are_an_error() {
        let p = plan(&[
            "1. Training",
            "1. Training [Score]",
            "Points - 1. Training",
            "Feedback - 1. Training",
            "Score",
        ])
        .unwrap();
        assert_eq!(p.attribute_columns(), 1);
        let e = plan(&["Training", "Persona training"]).unwrap_err();
        assert!(
            e.to_string()
                .contains("both hold the answers to `training`"),
            "{e}"
        );
    }

    #[test]
    fn no_attribute_column_lists_the_headers_and_the_names_expected() {
        let e = plan(&["Timestamp", "Favourite colour"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"Favourite colour\""), "{e}");
        assert!(e.contains("Internal Persona Ownership"), "{e}");
    }

    #[test]
    fn cells_are_levels_by_number_name_or_option_text() {
        let r = Rubric::builtin();
        let l = Levels::new(&r, None);
        let opt = crate::form::option_text(&r, 0, 2);
        assert_eq!(l.read(&opt), Cell::Level(2));
        assert_eq!(l.read("3"), Cell::Level(2));
        assert_eq!(l.read("4 - best"), Cell::Level(3));
        assert_eq!(l.read("fully optimized"), Cell::Level(3));
        assert_eq!(l.read("Emerging: some budget"), Cell::Level(1));
        assert_eq!(l.read("Not sure"), Cell::Unsure);
        assert_eq!(l.read("n/a"), Cell::Unsure);
        assert_eq!(l.read(""), Cell::Unsure);
        assert_eq!(l.read("5"), Cell::Unknown);
        assert_eq!(l.read("34"), Cell::Unknown);
        assert_eq!(l.read("Expert"), Cell::Unknown);
        assert_eq!(
            l.suggest("Emergin"),
            Some("did you mean \"Emerging\"?".into())
        );
    }
}
