//! Reading an export's rows into responses, the one way `import` and `score` both use: the plan
//! checked (two columns for one attribute, attributes with no column), each row read, rows with
//! problems kept apart (the first `MAX_PROBLEMS` with their messages, the rest counted, so memory
//! does not grow with a broken file), submissions by the same person told apart ([`Keep`]), and
//! dates that cannot be read counted. What is accepted goes to a [`Sink`]: the tally (`score`) or
//! the answers files (`import`).

use super::{read, when, Levels, Map, Plan, Response, Row, Visit};
use crate::diagnostic::Diagnostic;
use crate::rubric::Rubric;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

/// Rows with problems whose messages are kept; past it they are counted.
pub const MAX_PROBLEMS: usize = 20;

/// People named in the warning about repeated submissions; past it they are counted.
const MAX_REPEATS_LISTED: usize = 20;

/// Which submission counts when one person answered more than once (same email; or, without
/// one, the same name, role and organization).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Keep {
    /// The one submitted last, by its timestamp or date (of two at the same moment, the one
    /// read later: later on the command line, then the later row or file path).
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
    /// How dates written with slashes are read.
    pub dates: Dates,
    /// Whether submissions by the same person are told apart here (`import`); `score` hands
    /// every row on and tells people apart across all its inputs.
    pub group: bool,
    /// Only the timestamps are looked at, to decide their order ([`decide_dates`]).
    pub dates_only: bool,
    /// `score`: folders are searched for form exports too, not only for answers files.
    pub in_folders: bool,
    /// A file whose header names no attribute is not taken for an export (one found in a
    /// folder): nothing is read, and [`Found::not_an_export`] says so.
    pub not_exports: bool,
}

/// How dates written with slashes (`03/11/2026`) are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dates {
    /// Decided from the whole column ([`when::Evidence`]) once it is read: rows wait.
    #[default]
    Decide,
    /// In this order (`--dates`, or decided before); `None`: not read at all.
    Fixed(Option<when::Order>),
}

impl Dates {
    /// As `--dates` tells: in that order, or decided from the column when it is not given.
    pub fn told(order: Option<when::Order>) -> Dates {
        order.map_or(Dates::Decide, |o| Dates::Fixed(Some(o)))
    }
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

    /// A row that cannot be read (its problems are in [`Found`]). `withdraw`: it is person k's
    /// submission that counts ([`Keep`]), so the one accepted for them earlier no longer does:
    /// stale answers never count in place of one that could not be read.
    fn unreadable(
        &mut self,
        _response: &Response,
        _withdraw: Option<usize>,
    ) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// Tells repeated submissions apart.
#[derive(Debug, Default)]
struct Repeats {
    /// Key hash → (person, first row, and the row counted with its moment).
    seen: HashMap<u64, (usize, u64, (i64, u64))>,
    /// Person → who, and every row they submitted (only people who submitted twice or more).
    repeated: BTreeMap<usize, (String, Vec<u64>)>,
    /// People whose submission that counts is a row that cannot be read: they are left out.
    unreadable: std::collections::HashSet<usize>,
    /// Whether the submission the last `Slot::Replace` replaced could not be read either (it is
    /// then counted as a row with problems, not as a submission left out).
    replaced_unreadable: bool,
    people: usize,
    /// Name, role and organization's key → the email its rows carried so far (0: none yet;
    /// `None`: two different emails), so a row with no email is the person of that name's one
    /// email, and a row with an email is the person of that name's rows with none.
    names: HashMap<u64, Option<u64>>,
    /// An email's key → the name key its person was first known by (rows with no email first).
    aliases: HashMap<u64, u64>,
}

/// The key a person is known by: the email (case ignored), else name, role and organization
/// (as roles are compared); none when neither email nor name is there. Hashed: 64 bits make a
/// collision between two people of one export vanishingly unlikely, and keep the memory per
/// respondent small.
pub fn key(r: &Response) -> Option<u64> {
    person_key(
        r.email.as_deref(),
        r.assessment.respondent.name.as_deref(),
        r.assessment.respondent.role.as_deref(),
        r.assessment.organization.as_deref(),
    )
}

/// The same from the parts: the email where there is one, else the name with role and
/// organization (each compared as roles are: case, width and spacing ignored).
pub fn person_key(
    email: Option<&str>,
    name: Option<&str>,
    role: Option<&str>,
    organization: Option<&str>,
) -> Option<u64> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    if let Some(e) = email.map(str::trim).filter(|e| !e.is_empty()) {
        ("email", e.to_lowercase()).hash(&mut h);
    } else {
        let name = name.map(str::trim).filter(|n| !n.is_empty())?;
        let k = |s: Option<&str>| crate::words::role_key(s.unwrap_or(""));
        ("name", k(Some(name)), k(role), k(organization)).hash(&mut h);
    }
    Some(h.finish())
}

