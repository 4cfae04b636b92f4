//! Reading an export's rows into responses, the one way `import` and `score` both use: the plan
//! checked (two columns for one attribute, attributes with no column), each row read, rows with
//! problems kept apart (the first `MAX_PROBLEMS` with their messages, the rest counted, so memory
//! does not grow with a broken file), submissions by the same person told apart ([`Keep`]), and
//! dates that cannot be read counted. What is accepted goes to a [`Sink`]: the tally (`score`) or
//! the answers files (`import`).

use super::{read, Levels, Map, Plan, Response, Row, Visit};
use crate::diagnostic::Diagnostic;
use crate::rubric::Rubric;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

/// Rows with problems whose messages are kept; past it they are counted.
pub const MAX_PROBLEMS: usize = 20;

/// People named in the warning about repeated submissions; past it they are counted.
const MAX_REPEATS_LISTED: usize = 20;

/// Which submission counts when one person submitted more than once (same email; or, without
/// one, the same name and role).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Keep {
    /// The last one in the export (forms list submissions in the order they came).
    #[default]
    Latest,
    /// The first one.
    First,
    /// Every one, each as a respondent.
    All,
}

impl Keep {
    pub fn id(self) -> &'static str {
        match self {
            Keep::Latest => "latest",
            Keep::First => "first",
            Keep::All => "all",
        }
    }
}

/// How the rows are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    pub map: Option<&'a Map>,
    pub keep: Keep,
    /// Attributes with no column are warnings, not errors.
    pub allow_missing: bool,
    /// For `--print-map`: the plan is not checked (the map it prints is how to fix it) and
    /// nothing is accepted; only the cell texts that are not levels are gathered.
    pub print_map: bool,
    /// The organization of responses that name none.
    pub organization: Option<&'a str>,
}

/// Where an accepted response goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A response of someone not seen before (`Some(k)`: the k-th person who can be told
    /// apart; `None`: no email, no name).
    New(Option<usize>),
    /// A later submission of person k, which replaces their earlier one ([`Keep::Latest`]).
    Replace(usize),
}

/// What receives the responses.
pub trait Sink {
    fn accept(&mut self, response: &Response, slot: Slot) -> Result<(), Diagnostic>;
}

/// Tells repeated submissions apart.
#[derive(Debug, Default)]
struct Repeats {
    /// Key hash → (person, first row).
    seen: HashMap<u64, (usize, u64)>,
    /// Person → who, and every row they submitted (only people who submitted twice or more).
    repeated: BTreeMap<usize, (String, Vec<u64>)>,
    people: usize,
}

/// The key a person is known by: the email (case ignored), else name and role (as roles are
/// compared); none when neither is there. Hashed: 64 bits make a collision between two people of
/// one export vanishingly unlikely, and keep the memory per respondent small.
fn key(r: &Response) -> Option<u64> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    if let Some(e) = r.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        ("email", e.to_lowercase()).hash(&mut h);
    } else {
        let name = r.assessment.respondent.name.as_deref()?;
        let role = r.assessment.respondent.role.as_deref().unwrap_or("");
        (
            "name",
            crate::words::role_key(name),
            crate::words::role_key(role),
        )
            .hash(&mut h);
    }
    Some(h.finish())
}

impl Repeats {
    fn slot(&mut self, r: &Response, keep: Keep) -> Option<Slot> {
        let Some(k) = key(r) else {
            return Some(Slot::New(None));
        };
        match self.seen.get(&k) {
            None => {
                let person = self.people;
                self.people += 1;
                self.seen.insert(k, (person, r.row));
                Some(Slot::New(Some(person)))
            }
            Some(&(person, first)) => {
                let who = super::respondent(&r.assessment, r.email.as_deref(), r.id.as_deref())
                    .unwrap_or_default();
                let entry = self
                    .repeated
                    .entry(person)
                    .or_insert_with(|| (who, vec![first]));
                entry.1.push(r.row);
                match keep {
                    Keep::Latest => Some(Slot::Replace(person)),
                    Keep::First => None,
                    Keep::All => {
                        let p = self.people;
                        self.people += 1;
                        Some(Slot::New(Some(p)))
                    }
                }
            }
        }
    }
}

