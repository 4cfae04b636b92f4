//! Several assessments of one program, combined per attribute: the pure tally (this module) and
//! the walk over files and folders that feeds it (`walk`).
//!
//! Combining streams: every answers file is read, resolved, counted and dropped, so memory does
//! not grow with the number of files. What is kept is a [`Tally`]: per attribute, how many
//! respondents chose each level, overall and per respondent role. Everything the report shows
//! (median, min, max, spread, role medians) is read off those counters, and the section and
//! overall scores come from the medians by the one scoring rule in `score.rs`.
//!
//! The median of an even number of answers is the *lower* median (the ⌈n/2⌉-th smallest answer):
//! levels are ordinal, so the median must be a level someone actually chose, and of the two middle
//! answers the lower one is the conservative reading of a program's maturity.

use crate::assessment::Assessment;
use crate::rubric::Rubric;
use crate::score::{score_levels, Scorecard};
use crate::source::Date;
use std::collections::BTreeMap;

pub mod people;
pub mod roles;
mod walk;
use crate::import::collect::Keep;
pub use walk::{answer_files, combine_paths, is_answers_file, is_export, is_unread_spreadsheet};

/// Roles are compared only when the respondents name at most this many distinct roles; past it,
/// the role field is evidently not a team name, and the report says roles were not compared.
pub const MAX_ROLES: usize = 50;

pub use crate::words::role_key;

/// Spread (max − min, in levels) at which an attribute counts as a disagreement.
pub const DISAGREEMENT_SPREAD: usize = 2;

/// Per attribute, how many answers chose each level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    levels: usize,
    /// `attributes × levels`, row-major.
    cells: Vec<u64>,
}

impl Counts {
    fn new(attributes: usize, levels: usize) -> Counts {
        Counts {
            levels,
            cells: vec![0; attributes * levels],
        }
    }

    /// Count one respondent's levels, a byte an attribute (`u8::MAX`: none).
    fn add_bytes(&mut self, levels: &[u8]) {
        for (i, &l) in levels.iter().enumerate() {
            if l != u8::MAX {
                self.cells[i * self.levels + usize::from(l)] += 1;
            }
        }
    }

    /// The counts per level of one attribute.
    pub fn of(&self, attribute: usize) -> &[u64] {
        &self.cells[attribute * self.levels..(attribute + 1) * self.levels]
    }
}

/// The lower median of answers given as counts per level (see the module comment).
pub fn lower_median(counts: &[u64]) -> Option<usize> {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return None;
    }
    // The ⌈n/2⌉-th smallest answer, 1-based.
    let rank = n.div_ceil(2);
    let mut seen = 0;
    for (level, &c) in counts.iter().enumerate() {
        seen += c;
        if seen >= rank {
            return Some(level);
        }
    }
    None
}

/// A file that could not be combined, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub file: String,
    /// The row of a form export.
    pub row: Option<u64>,
    pub reason: String,
    /// For the entry that counts a form export's rows with problems past those listed: how
    /// many (0 for every other entry).
    pub more_rows: u64,
}

impl Invalid {
    /// A file that could not be read, or one row of a form export.
    pub fn new(file: String, row: Option<u64>, reason: String) -> Invalid {
        Invalid {
            file,
            row,
            reason,
            more_rows: 0,
        }
    }
}

/// What could not be read, counted as a person reads it: files, and rows of form exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Unread {
    pub files: u64,
    pub rows: u64,
}

impl Unread {
    /// The count of `invalid` entries.
    pub fn of<'a>(invalid: impl IntoIterator<Item = &'a Invalid>) -> Unread {
        let mut u = Unread::default();
        for x in invalid {
            match (x.row, x.more_rows) {
                (_, more) if more > 0 => u.rows += more,
                (Some(_), _) => u.rows += 1,
                (None, _) => u.files += 1,
            }
        }
        u
    }

    /// "3 files and 50 rows", "1 row", "2 files"; with `more`, "2 more files and 30 more rows".
    pub fn words(self, more: bool) -> String {
        let part = |n: u64, one: &str, many: &str| {
            let noun = crate::words::pick(n as usize, one, many);
            if more {
                format!("{n} more {noun}")
            } else {
                format!("{n} {noun}")
            }
        };
        let files = part(self.files, "file", "files");
        let rows = part(self.rows, "row", "rows");
        match (self.files, self.rows) {
            (0, _) => rows,
            (_, 0) => files,
            _ => format!("{files} and {rows}"),
        }
    }

    pub fn total(self) -> u64 {
        self.files + self.rows
    }
}

/// Where a respondent was read, and what tells them apart from others.
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin<'a> {
    /// A file's path (also how a message names it); `None` for an export's row.
    pub file: Option<&'a str>,
    /// An export's row.
    pub row: u64,
    /// The email, where the row has one.
    pub email: Option<&'a str>,
    /// What tells the submission apart: an export row's fingerprint, or the one a file
    /// imported from that row records.
    pub fingerprint: Option<u64>,
    /// What tells a file that names nobody apart: the file itself (its device and inode).
    pub file_identity: Option<u64>,
    /// The time of day it was submitted (seconds), where known.
    pub secs: Option<u32>,
    /// The offset from UTC written with that time (seconds east), where written.
    pub offset: Option<i32>,
    /// Answered for another version of the rubric.
    pub other_version: bool,
    /// An export's row that cannot be read: one of its person's submissions, never counted
    /// (when it is the one that would be, the person is left out).
    pub unreadable: bool,
}

/// A comment or note, with who wrote it (an entry) and what it is about; its text is the same
/// number in the tally's comment texts.
#[derive(Debug, Clone, Copy)]
struct Comment {
    entry: u32,
    /// The attribute it is about (`people::NONE`: the whole questionnaire).
    attribute: u16,
}

/// Texts one after another in one buffer: a few bytes each besides the text, not an
/// allocation each (a file's path, a comment).
#[derive(Debug, Clone, Default)]
struct Texts {
    text: String,
    ends: Vec<usize>,
}

impl Texts {
    fn push(&mut self, t: &str) -> usize {
        self.text.push_str(t);
        self.ends.push(self.text.len());
        self.ends.len() - 1
    }