/// When a response was submitted, to order one person's submissions: its moment (in UTC where
/// the timestamp names its offset; a response without a date before any with one), then its
/// row.
fn when_of(r: &Response) -> (i64, u64) {
    let moment = r.assessment.date.map_or(i64::MIN, |d| {
        when::moment(
            d,
            r.stamp.and_then(|s| s.secs),
            r.stamp.and_then(|s| s.offset),
        )
    });
    (moment, r.row)
}

impl Repeats {
    /// The key a response's person is kept under: its email's, unless rows of its name, role and
    /// organization came first with no email (then theirs); a row with no email takes the key of
    /// its name's one email so far. Two different emails for one name are two people, and the
    /// name's later rows with no email a third.
    fn identity(&mut self, r: &Response) -> Option<u64> {
        let a = &r.assessment;
        let (name, role, org) = (
            a.respondent.name.as_deref(),
            a.respondent.role.as_deref(),
            a.organization.as_deref(),
        );
        let by_name = person_key(None, name, role, org);
        let by_email = key(r).filter(|k| Some(*k) != by_name);
        let Some(n) = by_name else {
            return by_email;
        };
        let ambiguous = || {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            ("no email of two", n).hash(&mut h);
            h.finish()
        };
        match (by_email, self.names.get(&n).copied()) {
            (Some(e), _) if self.aliases.contains_key(&e) => Some(self.aliases[&e]),
            (Some(e), None) => {
                self.names.insert(n, Some(e));
                Some(e)
            }
            (Some(e), Some(Some(0))) => {
                self.names.insert(n, Some(e));
                self.aliases.insert(e, n);
                Some(n)
            }
            (Some(e), Some(Some(seen))) if seen == e => Some(e),
            (Some(e), Some(_)) => {
                self.names.insert(n, None);
                Some(e)
            }
            (None, None) => {
                self.names.insert(n, Some(0));
                Some(n)
            }
            (None, Some(Some(0))) => Some(n),
            (None, Some(Some(e))) => Some(self.aliases.get(&e).copied().unwrap_or(e)),
            (None, Some(None)) => Some(ambiguous()),
        }
    }