/// What reading an export found besides the responses accepted.
#[derive(Debug, Default)]
pub struct Found {
    pub plan: Option<Plan>,
    /// Rows read (the header not counted).
    pub rows: u64,
    /// Rows accepted (after repeated submissions were decided).
    pub accepted: u64,
    /// Rows with problems: how many, and the first `MAX_PROBLEMS` rows' messages.
    pub bad_rows: u64,
    pub problems: Vec<(u64, Vec<Diagnostic>)>,
    /// Warnings: attributes with no column (with --allow-missing), repeated submissions, dates
    /// that could not be read.
    pub warnings: Vec<Diagnostic>,
    /// Submissions left out because the same person submitted again ([`Keep::Latest`], `First`).
    pub repeats_dropped: u64,
    /// Cell texts of answer columns that are not levels (for `--print-map`).
    pub unknown: Vec<String>,
}

/// Most distinct unreadable cell texts `--print-map` lists.
const MAX_UNKNOWN_LISTED: usize = 200;

struct Rows<'a, S: Sink> {
    name: &'a str,
    rubric: &'a Rubric,
    levels: Levels<'a>,
    opts: Options<'a>,
    sink: &'a mut S,
    found: Found,
    repeats: Repeats,
    undated: u64,
    first_undated: Option<(u64, String)>,
    seen_unknown: std::collections::HashSet<String>,
}

impl<S: Sink> Visit for Rows<'_, S> {
    fn header(&mut self, headers: Vec<String>, line: u64) -> Result<(), Diagnostic> {
        let plan = Plan::new(self.name, headers, line, self.rubric, self.opts.map)?;
        if !self.opts.print_map {
            let (error, warnings) = plan.check(self.name, self.rubric, self.opts.allow_missing);
            if let Some(e) = error {
                return Err(e);
            }
            self.found.warnings.extend(warnings);
        }
        self.found.plan = Some(plan);
        Ok(())
    }

    fn row(&mut self, row: &Row) -> Result<(), Diagnostic> {
        let Some(plan) = &self.found.plan else {
            return Ok(());
        };
        self.found.rows += 1;
        let detail = self.opts.print_map || self.found.problems.len() < MAX_PROBLEMS;
        let r = plan.response(
            self.name,
            row,
            self.rubric,
            &self.levels,
            self.opts.organization,
            detail,
        )?;
        if self.opts.print_map {
            for (k, c) in plan.columns.iter().enumerate() {
                if !matches!(c, super::Column::Attribute(_)) {
                    continue;
                }
                let text = row.text(self.name, k)?.trim();
                if matches!(
                    self.levels.read(text),
                    super::Cell::Unknown | super::Cell::Several
                ) && self.found.unknown.len() < MAX_UNKNOWN_LISTED
                    && self.seen_unknown.insert(text.to_string())
                {
                    self.found.unknown.push(text.to_string());
                }
            }
            return Ok(());
        }
        if let Some(cell) = &r.date_unread {
            self.undated += 1;
            self.first_undated.get_or_insert((r.row, cell.clone()));
        }
        if !r.problems.is_empty() {
            self.found.bad_rows += 1;
            if self.found.problems.len() < MAX_PROBLEMS {
                self.found.problems.push((r.row, r.problems));
            }
            return Ok(());
        }
        match self.repeats.slot(&r, self.opts.keep) {
            Some(slot) => {
                if matches!(slot, Slot::Replace(_)) {
                    self.found.repeats_dropped += 1;
                } else {
                    self.found.accepted += 1;
                }
                self.sink.accept(&r, slot)
            }
            None => {
                self.found.repeats_dropped += 1;
                Ok(())
            }
        }
    }
}