    fn get(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        &self.text[start..self.ends[k]]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn append(&mut self, other: Texts) {
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.ends.extend(other.ends.into_iter().map(|e| e + base));
    }
}

/// The running collection of a combination: every respondent read, as a compact entry (see
/// [`people`]), until `finish` tells people apart and counts one submission each. `add` one
/// assessment at a time; `merge` tallies made in parallel; `finish` reads the result off.
#[derive(Debug, Clone)]
pub struct Tally {
    attributes: usize,
    entries: Vec<people::Entry>,
    /// Each entry's level per attribute (`u8::MAX`: none), `attributes` bytes an entry.
    levels: Vec<u8>,
    /// The paths of the files read (entries point into it).
    paths: Texts,
    /// The inputs as named on the command line, by number.
    inputs: BTreeMap<u16, String>,
    current_input: u16,
    /// Roles as `role_key`s and organizations as written, by number (entries point into them).
    roles: Vec<String>,
    role_numbers: std::collections::HashMap<String, u16>,
    organizations: Vec<String>,
    organization_numbers: std::collections::HashMap<String, u16>,
    comments: Vec<Comment>,
    comment_texts: Texts,
    invalid: Vec<Invalid>,
    /// The exports read to their end: name, rows, rows that could not be read.
    exports: Vec<(String, u64, u64)>,
    /// What reading form exports found worth saying (columns not there, dates not read).
    warnings: Vec<crate::diagnostic::Diagnostic>,
    /// Which submission of a person counts.
    keep: crate::import::collect::Keep,
    /// `--role-alias`: role keys to the team they belong to.
    aliases: std::sync::Arc<roles::Aliases>,
    /// The export the rows added now come from (an index into `paths`): named with each row,
    /// as an export found in a folder is not the input as named.
    current_export: Option<u64>,
    /// Who answered the export rows that cannot be read (the first [`MAX_UNREADABLE_NAMED`]),
    /// by entry: to name a person left out because that row is their submission that counts.
    unreadable_names: BTreeMap<u32, String>,
}

/// Export rows that cannot be read whose respondent is kept by name (the rest are named by
/// their row).
const MAX_UNREADABLE_NAMED: usize = 1000;

/// Most comments a combined report holds on one attribute (and on the whole questionnaire):
/// the rest are counted. Each comment's text is kept compactly while files are read.
pub const MAX_COMMENTS: usize = 500;

/// Most organization names a combination counts one by one.
pub const MAX_NAMES: usize = 50;

/// A number for every anonymous assessment added without a file: each is its own person.
static ANONYMOUS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn hash_of(x: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    x.hash(&mut h);
    h.finish().max(1)
}

impl Tally {
    pub fn new(rubric: &Rubric) -> Tally {
        Tally {
            attributes: rubric.attributes.len(),
            entries: Vec::new(),
            levels: Vec::new(),
            paths: Texts::default(),
            inputs: BTreeMap::new(),
            current_input: 0,
            roles: Vec::new(),
            role_numbers: Default::default(),
            organizations: Vec::new(),
            organization_numbers: Default::default(),
            comments: Vec::new(),
            comment_texts: Texts::default(),
            invalid: Vec::new(),
            exports: Vec::new(),
            warnings: Vec::new(),
            keep: Default::default(),
            aliases: Default::default(),
            current_export: None,
            unreadable_names: BTreeMap::new(),
        }
    }

    /// Which submission of a person counts (`--keep`).
    pub fn keep(mut self, keep: crate::import::collect::Keep) -> Tally {
        self.keep = keep;
        self
    }

    /// Roles to count as one team (`--role-alias`).
    pub fn aliases(mut self, aliases: std::sync::Arc<roles::Aliases>) -> Tally {
        self.aliases = aliases;
        self
    }

    /// The input the next respondents come from: its number on the command line and how it
    /// was named (their count per input is reported; of two submissions at the same moment, the
    /// one from the input named later counts).
    pub fn set_input(&mut self, number: usize, label: &str) {
        let n = number.min(u16::MAX as usize) as u16;
        self.current_input = n;
        self.inputs.entry(n).or_insert_with(|| label.to_string());
    }

    /// The input as a label only (the tests, a folder's history).
    pub fn set_source(&mut self, label: &str) {
        let n = match self.inputs.iter().find(|(_, l)| *l == label) {
            Some((n, _)) => *n as usize,
            None => self.inputs.len(),
        };
        self.set_input(n, label);
    }

    fn role_number(&mut self, role: &str) -> u16 {
        if let Some(&n) = self.role_numbers.get(role) {
            return n;
        }
        let key = role_key(role);
        let n = match self.roles.iter().position(|r| *r == key) {
            Some(n) => n as u16,
            None if self.roles.len() < people::MAX_KEPT => {
                self.roles.push(key);
                (self.roles.len() - 1) as u16
            }
            None => people::OTHER,
        };
        if self.role_numbers.len() < people::MAX_KEPT {
            self.role_numbers.insert(role.to_string(), n);
        }
        n
    }

    fn organization_number(&mut self, org: &str) -> u16 {
        if let Some(&n) = self.organization_numbers.get(org) {
            return n;
        }
        if self.organizations.len() >= people::MAX_KEPT {
            return people::OTHER;
        }
        self.organizations.push(org.to_string());
        let n = (self.organizations.len() - 1) as u16;
        self.organization_numbers.insert(org.to_string(), n);
        n
    }

    /// Count one respondent's assessment, with nothing known of where it was read: a person
    /// when it names one, else a respondent of its own.
    pub fn add(&mut self, a: &Assessment) {
        self.add_from(a, Origin::default());
    }

