//! Responses collected with a form (Google Forms, Microsoft Forms, any CSV with one row per
//! respondent) read back as assessments: `read` streams the rows, `Plan` says what each column
//! is (always by its header text, never by its position), [`Levels`] reads a cell as a level, and
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

pub mod collect;

/// The marker of an import that has not finished, in its folder (`score` refuses a folder
/// holding it): see [`transaction`].
pub const UNFINISHED: &str = ".persona-import.unfinished";

/// What a file with no column naming an attribute is told: it is no export of the
/// questionnaire (a folder's other tables are left alone on it).
pub const NO_QUESTION: &str =
    "no column is a question of the questionnaire: no header names an attribute";

/// How every file `import` writes starts: then the export's name, `, row N`.
pub const IMPORTED_BY: &str = "# Imported by `persona-maturity import` from ";

pub mod map;
pub mod pick;
pub mod read;
pub mod records;
pub mod transaction;
pub mod when;
pub mod workbook;

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
    /// The answers to an attribute (index into
    /// [`Rubric::attributes`](crate::rubric::Rubric::attributes)).
    Attribute(usize),
    Field(Field),
    /// Free text about an attribute (`Training — comments`): the attribute's note.
    Note(usize),
    /// Free text about the whole questionnaire (`--comments "Any comments?"`): kept as a comment
    /// in the answers file `import` writes.
    Comment,
    /// Nothing this tool reads (a quiz score, a start time, a question of another form).
    Ignored,
}

/// A header that names an attribute and says it holds free text about it.
fn is_note_header(header: &str) -> bool {
    words(header)
        .split(' ')
        .any(|w| matches!(w, "comment" | "comments" | "note" | "notes"))
}