/// Read the export at `path` (named `name`) into `sink`. An error when the file cannot be used
/// at all (it cannot be read, a row has the wrong number of cells, an attribute has no column);
/// rows with problems are in `Found`.
pub fn read_export<S: Sink>(
    path: &std::path::Path,
    name: &str,
    rubric: &Rubric,
    opts: Options,
    sink: &mut S,
) -> Result<Found, Diagnostic> {
    read_with(|v| read::read(path, name, v), name, rubric, opts, sink)
}

/// The same for CSV text already open (standard input, the fuzz target).
pub fn read_csv_export<S: Sink, R: std::io::BufRead + Send>(
    text: R,
    name: &str,
    rubric: &Rubric,
    opts: Options,
    sink: &mut S,
) -> Result<Found, Diagnostic> {
    read_with(|v| read::read_csv(text, name, v), name, rubric, opts, sink)
}

fn read_with<S: Sink>(
    read: impl FnOnce(&mut dyn Visit) -> Result<(), Diagnostic>,
    name: &str,
    rubric: &Rubric,
    opts: Options,
    sink: &mut S,
) -> Result<Found, Diagnostic> {
    let mut rows = Rows {
        name,
        rubric,
        levels: Levels::new(rubric, opts.map),
        opts,
        sink,
        found: Found::default(),
        repeats: Repeats::default(),
        undated: 0,
        first_undated: None,
        seen_unknown: Default::default(),
    };
    read(&mut rows)?;
    let mut found = rows.found;
    if found.plan.is_none() {
        return Err(Diagnostic::new(name, "file is empty"));
    }
    if let Some((row, cell)) = rows.first_undated {
        found.warnings.push(
            Diagnostic::new(
                name,
                format!(
                    "row {row}: the date {} could not be read; {} without a date",
                    super::quoted(&cell),
                    crate::words::count(rows.undated, "response is", "responses are"),
                ),
            )
            .help("dates are read as a form writes them: 2026-03-14, 3/14/2026 10:02:11, 14.03.2026 …")
            .warning(),
        );
    }
    if !rows.repeats.repeated.is_empty() {
        let people = rows.repeats.repeated.len();
        let mut d = Diagnostic::new(
            name,
            format!(
                "{} submitted more than once; {}",
                crate::words::count(people, "person", "people"),
                match opts.keep {
                    Keep::Latest => "the latest submission of each is counted (--keep first or --keep all to change)",
                    Keep::First => "the first submission of each is counted (--keep first)",
                    Keep::All => "every submission is counted as a respondent (--keep all)",
                }
            ),
        )
        .warning();
        for (who, rows) in rows.repeats.repeated.values().take(MAX_REPEATS_LISTED) {
            let shown: Vec<String> = rows.iter().map(u64::to_string).collect();
            let kept = match opts.keep {
                Keep::Latest => format!(" (row {} counted)", rows[rows.len() - 1]),
                Keep::First => format!(" (row {} counted)", rows[0]),
                Keep::All => String::new(),
            };
            d = d.help(format!("{who}: rows {}{kept}", shown.join(", ")));
        }
        if people > MAX_REPEATS_LISTED {
            d = d.help(format!("… and {} more", people - MAX_REPEATS_LISTED));
        }
        found.warnings.push(d);
    }
    Ok(found)
}

impl Found {
    /// The problems as messages, row by row, and a line counting the rows not shown.
    pub fn problem_messages(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .problems
            .iter()
            .flat_map(|(_, ds)| ds.iter().map(|d| d.to_string()))
            .collect();
        let shown = self.problems.len() as u64;
        if self.bad_rows > shown {
            let n = self.bad_rows - shown;
            out.push(format!(
                "… and {n} more {} with problems (the first {MAX_PROBLEMS} are shown)",
                crate::words::pick(n, "row", "rows")
            ));
        }
        out
    }
}