    /// Count one respondent's assessment, read at `origin`.
    pub fn add_from(&mut self, a: &Assessment, origin: Origin) {
        let name = a.respondent.name.as_deref();
        let role = a.respondent.role.as_deref();
        let org = a.organization.as_deref();
        let person = crate::import::collect::person_key(origin.email, name, role, org).unwrap_or(0);
        let by_name = crate::import::collect::person_key(None, name, role, org).unwrap_or(0);
        let by_email = if person == by_name { 0 } else { person };
        let levels: Vec<u8> = a
            .answers
            .iter()
            .map(|x| x.level().map_or(u8::MAX, |l| l.min(254) as u8))
            .collect();
        let submission = match (origin.fingerprint, origin.file_identity) {
            (Some(f), _) => hash_of(("row", f)),
            // The same person with the same answers, notes and date: a copy.
            _ if person != 0 => hash_of((
                "copy",
                person,
                &levels,
                &a.notes,
                a.date.map(|d| d.0),
                name,
                role,
                org,
            )),
            (None, Some(file)) => hash_of(("file", file)),
            (None, None) => hash_of((
                "anonymous",
                ANONYMOUS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            )),
        };
        let entry = self.entries.len() as u32;
        let place = match (origin.file, self.current_export) {
            (Some(path), _) => self.paths.push(path) as u64,
            (None, Some(export)) => (export << 32) | (origin.row & 0xFFFF_FFFF),
            (None, None) => origin.row,
        };
        for (i, note) in a.notes.iter().enumerate() {
            if let Some(text) = note.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                self.comment_texts.push(text);
                self.comments.push(Comment {
                    entry,
                    attribute: i as u16,
                });
            }
        }
        let role = role.map_or(people::NONE, |r| self.role_number(r));
        let organization = org.map_or(people::NONE, |o| self.organization_number(o));
        self.entries.push(people::Entry {
            person: by_email,
            name: by_name,
            submission,
            moment: a.date.map_or(i64::MIN, |d| {
                crate::import::when::moment(d, origin.secs, origin.offset)
            }),
            offset: people::quarters(origin.offset.filter(|_| origin.secs.is_some())),
            place,
            input: self.current_input,
            role,
            organization,
            flags: if origin.file.is_some() {
                people::FILE
            } else {
                0
            } | if origin.other_version {
                people::OTHER_VERSION
            } else {
                0
            } | if origin.unreadable {
                people::UNREADABLE
            } else {
                0
            } | if origin.file.is_none() && self.current_export.is_some() {
                people::EXPORT
            } else {
                0
            },
        });
        self.levels.extend_from_slice(&levels);
    }

    /// Who answered respondent `k`, a row that cannot be read.
    pub fn name_unreadable(&mut self, k: usize, who: String) {
        if self.unreadable_names.len() < MAX_UNREADABLE_NAMED {
            self.unreadable_names.insert(k as u32, who);
        }
    }

    /// A comment about the whole questionnaire, by the respondent added last.
    pub fn add_comment(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() || self.entries.is_empty() {
            return;
        }
        self.comment_texts.push(text);
        self.comments.push(Comment {
            entry: (self.entries.len() - 1) as u32,
            attribute: people::NONE,
        });
    }

    /// The export the respondents added from now on are rows of (its path as read).
    pub fn set_export(&mut self, path: &str) {
        self.current_export = Some(self.paths.push(path) as u64);
    }

    /// Respondent `k` (in the order added), dated now that the order of its date is known.
    pub fn redate(&mut self, k: usize, date: Option<Date>, secs: Option<u32>, offset: Option<i32>) {
        if let Some(e) = self.entries.get_mut(k) {
            e.moment = date.map_or(i64::MIN, |d| crate::import::when::moment(d, secs, offset));
            e.offset = people::quarters(offset.filter(|_| secs.is_some()));
        }
    }

    /// How many respondents were added (before people are told apart).
    pub fn added(&self) -> usize {
        self.entries.len()
    }

    /// Record a file that could not be read or resolved.
    pub fn reject(&mut self, file: String, reason: String) {
        self.invalid.push(Invalid::new(file, None, reason));
    }

    /// Fold another tally into this one. The result does not depend on the order of merges.
    pub fn merge(mut self, other: Tally) -> Tally {
        self.absorb(other);
        self
    }

    /// Fold another tally into this one, in place. The smaller one is copied into the larger
    /// (an export of a million rows is moved, not copied).
    pub fn absorb(&mut self, mut other: Tally) {
        if other.entries.len() > self.entries.len() {
            std::mem::swap(self, &mut other);
            std::mem::swap(&mut self.keep, &mut other.keep);
            std::mem::swap(&mut self.aliases, &mut other.aliases);
            std::mem::swap(&mut self.current_input, &mut other.current_input);
        }
        let role_map: Vec<u16> = other
            .roles
            .iter()
            .map(|r| match self.roles.iter().position(|x| x == r) {
                Some(n) => n as u16,
                None if self.roles.len() < people::MAX_KEPT => {
                    self.roles.push(r.clone());
                    (self.roles.len() - 1) as u16
                }
                None => people::OTHER,
            })
            .collect();
        let org_map: Vec<u16> = other
            .organizations
            .iter()
            .map(|o| self.organization_number(o))
            .collect();
        let remap = |n: u16, map: &[u16]| map.get(n as usize).copied().unwrap_or(n);
        let entry_base = self.entries.len() as u32;
        let path_base = self.paths.len() as u64;
        self.entries.extend(other.entries.into_iter().map(|mut e| {
            e.role = remap(e.role, &role_map);
            e.organization = remap(e.organization, &org_map);
            if e.is_file() {
                e.place += path_base;
            } else if e.export().is_some() {
                e.place += path_base << 32;
            }
            e
        }));
        self.levels.extend(other.levels);
        self.paths.append(other.paths);
        self.comment_texts.append(other.comment_texts);
        self.comments
            .extend(other.comments.into_iter().map(|mut c| {
                c.entry += entry_base;
                c
            }));
        for (n, label) in other.inputs {
            self.inputs.entry(n).or_insert(label);
        }
        self.invalid.extend(other.invalid);
        for (k, who) in other.unreadable_names {
            if self.unreadable_names.len() < MAX_UNREADABLE_NAMED {
                self.unreadable_names.insert(k + entry_base, who);
            }
        }
        self.exports.extend(other.exports);
        self.warnings.extend(other.warnings);
    }

    /// An export read to its end: its rows, and how many could not be read.
    pub fn export_read(&mut self, name: String, rows: u64, bad: u64) {
        self.exports.push((name, rows, bad));
    }

    /// Something reading an export found worth saying.
    pub fn say(&mut self, d: crate::diagnostic::Diagnostic) {
        self.warnings.push(d);
    }

    /// Record a row of an export that could not be read.
    pub fn reject_row(&mut self, file: String, row: u64, reason: String) {
        self.invalid.push(Invalid::new(file, Some(row), reason));
    }