/// The words of a header or cell ([`words::plain_words`](crate::words::plain_words)), leading
/// numbering (`3.`, `12)`) dropped.
pub fn words(s: &str) -> String {
    let lowered = crate::words::plain_words(s);
    let mut parts: Vec<&str> = lowered.split(' ').collect();
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

/// How surely a header names a respondent field: the lower, the surer.
pub mod rank {
    /// The title `form` prints for it (`Your name`, `Your role or team` …).
    pub const FORM: u8 = 0;
    /// A column the form service adds itself (`Timestamp`, `Email address`; Microsoft Forms
    /// `ID`, `Email`, `Name`, `Completion time`).
    pub const SERVICE: u8 = 1;
    /// A plain label for it, the whole header (`Team`, `Company`, `Full name`).
    pub const LABEL: u8 = 2;
}

/// Headers that are, as a whole, a plain label for a field.
const LABELS: [(Field, &[&str]); 6] = [
    (
        Field::Email,
        &[
            "email",
            "e mail",
            "email address",
            "e mail address",
            "your email address",
            "work email",
            "your work email",
            "what is your email",
            "what is your email address",
        ],
    ),
    (
        Field::Date,
        &[
            "timestamp",
            "date",
            "submitted",
            "submitted at",
            "submitted on",
            "submission date",
            "submission time",
            "date submitted",
            "completion time",
            "end date",
            "end time",
            "recorded date",
        ],
    ),
    (
        Field::Id,
        &["id", "response id", "respondent id", "response number"],
    ),
    (
        Field::Organization,
        &[
            "organization",
            "organisation",
            "company",
            "your company",
            "company name",
            "your organisation",
            "organization name",
            "organisation name",
            "business unit",
            "your business unit",
            "what is your company",
            "what is your organization",
            "what is your organisation",
            "which company do you work for",
            "what company do you work for",
            "which organization do you work for",
            "what organization do you work for",
            "which organisation do you work for",
            "what organisation do you work for",
        ],
    ),
    (
        Field::Role,
        &[
            "role",
            "team",
            "department",
            "your role",
            "your team",
            "your department",
            "role or team",
            "team or role",
            "job role",
            "your job role",
            "function",
            "job function",
            "what is your role",
            "what s your role",
            "what is your team",
            "which team are you in",
            "what team are you in",
            "which team are you on",
            "what team are you on",
            "which team do you belong to",
            "what is your department",
            "which department are you in",
            "what department are you in",
        ],
    ),
    (
        Field::Name,
        &[
            "name",
            "full name",
            "your full name",
            "respondent",
            "respondent name",
            "first and last name",
            "what is your name",
            "what s your name",
        ],
    ),
];

/// The columns a form service adds itself.
const SERVICE_COLUMNS: [(Field, &str); 6] = [
    (Field::Date, "timestamp"),
    (Field::Email, "email address"),
    (Field::Id, "id"),
    (Field::Email, "email"),
    (Field::Name, "name"),
    (Field::Date, "completion time"),
];

/// The respondent field a header names, and how surely ([`rank`]). Only the whole header
/// counts: `Company size`, `Which team do you work with most?` or `Your manager's name` hold
/// something else, and are only said to look like a field ([`looks_like`]).
fn field_of(header: &str) -> Option<(Field, u8)> {
    let h = words(header);
    for f in crate::form::RESPONDENT_FIELDS {
        if words(f.title) == h {
            let field = Field::ALL.into_iter().find(|x| x.id() == f.id)?;
            return Some((field, rank::FORM));
        }
    }
    if let Some((f, _)) = SERVICE_COLUMNS.iter().find(|(_, t)| *t == h) {
        return Some((*f, rank::SERVICE));
    }
    if when::header_order(header).is_some() {
        return Some((Field::Date, rank::SERVICE));
    }
    LABELS
        .iter()
        .find(|(_, labels)| labels.contains(&h.as_str()))
        .map(|(f, _)| (*f, rank::LABEL))
}

/// The field a header's words mention without being a label for it (`Company size`): said
/// in the list of columns not read, and in `--print-map`, for a person to map if it is.
pub fn looks_like(header: &str) -> Option<Field> {
    let h = words(header);
    let has = |w: &str| contains_words(&h, w);
    if has("email") || has("e mail") {
        Some(Field::Email)
    } else if has("organization") || has("organisation") || has("company") {
        Some(Field::Organization)
    } else if has("role") || has("department") || has("team") {
        Some(Field::Role)
    } else if has("name") {
        Some(Field::Name)
    } else {
        None
    }
}

/// A free-text column about the whole questionnaire (`Any comments?`, `Anything else?`).
fn is_comment_header(header: &str) -> bool {
    let h = words(header);
    h.split(' ').any(|w| {
        matches!(
            w,
            "comment" | "comments" | "remark" | "remarks" | "note" | "notes"
        )
    }) || contains_words(&h, "anything else")
}

/// Of the columns found for each respondent field, keep those read: the surest, and below it
/// only the service's own column under the form's title (a signed-in `Name` where `Your name`
/// was left empty); a plain label under a surer column is not read. Two columns equally sure
/// are returned as conflicts (a map that names both is the person's choice, read in order).
fn settle_fields(columns: &mut [Column], rank: &[u8], mapped: bool) -> Vec<(Field, usize, usize)> {
    let mut conflicts = Vec::new();
    for f in Field::ALL {
        let ks: Vec<usize> = (0..columns.len())
            .filter(|&k| columns[k] == Column::Field(f))
            .collect();
        let Some(best) = ks.iter().map(|&k| rank[k]).min() else {
            continue;
        };
        let surest: Vec<usize> = ks.iter().copied().filter(|&k| rank[k] == best).collect();
        if surest.len() > 1 && !(mapped && best == rank::FORM) {
            conflicts.push((f, surest[0], surest[1]));
        }
        for &k in &ks {
            let fallback = best == rank::FORM && rank[k] == rank::SERVICE;
            if rank[k] > best && !fallback {
                columns[k] = Column::Ignored;
            }
        }
    }
    conflicts
}

/// A column as a person counts it: 1-based, with its spreadsheet letter (`7 (G)`).
pub fn column_number(k: usize) -> String {
    let mut letters = Vec::new();
    let mut n = k + 1;
    while n > 0 {
        let r = (n - 1) % 26;
        letters.push((b'A' + r as u8) as char);
        n = (n - 1) / 26;
    }
    let letters: String = letters.into_iter().rev().collect();
    format!("{} ({letters})", k + 1)
}

/// Text from an export in a message, in quotes
/// ([`diagnostic::excerpt`](crate::diagnostic::excerpt)).
pub fn quoted(s: &str) -> String {
    format!("\"{}\"", crate::diagnostic::excerpt(s))
}

/// What every column of an export holds.
#[derive(Debug, Clone)]
pub struct Plan {
    pub headers: Vec<String>,
    pub header_line: u64,
    pub columns: Vec<Column>,
    /// Why a column is ignored, for the list on standard error.
    pub quiz: Vec<bool>,
    /// Two columns for one attribute: the attribute and the two columns (the plan reads the
    /// later one; `check` refuses the plan).
    pub conflicts: Vec<(usize, usize, usize)>,
    /// Attributes no column answers, in rubric order.
    pub missing: Vec<usize>,
    /// Per column, how surely it holds its respondent field ([`rank`]): of two columns for one
    /// field, the surer one is read, the other only where the first is empty.
    pub rank: Vec<u8>,
    /// Two columns equally sure to hold one respondent field: the field and the two columns
    /// (`check` refuses the plan).
    pub field_conflicts: Vec<(Field, usize, usize)>,
}

impl Plan {
    /// Work out the columns from the header (and a map). An error only when no column is an
    /// attribute's; two columns for one attribute and attributes with no column are kept in the
    /// plan for `check` (and `--print-map`, which must work exactly when they are wrong: for a
    /// map, `for_map`, a header naming no attribute at all is where a map starts, not an error).
    pub fn new(
        name: &str,
        headers: Vec<String>,
        header_line: u64,
        rubric: &Rubric,
        (map, for_map): (Option<&Map>, bool),
    ) -> Result<Plan, Diagnostic> {
        let mut columns = Vec::with_capacity(headers.len());
        let mut quiz = Vec::with_capacity(headers.len());
        let mut rank = Vec::with_capacity(headers.len());
        for (k, h) in headers.iter().enumerate() {
            let mapped = map.and_then(|m| m.column(k, h));
            let is_quiz = mapped.is_none() && is_quiz_column(h);
            quiz.push(is_quiz);
            let (col, r) = match mapped {
                // A map says exactly: surer than any header.
                Some(c) => (c, rank::FORM),
                None if is_quiz => (Column::Ignored, u8::MAX),
                None => match attribute_of(h, rubric) {
                    Some(i) if is_note_header(h) => (Column::Note(i), u8::MAX),
                    Some(i) => (Column::Attribute(i), u8::MAX),
                    None => match field_of(h) {
                        Some((f, r)) => (Column::Field(f), r),
                        None if is_comment_header(h) => (Column::Comment, u8::MAX),
                        None => (Column::Ignored, u8::MAX),
                    },
                },
            };
            columns.push(col);
            rank.push(r);
        }
        let field_conflicts = settle_fields(&mut columns, &rank, map.is_some());
        let at = Some(header_line as usize);
        let mut first: HashMap<usize, usize> = HashMap::new();
        let mut conflicts = Vec::new();
        for (k, c) in columns.iter().enumerate() {
            if let Column::Attribute(i) = c {
                if let Some(&j) = first.get(i) {
                    conflicts.push((*i, j, k));
                }
                first.insert(*i, k);
            }
        }
        let missing = (0..rubric.attributes.len())
            .filter(|i| !first.contains_key(i))
            .collect();
        if first.is_empty() && !for_map {
            let shown: Vec<String> = headers.iter().take(30).map(|h| quoted(h)).collect();
            let mut d = Diagnostic::new(name, NO_QUESTION)
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
                "print the questions with `persona-maturity form`, or map your own headers: \
                 --print-map > map.yaml writes a map to fill in, then --map map.yaml",
            );
            return Err(d);
        }
        Ok(Plan {
            headers,
            header_line,
            columns,
            quiz,
            conflicts,
            missing,
            rank,
            field_conflicts,
        })
    }

    /// What makes the plan unusable, as one error naming every cause: two columns for one
    /// attribute; attributes with no column (each with the header closest to it), unless
    /// `allow_missing`, when they are warnings instead.
    pub fn check(
        &self,
        name: &str,
        rubric: &Rubric,
        allow_missing: bool,
    ) -> (Option<Diagnostic>, Vec<Diagnostic>) {
        let at = Some(self.header_line as usize);
        let mut causes = Vec::new();
        for &(f, j, k) in &self.field_conflicts {
            causes.push(format!(
                "columns {} {} and {} {} could both be the respondent's {}: say which one with \
                 --map MAP.yaml (the other as `ignore`)",
                column_number(j),
                quoted(&self.headers[j]),
                column_number(k),
                quoted(&self.headers[k]),
                f.id()
            ));
        }
        for &(i, j, k) in &self.conflicts {
            causes.push(format!(
                "columns {} {} and {} {} both hold the answers to `{}`: say which one with \
                 --map MAP.yaml (the other as `ignore`)",
                column_number(j),
                quoted(&self.headers[j]),
                column_number(k),
                quoted(&self.headers[k]),
                rubric.attributes[i].id
            ));
        }
        let mut missing = Vec::new();
        let mut far = Vec::new();
        for &i in &self.missing {
            let a = &rubric.attributes[i];
            match self.closest_header(&a.name) {
                Some(k) => missing.push(format!(
                    "no column for {} ({}); closest header: {} (column {}): map it with --map \
                     MAP.yaml",
                    a.name,
                    a.id,
                    quoted(&self.headers[k]),
                    column_number(k)
                )),
                None => far.push(a.name.as_str()),
            }
        }
        if !far.is_empty() {
            missing.push(format!(
                "no column for {}; no header is close to {} (left out of the form?)",
                far.join(", "),
                crate::words::pick(far.len(), "it", "them")
            ));
        }
        let n_missing = self.missing.len();
        let mut warnings = Vec::new();
        if allow_missing && !missing.is_empty() {
            let mut w = Diagnostic::new(
                name,
                format!(
                    "{} no column; every respondent leaves {} unanswered (--allow-missing)",
                    crate::words::count(n_missing, "attribute has", "attributes have"),
                    crate::words::pick(n_missing, "it", "them")
                ),
            )
            .at(at, None)
            .warning();
            for m in missing.drain(..) {
                w = w.help(m);
            }
            warnings.push(w);
        }
        causes.extend(missing);
        if causes.is_empty() {
            return (None, warnings);
        }
        let mut d = Diagnostic::new(
            name,
            if self.conflicts.is_empty() && self.field_conflicts.is_empty() {
                format!(
                    "{} of the questionnaire {} no column; nothing was read",
                    crate::words::count(n_missing, "attribute", "attributes"),
                    crate::words::pick(n_missing, "has", "have")
                )
            } else {
                "the columns cannot be read as they are; nothing was read".to_string()
            },
        )
        .at(at, None);
        for c in causes {
            d = d.help(c);
        }
        d = d.help("`persona-maturity import EXPORT --print-map` writes a map to start from");
        if n_missing > 0 && !allow_missing {
            d = d.help(
                "or pass --allow-missing to read the export without them (every respondent then \
                 leaves them unanswered)",
            );
        }
        (Some(d), warnings)
    }

    /// The header not read as anything that is closest to an attribute's name.
    fn closest_header(&self, attribute: &str) -> Option<usize> {
        let want = words(attribute);
        self.headers
            .iter()
            .enumerate()
            .filter(|(k, _)| self.columns[*k] == Column::Ignored && !self.quiz[*k])
            .map(|(k, h)| (k, strsim::normalized_levenshtein(&words(h), &want)))
            .filter(|(_, s)| *s >= 0.6)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(k, _)| k)
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
    /// Several levels in one cell: a checkbox question (Google Forms joins the options with
    /// `, `, Microsoft Forms with `;`).
    Several,
    /// Word for word an option of another question (that attribute, and the level): the
    /// options were pasted under the wrong question.
    OtherQuestion(usize, usize),
}