    /// Where a response goes; `readable` false for a row that cannot be read, which still takes
    /// its place among the person's submissions (`Slot::Replace`: it is the one that counts,
    /// and the earlier one accepted is withdrawn; `Slot::New`: it is their first).
    fn slot(&mut self, r: &Response, keep: Keep, readable: bool) -> Option<Slot> {
        let Some(k) = self.identity(r) else {
            return Some(Slot::New(None));
        };
        let now = when_of(r);
        match self.seen.get_mut(&k) {
            None => {
                let person = self.people;
                self.people += 1;
                self.seen.insert(k, (person, r.row, now));
                if !readable && keep != Keep::All {
                    self.unreadable.insert(person);
                }
                Some(Slot::New(Some(person)))
            }
            Some((person, first, counted)) => {
                let person = *person;
                let who = super::respondent(&r.assessment, r.email.as_deref(), r.id.as_deref())
                    .unwrap_or_default();
                let entry = self
                    .repeated
                    .entry(person)
                    .or_insert_with(|| (who, vec![*first]));
                entry.1.push(r.row);
                let replaces = match keep {
                    Keep::Latest => now > *counted,
                    Keep::First => now < *counted,
                    Keep::All => {
                        let p = self.people;
                        self.people += 1;
                        return Some(Slot::New(Some(p)));
                    }
                };
                if replaces {
                    *counted = now;
                    self.replaced_unreadable = self.unreadable.contains(&person);
                    if readable {
                        self.unreadable.remove(&person);
                    } else {
                        self.unreadable.insert(person);
                    }
                    Some(Slot::Replace(person))
                } else {
                    None
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
    /// How the dates written with slashes were read, decided once the rows were read (with
    /// [`Dates::Decide`]): responses handed on with their date waiting take it from this.
    pub dates: Option<when::Order>,
    /// What deciding it had to say (also in `warnings`), for a caller that decides first and
    /// reads after ([`decide_dates`]).
    pub date_notes: Vec<Diagnostic>,
    /// With [`Options::not_exports`]: the header does not look like a form's
    /// ([`looks_like_a_form`]); nothing was read.
    pub not_an_export: bool,
    /// Then, the headers that name a question (none when no column does).
    pub questions_named: Vec<String>,
}

/// Questions a table found in a folder must have columns for, with a submission time column,
/// to be read as a form export when fewer than half have one.
pub const FORM_QUESTIONS_WITH_A_TIME: usize = 3;

/// Does a table found in a folder look like a form export: at least half of the
/// questionnaire's questions have a column, or it has a submission time column (*Timestamp*,
/// *Completion time* …) and three questions or more? A CRM export or an interview log with one
/// column headed like a question (*Training*) does not.
fn looks_like_a_form(plan: &Plan, rubric: &Rubric) -> bool {
    let questions = rubric.attributes.len() - plan.missing.len();
    let timed = plan
        .columns
        .iter()
        .any(|c| matches!(c, super::Column::Field(super::Field::Date)));
    2 * questions >= rubric.attributes.len() || timed && questions >= FORM_QUESTIONS_WITH_A_TIME
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
    evidence: when::Evidence,
    /// The date columns, surest first.
    date_columns: Vec<usize>,
}

impl<S: Sink> Visit for Rows<'_, S> {
    fn header(&mut self, headers: Vec<String>, line: u64) -> Result<(), Diagnostic> {
        let plan = match Plan::new(
            self.name,
            headers,
            line,
            self.rubric,
            (self.opts.map, self.opts.print_map),
        ) {
            // Reading stops here: the rest of the file is never looked at.
            Err(e) if self.opts.not_exports && e.message == super::NO_QUESTION => {
                self.found.not_an_export = true;
                return Err(e);
            }
            plan => plan?,
        };
        if self.opts.not_exports
            && self.opts.map.is_none()
            && !looks_like_a_form(&plan, self.rubric)
        {
            self.found.not_an_export = true;
            self.found.questions_named = plan
                .columns
                .iter()
                .zip(&plan.headers)
                .filter(|(c, _)| matches!(c, super::Column::Attribute(_)))
                .map(|(_, h)| h.clone())
                .collect();
            return Err(Diagnostic::new(self.name, super::NO_QUESTION));
        }
        if !self.opts.print_map {
            let (error, warnings) = plan.check(self.name, self.rubric, self.opts.allow_missing);
            if let Some(e) = error {
                return Err(e);
            }
            self.found.warnings.extend(warnings);
        }
        let mut dates: Vec<usize> = (0..plan.columns.len())
            .filter(|&k| plan.columns[k] == super::Column::Field(super::Field::Date))
            .collect();
        dates.sort_by_key(|&k| plan.rank[k]);
        self.date_columns = dates;
        self.found.plan = Some(plan);
        Ok(())
    }

    fn row(&mut self, row: &Row) -> Result<(), Diagnostic> {
        let Some(plan) = &self.found.plan else {
            return Ok(());
        };
        self.found.rows += 1;
        if self.opts.dates_only {
            for &k in &self.date_columns {
                let cell = row.text(self.name, k)?.trim();
                if cell.is_empty() {
                    continue;
                }
                if let Some(s) = when::Stamp::read(cell) {
                    self.evidence.observe(row.cells.row, cell, &s);
                }
                break;
            }
            return Ok(());
        }
        if self.opts.print_map {
            for (k, c) in plan.columns.iter().enumerate() {
                let super::Column::Attribute(i) = c else {
                    continue;
                };
                let text = row.text(self.name, k)?.trim();
                if matches!(
                    self.levels.read(*i, text),
                    super::Cell::Unknown | super::Cell::Several | super::Cell::OtherQuestion(..)
                ) && self.found.unknown.len() < MAX_UNKNOWN_LISTED
                    && self.seen_unknown.insert(text.to_string())
                {
                    self.found.unknown.push(text.to_string());
                }
            }
            return Ok(());
        }
        let detail = self.found.problems.len() < MAX_PROBLEMS;
        let r = plan.response(
            self.name,
            row,
            self.rubric,
            &self.levels,
            &self.opts,
            detail,
        )?;
        if let (Some(s), Some(cell)) = (&r.stamp, &r.date_cell) {
            self.evidence.observe(r.row, cell, s);
        }
        if let Some(cell) = &r.date_unread {
            self.undated += 1;
            self.first_undated.get_or_insert((r.row, cell.clone()));
        }
        if !r.problems.is_empty() {
            self.found.bad_rows += 1;
            // Still one of the person's submissions: when it is the one that counts, the
            // person is left out rather than counted by an older one.
            let withdraw = match self.opts.group {
                true => match self.repeats.slot(&r, self.opts.keep, false) {
                    Some(Slot::Replace(p)) => {
                        if !self.repeats.replaced_unreadable {
                            self.found.repeats_dropped += 1;
                        }
                        Some(p)
                    }
                    Some(Slot::New(_)) | None => None,
                },
                false => None,
            };
            self.sink.unreadable(&r, withdraw)?;
            if self.found.problems.len() < MAX_PROBLEMS {
                self.found.problems.push((r.row, r.problems));
            }
            return Ok(());
        }
        if !self.opts.group {
            self.found.accepted += 1;
            return self.sink.accept(&r, Slot::New(None));
        }
        match self.repeats.slot(&r, self.opts.keep, true) {
            Some(slot) => {
                if matches!(slot, Slot::Replace(_)) {
                    if !self.repeats.replaced_unreadable {
                        self.found.repeats_dropped += 1;
                    }
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

/// Decide how the export's dates written with slashes are read, before it is read for its
/// answers (`import` writes each response as it is read, so the order must be known first):
/// only the timestamp cells are looked at. `Fixed` when the dates need no decision.
pub fn decide_dates(
    path: &std::path::Path,
    name: &str,
    rubric: &Rubric,
    opts: Options,
) -> Result<(Dates, Vec<Diagnostic>), Diagnostic> {
    if opts.dates != Dates::Decide {
        return Ok((opts.dates, Vec::new()));
    }
    let scan = Options {
        dates_only: true,
        group: false,
        ..opts
    };
    let found = read_export(path, name, rubric, scan, &mut Nowhere)?;
    Ok((Dates::Fixed(found.dates), found.date_notes))
}

/// A sink that keeps nothing.
pub struct Nowhere;

impl Sink for Nowhere {
    fn accept(&mut self, _: &Response, _: Slot) -> Result<(), Diagnostic> {
        Ok(())
    }
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
        evidence: when::Evidence::new(crate::source::Date::today()),
        date_columns: Vec::new(),
    };
    if let Err(e) = read(&mut rows) {
        if rows.found.not_an_export {
            return Ok(Found {
                not_an_export: true,
                questions_named: std::mem::take(&mut rows.found.questions_named),
                ..Found::default()
            });
        }
        return Err(e);
    }
    let mut found = rows.found;
    let Some(plan) = &found.plan else {
        return Err(Diagnostic::new(name, "file is empty"));
    };
    if let Some(&k) = rows.date_columns.first() {
        let forced = match opts.dates {
            Dates::Fixed(order) => Some(order),
            Dates::Decide => None,
        };
        let decision = match forced {
            Some(None) => when::Decision::default(),
            Some(Some(order)) => rows.evidence.decide(name, &plan.headers[k], Some(order)),
            None => rows.evidence.decide(name, &plan.headers[k], None),
        };
        found.dates = decision.order;
        found.warnings.extend(decision.said.iter().cloned());
        found.date_notes = decision.said;
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
    found
        .warnings
        .extend(repeats_said(name, opts.keep, &rows.repeats));
    Ok(found)
}

/// What telling one person's submissions apart found: who submitted more than once (their rows,
/// and the one counted), and who is left out because the submission that counts is a row that
/// cannot be read.
fn repeats_said(name: &str, keep: Keep, repeats: &Repeats) -> Vec<Diagnostic> {
    let mut said = Vec::new();
    if repeats.repeated.is_empty() {
        return said;
    }
    // The row counted for each person who submitted more than once, in one pass.
    let counted: HashMap<usize, u64> = repeats
        .seen
        .values()
        .filter(|(p, _, _)| repeats.repeated.contains_key(p))
        .map(|(p, _, (_, row))| (*p, *row))
        .collect();
    let people = repeats.repeated.len();
    let mut d = Diagnostic::new(
        name,
        format!(
            "{} submitted more than once; {}",
            crate::words::count(people, "person", "people"),
            match keep {
                Keep::Latest => "the latest submission of each is counted (--keep first or --keep all to change)",
                Keep::First => "the first submission of each is counted (--keep first)",
                Keep::All => "every submission is counted as a respondent (--keep all)",
            }
        ),
    )
    .warning();
    let which = match keep {
        Keep::First => "first",
        _ => "latest",
    };
    let left_out: Vec<String> = repeats
        .repeated
        .iter()
        .filter(|(p, _)| keep != Keep::All && repeats.unreadable.contains(p))
        .filter_map(|(p, (who, rows))| {
            let r = *counted.get(p)?;
            let others: Vec<String> = rows
                .iter()
                .filter(|x| **x != r)
                .map(u64::to_string)
                .collect();
            Some(format!(
                "{who}: row {r}, the {which}, could not be read; {} {} not counted in its place",
                crate::words::pick(others.len(), "row", "rows"),
                others.join(", ")
            ))
        })
        .collect();
    for (person, (who, rows)) in repeats.repeated.iter().take(MAX_REPEATS_LISTED) {
        let shown: Vec<String> = rows.iter().map(u64::to_string).collect();
        let kept = match keep {
            Keep::Latest | Keep::First if repeats.unreadable.contains(person) => {
                " (none counted: the one to count could not be read)".to_string()
            }
            Keep::Latest | Keep::First => counted
                .get(person)
                .map(|r| format!(" (row {r} counted)"))
                .unwrap_or_default(),
            Keep::All => String::new(),
        };
        d = d.help(format!("{who}: rows {}{kept}", shown.join(", ")));
    }
    if people > MAX_REPEATS_LISTED {
        d = d.help(format!("… and {} more", people - MAX_REPEATS_LISTED));
    }
    said.push(d);
    if !left_out.is_empty() {
        said.push(left_out_warning(name, keep, &left_out, MAX_REPEATS_LISTED));
    }
    said
}

/// The warning for people left out because the submission that counts for them (`keep`) could
/// not be read, one line each (at most `listed` shown), from `origin`; `score` and `import` say
/// it alike.
pub fn left_out_warning(origin: &str, keep: Keep, lines: &[String], listed: usize) -> Diagnostic {
    let (which, other) = match keep {
        Keep::First => ("first", "a later"),
        _ => ("latest", "an earlier"),
    };
    let mut w = Diagnostic::new(
        origin,
        format!(
            "{} left out: the {which} submission could not be read (the rows named), and \
             {other} one is not counted in its place",
            crate::words::count(lines.len(), "person is", "people are"),
        ),
    )
    .warning();
    for line in lines.iter().take(listed) {
        w = w.help(line.clone());
    }
    if lines.len() > listed {
        w = w.help(format!("… and {} more", lines.len() - listed));
    }
    w
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