    /// Record how many more rows of an export could not be read than are listed.
    pub fn reject_more_rows(&mut self, file: String, more: u64, reason: String) {
        self.invalid.push(Invalid {
            file,
            row: None,
            reason,
            more_rows: more,
        });
    }

    /// How many respondents were added (before people are told apart).
    pub fn respondents(&self) -> u64 {
        self.entries.len() as u64
    }

    /// Where an entry was read, as a message names it: its file, or its export and row.
    fn place(&self, e: &people::Entry) -> String {
        if e.is_file() {
            self.paths.get(e.place as usize).to_string()
        } else {
            format!("{} row {}", self.export_label(e), e.row())
        }
    }

    /// The export a row was read from: its path as read, else the input as named.
    fn export_label(&self, e: &people::Entry) -> &str {
        match e.export() {
            Some(k) => self.paths.get(k),
            None => self.inputs.get(&e.input).map_or("", String::as_str),
        }
    }

    /// Two entries in the order they were read: the input as named, then the row or path.
    fn order(&self, a: &people::Entry, b: &people::Entry) -> std::cmp::Ordering {
        a.input
            .cmp(&b.input)
            .then_with(|| match (a.is_file(), b.is_file()) {
                (true, true) => self
                    .paths
                    .get(a.place as usize)
                    .cmp(self.paths.get(b.place as usize)),
                (x, y) if x == y => match (a.export(), b.export()) {
                    (Some(ea), Some(eb)) => self
                        .paths
                        .get(ea)
                        .cmp(self.paths.get(eb))
                        .then(a.row().cmp(&b.row())),
                    _ => a.place.cmp(&b.place),
                },
                (x, y) => x.cmp(&y),
            })
    }
}

/// A comment or note in a combined report: what it is about, who wrote it (their team), and
/// the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentOut {
    /// The attribute (an index into the rubric's attributes); `None`: the whole questionnaire.
    pub attribute: Option<usize>,
    pub role: Option<String>,
    pub text: String,
}

impl Tally {
    /// Read the combined result off the respondents: people told apart, one submission each
    /// counted; next steps aim for `target`.
    pub fn finish(mut self, rubric: &Rubric, target: usize) -> Combined {
        // By file, then by row as numbers (row 2 before row 10), the count of the rest last.
        self.invalid.sort_by(|a, b| {
            a.file
                .cmp(&b.file)
                .then((a.more_rows > 0).cmp(&(b.more_rows > 0)))
                .then(a.row.cmp(&b.row))
        });
        self.entries.shrink_to_fit();
        self.levels.shrink_to_fit();
        self.mark_edited();
        let mut decided = people::decide(&self.entries, self.keep, &|a, b| self.order(a, b));
        // A row that cannot be read never counts; its person is then left out.
        for (k, e) in self.entries.iter().enumerate() {
            if e.flags & people::UNREADABLE != 0 {
                decided.counted[k] = false;
            }
        }
        let n_levels = rubric.levels.len();
        // Teams: roles grouped (aliases, near-identical spellings), then counted.
        let mut per_role = vec![0u64; self.roles.len()];
        for (k, e) in self.entries.iter().enumerate() {
            if decided.counted[k] && (e.role as usize) < per_role.len() {
                per_role[e.role as usize] += 1;
            }
        }
        let teams = roles::group(&self.roles, &per_role, &self.aliases);
        let Sums {
            counts,
            by_team,
            other_roles,
            orgs,
            other_orgs,
            unknown_org,
            sources,
            first,
            last,
            respondents,
            other_version,
        } = self.sums(&decided.counted, &teams, n_levels);
        let too_many_roles = other_roles || by_team.len() > MAX_ROLES;
        let roles = (!too_many_roles).then_some(by_team);
        let mut warnings = std::mem::take(&mut self.warnings);
        warnings.extend(self.people_said(&decided));
        if !too_many_roles {
            warnings.extend(teams.said());
        }
        warnings.sort_by(|a, b| a.origin.cmp(&b.origin).then(a.message.cmp(&b.message)));
        let (comments, comment_totals) = self.comments_of(&decided.counted, &teams);
        let day = |m: i64| {
            (m != i64::MIN && m != i64::MAX)
                .then(|| {
                    chrono::NaiveDate::from_num_days_from_ce_opt((m.div_euclid(86_400)) as i32)
                })
                .flatten()
                .map(Date)
        };
        let several = orgs.len() > 1 || other_orgs;
        let stats = attribute_stats(rubric, &counts, roles.as_ref());
        let medians: Vec<Option<usize>> = stats.iter().map(|a| a.median).collect();
        let scorecard = score_levels(rubric, &medians, target);
        let disagreements = stats
            .iter()
            .enumerate()
            .filter(|(_, a)| a.spread.is_some_and(|s| s >= DISAGREEMENT_SPREAD))
            .map(|(i, _)| i)
            .collect();
        let role_gaps = role_gaps(&stats);
        Combined {
            respondents,
            roles: roles
                .iter()
                .flatten()
                .map(|(r, (n, _))| (r.clone(), *n))
                .collect(),
            too_many_roles,
            organization: if several || orgs.is_empty() {
                None
            } else {
                orgs.keys().next().cloned()
            },
            several_organizations: several,
            organization_unknown: if orgs.is_empty() && !other_orgs {
                0
            } else {
                unknown_org
            },
            first_date: day(first),
            last_date: day(last),
            attributes: stats,
            scorecard,
            disagreements,
            role_gaps,
            invalid: self.invalid,
            exports: {
                let mut e = self.exports;
                e.sort();
                e
            },
            other_version,
            warnings,
            repeats_dropped: decided.dropped,
            duplicates: decided.duplicates,
            keep: Some(self.keep),
            organizations: if other_orgs || orgs.len() > MAX_NAMES || !several {
                Vec::new()
            } else {
                orgs.into_iter().collect()
            },
            sources: sources
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .filter_map(|(k, n)| Some((self.inputs.get(&k)?.clone(), n)))
                .collect(),
            invited: None,
            comments,
            comment_totals,
        }
    }