/// What may stand between a level's number and its name (`3 · Advancing`, `2 - emerging`), and
/// between a level's name and words about it (`Advancing — CMO takes…`).
const NUMBER_SEPARATORS: [&str; 6] = [" · ", " - ", " – ", " — ", ". ", ") "];
const NAME_SEPARATORS: [&str; 4] = [" — ", " – ", " - ", ": "];

/// Reads cells as levels, for one rubric (and map). A cell is a level only when it says so
/// plainly: the option `form` printed for that question, a level number alone, a level's name
/// or id alone, or a number and that same level's name (`2 · Emerging`, `2 - emerging`), with
/// anything after the name (an option's description). Free text that only starts like one
/// ("3 people share it", "Emerging markets team keeps them", `3.7`) is not a level.
pub struct Levels<'a> {
    rubric: &'a Rubric,
    /// Per attribute, per level, the option text `form` prints.
    options: Vec<Vec<String>>,
    /// Every option text, to the attribute and level it is printed for (the first, when two
    /// questions share one).
    exact: HashMap<String, (usize, usize)>,
    /// The map's cell texts, as written and as `words`, to their answer.
    mapped_exact: HashMap<String, Cell>,
    mapped: HashMap<String, Cell>,
    /// Level names and ids as `words`, longest first, to their level.
    names: Vec<(String, usize)>,
    /// Longest cell that can be an answer, in bytes: every option text and mapped text ticked
    /// at once, with separators. A longer cell is no answer, decided without reading it (a 16 MiB
    /// cell of junk costs what reading it costs, not what folding its case costs).
    longest: usize,
}