    /// The comments and notes of the respondents counted, by attribute (the whole
    /// questionnaire last), then by team (no team last), then as read: the first
    /// [`MAX_COMMENTS`] of each attribute, and how many each attribute has.
    fn comments_of(
        &self,
        counted: &[bool],
        teams: &roles::Teams,
    ) -> (Vec<CommentOut>, Vec<(Option<usize>, u64)>) {
        let mut out: Vec<(Option<&str>, u16, u32)> = self
            .comments
            .iter()
            .enumerate()
            .filter(|(_, c)| counted[c.entry as usize])
            .map(|(k, c)| {
                let e = &self.entries[c.entry as usize];
                let team = match e.role {
                    people::NONE | people::OTHER => None,
                    r => Some(teams.name(r as usize)),
                };
                (team, c.attribute, k as u32)
            })
            .collect();
        out.sort_by(|a, b| {
            (a.1, a.0.is_none(), a.0)
                .cmp(&(b.1, b.0.is_none(), b.0))
                .then_with(|| {
                    let (ca, cb) = (&self.comments[a.2 as usize], &self.comments[b.2 as usize]);
                    let (ta, tb) = (
                        self.comment_texts.get(a.2 as usize),
                        self.comment_texts.get(b.2 as usize),
                    );
                    self.order(
                        &self.entries[ca.entry as usize],
                        &self.entries[cb.entry as usize],
                    )
                    .then(ta.cmp(tb))
                })
        });
        let about = |attribute: u16| (attribute != people::NONE).then_some(attribute as usize);
        let mut totals: Vec<(Option<usize>, u64)> = Vec::new();
        let mut kept = Vec::new();
        for (team, attribute, k) in out {
            match totals.last_mut() {
                Some((a, n)) if *a == about(attribute) => *n += 1,
                _ => totals.push((about(attribute), 1)),
            }
            if totals
                .last()
                .is_some_and(|(_, n)| *n as usize <= MAX_COMMENTS)
            {
                kept.push(CommentOut {
                    attribute: about(attribute),
                    role: team.map(str::to_string),
                    text: self.comment_texts.get(k as usize).to_string(),
                });
            }
        }
        (kept, totals)
    }

    /// Mark the answers files whose answers differ from the export row they record
    /// ([`people::EDITED`]). Files only are indexed, so an export's rows cost nothing more.
    fn mark_edited(&mut self) {
        let mut files: Vec<(u64, u32)> = (self.entries.iter().enumerate())
            .filter(|(_, e)| e.is_file())
            .map(|(k, e)| (e.submission, k as u32))
            .collect();
        if files.is_empty() {
            return;
        }
        files.sort_unstable();
        let n = self.attributes;
        let mut edited = Vec::new();
        for (k, e) in self.entries.iter().enumerate() {
            if e.is_file() || e.flags & people::UNREADABLE != 0 {
                continue;
            }
            let from = files.partition_point(|&(s, _)| s < e.submission);
            let row = &self.levels[k * n..(k + 1) * n];
            for &(_, f) in files[from..].iter().take_while(|(s, _)| *s == e.submission) {
                let f = f as usize;
                if self.levels[f * n..(f + 1) * n] != *row {
                    edited.push(f);
                }
            }
        }
        for f in edited {
            self.entries[f].flags |= people::EDITED;
        }
    }

    /// One submission read more than once, in a line: its places, and what differed between
    /// them (the one that stands for it said).
    fn copies_line(&self, copies: &[u32]) -> String {
        // Listed in the order they were read; the last by rank stands for the submission.
        let rep = &self.entries[*copies.last().expect("an entry") as usize];
        let mut read: Vec<&people::Entry> =
            copies.iter().map(|&k| &self.entries[k as usize]).collect();
        read.sort_by(|a, b| self.order(a, b));
        let places: Vec<String> = read.iter().map(|e| self.place(e)).collect();
        let mut line = places.join(", ");
        if rep.flags & people::EDITED != 0 {
            line.push_str(&format!(
                " (the answers in {} differ from the export's: edited since it was imported, \
                 they are counted)",
                self.place(rep)
            ));
        } else if !rep.is_file() {
            let differ = copies.iter().any(|&k| {
                let e = &self.entries[k as usize];
                e.is_file() && e.moment != rep.moment && e.moment != i64::MIN
            });
            if differ {
                line.push_str(&format!(
                    " (the time the file records differs from the export's, read as its \
                     whole column decides: {}'s is used)",
                    self.place(rep)
                ));
            }
        }
        line
    }

    /// What telling people apart found: copies read more than once, people who submitted
    /// more than once.
    fn people_said(&self, d: &people::Decided) -> Vec<crate::diagnostic::Diagnostic> {
        const LISTED: usize = 20;
        // The inputs as the report names them (the first three).
        let mut names: Vec<String> = self.inputs.values().take(3).cloned().collect();
        if self.inputs.len() > 3 {
            names.push(format!("{} more", self.inputs.len() - 3));
        }
        let origin = names.join(", ");
        let mut said = Vec::new();
        if !d.copies.is_empty() {
            let mut n = crate::diagnostic::Diagnostic::new(
                &origin,
                format!(
                    "{} read more than once (the same file named twice, a copy, or an export \
                     beside the files imported from it); each is counted once",
                    crate::words::count(d.copies.len(), "response was", "responses were")
                ),
            )
            .note();
            for copies in d.copies.iter().take(LISTED) {
                n = n.help(self.copies_line(copies));
            }
            if d.copies.len() > LISTED {
                n = n.help(format!("… and {} more", d.copies.len() - LISTED));
            }
            said.push(n);
        }
        if !d.repeated.is_empty() {
            let people = d.repeated.len();
            let mut w = crate::diagnostic::Diagnostic::new(
                &origin,
                format!(
                    "{} submitted more than once; {}",
                    crate::words::count(people, "person", "people"),
                    match self.keep {
                        Keep::Latest => "the latest submission of each is counted (--keep first or --keep all to change)",
                        Keep::First => "the first submission of each is counted (--keep first)",
                        Keep::All => "every submission is counted as a respondent (--keep all)",
                    }
                ),
            )
            .warning();
            for p in d.repeated.iter().take(LISTED) {
                w = w.help(self.submissions_line(p));
            }
            if people > LISTED {
                w = w.help(format!("… and {} more", people - LISTED));
            }
            said.push(w);
        }
        said.extend(self.left_out_said(d, &origin));
        said
    }