impl<'a> Levels<'a> {
    pub fn new(rubric: &'a Rubric, map: Option<&Map>) -> Levels<'a> {
        let options: Vec<Vec<String>> = (0..rubric.attributes.len())
            .map(|i| {
                (0..rubric.levels.len())
                    .map(|l| crate::form::option_text(rubric, i, l))
                    .collect()
            })
            .collect();
        let mut exact = HashMap::new();
        for (i, texts) in options.iter().enumerate() {
            for (l, t) in texts.iter().enumerate() {
                exact.entry(t.clone()).or_insert((i, l));
            }
        }
        let mut mapped_exact = HashMap::new();
        let mut mapped = HashMap::new();
        if let Some(m) = map {
            for (text, cell) in m.levels() {
                mapped_exact.insert(text.trim().to_string(), cell);
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
        let one = exact
            .keys()
            .chain(mapped.keys())
            .map(String::len)
            .chain(names.iter().map(|(w, _)| w.len()))
            .max()
            .unwrap_or(0);
        let longest = (one + 8) * (rubric.levels.len() + 2);
        Levels {
            rubric,
            options,
            exact,
            mapped_exact,
            mapped,
            names,
            longest,
        }
    }

    /// The answer a cell's bytes give in the column of `attribute`: the option `form` printed
    /// for it compared byte for byte (the common case, without decoding or hashing), else the
    /// cell decoded and read as text (`None`: not UTF-8).
    pub fn read_bytes(&self, attribute: usize, cell: &[u8]) -> Option<Cell> {
        let t = cell.trim_ascii();
        if self.mapped.is_empty() {
            let digits = t.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 0 && digits <= 2 {
                let n = t[..digits]
                    .iter()
                    .fold(0usize, |n, d| n * 10 + usize::from(d - b'0'));
                if digits == t.len() {
                    return Some(self.number(n));
                }
                if let Some(option) = n
                    .checked_sub(1)
                    .and_then(|l| self.options.get(attribute)?.get(l))
                {
                    if option.as_bytes() == t {
                        return Some(Cell::Level(n - 1));
                    }
                }
            }
        }
        std::str::from_utf8(t).ok().map(|s| self.read(attribute, s))
    }

    /// A level number alone.
    fn number(&self, n: usize) -> Cell {
        if (1..=self.rubric.levels.len()).contains(&n) {
            Cell::Level(n - 1)
        } else {
            Cell::Unknown
        }
    }

    /// The answer a cell gives in the column of `attribute`. The map first (it may say
    /// anything), then what the form printed, then a level said plainly.
    pub fn read(&self, attribute: usize, cell: &str) -> Cell {
        let t = cell.trim();
        if let Some(c) = self.mapped_cell(t) {
            return c;
        }
        if t.is_empty() {
            return Cell::Unsure;
        }
        if t.len() > self.longest {
            return Cell::Unknown;
        }
        if (t.contains(';') || t.contains(", ")) && self.several(t) {
            return Cell::Several;
        }
        self.read_one(attribute, t)
    }

    fn mapped_cell(&self, t: &str) -> Option<Cell> {
        if self.mapped.is_empty() {
            return None;
        }
        self.mapped_exact
            .get(t)
            .or_else(|| self.mapped.get(&words(t)))
            .copied()
    }

    /// Two or more parts of a cell, split at `;` and `, `, that are each plainly a level: a
    /// checkbox question's answer. A part is plainly a level when it is an option text, a level
    /// number alone or followed by ` · `, or a level's name or id alone (a description's own
    /// commas split it into parts that are none of these).
    fn several(&self, t: &str) -> bool {
        let plain = |p: &str| -> bool {
            let p = p.trim();
            if p.is_empty() {
                return false;
            }
            let digits = p.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && (digits == p.len() || p[digits..].starts_with(" \u{b7} ")) {
                return true;
            }
            if self.exact.contains_key(p) || self.mapped.contains_key(&words(p)) {
                return true;
            }
            let w = words(p);
            self.names.iter().any(|(n, _)| *n == w)
        };
        t.split(';')
            .flat_map(|p| p.split(", "))
            .filter(|p| plain(p))
            .nth(1)
            .is_some()
    }

    fn read_one(&self, attribute: usize, t: &str) -> Cell {
        if let Some(&(j, l)) = self.exact.get(t) {
            let own = self.options.get(attribute).and_then(|o| o.get(l));
            return if j == attribute || own.is_some_and(|o| o == t) {
                Cell::Level(l)
            } else {
                Cell::OtherQuestion(j, l)
            };
        }
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            let Ok(n) = t[..digits].parse::<usize>() else {
                return Cell::Unknown;
            };
            if digits == t.len() {
                return self.number(n);
            }
            // `N · Name`, then anything after the name: N must be that name's level.
            let rest = &t[digits..];
            return match NUMBER_SEPARATORS
                .iter()
                .find_map(|s| rest.strip_prefix(s))
                .and_then(|named| self.name_first(named))
            {
                Some(l) if l + 1 == n => Cell::Level(l),
                _ => Cell::Unknown,
            };
        }
        if t.eq_ignore_ascii_case(crate::form::NOT_SURE) {
            return Cell::Unsure;
        }
        let w = words(t);
        if UNSURE_WORDS.iter().any(|u| u.eq_ignore_ascii_case(t)) || w == "na" {
            return Cell::Unsure;
        }
        self.name_first(t).map_or(Cell::Unknown, Cell::Level)
    }

    /// A level's name or id alone, or followed by a separator and words about it
    /// (`Advancing — CMO takes…`, `emerging: a small budget`).
    fn name_first(&self, t: &str) -> Option<usize> {
        let t = t.trim();
        let head = NAME_SEPARATORS
            .iter()
            .filter_map(|s| t.find(s))
            .min()
            .map_or(t, |k| &t[..k]);
        // A question mark is doubt (`Advancing?`), not a level said plainly.
        if head.contains(['?', '\u{ff1f}']) {
            return None;
        }
        let w = words(head);
        self.names
            .iter()
            .find(|(name, _)| *name == w)
            .map(|(_, l)| *l)
    }

    /// "did you mean" for a cell that is no level: the level name its first words are closest to.
    pub fn suggest(&self, cell: &str) -> Option<String> {
        // The first words are what is compared: a long cell is cut first.
        let cut = cell
            .char_indices()
            .nth(200)
            .map_or(cell, |(i, _)| &cell[..i]);
        let w = words(cut);
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
    /// The row a spreadsheet shows it on (the header is row 1 when it is the first line).
    pub row: u64,
    pub assessment: Assessment,
    pub email: Option<String>,
    pub id: Option<String>,
    /// A date column was there, but its cell could not be read as a date: the cell.
    pub date_unread: Option<String>,
    /// The timestamp as written, and its cell: the date is read from it once the column's
    /// order of day and month is decided.
    pub stamp: Option<when::Stamp>,
    pub date_cell: Option<String>,
    /// What tells this submission from any other ([`fingerprint`]).
    pub fingerprint: u64,
    /// Cells that are not levels, fields too long: the row is not used.
    pub problems: Vec<Diagnostic>,
    /// Free-text columns about the whole questionnaire: header and text.
    pub comments: Vec<(String, String)>,
}

/// The respondent a row is from, by name, else email, else response id (shown escaped).
pub fn respondent(a: &Assessment, email: Option<&str>, id: Option<&str>) -> Option<String> {
    a.respondent
        .name
        .as_deref()
        .or(email)
        .map(String::from)
        .or_else(|| id.map(|i| format!("response {i}")))
        .map(|w| crate::escape::comment(&w))
}

/// ` (Dana Reyes)`, or nothing: `respondent` to follow a row number.
pub fn who(a: &Assessment, email: Option<&str>, id: Option<&str>) -> String {
    respondent(a, email, id)
        .map(|w| format!(" ({w})"))
        .unwrap_or_default()
}

/// Names a service writes where a respondent did not sign in.
fn anonymous(s: &str) -> bool {
    let s = s.trim();
    s.eq_ignore_ascii_case("anonymous") || s.eq_ignore_ascii_case("anonym")
}

/// A cell under `header` longer than `max` characters.
fn too_long(name: &str, header: &str, max: usize) -> Diagnostic {
    Diagnostic::new(
        name,
        format!("column {}: longer than {max} characters", quoted(header)),
    )
}

impl Plan {
    /// The error for a column whose cells are another question's options, word for word: the
    /// form itself is wrong (every row has them), so the whole export is refused.
    fn wrong_question(
        &self,
        name: &str,
        row: &Row,
        k: usize,
        attribute: usize,
        other: usize,
        rubric: &Rubric,
    ) -> Diagnostic {
        let cell = row.text(name, k).unwrap_or_default();
        Diagnostic::new(
            name,
            format!(
                "row {}: column {} {} holds {}, an option of question {} ({}), not of {}",
                row.cells.row,
                column_number(k),
                quoted(&self.headers[k]),
                quoted(cell.trim()),
                other + 1,
                rubric.attributes[other].name,
                rubric.attributes[attribute].name,
            ),
        )
        .at(Some(row.line as usize), None)
        .help(
            "the options were pasted under the wrong question of the form: its answers cannot \
             be told apart from that question's; nothing was read from this file",
        )
        .help(format!(
            "give question {} the options `persona-maturity form` prints for it, and collect \
             its answers again",
            quoted(&self.headers[k])
        ))
    }
}

/// Why a cell under `header` is not an answer: no level, or several in one cell.
fn cell_problem(
    name: &str,
    header: &str,
    cell: &str,
    levels: &Levels,
    several: bool,
) -> Diagnostic {
    if several {
        return Diagnostic::new(
                name,
                format!(
                    "column {}: several levels in one cell: {}",
                    quoted(header),
                    quoted(cell.trim())
                ),
            )
            .help("a question takes one answer: the form lets people tick several (Google Forms: make it \"Multiple choice\", not \"Checkboxes\"; Microsoft Forms: turn \"Multiple answers\" off)")
            .help("ask the respondent which one they meant, and correct the cell");
    }
    let mut message = format!(
        "column {}: {} is not a level",
        quoted(header),
        quoted(cell.trim())
    );
    if let Some(s) = levels.suggest(cell) {
        message.push_str(&format!(" ({s})"));
    }
    Diagnostic::new(name, message)
        .help(levels.expected())
        .help("or say what it means with --map MAP.yaml")
}

impl Plan {
    /// Read one row against the plan. An error only for text that is not UTF-8 (the whole file
    /// is then in another encoding) and for another question's options; cells that are not
    /// levels are the response's `problems`. The date is read when the order of its day and
    /// month is known (`dates`, or a cell that leaves no doubt); else it waits in `stamp` for
    /// the column's decision.
    pub fn response(
        &self,
        name: &str,
        row: &Row,
        rubric: &Rubric,
        levels: &Levels,
        opts: &collect::Options,
        detail: bool,
    ) -> Result<Response, Diagnostic> {
        let mut a = Assessment::empty(rubric);
        // Per field, the value given in the column preferred (a fixed array: no hashing per row).
        let mut fields: [Option<(u8, String)>; 6] = Default::default();
        let mut problems = Vec::new();
        let mut comments = Vec::new();
        for (k, col) in self.columns.iter().enumerate() {
            match col {
                Column::Note(_) | Column::Comment => {
                    let v = row.text(name, k)?.trim();
                    if v.chars().count() > crate::assessment::MAX_NOTE_CHARS {
                        let max = crate::assessment::MAX_NOTE_CHARS;
                        problems.push(too_long(name, &self.headers[k], max));
                    } else if v.is_empty() {
                    } else if let Column::Note(i) = col {
                        a.notes[*i] = Some(match a.notes[*i].take() {
                            Some(earlier) => format!("{earlier}\n{v}"),
                            None => v.to_string(),
                        });
                    } else {
                        comments.push((self.headers[k].clone(), v.to_string()));
                    }
                }
                Column::Attribute(i) => {
                    let read = levels
                        .read_bytes(*i, row.bytes(k))
                        .ok_or_else(|| read::not_utf8(name, row.line))?;
                    match read {
                        Cell::Level(l) => a.answers[*i] = Answer::Level(l),
                        Cell::Unsure => a.answers[*i] = Answer::Unsure,
                        Cell::OtherQuestion(j, _) => {
                            return Err(self.wrong_question(name, row, k, *i, j, rubric));
                        }
                        Cell::Unknown | Cell::Several if !detail => {
                            // Past the problems shown only their count matters: no message is made.
                            problems.push(Diagnostic::new(name, String::new()));
                        }
                        Cell::Unknown | Cell::Several => {
                            let cell = row.text(name, k)?;
                            let several = matches!(read, Cell::Several);
                            let header = &self.headers[k];
                            problems.push(cell_problem(name, header, cell, levels, several));
                        }
                    }
                }
                Column::Field(f) => {
                    let rank = self.rank[k];
                    if fields[*f as usize]
                        .as_ref()
                        .is_some_and(|(r, _)| *r <= rank)
                    {
                        continue;
                    }
                    let v = row.text(name, k)?.trim();
                    if v.is_empty() || anonymous(v) {
                        continue;
                    }
                    fields[*f as usize] = Some((rank, v.to_string()));
                }
                Column::Ignored => {}
            }
        }
        let fields = fields.map(|f| f.map(|(_, v)| v));
        let fingerprint = fingerprint(&fields, &a, row.cells.row);
        let mut fields = fields;
        let mut label = |f: Field| -> Option<String> {
            let v = fields[f as usize].take()?;
            if v.chars().count() > MAX_LABEL_CHARS {
                let k = self
                    .columns
                    .iter()
                    .position(|c| *c == Column::Field(f))
                    .unwrap_or(0);
                problems.push(too_long(name, &self.headers[k], MAX_LABEL_CHARS));
                return None;
            }
            Some(v)
        };
        a.respondent.name = label(Field::Name);
        a.respondent.role = label(Field::Role);
        a.organization = label(Field::Organization).or_else(|| opts.organization.map(String::from));
        let email = label(Field::Email);
        let id = label(Field::Id);
        let date_cell = fields[Field::Date as usize].take();
        let stamp = date_cell.as_deref().and_then(when::Stamp::read);
        a.date = stamp.and_then(|s| date_now(s, opts.dates));
        // Every problem names the row as a spreadsheet shows it, and who answered it.
        let place = if detail && !problems.is_empty() {
            format!(
                "row {}{}",
                row.cells.row,
                who(&a, email.as_deref(), id.as_deref())
            )
        } else {
            String::new()
        };
        for p in problems.iter_mut().filter(|_| detail) {
            p.message = format!("{place}: {}", p.message);
        }
        Ok(Response {
            row: row.cells.row,
            date_unread: date_cell.clone().filter(|_| stamp.is_none()),
            date_cell: date_cell.filter(|_| stamp.is_some()),
            stamp,
            assessment: a,
            email,
            id,
            problems,
            comments,
            fingerprint,
        })
    }
}

/// A timestamp's date when it can be read at once: in the order given, or when it is not
/// written with slashes; else `None`, to wait for the column's decision.
fn date_now(s: when::Stamp, dates: collect::Dates) -> Option<crate::source::Date> {
    match dates {
        collect::Dates::Fixed(order) => order.and_then(|o| s.date(o)),
        collect::Dates::Decide if s.needs_order() => None,
        collect::Dates::Decide => s.date(when::Order::MonthFirst),
    }
}

/// What tells one submission from any other: its timestamp (or response id), its name, role
/// and organization as written, and its answers and notes; the row too when the export has
/// neither timestamp nor id. Never the email: an imported file records it, and the file may
/// be shared. The same row of the same export, downloaded again or renamed, gives the same
/// value, so `score` recognises a file imported from it.
fn fingerprint(fields: &[Option<String>; 6], a: &Assessment, row: u64) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in [
        Field::Date,
        Field::Id,
        Field::Name,
        Field::Role,
        Field::Organization,
    ] {
        fields[f as usize].hash(&mut h);
    }
    if fields[Field::Date as usize].is_none() && fields[Field::Id as usize].is_none() {
        row.hash(&mut h);
    }
    for x in &a.answers {
        match x {
            Answer::Level(l) => (1u8, *l).hash(&mut h),
            Answer::Unsure => (2u8, 0).hash(&mut h),
            Answer::Missing => (3u8, 0).hash(&mut h),
        }
    }
    a.notes.hash(&mut h);
    h.finish()
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
            (None, false),
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
            "Company size",
            "Which team do you work with most?",
            "Your manager's name",
            "Any comments?",
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
                Column::Ignored,
                Column::Ignored,
                Column::Ignored,
                Column::Comment,
            ]
        );
        assert_eq!(looks_like("Company size"), Some(Field::Organization));
        assert_eq!(
            looks_like("Which team do you work with most?"),
            Some(Field::Role)
        );
        assert_eq!(looks_like("Your manager's name"), Some(Field::Name));
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
        let p = plan(&["Training", "Persona training"]).unwrap();
        let (e, _) = p.check("r.csv", &Rubric::builtin(), true);
        let e = e.unwrap().to_string();
        assert!(e.contains("both hold the answers to `training`"), "{e}");
        assert!(e.contains("columns 1 (A) \"Training\" and 2 (B)"), "{e}");
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
        assert_eq!(l.read(0, &opt), Cell::Level(2));
        assert_eq!(l.read_bytes(0, opt.as_bytes()), Some(Cell::Level(2)));
        assert_eq!(l.read(0, "3"), Cell::Level(2));
        assert_eq!(l.read(0, " 3 "), Cell::Level(2));
        assert_eq!(l.read(0, "2 - emerging"), Cell::Level(1));
        assert_eq!(l.read(0, "4 · Fully Optimized"), Cell::Level(3));
        assert_eq!(l.read(0, "fully optimized"), Cell::Level(3));
        assert_eq!(l.read(0, "FULLY-OPTIMIZED"), Cell::Level(3));
        assert_eq!(l.read(0, "Emerging — some budget"), Cell::Level(1));
        assert_eq!(l.read(0, "Not sure"), Cell::Unsure);
        assert_eq!(l.read(0, "n/a"), Cell::Unsure);
        assert_eq!(l.read(0, ""), Cell::Unsure);
        assert_eq!(l.read(0, "5"), Cell::Unknown);
        assert_eq!(l.read(0, "34"), Cell::Unknown);
        assert_eq!(l.read(0, "Expert"), Cell::Unknown);
        assert_eq!(
            l.suggest("Emergin"),
            Some("did you mean \"Emerging\"?".into())
        );
    }

    #[test]
    fn free_text_that_only_starts_like_a_level_is_not_one() {
        let r = Rubric::builtin();
        let l = Levels::new(&r, None);
        for text in [
            "3 people share it informally",
            "Emerging markets team keeps them",
            "4 or 5 k$ a year",
            "3.7",
            "3,7",
            "4 - best",
            "2 · Advancing",
            "Advancingly",
            "Emerging I think",
            "Advancing?",
            "advancing ?",
            "Fully Optimized? — maybe",
        ] {
            assert_eq!(l.read(0, text), Cell::Unknown, "{text}");
            assert_eq!(
                l.read_bytes(0, text.as_bytes()),
                Some(Cell::Unknown),
                "{text}"
            );
        }
    }

    #[test]
    fn another_questions_option_word_for_word_is_named() {
        let r = Rubric::builtin();
        let l = Levels::new(&r, None);
        let budget = crate::form::option_text(&r, 2, 1);
        assert_eq!(l.read(3, &budget), Cell::OtherQuestion(2, 1));
        assert_eq!(
            l.read_bytes(3, budget.as_bytes()),
            Some(Cell::OtherQuestion(2, 1))
        );
        assert_eq!(l.read(2, &budget), Cell::Level(1));
    }
}