    /// People left out because their submission that counts is a row that cannot be read:
    /// named with that row and the ones not counted in its place.
    fn left_out_said(
        &self,
        d: &people::Decided,
        origin: &str,
    ) -> Option<crate::diagnostic::Diagnostic> {
        const LISTED: usize = 20;
        let unreadable = |k: u32| self.entries[k as usize].flags & people::UNREADABLE != 0;
        let last = |s: &Vec<u32>| *s.last().expect("an entry");
        let lines: Vec<String> = d
            .repeated
            .iter()
            .filter_map(|p| {
                let counted = last(&p.submissions[*p.counted.first()?]);
                if !unreadable(counted) || self.keep == Keep::All {
                    return None;
                }
                let who = self
                    .unreadable_names
                    .get(&counted)
                    .map(|w| format!("{w}: "))
                    .unwrap_or_default();
                let others: Vec<String> = p
                    .submissions
                    .iter()
                    .map(last)
                    .filter(|&k| k != counted && !unreadable(k))
                    .map(|k| self.place(&self.entries[k as usize]))
                    .collect();
                (!others.is_empty()).then(|| {
                    format!(
                        "{who}{} could not be read; {} not counted in its place",
                        self.place(&self.entries[counted as usize]),
                        others.join(", ")
                    )
                })
            })
            .collect();
        if lines.is_empty() {
            return None;
        }
        Some(crate::import::collect::left_out_warning(
            origin, self.keep, &lines, LISTED,
        ))
    }

    /// One person's submissions in a line: `responses.csv: rows 2, 5 (row 5 counted)`, or
    /// their places, the one counted marked.
    fn submissions_line(&self, p: &people::Person) -> String {
        let last: Vec<&people::Entry> = p
            .submissions
            .iter()
            .map(|s| &self.entries[*s.last().expect("an entry") as usize])
            .collect();
        let one_export = last.iter().all(|e| {
            !e.is_file()
                && e.input == last[0].input
                && self.export_label(e) == self.export_label(last[0])
        });
        let counted: Vec<&people::Entry> = p.counted.iter().map(|&c| last[c]).collect();
        let mark = self.keep != Keep::All;
        if one_export {
            let mut rows: Vec<u64> = last.iter().map(|e| e.row()).collect();
            rows.sort_unstable();
            let shown: Vec<String> = rows.iter().map(u64::to_string).collect();
            let label = self.export_label(last[0]);
            return match counted.first().filter(|_| mark) {
                Some(c) if c.flags & people::UNREADABLE != 0 => format!(
                    "{label}: rows {} (row {} could not be read: none counted)",
                    shown.join(", "),
                    c.row()
                ),
                Some(c) => format!(
                    "{label}: rows {} (row {} counted)",
                    shown.join(", "),
                    c.row()
                ),
                None => format!("{label}: rows {}", shown.join(", ")),
            };
        }
        last.iter()
            .enumerate()
            .map(|(k, e)| {
                let mut s = self.place(e);
                if mark && p.counted.contains(&k) {
                    s.push_str(if e.flags & people::UNREADABLE != 0 {
                        " (could not be read: none counted)"
                    } else {
                        " (counted)"
                    });
                }
                s
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What the respondents counted add up to.
struct Sums {
    counts: Counts,
    by_team: BTreeMap<String, (u64, Counts)>,
    /// A role past the ones kept by name.
    other_roles: bool,
    orgs: BTreeMap<String, u64>,
    other_orgs: bool,
    unknown_org: u64,
    sources: BTreeMap<u16, u64>,
    /// The earliest and latest moments.
    first: i64,
    last: i64,
    respondents: u64,
    other_version: u64,
}

impl Tally {
    /// Add up the respondents counted.
    fn sums(&self, counted: &[bool], teams: &roles::Teams, n_levels: usize) -> Sums {
        let mut counts = Counts::new(self.attributes, n_levels);
        // By team number and organization number, named at the end (no text per respondent).
        let mut by_team: BTreeMap<usize, (u64, Counts)> = BTreeMap::new();
        let mut other_roles = false;
        let mut per_org = vec![0u64; self.organizations.len()];
        let mut other_orgs = false;
        let mut unknown_org = 0u64;
        let mut sources: BTreeMap<u16, u64> = BTreeMap::new();
        let (mut first, mut last) = (i64::MAX, i64::MIN);
        let mut respondents = 0u64;
        let mut other_version = 0u64;
        for k in (0..self.entries.len()).filter(|&k| counted[k]) {
            let e = &self.entries[k];
            let levels = &self.levels[k * self.attributes..(k + 1) * self.attributes];
            respondents += 1;
            counts.add_bytes(levels);
            match e.role {
                people::NONE => {}
                people::OTHER => other_roles = true,
                r => {
                    let entry = by_team
                        .entry(teams.number(r as usize))
                        .or_insert_with(|| (0, Counts::new(self.attributes, n_levels)));
                    entry.0 += 1;
                    entry.1.add_bytes(levels);
                }
            }
            match e.organization {
                people::NONE => unknown_org += 1,
                people::OTHER => other_orgs = true,
                o => per_org[o as usize] += 1,
            }
            *sources.entry(e.input).or_insert(0) += 1;
            if e.flags & people::OTHER_VERSION != 0 {
                other_version += 1;
            }
            if e.moment != i64::MIN {
                // The day as the respondent's clock said it.
                let local = e.local_moment();
                first = first.min(local);
                last = last.max(local);
            }
        }
        let by_team: BTreeMap<String, (u64, Counts)> = by_team
            .into_iter()
            .map(|(t, c)| (teams.team_name(t).to_string(), c))
            .collect();
        let orgs: BTreeMap<String, u64> = per_org
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(o, n)| (self.organizations[o].clone(), *n))
            .collect();
        Sums {
            counts,
            by_team,
            other_roles,
            orgs,
            other_orgs,
            unknown_org,
            sources,
            first,
            last,
            respondents,
            other_version,
        }
    }
}

/// Per attribute, the statistics of the counts (and of each team's counts).
fn attribute_stats(
    rubric: &Rubric,
    counts: &Counts,
    roles: Option<&BTreeMap<String, (u64, Counts)>>,
) -> Vec<AttributeStats> {
    (0..rubric.attributes.len())
        .map(|i| {
            let counts = counts.of(i).to_vec();
            let n: u64 = counts.iter().sum();
            let min = counts.iter().position(|&c| c > 0);
            let max = counts.iter().rposition(|&c| c > 0);
            let by_role = roles
                .iter()
                .flat_map(|r| r.iter())
                .filter_map(|(role, (_, c))| Some((role.clone(), lower_median(c.of(i))?)))
                .collect();
            let total: u64 = counts
                .iter()
                .enumerate()
                .map(|(l, c)| (l as u64 + 1) * c)
                .sum();
            AttributeStats {
                n,
                mean: (n > 0).then(|| total as f64 / n as f64),
                median: lower_median(&counts),
                min,
                max,
                spread: match (min, max) {
                    (Some(lo), Some(hi)) => Some(hi - lo),
                    _ => None,
                },
                counts,
                by_role,
            }
        })
        .collect()
}

/// What the combination says about one attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeStats {
    /// Respondents who gave this attribute a level.
    pub n: u64,
    /// The mean level number (1 = the lowest level), beside the median that is the level.
    pub mean: Option<f64>,
    pub median: Option<usize>,
    pub min: Option<usize>,
    pub max: Option<usize>,
    /// max − min, in levels.
    pub spread: Option<usize>,
    /// Answers per level, lowest level first.
    pub counts: Vec<u64>,
    /// The median per respondent role (roles with at least one answer here).
    pub by_role: BTreeMap<String, usize>,
}

/// Two roles that rate one attribute differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleGap {
    pub attribute: usize,
    pub low_role: String,
    pub low: usize,
    pub high_role: String,
    pub high: usize,
}

impl RoleGap {
    pub fn gap(&self) -> usize {
        self.high - self.low
    }
}

/// Per attribute with at least two roles' medians apart: the lowest and the highest role. Largest
/// gap first, then rubric order.
fn role_gaps(attributes: &[AttributeStats]) -> Vec<RoleGap> {
    let mut gaps: Vec<RoleGap> = attributes
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            // The first role (by name) among equals, so the result is deterministic.
            let low = a.by_role.iter().min_by(|x, y| x.1.cmp(y.1))?;
            let high = a
                .by_role
                .iter()
                .max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))?;
            (high.1 > low.1).then(|| RoleGap {
                attribute: i,
                low_role: low.0.clone(),
                low: *low.1,
                high_role: high.0.clone(),
                high: *high.1,
            })
        })
        .collect();
    gaps.sort_by(|a, b| b.gap().cmp(&a.gap()).then(a.attribute.cmp(&b.attribute)));
    gaps
}

/// Several assessments combined.
#[derive(Debug, Clone, PartialEq)]
pub struct Combined {
    pub respondents: u64,
    /// Respondents per role, by role name.
    pub roles: Vec<(String, u64)>,
    /// More than `MAX_ROLES` distinct roles: roles were not compared.
    pub too_many_roles: bool,
    /// The organization, when every respondent who names one names the same.
    pub organization: Option<String>,
    pub several_organizations: bool,
    /// Respondents who name no organization, when others do.
    pub organization_unknown: u64,
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    /// Per attribute, in rubric order.
    pub attributes: Vec<AttributeStats>,
    /// Scored from the medians.
    pub scorecard: Scorecard,
    /// Attributes whose spread is at least `DISAGREEMENT_SPREAD`, in rubric order.
    pub disagreements: Vec<usize>,
    pub role_gaps: Vec<RoleGap>,
    /// Files that could not be combined, by file name.
    pub invalid: Vec<Invalid>,
    /// The form exports read to their end: name, rows, and rows that could not be read.
    pub exports: Vec<(String, u64, u64)>,
    /// Files answered for another version of the rubric (combined all the same).
    pub other_version: u64,
    /// What reading form exports found worth saying (shown on standard error).
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
    /// Submissions left out because the same person submitted again (`--keep`).
    pub repeats_dropped: u64,
    /// Responses read more than once (a copy, a file named twice, an export beside its own
    /// import), counted once.
    pub duplicates: u64,
    /// Which submission of a person counted (set when form exports were read).
    pub keep: Option<crate::import::collect::Keep>,
    /// Respondents per organization, when the files name more than one (at most `MAX_NAMES`).
    pub organizations: Vec<(String, u64)>,
    /// Respondents per input as named on the command line.
    pub sources: Vec<(String, u64)>,
    /// How many people were asked (`--invited`), for a response rate.
    pub invited: Option<u64>,
    /// The comments and notes of the respondents counted (the first [`MAX_COMMENTS`] on each
    /// attribute), and how many there are on each.
    pub comments: Vec<CommentOut>,
    pub comment_totals: Vec<(Option<usize>, u64)>,
}

impl Combined {
    /// Respondents of those invited (`--invited`, at least 1), as a fraction: the one response
    /// rate every report shows.
    pub fn response_rate(&self) -> Option<f64> {
        self.invited
            .map(|i| self.respondents as f64 / i.max(1) as f64)
    }

    /// The combined result as an assessment (medians as answers), for the parts of a report that
    /// show one.
    pub fn as_assessment(&self, rubric: &Rubric) -> Assessment {
        let mut a = Assessment::empty(rubric);
        a.organization = self.organization.clone();
        a.date = self.last_date;
        a.answers = self
            .attributes
            .iter()
            .map(|s| match s.median {
                Some(l) => crate::assessment::Answer::Level(l),
                None => crate::assessment::Answer::Unsure,
            })
            .collect();
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Answer;

    fn assessment(rubric: &Rubric, role: Option<&str>, levels: &[Option<usize>]) -> Assessment {
        let mut a = Assessment::empty(rubric);
        a.respondent.role = role.map(str::to_string);
        for (i, l) in levels.iter().enumerate() {
            a.answers[i] = l.map_or(Answer::Unsure, Answer::Level);
        }
        a
    }

    #[test]
    fn roles_are_one_role_after_unicode_case_folding_and_normalisation() {
        for (a, b) in [
            ("Marketing", "marketing"),
            (" MARKETING ", "marketing"),
            ("ｍarketing", "marketing"),
            ("Straße", "strasse"),
            ("ΣΊΣΥΦΟΣ", "σίσυφοσ"),
            ("product  ops", "product ops"),
        ] {
            assert_eq!(role_key(a), role_key(b), "{a} / {b}");
        }
        assert_ne!(role_key("sales"), role_key("marketing"));
    }

    #[test]
    fn the_median_of_an_even_count_is_the_lower_middle_answer() {
        assert_eq!(lower_median(&[0, 0, 0, 0]), None);
        assert_eq!(lower_median(&[1, 0, 0, 0]), Some(0));
        // Emerging and Fully Optimized: the lower of the two.
        assert_eq!(lower_median(&[0, 1, 0, 1]), Some(1));
        // 1,1,2,3 -> second smallest = 1 (index 0 level value 1).
        assert_eq!(lower_median(&[2, 1, 1, 0]), Some(0));
        // Odd: the middle one.
        assert_eq!(lower_median(&[1, 1, 1, 0]), Some(1));
        assert_eq!(lower_median(&[0, 0, 0, 7]), Some(3));
    }

    #[test]
    fn one_respondent_combines_to_their_own_answers() {
        let r = Rubric::builtin();
        let mut levels = vec![Some(2); 17];
        levels[3] = None;
        levels[5] = Some(0);
        let a = assessment(&r, Some("sales"), &levels);
        let mut t = Tally::new(&r);
        t.add(&a);
        let c = t.finish(&r, 3);
        assert_eq!(c.respondents, 1);
        assert_eq!(c.scorecard, crate::score::score(&r, &a, 3));
        assert!(c.disagreements.is_empty());
        assert!(c.role_gaps.is_empty());
        assert_eq!(c.attributes[3].n, 0);
        assert_eq!(c.attributes[3].median, None);
        assert_eq!(c.attributes[3].spread, None);
        assert_eq!(c.attributes[5].by_role.get("sales"), Some(&0));
    }

    #[test]
    fn spread_of_two_levels_is_a_disagreement_and_roles_gaps_are_named() {
        let r = Rubric::builtin();
        let mut m = vec![Some(2); 17];
        m[1] = Some(3);
        let mut s = vec![Some(2); 17];
        s[1] = Some(1);
        s[2] = Some(1);
        let mut t = Tally::new(&r);
        t.add(&assessment(&r, Some("marketing"), &m));
        t.add(&assessment(&r, Some("sales"), &s));
        let c = t.finish(&r, 3);
        assert_eq!(c.disagreements, vec![1]);
        assert_eq!(c.attributes[1].spread, Some(2));
        assert_eq!(c.attributes[1].counts, vec![0, 1, 0, 1]);
        // Lower median of Emerging and Fully Optimized.
        assert_eq!(c.attributes[1].median, Some(1));
        assert_eq!(c.role_gaps.len(), 2);
        assert_eq!(c.role_gaps[0].attribute, 1);
        assert_eq!(c.role_gaps[0].low_role, "sales");
        assert_eq!(c.role_gaps[0].high_role, "marketing");
        assert_eq!(c.role_gaps[0].gap(), 2);
        assert_eq!(c.role_gaps[1].attribute, 2);
    }

    #[test]
    fn an_attribute_nobody_answered_has_no_median_and_its_section_scores_without_it() {
        let r = Rubric::builtin();
        let mut levels = vec![Some(1); 17];
        levels[0] = None;
        let mut t = Tally::new(&r);
        for _ in 0..3 {
            t.add(&assessment(&r, None, &levels));
        }
        let c = t.finish(&r, 3);
        assert_eq!(c.attributes[0].n, 0);
        assert_eq!(c.attributes[0].counts, vec![0; 4]);
        assert_eq!(c.scorecard.unanswered, vec![0]);
        assert_eq!(c.scorecard.sections[0].answered, 4);
    }

    #[test]
    fn comments_past_the_limit_on_an_attribute_are_counted_not_held() {
        let r = Rubric::builtin();
        let mut t = Tally::new(&r);
        for k in 0..MAX_COMMENTS + 100 {
            let mut a = assessment(&r, Some("sales"), &[Some(1); 17]);
            a.notes[3] = Some(format!("note {k}"));
            t.add(&a);
            t.add_comment("general");
        }
        let c = t.finish(&r, 3);
        let on = |i: Option<usize>| c.comments.iter().filter(|x| x.attribute == i).count();
        assert_eq!(on(Some(3)), MAX_COMMENTS);
        assert_eq!(on(None), MAX_COMMENTS);
        assert_eq!(
            c.comment_totals,
            vec![
                (Some(3), MAX_COMMENTS as u64 + 100),
                (None, MAX_COMMENTS as u64 + 100)
            ]
        );
    }

    #[test]
    fn merging_in_any_grouping_gives_the_same_result() {
        let r = Rubric::builtin();
        let people: Vec<Assessment> = (0..9)
            .map(|k| {
                let levels: Vec<Option<usize>> =
                    (0..17).map(|i| Some((i * 7 + k * 3) % 4)).collect();
                let role = ["marketing", "sales", "product"][k % 3];
                assessment(&r, Some(role), &levels)
            })
            .collect();
        let mut one = Tally::new(&r);
        people.iter().for_each(|a| one.add(a));
        let mut left = Tally::new(&r);
        let mut right = Tally::new(&r);
        people[..4].iter().for_each(|a| right.add(a));
        people[4..].iter().for_each(|a| left.add(a));
        assert_eq!(one.finish(&r, 3), left.merge(right).finish(&r, 3));
    }

    #[test]
    fn more_roles_than_the_limit_turns_role_comparison_off_in_any_order() {
        let r = Rubric::builtin();
        let levels = vec![Some(1); 17];
        let roles: Vec<String> = (0..=MAX_ROLES).map(|k| format!("team {k}")).collect();
        let mut one = Tally::new(&r);
        let mut halves = (Tally::new(&r), Tally::new(&r));
        for (k, role) in roles.iter().enumerate() {
            let a = assessment(&r, Some(role), &levels);
            one.add(&a);
            if k % 2 == 0 {
                halves.0.add(&a)
            } else {
                halves.1.add(&a)
            }
        }
        let c = one.finish(&r, 3);
        assert!(c.too_many_roles);
        assert!(c.roles.is_empty());
        assert!(c.attributes[0].by_role.is_empty());
        assert_eq!(c.respondents, MAX_ROLES as u64 + 1);
        assert_eq!(halves.0.merge(halves.1).finish(&r, 3), c);
    }
}
