//! Counting a CRM's contacts export: per customer and prospect, how many records carry a
//! persona, read row by row (the export's size does not matter, its distinct persona and stage
//! values do: at most [`MAX_VALUES`] of each).
//!
//! - **HubSpot** contacts exports are recognised by their header (`Record ID`, `Lifecycle
//!   Stage`): the persona is the built-in `Persona` property, customers are the stages
//!   `Customer` and `Evangelist`, every other stage (empty included) is a prospect.
//! - **Salesforce** report exports by a `Type` column beside Salesforce's own columns (`Account
//!   Name`, `Contact ID`, …): customers are the account types `Customer - Direct` and `Customer
//!   - Channel`, the persona a custom `Persona` column.
//! - Any other export names its columns (`--persona-column`, `--stage-column`) and which stage
//!   values are customers (`--customer-values`).
//!
//! A persona cell that is empty, only blanks, or a placeholder (`-`, `none`, `n/a`, `unknown`, …)
//! is unmapped, counted by kind. Stage and persona values are compared as words: case, spacing
//! and punctuation aside (`Customer-Direct` is `Customer - Direct`).
//!
//! Nothing of a contact is shown: a column of people's data is refused by its header's words, a
//! value that is an email or a phone number on its row, and, before any of their values is
//! listed, a stage column whose values do not read as stages
//! ([`StageColumn::refuse_unlike_stages`]) and a persona column whose values do not read as a
//! persona field ([`refuse_unlike_personas`]). A value typed with `--customer-values` or
//! `--exclude-values` that no record has is an error when it is close to a stage value of the
//! export ([`StageColumn::check_named`]).

use crate::check::evidence::{database_completeness, Found};
use crate::diagnostic::Diagnostic;
use crate::import::read::{Part, Row, Visit};
use crate::program::{CrmSource, Database, Measured, Side};
use crate::source::Date;
use crate::words::{counted, plain_words, thousands};
use std::collections::HashMap;

/// The measurement in words, as `explain database-completeness` prints it and the README states
/// it.
pub const RULE: &str = "\
From a CRM's contacts export (`evidence crm EXPORT`; `--update FILE` writes the figures into a \
program's `database:`), one record a row. A record is a customer when its stage value is one of \
the customer values (HubSpot: lifecycle stage `Customer` or `Evangelist`; Salesforce: type \
`Customer - Direct` or `Customer - Channel`; or `--customer-values`), left out when it is one of \
`--exclude-values`, and a prospect otherwise (an empty stage too). A record is mapped when its \
persona cell holds a value; an empty cell, one of blanks only, or a placeholder (`-`, `--`, \
`none`, `n/a`, `na`, `unknown`, `null`, in any case) is unmapped. Experimenting: 10% or less of \
the whole database (customers and prospects together) mapped. Emerging, \"more than 10% of the \
database has been mapped\": more than 10% of the whole. Advancing, \"at least half of the \
prospect and customer database\": 50% or more of the whole (the database read as one, as `check` \
reads it). Fully Optimized, \
\"90%+ of the customer database ... & 50%+ of the prospect database\": customers 90% or more and \
prospects 50% or more. A side with no records is 0% mapped.";

/// Most distinct values a persona or stage column may hold: more is not a persona field.
pub const MAX_VALUES: usize = 1_000;
/// Longest persona or stage value, in characters.
pub const MAX_VALUE_CHARS: usize = 200;
/// Persona cells that say "no persona", compared trimmed, in any case, parentheses aside.
pub const PLACEHOLDERS: [&str; 13] = [
    "-",
    "--",
    "\u{2013}",
    "\u{2014}",
    "none",
    "n/a",
    "#n/a",
    "na",
    "unknown",
    "null",
    "no value",
    "not set",
    "not specified",
];
/// Most distinct stage values a stage column holds beside those the tool knows (see
/// [`StageColumn::refuse_unlike_stages`]): more is not a stage field.
pub const MAX_STAGE_VALUES: usize = 30;
/// How many of a persona column's most common values are its vocabulary, and how many different
/// values it holds at most before it is weighed (see [`refuse_unlike_personas`]).
pub const PERSONA_VOCABULARY: usize = 30;
/// Stage values the tool knows as stages whatever the export's size: HubSpot's lifecycle stages
/// and Salesforce's account types, as their exports write them.
const KNOWN_STAGES: [&str; 21] = [
    "Subscriber",
    "Lead",
    "Marketing Qualified Lead",
    "Sales Qualified Lead",
    "Opportunity",
    "Customer",
    "Evangelist",
    "Other",
    "Prospect",
    "Customer - Direct",
    "Customer - Channel",
    "Channel Partner / Reseller",
    "Installation Partner",
    "Technology Partner",
    "Partner",
    "Reseller",
    "Analyst",
    "Competitor",
    "Integrator",
    "Investor",
    "Press",
];
/// HubSpot's lifecycle stages that are customers.
pub const HUBSPOT_CUSTOMERS: [&str; 2] = ["Customer", "Evangelist"];
/// Salesforce's account types that are customers.
pub const SALESFORCE_CUSTOMERS: [&str; 2] = ["Customer - Direct", "Customer - Channel"];
/// Words of a header of a column that holds a person's data, never a persona or a stage
/// (`Contact Owner`, `Work email`, `Date of birth`, `LinkedIn URL`, …), compared word by word;
/// the users of the CRM are people too (`Created By`, `Last Modified By`, `Assigned To`, `Sales
/// Rep`, `Record Owner`).
const PERSONAL_WORDS: [&str; 19] = [
    "owner",
    "assignee",
    "representative",
    "creator",
    "email",
    "mail",
    "phone",
    "mobile",
    "fax",
    "birth",
    "birthday",
    "address",
    "street",
    "url",
    "username",
    "salutation",
    "linkedin",
    "twitter",
    "ip",
];
/// Words of people's data only where the header names no stage or persona field beside them:
/// `Created By`, `Assigned To`, `Sales Rep`, `First Name` are people, but `Lifecycle stage (set
/// by HubSpot)`, `Stage Name`, `Assigned Segment`, `Account Type (Rep)` are not.
const PERSONAL_ALONE: [&str; 5] = ["by", "assigned", "rep", "agent", "name"];
/// Words that make a header a field's: a persona, a stage, a type.
const FIELD_WORDS: [&str; 9] = [
    "persona",
    "personas",
    "stage",
    "status",
    "type",
    "segment",
    "tier",
    "category",
    "lifecycle",
];

/// The error for a persona or stage column (`flag`) whose header names people's data.
fn refuse_personal(name: &str, flag: &str, header: &str, words: &str) -> Result<(), Diagnostic> {
    if !personal(words) {
        return Ok(());
    }
    Err(Diagnostic::new(
        name,
        format!(
            "{flag}: column `{}` holds people's personal data, not a persona or a stage",
            header.trim()
        ),
    )
    .help("name the column of the persona field (or the lifecycle stage or type)"))
}

/// Whether a header (as `plain_words` gives it) names a column of people's data: one of its
/// words is a personal one ([`PERSONAL_WORDS`]: `Persona Owner` too), or one of
/// [`PERSONAL_ALONE`] without a word of [`FIELD_WORDS`] beside it.
fn personal(words: &str) -> bool {
    let words: Vec<&str> = words.split(' ').collect();
    let field = words.iter().any(|w| FIELD_WORDS.contains(w));
    words
        .iter()
        .any(|w| PERSONAL_WORDS.contains(w) || (!field && PERSONAL_ALONE.contains(w)))
}

/// Which side of the database a record is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Customer,
    Prospect,
    /// A stage value named by `--exclude-values`: counted in neither.
    Excluded,
}

impl Group {
    pub fn id(self) -> &'static str {
        match self {
            Group::Customer => "customer",
            Group::Prospect => "prospect",
            Group::Excluded => "excluded",
        }
    }
}

/// How a persona cell reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// A persona value.
    Mapped,
    /// Nothing in the cell.
    Empty,
    /// Only blanks.
    Blank,
    /// A placeholder such as `n/a`.
    Placeholder,
}

/// What the command was told about the export's columns.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub persona_column: Option<String>,
    pub stage_column: Option<String>,
    pub customer_values: Option<Vec<String>>,
    pub exclude_values: Vec<String>,
    /// The program's personas (`--program`, `--update`): a persona value that names one never
    /// counts against the persona column.
    pub vocabulary: Option<Vocabulary>,
}

impl Options {
    /// The values typed with `--customer-values` and `--exclude-values`, checked before the
    /// export is read: an empty one (a comma at the end, two together, `--customer-values ""`)
    /// is an error, since a record with no stage is always a prospect (matching it would put
    /// every such record on the side named); so is a value named by both options. A default
    /// customer value (HubSpot's, Salesforce's) that `--exclude-values` names is not an error:
    /// the exclusion, typed, wins over the default, not typed (see [`layout`]).
    pub fn check(&self) -> Result<(), Diagnostic> {
        let typed = [
            ("--customer-values", self.customer_values.as_deref()),
            ("--exclude-values", Some(self.exclude_values.as_slice())),
        ];
        for (flag, values) in typed {
            let values = values.unwrap_or_default();
            if !values.iter().any(|v| key(v).is_empty()) {
                continue;
            }
            let kept: Vec<&str> = values
                .iter()
                .map(|v| v.trim())
                .filter(|v| !key(v).is_empty())
                .collect();
            let d = Diagnostic::new(
                flag,
                "an empty value (a comma at the end, two commas together, or \"\"): a record \
                 with no stage is always a prospect, never a customer or left out",
            );
            return Err(if kept.is_empty() {
                d.help(format!("name the stage values: {flag} \"A,B\""))
            } else {
                d.help(format!(
                    "leave the empty value out: {flag} \"{}\"",
                    kept.join(",")
                ))
            });
        }
        let customers: Vec<String> = typed[0]
            .1
            .unwrap_or_default()
            .iter()
            .map(|v| key(v))
            .collect();
        if let Some(v) = self
            .exclude_values
            .iter()
            .find(|v| customers.contains(&key(v)))
        {
            return Err(Diagnostic::new(
                "--exclude-values",
                format!(
                    "`{}` is also named by --customer-values: a stage value is counted as \
                     customers or left out, not both",
                    crate::diagnostic::excerpt(v.trim())
                ),
            )
            .help("name it in one of the two options"));
        }
        Ok(())
    }
}

/// One side's records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SideCount {
    pub records: u64,
    pub mapped: u64,
    pub empty: u64,
    pub blank: u64,
    pub placeholder: u64,
}

impl SideCount {
    fn add(&mut self, cell: Cell, n: u64) {
        self.records += n;
        match cell {
            Cell::Mapped => self.mapped += n,
            Cell::Empty => self.empty += n,
            Cell::Blank => self.blank += n,
            Cell::Placeholder => self.placeholder += n,
        }
    }
}

/// A persona value and its records on each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonaValue {
    /// As written, trimmed.
    pub text: String,
    pub customers: u64,
    pub prospects: u64,
    pub excluded: u64,
}

impl PersonaValue {
    pub fn records(&self) -> u64 {
        self.customers + self.prospects + self.excluded
    }
}

/// A stage value, the side it puts a record on, and its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageValue {
    pub text: String,
    pub group: Group,
    pub records: u64,
}

/// What an export showed.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    pub source: CrmSource,
    pub persona_column: String,
    pub stage_column: String,
    pub customer_values: Vec<String>,
    pub exclude_values: Vec<String>,
    pub customers: SideCount,
    pub prospects: SideCount,
    pub excluded: u64,
    /// The persona values, most records first.
    pub personas: Vec<PersonaValue>,
    /// The placeholders seen, with their records on each side (as for a persona value).
    pub placeholders: Vec<PersonaValue>,
    /// The stage values, most records first.
    pub stages: Vec<StageValue>,
    /// Default customer values (HubSpot's, Salesforce's) that no record has.
    pub unseen_customer_values: Vec<String>,
    /// Values named with an option (`--customer-values`, `--exclude-values`: the option, the
    /// value) that no record has and that are close to no stage value of the export: none this
    /// time, such as `Evangelist` in a month without one.
    pub absent_values: Vec<(&'static str, String)>,
}

impl Measurement {
    /// The figures as the program file's `database:` holds them.
    pub fn database(&self, on: Date) -> Database {
        Database {
            customers: Side::counted(self.customers.records, self.customers.mapped),
            prospects: Side::counted(self.prospects.records, self.prospects.mapped),
            measured: Some(Measured {
                on,
                source: Some(self.source),
            }),
        }
    }

    /// The level the framework's thresholds give, as `check` reads it.
    pub fn found(&self, on: Date) -> Found {
        database_completeness(&self.database(on))
    }

    /// Customers and prospects together.
    pub fn total(&self) -> SideCount {
        let (c, p) = (self.customers, self.prospects);
        SideCount {
            records: c.records + p.records,
            mapped: c.mapped + p.mapped,
            empty: c.empty + p.empty,
            blank: c.blank + p.blank,
            placeholder: c.placeholder + p.placeholder,
        }
    }

    /// The records still to map for `level` (an index of the built-in scale), exactly, or why
    /// the level cannot be reached by mapping; empty when it is met.
    pub fn to_reach(&self, level: usize) -> Vec<String> {
        let pair = |s: SideCount| (s.records, s.mapped);
        crate::check::records::to_reach(pair(self.customers), pair(self.prospects), level)
    }
}

/// A value as compared: its words, lowercase, punctuation aside.
pub fn key(s: &str) -> String {
    plain_words(s)
}

/// How a persona cell reads.
pub fn cell(raw: &str) -> Cell {
    let t = raw.trim();
    if raw.is_empty() {
        Cell::Empty
    } else if t.is_empty() {
        Cell::Blank
    } else {
        let bare = t
            .trim_start_matches('(')
            .trim_end_matches(')')
            .to_lowercase();
        if PLACEHOLDERS.contains(&bare.as_str()) {
            Cell::Placeholder
        } else {
            Cell::Mapped
        }
    }
}

/// Text that holds an email address, not a persona or stage: a word (between blanks, quotes,
/// angle brackets and the like: `Jane Doe <jane@acme.example>`) with a name before a `@` and a
/// dotted domain after it.
pub(crate) fn looks_like_email(s: &str) -> bool {
    s.split(|c: char| c.is_whitespace() || "<>()[],;:\"'".contains(c))
        .any(|word| match word.split_once('@') {
            Some((user, domain)) => {
                !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
            }
            None => false,
        })
}

/// Text that holds a phone number or another long number (an id, a date), not a persona or a
/// stage: 7 digits or more in a run of digits, blanks and `+ ( ) - . /` (`call 555-123-4567`,
/// `ext. 5551234567`).
pub(crate) fn looks_like_number(s: &str) -> bool {
    let mut digits = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if digits >= 7 {
                return true;
            }
        } else if !(c.is_whitespace() || "+()-./".contains(c)) {
            digits = 0;
        }
    }
    false
}

/// A quick hash for the few short values a column holds (the multiply-rotate of rustc's
/// `FxHasher`): their number is capped, so no input can make the table slow for long.
#[derive(Default)]
struct Quick(u64);

impl std::hash::Hasher for Quick {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A value's length and up to 16 of its bytes read as two words: the whole value when it is 16
/// bytes or shorter (reads overlap, and the length tells them apart), its two ends otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sketch(u64, u64, u64);

/// No value's sketch: the length of none.
const NO_SKETCH: Sketch = Sketch(u64::MAX, 0, 0);

/// Slots in an interner's cache of recent values.
const RECENT: usize = 256;

impl Sketch {
    fn of(b: &[u8]) -> Sketch {
        let n = b.len();
        let word = |s: &[u8]| u64::from_le_bytes(s.try_into().unwrap_or_default());
        let half = |s: &[u8]| u64::from(u32::from_le_bytes(s.try_into().unwrap_or_default()));
        let (w0, w1) = match n {
            0 => (0, 0),
            1..4 => (
                u64::from(b[0]) | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]) << 16,
                0,
            ),
            4..8 => (half(&b[..4]) | half(&b[n - 4..]) << 32, 0),
            _ => (word(&b[..8]), word(&b[n - 8..])),
        };
        Sketch(n as u64, w0, w1)
    }

    /// Whether the sketch is the whole value.
    fn whole(self) -> bool {
        self.0 <= 16
    }

    fn slot(self) -> usize {
        let h = (self.1 ^ self.2.rotate_left(29) ^ self.0).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> 56) as usize % RECENT
    }
}

/// Distinct byte strings, numbered in the order first seen.
#[derive(Default)]
struct Interner {
    keys: Vec<Box<[u8]>>,
    index: HashMap<Box<[u8]>, usize, std::hash::BuildHasherDefault<Quick>>,
    /// In front of `index`, the value last found in each slot: a row's value is found here by
    /// comparing three words, without hashing it or comparing its bytes, for a value of 16
    /// bytes or fewer (a persona or stage name), or with one comparison for a longer one.
    recent: Vec<(Sketch, usize)>,
}

impl Interner {
    fn find(&mut self, b: &[u8]) -> Option<usize> {
        let s = Sketch::of(b);
        let slot = s.slot();
        if let Some(&(seen, k)) = self.recent.get(slot) {
            if seen == s && (s.whole() || self.keys.get(k).is_some_and(|key| **key == *b)) {
                return Some(k);
            }
        }
        let k = self.index.get(b).copied()?;
        if let Some(r) = self.recent.get_mut(slot) {
            *r = (s, k);
        }
        Some(k)
    }

    fn insert(&mut self, b: &[u8]) -> usize {
        if self.recent.is_empty() {
            self.recent = vec![(NO_SKETCH, 0); RECENT];
        }
        let k = self.keys.len();
        self.keys.push(b.into());
        self.index.insert(b.into(), k);
        k
    }
}

/// The columns read and how stage values are sorted.
#[derive(Debug, Clone)]
struct Layout {
    source: CrmSource,
    persona: usize,
    stage: usize,
    persona_header: String,
    stage_header: String,
    customer_values: Vec<String>,
    /// Customer values were told or known (HubSpot, Salesforce): without them the export cannot
    /// be split.
    customers_known: bool,
    /// The customer values are the defaults of the export's kind (HubSpot's, Salesforce's),
    /// those `--exclude-values` names aside: none was typed.
    customers_default: bool,
    /// The stage column was named with `--stage-column`, and is not the one the export's kind
    /// reads without it.
    stage_chosen: bool,
}

/// The recognised export and its columns, from the header.
fn layout(headers: &[String], o: &Options, name: &str) -> Result<Layout, Diagnostic> {
    let words: Vec<String> = headers.iter().map(|h| plain_words(h)).collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    let source = if has("record id") && has("lifecycle stage") {
        CrmSource::Hubspot
    } else if has("type")
        && [
            "account name",
            "account id",
            "contact id",
            "lead id",
            "account owner",
            "contact owner",
        ]
        .iter()
        .any(|w| has(w))
    {
        CrmSource::Salesforce
    } else {
        CrmSource::Crm
    };
    let find = |flag: &str, wanted: &str| -> Result<usize, Diagnostic> {
        words
            .iter()
            .position(|w| *w == plain_words(wanted))
            .ok_or_else(|| {
                Diagnostic::new(
                    name,
                    format!("{flag} `{wanted}`: the export has no such column"),
                )
                .help_opt(crate::suggest::did_you_mean(
                    wanted,
                    // Never a column that would then be refused as people's data.
                    headers
                        .iter()
                        .zip(&words)
                        .filter(|(_, w)| !personal(w))
                        .map(|(h, _)| h.as_str()),
                ))
                .help(format!("its columns: {}", columns_list(headers)))
            })
    };
    let persona = match &o.persona_column {
        Some(c) => find("--persona-column", c)?,
        None => words.iter().position(|w| w == "persona").ok_or_else(|| {
            let near: Vec<&str> = headers
                .iter()
                .zip(&words)
                .filter(|(_, w)| w.contains("persona"))
                .map(|(h, _)| h.as_str())
                .collect();
            Diagnostic::new(name, "no `Persona` column in the export's header")
                .help(if near.is_empty() {
                    "name the column that holds each contact's persona: --persona-column COLUMN"
                        .to_string()
                } else {
                    format!(
                        "name the column that holds the persona: --persona-column `{}`",
                        near[0]
                    )
                })
                .help(format!("its columns: {}", columns_list(headers)))
        })?,
    };
    let default_stage = match source {
        CrmSource::Hubspot => Some("lifecycle stage"),
        CrmSource::Salesforce => Some("type"),
        CrmSource::Crm => ["lifecycle stage", "stage", "type"]
            .into_iter()
            .find(|w| has(w)),
    };
    let stage =
        match (&o.stage_column, default_stage) {
            (Some(c), _) => find("--stage-column", c)?,
            (None, Some(w)) => words.iter().position(|x| x == w).unwrap_or_default(),
            (None, None) => return Err(Diagnostic::new(
                name,
                "no column tells customers from prospects (such as `Lifecycle Stage` or `Type`)",
            )
            .help("name it: --stage-column COLUMN, and its customer values: --customer-values A,B")
            .help(format!("its columns: {}", columns_list(headers)))),
        };
    for (k, flag) in [(persona, "--persona-column"), (stage, "--stage-column")] {
        refuse_personal(name, flag, &headers[k], &words[k])?;
    }
    if persona == stage {
        return Err(Diagnostic::new(
            name,
            format!(
                "column `{}` is named both as the persona and as the stage column",
                headers[persona].trim()
            ),
        ));
    }
    let (customer_values, customers_known) = customers_of(source, &words[stage], o)?;
    Ok(Layout {
        source,
        persona,
        stage,
        persona_header: headers[persona].trim().to_string(),
        stage_header: headers[stage].trim().to_string(),
        customer_values,
        customers_known,
        customers_default: customers_known && o.customer_values.is_none(),
        stage_chosen: o.stage_column.is_some() && default_stage.is_none_or(|w| words[stage] != w),
    })
}

/// The customer values of an export of kind `source` whose stage column's header is `stage`
/// (as `plain_words` gives it), and whether they are known: those typed, else the defaults of
/// HubSpot's lifecycle stage or Salesforce's type. A default that `--exclude-values` names is
/// left out (the user typed the exclusion, not the default): `--exclude-values Evangelist` on a
/// HubSpot export leaves Evangelists out of both sides. Leaving out every default is an error:
/// the export would have no customers.
fn customers_of(
    source: CrmSource,
    stage: &str,
    o: &Options,
) -> Result<(Vec<String>, bool), Diagnostic> {
    let defaults: &[&str] = match &o.customer_values {
        Some(v) => return Ok((v.clone(), true)),
        None if source == CrmSource::Hubspot || stage == "lifecycle stage" => &HUBSPOT_CUSTOMERS,
        None if source == CrmSource::Salesforce && stage == "type" => &SALESFORCE_CUSTOMERS,
        None => return Ok((Vec::new(), false)),
    };
    let excluded: Vec<String> = o.exclude_values.iter().map(|v| key(v)).collect();
    let kept: Vec<String> = defaults
        .iter()
        .filter(|v| !excluded.contains(&key(v)))
        .map(|v| v.to_string())
        .collect();
    if kept.is_empty() {
        return Err(Diagnostic::new(
            "--exclude-values",
            format!(
                "leaves out every customer value of {} ({}): the export would have no customers",
                source.described(),
                defaults.join(", ")
            ),
        )
        .help("name the customer values: --customer-values A,B"));
    }
    Ok((kept, true))
}

/// A header's columns for a message: each in backticks, the first 30.
fn columns_list(headers: &[String]) -> String {
    let mut shown: Vec<String> = headers
        .iter()
        .take(30)
        .map(|h| format!("`{}`", crate::diagnostic::excerpt(h.trim())))
        .collect();
    if headers.len() > 30 {
        shown.push(format!("and {} more", headers.len() - 30));
    }
    shown.join(", ")
}

/// Counts an export's rows as the reader hands them on. `finish` gives the measurement.
pub struct Counter<'a> {
    name: String,
    options: Options,
    layout: Option<Layout>,
    personas: Interner,
    stages: Interner,
    /// Per distinct persona cell: how it reads, and its records per distinct stage value.
    persona_cells: Vec<(Cell, Vec<u64>)>,
    rows: u64,
    tick: Option<Box<dyn FnMut(u64) + Send + 'a>>,
}

impl<'a> Counter<'a> {
    pub fn new(name: &str, options: Options) -> Counter<'a> {
        Counter {
            name: name.to_string(),
            options,
            layout: None,
            personas: Interner::default(),
            stages: Interner::default(),
            persona_cells: Vec::new(),
            rows: 0,
            tick: None,
        }
    }

    /// A counter for a later stretch of the same export's rows, counted on another thread.
    fn part(&self) -> Counter<'static> {
        Counter {
            name: self.name.clone(),
            options: self.options.clone(),
            layout: self.layout.clone(),
            personas: Interner::default(),
            stages: Interner::default(),
            persona_cells: Vec::new(),
            rows: 0,
            tick: None,
        }
    }

    /// Take in `part`'s counts as if its rows had come after this counter's: each value keeps
    /// the place of its first record. False, with nothing changed, when the two hold more than
    /// [`MAX_VALUES`] values of a column together (reading in order says at which row).
    fn join_part(&mut self, part: &Counter<'_>) -> bool {
        let new = |mine: &Interner, theirs: &Interner| {
            theirs
                .keys
                .iter()
                .filter(|k| !mine.index.contains_key(&***k))
                .count()
        };
        if self.stages.keys.len() + new(&self.stages, &part.stages) > MAX_VALUES
            || self.personas.keys.len() + new(&self.personas, &part.personas) > MAX_VALUES
        {
            return false;
        }
        let stages: Vec<usize> = part
            .stages
            .keys
            .iter()
            .map(|k| match self.stages.find(k) {
                Some(s) => s,
                None => self.stages.insert(k),
            })
            .collect();
        for (key, (cell, counts)) in part.personas.keys.iter().zip(&part.persona_cells) {
            let p = match self.personas.find(key) {
                Some(p) => p,
                None => {
                    self.persona_cells.push((*cell, Vec::new()));
                    self.personas.insert(key)
                }
            };
            let mine = &mut self.persona_cells[p].1;
            for (s, &n) in counts.iter().enumerate() {
                let s = stages[s];
                if mine.len() <= s {
                    mine.resize(s + 1, 0);
                }
                mine[s] += n;
            }
        }
        self.rows += part.rows;
        if let Some(t) = &mut self.tick {
            t(self.rows);
        }
        true
    }

    /// The kind of export its header showed (once the header is read).
    pub fn source(&self) -> Option<CrmSource> {
        self.layout.as_ref().map(|l| l.source)
    }

    /// Called with the rows read so far, every few thousand rows.
    pub fn on_progress(mut self, tick: impl FnMut(u64) + Send + 'a) -> Counter<'a> {
        self.tick = Some(Box::new(tick));
        self
    }

    /// The error for the value of `column` on `row`, saying what it is, never what it holds.
    fn bad_value(&self, row: &Row, column: &str, what: &str) -> Diagnostic {
        Diagnostic::new(
            &self.name,
            format!("row {}, column `{column}`: {what}", row.cells.row),
        )
        .at(Some(row.line as usize), None)
    }

    /// A value of `column` (the stage column when `stage`) not seen before: checked, and its
    /// text.
    fn new_value(
        &self,
        row: &Row,
        bytes: &[u8],
        column: &str,
        seen: usize,
        stage: bool,
    ) -> Result<String, Diagnostic> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| crate::import::read::not_utf8(&self.name, row.line))?;
        if seen >= MAX_VALUES {
            return Err(self
                .bad_value(
                    row,
                    column,
                    &format!(
                        "more than {MAX_VALUES} different values: this is not a persona or stage \
                         field"
                    ),
                )
                .help("name the right column with --persona-column or --stage-column"));
        }
        if text.trim().chars().count() > MAX_VALUE_CHARS {
            return Err(self.bad_value(
                row,
                column,
                &format!(
                    "a value longer than {MAX_VALUE_CHARS} characters: not a persona or stage"
                ),
            ));
        }
        // People's data, never shown: an email address, a phone number, and in the stage column
        // any `@` (a handle, an address written otherwise).
        let personal = if looks_like_email(text) {
            Some("holds an email address, not a persona or stage (the address is not shown)")
        } else if looks_like_number(text) {
            Some(
                "holds a phone number or another long number, not a persona or stage (the \
                 number is not shown)",
            )
        } else if stage && text.contains('@') {
            Some("holds a value with an `@`, not a stage (the value is not shown)")
        } else {
            None
        };
        if let Some(what) = personal {
            return Err(self
                .bad_value(row, column, what)
                .help("name the right column with --persona-column or --stage-column"));
        }
        Ok(text.trim().to_string())
    }

    /// The distinct mapped persona cells (trimmed) with their records, on every side.
    fn persona_values(&self) -> Vec<(String, u64)> {
        self.persona_cells
            .iter()
            .zip(&self.personas.keys)
            .filter(|((c, _), _)| *c == Cell::Mapped)
            .map(|((_, n), text)| {
                (
                    String::from_utf8_lossy(text).trim().to_string(),
                    n.iter().sum(),
                )
            })
            .collect()
    }

    /// The measurement, once every row is read.
    pub fn finish(self) -> Result<Measurement, Diagnostic> {
        let persona_values = self.persona_values();
        let Some(l) = self.layout else {
            return Err(Diagnostic::new(&self.name, "file is empty"));
        };
        // A header alone is an export cut short or filtered to nothing, not a database with no
        // contacts: measuring it would give 0 of 0 (and `--update` would write zeros).
        if self
            .persona_cells
            .iter()
            .all(|(_, n)| n.iter().all(|&n| n == 0))
        {
            return Err(
                Diagnostic::new(&self.name, "no contacts after the header").help(
                    "export the contacts again, with every row (not a filtered view that is empty)",
                ),
            );
        }
        let stage_texts: Vec<String> = self
            .stages
            .keys
            .iter()
            .map(|k| String::from_utf8_lossy(k).trim().to_string())
            .collect();
        let mut stage_records = vec![0u64; stage_texts.len()];
        for (_, per_stage) in &self.persona_cells {
            for (s, n) in per_stage.iter().enumerate() {
                stage_records[s] += n;
            }
        }
        let column = StageColumn {
            name: &self.name,
            header: &l.stage_header,
            texts: &stage_texts,
            records: &stage_records,
        };
        // The column is judged before any of its values is shown (a list, a "did you mean").
        let named: Vec<&String> = l
            .customer_values
            .iter()
            .chain(&self.options.exclude_values)
            .collect();
        column.refuse_unlike_stages(&named)?;
        refuse_unlike_personas(
            &self.name,
            &l.persona_header,
            &persona_values,
            self.options.vocabulary.as_ref(),
        )?;
        if !l.customers_known {
            return Err(column.no_customer_values());
        }
        // A stage column the user chose, read with the defaults of the export's kind, none of
        // which it holds: its customers are values the tool cannot guess.
        if l.customers_default
            && l.stage_chosen
            && !l.customer_values.iter().any(|v| column.carries(v))
        {
            return Err(column.no_default_customers(&l.customer_values));
        }
        let absent_values = column.check_named(&self.options)?;
        let customer_keys: Vec<String> = l.customer_values.iter().map(|v| key(v)).collect();
        let exclude_keys: Vec<String> =
            self.options.exclude_values.iter().map(|v| key(v)).collect();
        let groups: Vec<Group> = stage_texts
            .iter()
            .map(|t| {
                let k = key(t);
                if customer_keys.contains(&k) {
                    Group::Customer
                } else if exclude_keys.contains(&k) {
                    Group::Excluded
                } else {
                    Group::Prospect
                }
            })
            .collect();
        let mut m = Measurement {
            source: l.source,
            persona_column: l.persona_header.clone(),
            stage_column: l.stage_header.clone(),
            // The defaults only: a value typed is an error or one of `absent_values`.
            unseen_customer_values: if self.options.customer_values.is_some() {
                Vec::new()
            } else {
                l.customer_values
                    .iter()
                    .filter(|v| !column.carries(v))
                    .cloned()
                    .collect()
            },
            absent_values,
            customer_values: l.customer_values,
            exclude_values: self.options.exclude_values.clone(),
            customers: SideCount::default(),
            prospects: SideCount::default(),
            excluded: 0,
            personas: Vec::new(),
            placeholders: Vec::new(),
            stages: Vec::new(),
        };
        tally(&mut m, &self.personas, &self.persona_cells, &groups);
        m.stages = merge_stages(&stage_texts, &groups, &stage_records);
        Ok(m)
    }
}

/// The sides, persona values and placeholders, from the counts per distinct cell and stage.
fn tally(m: &mut Measurement, personas: &Interner, cells: &[(Cell, Vec<u64>)], groups: &[Group]) {
    let mut values: Vec<PersonaValue> = Vec::new();
    let mut placeholders: Vec<PersonaValue> = Vec::new();
    for (k, (c, per_stage)) in cells.iter().enumerate() {
        let text = String::from_utf8_lossy(&personas.keys[k])
            .trim()
            .to_string();
        let mut by = [0u64; 3];
        for (s, n) in per_stage.iter().enumerate() {
            match groups[s] {
                Group::Customer => m.customers.add(*c, *n),
                Group::Prospect => m.prospects.add(*c, *n),
                Group::Excluded => m.excluded += n,
            }
            by[groups[s] as usize] += n;
        }
        let list = match c {
            Cell::Mapped => &mut values,
            Cell::Placeholder => &mut placeholders,
            _ => continue,
        };
        match list.iter_mut().find(|v| v.text == text) {
            Some(v) => {
                v.customers += by[0];
                v.prospects += by[1];
                v.excluded += by[2];
            }
            None => list.push(PersonaValue {
                text,
                customers: by[0],
                prospects: by[1],
                excluded: by[2],
            }),
        }
    }
    values.sort_by(|a, b| b.records().cmp(&a.records()).then(a.text.cmp(&b.text)));
    placeholders.sort_by(|a, b| b.records().cmp(&a.records()).then(a.text.cmp(&b.text)));
    m.personas = values;
    m.placeholders = placeholders;
}

/// Stage values as written (trimmed), the same text once, most records first.
fn merge_stages(texts: &[String], groups: &[Group], records: &[u64]) -> Vec<StageValue> {
    let mut out: Vec<StageValue> = Vec::new();
    for ((t, g), n) in texts.iter().zip(groups).zip(records) {
        match out.iter_mut().find(|s| s.text == *t) {
            Some(s) => s.records += n,
            None => out.push(StageValue {
                text: t.clone(),
                group: *g,
                records: *n,
            }),
        }
    }
    out.sort_by(|a, b| b.records.cmp(&a.records).then(a.text.cmp(&b.text)));
    out
}

/// The persona column refused when its values do not read as a persona field, before any of them
/// is shown: a column chosen wrongly may hold names, titles or notes under a header with no word
/// of people's data ([`PERSONAL_WORDS`]). `values` are the distinct mapped cells (trimmed) with
/// their records; they are compared as words, and one that names a persona of the program
/// (`vocabulary`, with `--program`) never counts against the column.
///
/// A persona field is a few values that many records share, its typos a record's or two: a
/// handful to a few dozen values hold nearly every record, however large the export. A column of
/// names is a value per record; titles or companies, a long tail of values. So the rule: the
/// column is refused when it holds more than [`PERSONA_VOCABULARY`] different values (the
/// program's aside) and more than half of its records with a persona carry a rare value: one no
/// other record has, or one outside the [`PERSONA_VOCABULARY`] most common. An export of a few
/// records is never refused for being small (3 personas on 4 records hold 3 values), nor a large
/// one for its typos (12 personas and 20 one-off typos on 2,000 records: 20 rare records), nor
/// a program of 40 personas (spread evenly, the 10 beyond the 30 most common hold a quarter of
/// the records).
/// The program's personas count for the column (their records are among those weighed), never
/// against it: with `--program` a column is never refused where it would pass without. The
/// message gives the counts, never a value.
fn refuse_unlike_personas(
    name: &str,
    header: &str,
    values: &[(String, u64)],
    vocabulary: Option<&Vocabulary>,
) -> Result<(), Diagnostic> {
    let mapped: u64 = values.iter().map(|(_, n)| n).sum();
    let mut by_key: HashMap<String, u64> = HashMap::new();
    for (text, n) in values {
        if !vocabulary.is_some_and(|v| v.names(text)) {
            *by_key.entry(key(text)).or_default() += n;
        }
    }
    let mut records: Vec<u64> = by_key.into_values().collect();
    records.sort_unstable_by(|a, b| b.cmp(a));
    let rare: u64 = records
        .iter()
        .enumerate()
        .filter(|&(k, &n)| k >= PERSONA_VOCABULARY || n == 1)
        .map(|(_, &n)| n)
        .sum();
    let n = records.len() as u64;
    if n <= PERSONA_VOCABULARY as u64 || 2 * rare <= mapped {
        return Ok(());
    }
    let d = Diagnostic::new(
        name,
        format!(
            "column `{header}` does not read as a persona column: {}{} in {} with a persona, {} \
             of them with a rare value (the values are not shown: they may be people's data, \
             such as names)",
            counted(n, "different value", "different values"),
            if vocabulary.is_some() {
                " naming no persona of the program"
            } else {
                ""
            },
            counted(mapped, "record", "records"),
            thousands(rare),
        ),
    )
    .help(format!(
        "a persona column holds a few values that many records share (HubSpot's `Persona`), a \
         typo of one on a record or two: it is refused with more than {PERSONA_VOCABULARY} \
         different values when more than half of its records carry a rare value, one no other \
         record has or one outside the {PERSONA_VOCABULARY} most common"
    ))
    .help("name the column of the persona field: --persona-column COLUMN");
    Err(if vocabulary.is_some() {
        d
    } else {
        d.help("with --program FILE, the values that name the program's personas are not counted")
    })
}

/// The stage column as read: its distinct values (trimmed, as written) and their records.
struct StageColumn<'a> {
    /// The export, as messages name it.
    name: &'a str,
    header: &'a str,
    texts: &'a [String],
    records: &'a [u64],
}

impl StageColumn<'_> {
    /// Whether a record has `value` (compared as words, as stage values are matched).
    fn carries(&self, value: &str) -> bool {
        let k = key(value);
        self.texts.iter().any(|t| key(t) == k)
    }

    /// The column's values with their records, most first (then by text), the first 20: for a message about
    /// a column that [`StageColumn::refuse_unlike_stages`] let through.
    fn listing(&self) -> String {
        let seen = self.by_count();
        let mut listed: Vec<String> = seen
            .iter()
            .take(20)
            .map(|(t, n)| {
                if t.is_empty() {
                    format!("(empty) ({})", thousands(*n))
                } else {
                    format!("`{}` ({})", crate::diagnostic::excerpt(t), thousands(*n))
                }
            })
            .collect();
        if seen.len() > 20 {
            listed.push(format!("and {} more", seen.len() - 20));
        }
        format!("`{}` holds: {}", self.header, listed.join(", "))
    }

    /// The column refused when its values do not read as stages, before any of them is shown:
    /// a wrongly chosen column may hold names, emails or phone numbers (an email, a phone number
    /// or an `@` is refused on its row as it is read). Counted are the distinct values (compared
    /// as words, the empty one aside) that the tool does not know as stages: neither HubSpot's
    /// lifecycle stages nor Salesforce's account types ([`KNOWN_STAGES`]) nor one `named` by
    /// `--customer-values` or `--exclude-values`. The column is refused when there are more
    /// than [`MAX_STAGE_VALUES`] of them (a CRM has a few stages), or more than half as many as
    /// the records (most records with a value of their own: names, ids, free text; a stage is
    /// shared by many records). The message gives the counts, never a value.
    fn refuse_unlike_stages(&self, named: &[&String]) -> Result<(), Diagnostic> {
        let known: Vec<String> = KNOWN_STAGES
            .iter()
            .copied()
            .chain(named.iter().map(|v| v.as_str()))
            .map(key)
            .collect();
        let mut unknown: Vec<String> = self
            .texts
            .iter()
            .map(|t| key(t))
            .filter(|k| !k.is_empty() && !known.contains(k))
            .collect();
        unknown.sort();
        unknown.dedup();
        let (n, records) = (unknown.len() as u64, self.records.iter().sum::<u64>());
        if n <= MAX_STAGE_VALUES as u64 && 2 * n <= records {
            return Ok(());
        }
        Err(Diagnostic::new(
            self.name,
            format!(
                "column `{}` does not read as a stage column: {} in {} (the values are not \
                 shown: they may be people's data, such as names)",
                self.header,
                counted(n, "different value", "different values"),
                counted(records, "record", "records"),
            ),
        )
        .help(format!(
            "a stage column holds a few values that records share (HubSpot's `Lifecycle Stage`, \
             Salesforce's `Type`): at most {MAX_STAGE_VALUES} besides the stages this tool knows, \
             and at most half as many as the records"
        ))
        .help("name the column of the lifecycle stage or type: --stage-column COLUMN"))
    }

    /// The error for an export whose customers cannot be told: the stage values it holds, to
    /// pick from.
    fn no_customer_values(&self) -> Diagnostic {
        Diagnostic::new(
            self.name,
            format!(
                "which values of `{}` are customers? This tool knows them only for HubSpot's \
                 `Lifecycle Stage` and Salesforce's `Type`",
                self.header
            ),
        )
        .help(self.listing())
        .help(self.name_them())
    }

    /// The column's values with their records, the commonest first.
    fn by_count(&self) -> Vec<(&String, u64)> {
        let mut seen: Vec<(&String, u64)> = self
            .texts
            .iter()
            .zip(self.records.iter().copied())
            .collect();
        seen.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        seen
    }

    /// How to name the customer values, with two of the column's own (its most common) as the
    /// example.
    fn name_them(&self) -> String {
        let example: Vec<&str> = self
            .by_count()
            .into_iter()
            .map(|(t, _)| t.trim())
            .filter(|t| !t.is_empty() && !t.contains('"'))
            .take(2)
            .collect();
        let example = if example.is_empty() {
            "VALUE,VALUE".to_string()
        } else {
            example.join(",")
        };
        format!(
            "name them: --customer-values \"{}\" (every other value is a prospect)",
            crate::diagnostic::excerpt(&example)
        )
    }

    /// The error for a stage column named with `--stage-column` that holds none of the default
    /// customer values (`defaults`): the values it holds, to pick from.
    fn no_default_customers(&self, defaults: &[String]) -> Diagnostic {
        Diagnostic::new(
            self.name,
            format!(
                "--stage-column `{}`: no record's value is {} (the customer values without \
                 --customer-values): which values of `{}` are customers?",
                self.header,
                defaults
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(" or "),
                self.header
            ),
        )
        .help(self.listing())
        .help(self.name_them())
    }

    /// The values typed with `--customer-values` and `--exclude-values` that no record has.
    /// Close to a stage value of the export that no option names (compared as words, as stage
    /// values are matched), the value is a typo: an error with "did you mean". Close to none, it
    /// may be absent this time (`Evangelist` in a month without one): returned, to warn of;
    /// but when no customer value typed is carried at all, the export has no customers as told,
    /// and that is an error. The HubSpot and Salesforce defaults are never checked.
    fn check_named(&self, o: &Options) -> Result<Vec<(&'static str, String)>, Diagnostic> {
        let typed = [
            (
                "--customer-values",
                o.customer_values.as_deref().unwrap_or(&[]),
            ),
            ("--exclude-values", o.exclude_values.as_slice()),
        ];
        let named: Vec<String> = typed
            .iter()
            .flat_map(|(_, v)| v.iter().map(|v| key(v)))
            .collect();
        // The values no option names, by key: what a typo may have meant.
        let free: Vec<(String, &String)> = self
            .texts
            .iter()
            .map(|t| (key(t), t))
            .filter(|(k, _)| !k.is_empty() && !named.contains(k))
            .collect();
        let mut absent = Vec::new();
        for (flag, values) in typed {
            for v in values.iter().filter(|v| !self.carries(v)) {
                let near = crate::suggest::closest(&key(v), free.iter().map(|(k, _)| k.as_str()))
                    .and_then(|k| free.iter().find(|(f, _)| f == k))
                    .map(|(_, t)| t.as_str());
                let Some(near) = near else {
                    absent.push((flag, v.clone()));
                    continue;
                };
                return Err(Diagnostic::new(
                    self.name,
                    format!(
                        "{flag} `{}`: no record's `{}` is `{}`",
                        crate::diagnostic::excerpt(v),
                        self.header,
                        crate::diagnostic::excerpt(v)
                    ),
                )
                .help(format!(
                    "did you mean `{}`?",
                    crate::diagnostic::excerpt(near)
                ))
                .help(self.listing()));
            }
        }
        let customers = typed[0].1;
        if !customers.is_empty() && customers.iter().all(|v| !self.carries(v)) {
            return Err(Diagnostic::new(
                self.name,
                format!(
                    "--customer-values: no record's `{}` is {}: the export has no customers by \
                     these values",
                    self.header,
                    customers
                        .iter()
                        .map(|v| format!("`{}`", crate::diagnostic::excerpt(v)))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            )
            .help(self.listing())
            .help("name the customer values as the export spells them: --customer-values A,B"));
        }
        Ok(absent)
    }
}

impl Part for Counter<'static> {
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }
}

impl Visit for Counter<'_> {
    fn header(&mut self, headers: Vec<String>, _line: u64) -> Result<(), Diagnostic> {
        self.layout = Some(layout(&headers, &self.options, &self.name)?);
        Ok(())
    }

    /// The persona and stage cells: a CSV export's other cells are checked, never copied.
    fn columns(&self) -> Option<Vec<usize>> {
        self.layout.as_ref().map(|l| vec![l.persona, l.stage])
    }

    fn fork(&self) -> Option<Box<dyn Part>> {
        self.layout.as_ref()?;
        Some(Box::new(self.part()))
    }

    fn join(&mut self, part: Box<dyn Part>) -> bool {
        part.into_any()
            .downcast::<Counter<'static>>()
            .is_ok_and(|part| self.join_part(&part))
    }

    fn row(&mut self, row: &Row) -> Result<(), Diagnostic> {
        let (persona_col, stage_col) = match &self.layout {
            Some(l) => (l.persona, l.stage),
            None => return Ok(()),
        };
        let stage = row.bytes(stage_col);
        let s = match self.stages.find(stage) {
            Some(s) => s,
            None => {
                let header = self.layout.as_ref().map(|l| l.stage_header.clone());
                self.new_value(
                    row,
                    stage,
                    &header.unwrap_or_default(),
                    self.stages.keys.len(),
                    true,
                )?;
                self.stages.insert(stage)
            }
        };
        let persona = row.bytes(persona_col);
        let p = match self.personas.find(persona) {
            Some(p) => p,
            None => {
                let text = std::str::from_utf8(persona)
                    .map_err(|_| crate::import::read::not_utf8(&self.name, row.line))?;
                let c = cell(text);
                if c == Cell::Mapped {
                    let header = self.layout.as_ref().map(|l| l.persona_header.clone());
                    self.new_value(
                        row,
                        persona,
                        &header.unwrap_or_default(),
                        self.personas.keys.len(),
                        false,
                    )?;
                }
                self.persona_cells.push((c, Vec::new()));
                self.personas.insert(persona)
            }
        };
        let counts = &mut self.persona_cells[p].1;
        if counts.len() <= s {
            counts.resize(s + 1, 0);
        }
        counts[s] += 1;
        self.rows += 1;
        if self.rows.is_multiple_of(8192) {
            if let Some(t) = &mut self.tick {
                t(self.rows);
            }
        }
        Ok(())
    }
}

/// A program's personas as the CRM's persona values name them.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// Per persona: its id, whether it is a buyer persona, and the keys that name it.
    personas: Vec<(String, bool, Vec<String>)>,
}

/// A value as matched to a persona: words without spacing, hyphens or underscores, lowercase.
pub fn match_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// How an export's persona values meet a program's personas.
#[derive(Debug, Clone, PartialEq)]
pub struct Matches {
    /// Per persona value (in the measurement's order): the persona id it names.
    pub persona_of: Vec<Option<String>>,
    /// Values that name no persona, with a "did you mean" where a persona is close.
    pub unmatched: Vec<(String, u64, Option<String>)>,
    /// Buyer personas no record carries.
    pub uncarried: Vec<String>,
}

impl Vocabulary {
    /// From a program's personas: by their `crm_values` when they have them, else by name and id.
    pub fn new(personas: &[crate::program::Persona]) -> Vocabulary {
        Vocabulary {
            personas: personas
                .iter()
                .map(|p| {
                    let keys: Vec<String> = if p.crm_values.is_empty() {
                        p.name
                            .iter()
                            .chain(std::iter::once(&p.id))
                            .map(|s| match_key(s))
                            .collect()
                    } else {
                        p.crm_values.iter().map(|s| match_key(s)).collect()
                    };
                    (
                        p.id.clone(),
                        p.kind == crate::program::PersonaKind::Buyer,
                        keys,
                    )
                })
                .collect(),
        }
    }

    /// Whether `value` names one of the personas.
    pub fn names(&self, value: &str) -> bool {
        let k = match_key(value);
        self.personas.iter().any(|(_, _, keys)| keys.contains(&k))
    }

    /// Match the measurement's persona values.
    pub fn matches(&self, m: &Measurement) -> Matches {
        let persona_of: Vec<Option<String>> = m
            .personas
            .iter()
            .map(|v| {
                let k = match_key(&v.text);
                self.personas
                    .iter()
                    .find(|(_, _, keys)| keys.contains(&k))
                    .map(|(id, _, _)| id.clone())
            })
            .collect();
        let names: Vec<&str> = self.personas.iter().map(|(id, _, _)| id.as_str()).collect();
        let unmatched = m
            .personas
            .iter()
            .zip(&persona_of)
            .filter(|(_, p)| p.is_none())
            .map(|(v, _)| {
                let hint = crate::suggest::closest(&match_key(&v.text), names.iter().copied())
                    .map(String::from);
                (v.text.clone(), v.records(), hint)
            })
            .collect();
        let uncarried = self
            .personas
            .iter()
            .filter(|(id, buyer, _)| {
                *buyer
                    && !m
                        .personas
                        .iter()
                        .zip(&persona_of)
                        .any(|(v, p)| p.as_deref() == Some(id) && v.records() > 0)
            })
            .map(|(id, _, _)| id.clone())
            .collect();
        Matches {
            persona_of,
            unmatched,
            uncarried,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_or_a_long_number_anywhere_in_a_cell_is_found() {
        for yes in [
            "jane@acme.example",
            "Jane Doe <jane@acme.example>",
            "\"Doe, Jane\" <jane.doe@acme.co.uk>",
            "mailto:jane@acme.example",
        ] {
            assert!(looks_like_email(yes), "{yes}");
        }
        for no in ["Operations Olivia", "@handle", "IT @ HQ", "a@b", "Ops@"] {
            assert!(!looks_like_email(no), "{no}");
        }
        for yes in [
            "+1 555 123 4567",
            "call 555-123-4567",
            "ext. 5551234567",
            "2024-01-15",
        ] {
            assert!(looks_like_number(yes), "{yes}");
        }
        for no in ["Persona 2", "Tier 1 (2024)", "IT Ian 123", "Q3 2026 Ops"] {
            assert!(!looks_like_number(no), "{no}");
        }
    }

    #[test]
    fn headers_of_people_are_refused_and_headers_of_fields_are_not() {
        for people in [
            "Created By",
            "Last Modified By",
            "Assigned To",
            "Sales Rep",
            "First Name",
            "Contact Owner",
            "Persona Owner",
            "Work email",
            "Customer By Region",
        ] {
            assert!(personal(&plain_words(people)), "{people}");
        }
        for field in [
            "Persona",
            "Buyer Persona",
            "Stage Name",
            "Status Name",
            "Assigned Segment",
            "Lifecycle stage (set by HubSpot)",
            "Account Type (Rep)",
            "Type",
        ] {
            assert!(!personal(&plain_words(field)), "{field}");
        }
    }

    #[test]
    fn hubspot_s_no_value_and_spreadsheet_blanks_are_placeholders() {
        for p in [
            "(No value)",
            "#N/A",
            "\u{2014}",
            "\u{2013}",
            "Not set",
            "n/a",
        ] {
            assert_eq!(cell(p), Cell::Placeholder, "{p}");
        }
        assert_eq!(cell("No Value Vince"), Cell::Mapped);
    }

    fn count(csv: &str, options: Options) -> Result<Measurement, Diagnostic> {
        let mut c = Counter::new("contacts.csv", options);
        crate::import::read::read_csv(
            std::io::Cursor::new(csv.as_bytes().to_vec()),
            "contacts.csv",
            &mut c,
        )
        .map_err(crate::evidence::redact::scrub)?;
        c.finish()
    }

    const HUBSPOT: &str =
        "\"Record ID\",\"First Name\",\"Last Name\",\"Email\",\"Lifecycle Stage\",\"Persona\"\r\n\
        \"1\",\"Ann\",\"Lee\",\"ann@x.example\",\"Customer\",\"Operations Olivia\"\r\n\
        \"2\",\"Bo\",\"Kim\",\"bo@x.example\",\"Lead\",\"\"\r\n\
        \"3\",\"Cy\",\"Ng\",\"cy@x.example\",\"Evangelist\",\" \"\r\n\
        \"4\",\"Di\",\"Ox\",\"di@x.example\",\"Opportunity\",\"n/a\"\r\n\
        \"5\",\"Ed\",\"Po\",\"ed@x.example\",\"\",\"Finance Fred\"\r\n";

    #[test]
    fn a_hubspot_export_is_recognised_and_counted_by_side_and_kind() {
        let m = count(HUBSPOT, Options::default()).unwrap();
        assert_eq!(m.source, CrmSource::Hubspot);
        assert_eq!(
            m.customers,
            SideCount {
                records: 2,
                mapped: 1,
                empty: 0,
                blank: 1,
                placeholder: 0
            }
        );
        assert_eq!(
            m.prospects,
            SideCount {
                records: 3,
                mapped: 1,
                empty: 1,
                blank: 0,
                placeholder: 1
            }
        );
        assert_eq!(m.personas.len(), 2);
        assert_eq!(m.placeholders.len(), 1);
        assert_eq!(
            (m.placeholders[0].text.as_str(), m.placeholders[0].prospects),
            ("n/a", 1)
        );
    }

    #[test]
    fn records_to_map_are_exact_at_each_threshold() {
        use crate::check::records::to_reach;
        let s = |records, mapped| (records, mapped);
        assert_eq!(
            to_reach(s(1_000, 899), s(5_000, 2_600), 3),
            ["1 more customer with a persona (90%: 900 of 1,000)"]
        );
        assert!(to_reach(s(1_000, 900), s(5_000, 2_500), 3).is_empty());
        // More than 10%: exactly 10% is one short.
        assert_eq!(
            to_reach(s(0, 0), s(1_000, 100), 1),
            [
                "1 more record with a persona, customers or prospects (more than 10% of the whole \
              database: 101 of 1,000)"
            ]
        );
        assert!(to_reach(s(0, 0), s(1_000, 101), 1).is_empty());
        // Half of the whole database, whichever side the records are on.
        assert_eq!(
            to_reach(s(1_000, 0), s(1_000, 999), 2),
            [
                "1 more record with a persona, customers or prospects (50% of the whole database: \
              1,000 of 2,000)"
            ]
        );
        assert!(to_reach(s(1_000, 0), s(1_000, 1_000), 2).is_empty());
    }

    #[test]
    fn an_unknown_export_needs_its_customer_values_and_is_told_its_stages() {
        let csv = "Id,Persona,Status\n1,A,Active\n2,B,Trial\n3,,Active\n4,,Trial\n";
        let e = count(csv, Options::default()).unwrap_err();
        assert!(
            e.message
                .contains("no column tells customers from prospects"),
            "{e}"
        );
        let status = || Options {
            stage_column: Some("status".into()),
            ..Options::default()
        };
        let e = count(csv, status()).unwrap_err();
        assert!(
            e.message.contains("which values of `Status` are customers"),
            "{e}"
        );
        assert!(e.help[0].contains("`Active` (2), `Trial` (2)"), "{e}");
        let m = count(
            csv,
            Options {
                customer_values: Some(vec!["active".into()]),
                ..status()
            },
        )
        .unwrap();
        assert_eq!((m.customers.records, m.customers.mapped), (2, 1));
        assert_eq!((m.prospects.records, m.prospects.mapped), (2, 1));
    }

    /// A stage column of `values`, one a record, with customer values `Active`.
    fn stages(values: &[String]) -> Result<Measurement, Diagnostic> {
        let mut csv = String::from("Id,Persona,Status\n");
        for (k, v) in values.iter().enumerate() {
            csv.push_str(&format!("{k},Ops,{v}\n"));
        }
        count(
            &csv,
            Options {
                stage_column: Some("Status".into()),
                customer_values: Some(vec!["Active".into()]),
                ..Options::default()
            },
        )
    }

    #[test]
    fn a_column_whose_values_are_not_stages_is_refused_without_showing_one() {
        let names: Vec<String> = ["Active", "Ann Lee", "Bo Kim", "Cy Ng"]
            .map(String::from)
            .to_vec();
        let e = stages(&names).unwrap_err();
        assert_eq!(
            e.message,
            "column `Status` does not read as a stage column: 3 different values in 4 records \
             (the values are not shown: they may be people's data, such as names)"
        );
        assert!(!e.to_string().contains("Lee"), "{e}");
        // Exactly half as many values unknown as records: stages shared by records.
        let shared: Vec<String> = ["Active", "Trial", "Beta", "Active"]
            .map(String::from)
            .to_vec();
        assert!(stages(&shared).is_ok());
        // Values the tool knows are stages however few records share them.
        let known: Vec<String> = ["Active", "Lead", "Opportunity", "Subscriber", "Other"]
            .map(String::from)
            .to_vec();
        assert!(stages(&known).is_ok());
        // At most 30 values beside the known ones, however many records.
        let many = |n: usize| -> Vec<String> {
            (0..1_000)
                .map(|k| {
                    if k < n {
                        format!("Tier {k}")
                    } else {
                        "Active".into()
                    }
                })
                .collect()
        };
        assert!(stages(&many(30)).is_ok());
        let e = stages(&many(31)).unwrap_err();
        assert!(
            e.message.contains("31 different values in 1,000 records"),
            "{e}"
        );
        assert!(!e.to_string().contains("Tier"), "{e}");
    }

    /// A HubSpot export whose persona cells are `values`, one a record (customers and prospects
    /// taking turns), measured with the program's personas `vocabulary` when given.
    fn personas(
        values: &[String],
        vocabulary: Option<Vocabulary>,
    ) -> Result<Measurement, Diagnostic> {
        let mut csv = String::from("Record ID,Lifecycle Stage,Persona\n");
        for (k, v) in values.iter().enumerate() {
            let stage = if k % 2 == 0 { "Customer" } else { "Lead" };
            csv.push_str(&format!("{k},{stage},{v}\n"));
        }
        count(
            &csv,
            Options {
                vocabulary,
                ..Options::default()
            },
        )
    }

    /// `n` records of each value.
    fn times(values: &[(String, usize)]) -> Vec<String> {
        values
            .iter()
            .flat_map(|(v, n)| std::iter::repeat_n(v.clone(), *n))
            .collect()
    }

    /// A program's personas named `names`.
    fn program_of(names: &[String]) -> Vocabulary {
        let mut yaml = String::from("answers: {}\npersonas:\n");
        for (k, n) in names.iter().enumerate() {
            yaml.push_str(&format!("  - {{ id: p{k}, name: \"{n}\" }}\n"));
        }
        let src = crate::source::Source::from_text("p.yaml", &yaml, crate::source::Syntax::Yaml);
        let rubric = crate::rubric::Rubric::builtin();
        let (_, program, _) = crate::assessment::Assessment::load_program(&src, &rubric).unwrap();
        Vocabulary::new(program.personas.as_deref().unwrap())
    }

    #[test]
    fn a_persona_column_of_names_is_refused_without_showing_one() {
        let names = |n: usize| -> Vec<String> { (0..n).map(|k| format!("Ann Quill{k}")).collect() };
        let e = personas(&names(31), None).unwrap_err();
        assert_eq!(
            e.message,
            "column `Persona` does not read as a persona column: 31 different values in 31 \
             records with a persona, 31 of them with a rare value (the values are not shown: \
             they may be people's data, such as names)"
        );
        assert!(
            e.help.iter().any(|h| h.contains("--persona-column COLUMN")),
            "{e}"
        );
        assert!(
            e.help.iter().any(|h| h.contains("with --program FILE")),
            "{e}"
        );
        assert!(!e.to_string().contains("Quill"), "{e}");
        // Unmapped records do not hide the names: only records with a persona are weighed.
        let mut sparse = names(40);
        sparse.extend(std::iter::repeat_n(String::new(), 5_000));
        let e = personas(&sparse, None).unwrap_err();
        assert!(
            e.message
                .contains("40 different values in 40 records with a persona, 40 of them"),
            "{e}"
        );
        // A long tail (titles, companies): 100 values on 3 records each, the 70 beyond the 30
        // most common holding 210 of the 300 records.
        let tail: Vec<(String, usize)> = (0..100).map(|k| (format!("Title {k}"), 3)).collect();
        let e = personas(&times(&tail), None).unwrap_err();
        assert!(
            e.message
                .contains("100 different values in 300 records with a persona, 210 of them"),
            "{e}"
        );
        // At most 30 different values: never refused, however few records share them.
        assert!(personas(&names(30), None).is_ok());
    }

    #[test]
    fn real_persona_columns_pass_small_large_and_with_typos() {
        let named = |list: &[(&str, usize)]| -> Vec<String> {
            times(
                &list
                    .iter()
                    .map(|(v, n)| (v.to_string(), *n))
                    .collect::<Vec<_>>(),
            )
        };
        // 3 personas on 4 records; 3 on 5.
        let m = personas(&named(&[("Ops", 2), ("Fin", 1), ("IT", 1)]), None).unwrap();
        assert_eq!(m.personas.len(), 3);
        assert!(personas(&named(&[("Ops", 1), ("Fin", 1), ("IT", 3)]), None).is_ok());
        // 40 personas on 10,000 records, evenly (the 10 beyond the 30 most common: 2,500) or
        // few records for the last ones.
        let forty: Vec<String> = (0..40).map(|k| format!("Persona {k}")).collect();
        let even: Vec<(String, usize)> = forty.iter().map(|p| (p.clone(), 250)).collect();
        assert_eq!(personas(&times(&even), None).unwrap().personas.len(), 40);
        let mut steep: Vec<(String, usize)> = forty
            .iter()
            .enumerate()
            .map(|(k, p)| (p.clone(), 10_000 / (k + 1) / 5))
            .collect();
        steep[0].1 += 10_000 - steep.iter().map(|(_, n)| n).sum::<usize>();
        assert_eq!(
            personas(&times(&steep), None).unwrap().total().mapped,
            10_000
        );
        // 12 personas and 20 one-off typos of them on 2,000 records: 32 values, 20 rare records.
        let twelve = [
            "Operations Olivia",
            "Finance Fred",
            "IT Ian",
            "Marketing Maria",
            "Sales Sam",
            "Founder Fiona",
            "Procurement Pat",
            "Legal Lena",
            "Support Steve",
            "Data Dana",
            "Engineer Eli",
            "Student Stu",
        ];
        let mut values: Vec<(String, usize)> =
            twelve.iter().map(|p| (p.to_string(), 165)).collect();
        for k in 0..20 {
            let p = twelve[k % 12];
            let at = 1 + k / 12 * 2;
            values.push((format!("{}{}", &p[..at], &p[at + 1..]), 1));
        }
        let m = personas(&times(&values), None).unwrap();
        assert_eq!((m.personas.len(), m.total().mapped), (32, 2_000));
    }

    #[test]
    fn the_programs_personas_never_count_against_the_persona_column() {
        // 35 personas, a record each: refused as one-offs unless they are the program's.
        let many: Vec<String> = (0..35).map(|k| format!("Persona {k}")).collect();
        assert!(personas(&many, None).is_err());
        assert!(personas(&many, Some(program_of(&many))).is_ok());
        // Their records count for the column: names on more than half of the records with a
        // persona are refused, and the message says which values were counted.
        let mut mixed = many.clone();
        mixed.extend((0..40).map(|k| format!("Ann Quill{k}")));
        let e = personas(&mixed, Some(program_of(&many))).unwrap_err();
        assert!(
            e.message.contains(
                "40 different values naming no persona of the program in 75 records with a \
                 persona, 40 of them with a rare value"
            ),
            "{e}"
        );
        assert!(!e.to_string().contains("Quill"), "{e}");
        mixed.truncate(35 + 35);
        assert!(personas(&mixed, Some(program_of(&many))).is_ok());
        assert!(!e.help.iter().any(|h| h.contains("with --program")), "{e}");
    }

    #[test]
    fn a_phone_number_or_an_at_in_the_stage_column_is_refused_on_its_row_unshown() {
        for (value, says) in [
            ("+1 (555) 010-0123", "phone number"),
            ("@annlee", "a value with an `@`"),
        ] {
            let values: Vec<String> = vec!["Active".into(), value.into()];
            let e = stages(&values).unwrap_err();
            assert!(e.message.starts_with("row 3, column `Status`"), "{e}");
            assert!(e.message.contains(says), "{e}");
            assert!(!e.to_string().contains(value), "{e}");
        }
    }

    #[test]
    fn a_personal_column_is_refused_and_an_email_in_the_persona_column_is_never_shown() {
        let e = count(
            HUBSPOT,
            Options {
                persona_column: Some("Email".into()),
                ..Options::default()
            },
        )
        .unwrap_err();
        assert!(e.message.contains("personal data"), "{e}");
        let csv = "\"Record ID\",\"Contact Name\",\"Contact Owner\",\"Owner\",\"Lead Owner\",\
                   \"HubSpot Owner\",\"Contact owner\",\"Work email\",\"Date of birth\",\
                   \"LinkedIn URL\",\"Twitter Username\",\"Salutation\",\"E-mail\",\
                   \"Lifecycle Stage\",\"Persona\"\r\n\
                   \"1\",\"Ann Lee\",\"Bo Ray\",\"Bo Ray\",\"Bo Ray\",\"Bo Ray\",\"Bo Ray\",\
                   \"ann@x.example\",\"1980-01-01\",\"https://x.example/ann\",\"annlee\",\"Ms\",\
                   \"ann@x.example\",\"customer\",\"Ops\"\r\n";
        let headers = [
            "Contact Name",
            "Contact Owner",
            "Owner",
            "Lead Owner",
            "HubSpot Owner",
            "Contact owner",
            "Work email",
            "Date of birth",
            "LinkedIn URL",
            "Twitter Username",
            "Salutation",
            "E-mail",
        ];
        for h in headers {
            for (persona, stage) in [(Some(h), None), (None, Some(h))] {
                let e = count(
                    csv,
                    Options {
                        persona_column: persona.map(String::from),
                        stage_column: stage.map(String::from),
                        customer_values: Some(vec!["x".into()]),
                        ..Options::default()
                    },
                )
                .unwrap_err();
                assert!(e.message.contains("personal data"), "{h}: {e}");
                assert!(!e.to_string().contains("Bo Ray") && !e.to_string().contains("ann@"));
            }
        }
        // A misspelt column is never matched to one that would be refused.
        let e = count(
            csv,
            Options {
                persona_column: Some("Emial".into()),
                ..Options::default()
            },
        )
        .unwrap_err();
        assert!(!e.help.iter().any(|h| h.contains("did you mean")), "{e}");
        let csv = "Record ID,Lifecycle Stage,Persona\n1,Lead,ann@x.example\n";
        let e = count(csv, Options::default()).unwrap_err();
        assert!(!e.to_string().contains("ann@"), "{e}");
        assert!(e.message.contains("row 2, column `Persona`"), "{e}");
    }

    #[test]
    fn a_header_alone_is_refused_not_measured_as_an_empty_database() {
        let header = HUBSPOT.split_inclusive('\n').next().unwrap();
        let e = count(header, Options::default()).unwrap_err();
        assert_eq!(e.message, "no contacts after the header", "{e}");
    }

    #[test]
    fn a_missing_column_gets_a_did_you_mean() {
        let e = count(
            HUBSPOT,
            Options {
                persona_column: Some("Persona ".into()),
                stage_column: Some("Lifecycle Stag".into()),
                ..Options::default()
            },
        )
        .unwrap_err();
        assert!(
            e.help
                .iter()
                .any(|h| h.contains("did you mean `Lifecycle Stage`")),
            "{e}"
        );
    }

    #[test]
    fn persona_values_match_by_crm_values_else_name_or_id_ignoring_case_and_spacing() {
        let rubric = crate::rubric::Rubric::builtin();
        let src = crate::source::Source::from_text(
            "p.yaml",
            "answers: {}\npersonas:\n  - { id: ops-olivia, name: Operations Olivia }\n  - { id: fin, crm_values: [Finance Fred] }\n  - { id: ceo-cara }\n",
            crate::source::Syntax::Yaml,
        );
        let (_, program, _) = crate::assessment::Assessment::load_program(&src, &rubric).unwrap();
        let v = Vocabulary::new(program.personas.as_deref().unwrap());
        let mut m = count(HUBSPOT, Options::default()).unwrap();
        m.personas.push(PersonaValue {
            text: "OPS-olivia".into(),
            customers: 0,
            prospects: 1,
            excluded: 0,
        });
        m.personas.push(PersonaValue {
            text: "Ceo Carla".into(),
            customers: 0,
            prospects: 1,
            excluded: 0,
        });
        let got = v.matches(&m);
        assert_eq!(
            got.persona_of,
            [
                Some("fin".to_string()),
                Some("ops-olivia".to_string()),
                Some("ops-olivia".to_string()),
                None
            ]
        );
        assert_eq!(
            got.unmatched,
            [("Ceo Carla".to_string(), 1, Some("ceo-cara".to_string()))]
        );
        assert_eq!(got.uncarried, ["ceo-cara"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 500, failure_persistence: None, ..Default::default() })]

        /// The interner finds each value it holds under its own number, and no other value,
        /// whatever values share a length, their first or last bytes, or a cache slot (a
        /// two-letter alphabet makes many of them do).
        #[test]
        fn the_interner_finds_exactly_the_values_it_holds(
            held in proptest::collection::vec("[ab]{0,24}", 0..40),
            asked in proptest::collection::vec("[ab]{0,24}", 0..40),
        ) {
            let mut interner = Interner::default();
            let mut want: HashMap<String, usize> = HashMap::new();
            for v in &held {
                if interner.find(v.as_bytes()).is_none() {
                    let k = interner.insert(v.as_bytes());
                    want.insert(v.clone(), k);
                }
            }
            proptest::prop_assert_eq!(want.len(), interner.keys.len());
            // Twice: once through the table, once through the cache it filled.
            for _ in 0..2 {
                for v in held.iter().chain(&asked) {
                    proptest::prop_assert_eq!(interner.find(v.as_bytes()), want.get(v).copied(), "{:?}", v);
                }
            }
        }
    }

    mod generated {
        use super::*;
        use crate::check::records::{fewest, to_reach};
        use proptest::prelude::*;

        /// Stage values as each CRM writes them, customer stages first.
        const HUBSPOT_STAGES: [&str; 9] = [
            "Customer",
            "Evangelist",
            "customer",
            "Lead",
            "Subscriber",
            "Marketing Qualified Lead",
            "Opportunity",
            "Other",
            "",
        ];
        const SALESFORCE_TYPES: [&str; 7] = [
            "Customer - Direct",
            "Customer - Channel",
            "Customer-Direct",
            "Prospect",
            "Channel Partner / Reseller",
            "Other",
            "",
        ];
        /// Persona cells: values, blanks and placeholders in the spellings people type.
        const PERSONAS: [&str; 12] = [
            "Operations Olivia",
            "Finance Fred",
            "IT Ian",
            "",
            " ",
            "\t",
            "n/a",
            "N/A",
            "-",
            "Unknown",
            "(none)",
            "null",
        ];
        /// Other cells, with what trips a CSV reader: separators, quotes, line breaks.
        const OTHER: [&str; 5] = ["Ann Lee", "Lee, Ann", "Ann \"Jo\" Lee", "two\nlines", ""];

        fn quoted(v: &str) -> String {
            format!("\"{}\"", v.replace('"', "\"\""))
        }

        /// The export as the CRM writes it: HubSpot every cell quoted with CRLF; Salesforce with
        /// a byte-order mark too.
        fn export(rows: &[(usize, usize, usize)], salesforce: bool) -> Vec<u8> {
            let mut s = String::new();
            let header: &[&str] = if salesforce {
                s.push('\u{feff}');
                &["First Name", "Account Name", "Type", "Persona"]
            } else {
                &["Record ID", "First Name", "Lifecycle Stage", "Persona"]
            };
            let line = |cells: &[&str]| {
                cells
                    .iter()
                    .map(|c| quoted(c))
                    .collect::<Vec<_>>()
                    .join(",")
                    + "\r\n"
            };
            s.push_str(&line(header));
            for (k, (stage, persona, other)) in rows.iter().enumerate() {
                let id = k.to_string();
                let stage = if salesforce {
                    SALESFORCE_TYPES[*stage % SALESFORCE_TYPES.len()]
                } else {
                    HUBSPOT_STAGES[*stage % HUBSPOT_STAGES.len()]
                };
                let first = if salesforce {
                    OTHER[*other]
                } else {
                    id.as_str()
                };
                let second = if salesforce {
                    "Northwind"
                } else {
                    OTHER[*other]
                };
                s.push_str(&line(&[first, second, stage, PERSONAS[*persona]]));
            }
            s.into_bytes()
        }

        /// The rule, written again from the README: (records, mapped, empty, blank, placeholder).
        fn oracle(rows: &[(usize, usize, usize)], salesforce: bool) -> [[u64; 5]; 2] {
            let mut sides = [[0u64; 5]; 2];
            for (stage, persona, _) in rows {
                let customer = if salesforce {
                    (*stage % SALESFORCE_TYPES.len()) < 3
                } else {
                    (*stage % HUBSPOT_STAGES.len()) < 3
                };
                let side = &mut sides[usize::from(!customer)];
                side[0] += 1;
                let p = PERSONAS[*persona];
                let t = p.trim().trim_matches(['(', ')']).to_lowercase();
                let k = if p.is_empty() {
                    2
                } else if p.trim().is_empty() {
                    3
                } else if ["n/a", "-", "unknown", "none", "null"].contains(&t.as_str()) {
                    4
                } else {
                    1
                };
                side[k] += 1;
            }
            sides
        }

        /// The level from integer counts: more than 10% of the whole; half of the whole or more;
        /// customers at 90% and prospects at 50%.
        fn oracle_level(c: [u64; 5], p: [u64; 5]) -> usize {
            let at = |s: [u64; 5], pct: u64| s[0] > 0 && 100 * s[1] >= pct * s[0];
            let whole = c[0] + p[0];
            if at(c, 90) && at(p, 50) {
                3
            } else if whole > 0 && 2 * (c[1] + p[1]) >= whole {
                2
            } else if whole > 0 && 10 * (c[1] + p[1]) > whole {
                1
            } else {
                0
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

            /// Whatever the records, the counts are the rule's, and so is the level.
            #[test]
            fn counts_and_level_equal_the_rule_for_exports_written_as_crms_write_them(
                rows in prop::collection::vec((0..9usize, 0..12usize, 0..5usize), 1..200),
                salesforce in any::<bool>(),
            ) {
                let m = count(
                    std::str::from_utf8(&export(&rows, salesforce)).unwrap(),
                    Options::default(),
                ).unwrap();
                prop_assert_eq!(m.source, if salesforce { CrmSource::Salesforce } else { CrmSource::Hubspot });
                let [c, p] = oracle(&rows, salesforce);
                let got = |s: SideCount| [s.records, s.mapped, s.empty, s.blank, s.placeholder];
                prop_assert_eq!(got(m.customers), c);
                prop_assert_eq!(got(m.prospects), p);
                let on = Date::parse("2026-12-01").unwrap();
                prop_assert_eq!(crate::check::evidence::highest(&m.found(on).met), oracle_level(c, p));
                let records: u64 = m.personas.iter().map(PersonaValue::records).sum();
                prop_assert_eq!(records, c[1] + p[1]);
            }

            /// Counts chosen near every threshold give the rule's level, and the records the
            /// next level needs reach it exactly.
            #[test]
            fn the_records_to_map_reach_the_next_level_and_one_fewer_does_not(
                cr in 0u64..2_000, cm in 0u64..2_000, pr in 0u64..20_000, pm in 0u64..20_000,
            ) {
                let (cm, pm) = (cm.min(cr), pm.min(pr));
                let side = |records, mapped| SideCount { records, mapped, ..SideCount::default() };
                let level = |c: SideCount, p: SideCount| {
                    let d = Database {
                        customers: Side::counted(c.records, c.mapped),
                        prospects: Side::counted(p.records, p.mapped),
                        measured: None,
                    };
                    crate::check::evidence::highest(&database_completeness(&d).met)
                };
                let (c, p) = (side(cr, cm), side(pr, pm));
                let now = level(c, p);
                prop_assert_eq!(now, oracle_level([cr, cm, 0, 0, 0], [pr, pm, 0, 0, 0]));
                for want in now + 1..4 {
                    if want <= 2 {
                        // The whole database: more than 10%, then at least half.
                        if cr + pr == 0 {
                            prop_assert!(!to_reach((cr, cm), (pr, pm), want).is_empty());
                            continue;
                        }
                        let need = if want == 1 {
                            fewest(cr + pr, 10, true)
                        } else {
                            fewest(cr + pr, 50, false)
                        };
                        let extra = need.saturating_sub(cm + pm);
                        // Mapped among the prospects first, then the customers: either side counts.
                        let spread = |extra: u64| {
                            let room = pr - pm;
                            if extra <= room {
                                (c, side(pr, pm + extra))
                            } else {
                                (side(cr, cm + extra - room), side(pr, pr))
                            }
                        };
                        let (c2, p2) = spread(extra);
                        prop_assert!(level(c2, p2) >= want);
                        if extra > 0 {
                            let (c3, p3) = spread(extra - 1);
                            prop_assert!(level(c3, p3) < want);
                        }
                        continue;
                    }
                    // Fully Optimized: the fewest mapped on each side.
                    let (need_c, need_p) =
                        (fewest(cr, 90, false).max(cm), fewest(pr, 50, false).max(pm));
                    if cr == 0 || pr == 0 {
                        prop_assert!(!to_reach((cr, cm), (pr, pm), want).is_empty());
                        continue;
                    }
                    prop_assert!(level(side(cr, need_c), side(pr, need_p)) >= want);
                    if need_c > cm && need_c > 0 {
                        prop_assert!(level(side(cr, need_c - 1), side(pr, need_p)) < want);
                    }
                    if need_p > pm && need_p > 0 {
                        prop_assert!(level(side(cr, need_c), side(pr, need_p - 1)) < want);
                    }
                }
            }
        }
    }

    /// The column-picking reader against two independent readings of the same bytes: the `csv`
    /// crate (the counts) and the exact reader (the result, error included, to the letter).
    mod picked {
        use super::*;
        use proptest::prelude::*;

        const STAGES: [&str; 7] = [
            "Customer",
            "Evangelist",
            "Lead",
            "Opportunity",
            "Customer - Direct",
            "Prospect",
            "",
        ];
        const PERSONAS: [&str; 9] = [
            "Operations Olivia",
            "Finance, Fred",
            "IT \"Ian\"",
            "",
            " ",
            "n/a",
            "-",
            "Unknown",
            "(none)",
        ];
        /// Other cells: separators, doubled quotes, line breaks of notes, accents, empty.
        const OTHER: [&str; 7] = [
            "Ann Lee",
            "Lee, Ann",
            "Ann \"Jo\" Lee",
            "called twice\r\nno answer",
            "line\nbreak",
            "Zoë Müller",
            "",
        ];

        /// An export as HubSpot writes it (every cell quoted, CRLF) or a Salesforce report (a
        /// byte-order mark too), the last line break there or not.
        fn export(
            rows: &[(usize, usize, usize, usize)],
            salesforce: bool,
            last_break: bool,
        ) -> Vec<u8> {
            let q = |v: &str| format!("\"{}\"", v.replace('"', "\"\""));
            let header: &[&str] = if salesforce {
                &[
                    "Contact ID",
                    "First Name",
                    "Notes",
                    "Account Name",
                    "Type",
                    "Persona",
                    "Email",
                ]
            } else {
                &[
                    "Record ID",
                    "First Name",
                    "Notes",
                    "Last Name",
                    "Lifecycle Stage",
                    "Persona",
                    "Email",
                ]
            };
            let mut lines = vec![header.iter().map(|h| q(h)).collect::<Vec<_>>().join(",")];
            for (k, &(stage, persona, a, b)) in rows.iter().enumerate() {
                let cells = [
                    k.to_string(),
                    OTHER[a].to_string(),
                    OTHER[b].to_string(),
                    OTHER[(a + b) % OTHER.len()].to_string(),
                    STAGES[stage].to_string(),
                    PERSONAS[persona].to_string(),
                    format!("person{k}@example.com"),
                ];
                lines.push(cells.iter().map(|c| q(c)).collect::<Vec<_>>().join(","));
            }
            let mut text = lines.join("\r\n");
            if last_break {
                text.push_str("\r\n");
            }
            let mut bytes = if salesforce {
                vec![0xEF, 0xBB, 0xBF]
            } else {
                Vec::new()
            };
            bytes.extend_from_slice(text.as_bytes());
            bytes
        }

        /// The counts from the `csv` crate's reading and the rule as the README states it:
        /// per side (customers, prospects) records, mapped, empty, blank, placeholder.
        fn oracle(bytes: &[u8], salesforce: bool) -> [[u64; 5]; 2] {
            let text = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            let mut reader = csv::ReaderBuilder::new().from_reader(text);
            let header = reader.headers().unwrap().clone();
            let col = |n: &str| header.iter().position(|h| h == n).unwrap();
            let (stage, persona) = (
                col(if salesforce {
                    "Type"
                } else {
                    "Lifecycle Stage"
                }),
                col("Persona"),
            );
            let customers: &[&str] = if salesforce {
                &["customer - direct", "customer - channel"]
            } else {
                &["customer", "evangelist"]
            };
            let mut sides = [[0u64; 5]; 2];
            for r in reader.records() {
                let r = r.unwrap();
                let side = &mut sides
                    [usize::from(!customers.contains(&r[stage].trim().to_lowercase().as_str()))];
                side[0] += 1;
                let p = &r[persona];
                let bare = p
                    .trim()
                    .trim_start_matches('(')
                    .trim_end_matches(')')
                    .to_lowercase();
                side[if p.is_empty() {
                    2
                } else if p.trim().is_empty() {
                    3
                } else if ["-", "n/a", "unknown", "none"].contains(&bare.as_str()) {
                    4
                } else {
                    1
                }] += 1;
            }
            sides
        }

        /// The exact reader, for the same rows: a visitor that asks for every cell.
        struct Exact<'a>(Counter<'a>);

        impl Visit for Exact<'_> {
            fn header(&mut self, headers: Vec<String>, line: u64) -> Result<(), Diagnostic> {
                self.0.header(headers, line)
            }
            fn row(&mut self, row: &Row) -> Result<(), Diagnostic> {
                self.0.row(row)
            }
        }

        /// The measurement (or the error, as text with its line) read fast with a buffer of
        /// `capacity` bytes, and read by the exact reader.
        fn both(bytes: &[u8], capacity: usize) -> [Result<Measurement, (String, Option<u32>)>; 2] {
            let fast = {
                let mut c = Counter::new("contacts.csv", Options::default());
                crate::import::read::read_csv_sized(
                    std::io::Cursor::new(bytes.to_vec()),
                    "contacts.csv",
                    &mut c,
                    capacity,
                )
                .and_then(|()| c.finish())
            };
            let exact = {
                let mut c = Exact(Counter::new("contacts.csv", Options::default()));
                crate::import::read::read_csv(
                    std::io::Cursor::new(bytes.to_vec()),
                    "contacts.csv",
                    &mut c,
                )
                .and_then(|()| c.0.finish())
            };
            [fast, exact].map(|r| r.map_err(|d| (d.to_string(), d.line)))
        }

        fn rows() -> impl Strategy<Value = Vec<(usize, usize, usize, usize)>> {
            prop::collection::vec(
                (
                    0..STAGES.len(),
                    0..PERSONAS.len(),
                    0..OTHER.len(),
                    0..OTHER.len(),
                ),
                1..60,
            )
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

            /// Exports as the CRMs write them give the csv crate's counts, whatever the buffer.
            #[test]
            fn exports_read_fast_give_the_counts_of_the_csv_crate(
                rows in rows(),
                salesforce in any::<bool>(),
                last_break in any::<bool>(),
                capacity in 1usize..400,
            ) {
                let bytes = export(&rows, salesforce, last_break);
                let [fast, exact] = both(&bytes, capacity);
                let m = fast.unwrap();
                prop_assert_eq!(m.source, if salesforce { CrmSource::Salesforce } else { CrmSource::Hubspot });
                let got = |s: SideCount| [s.records, s.mapped, s.empty, s.blank, s.placeholder];
                prop_assert_eq!([got(m.customers), got(m.prospects)], oracle(&bytes, salesforce));
                prop_assert_eq!(Ok(m), exact);
            }

            /// Broken exports (a quote taken out or put in, a NUL, a line break, the file cut
            /// anywhere, mid-character too) read fast give the exact reader's result to the
            /// letter: the same error, naming the same row, or the same counts.
            #[test]
            fn broken_exports_read_fast_give_the_exact_readers_result(
                rows in rows(),
                salesforce in any::<bool>(),
                at in any::<prop::sample::Index>(),
                kind in 0..5usize,
                capacity in 1usize..400,
            ) {
                let mut bytes = export(&rows, salesforce, true);
                let k = at.index(bytes.len());
                match kind {
                    0 => match bytes[k..].iter().position(|&b| b == b'"') {
                        Some(j) => { bytes.remove(k + j); }
                        None => bytes.push(b'"'),
                    },
                    1 => bytes.insert(k, b'"'),
                    2 => bytes.insert(k, 0),
                    3 => bytes.insert(k, b'\n'),
                    _ => bytes.truncate(k.max(1)),
                }
                let [fast, exact] = both(&bytes, capacity);
                prop_assert_eq!(fast, exact);
            }
        }

        /// The measurement read in two halves, the second from byte `at` of the file (any
        /// byte: a guess), and whether the halves were joined.
        fn halves(
            bytes: &[u8],
            at: Option<u64>,
            capacity: usize,
        ) -> (Result<Measurement, (String, Option<u32>)>, bool) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("contacts.csv");
            std::fs::write(&path, bytes).unwrap();
            let file = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
            let size = bytes.len() as u64;
            let split = match at {
                Some(at) => crate::import::pick::Split::at(&path, size, at),
                None => crate::import::pick::Split::guessed(&path, size),
            };
            let joins = || crate::import::pick::JOINS.with(std::cell::Cell::get);
            let before = joins();
            let mut c = Counter::new("contacts.csv", Options::default());
            let read = crate::import::read::read_csv_split(
                file,
                "contacts.csv",
                &mut c,
                capacity,
                Some(split),
            )
            .and_then(|()| c.finish())
            .map_err(|d| (d.to_string(), d.line));
            (read, joins() == before + 1)
        }

        /// Where each record of `bytes` ends, as the exact reader reads them.
        fn record_ends(bytes: &[u8]) -> Vec<u64> {
            let mut records = crate::import::records::Records::new(bytes, b',', usize::MAX);
            let mut r = crate::import::records::Record::default();
            let mut ends = Vec::new();
            while let Ok(true) = records.next_into(&mut r) {
                ends.push(records.consumed());
            }
            ends
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

            /// Read in two halves, the second from any byte at all, an export (whole or broken
            /// as the other test breaks it) gives exactly what reading it in order gives: the
            /// same counts, or the same error naming the same row. Whenever the second half
            /// starts at a record's start of a whole export, the halves were joined.
            #[test]
            fn two_halves_from_any_byte_give_what_reading_in_order_gives(
                rows in rows(),
                salesforce in any::<bool>(),
                at in any::<prop::sample::Index>(),
                on_a_record in any::<bool>(),
                broken in prop::option::of((any::<prop::sample::Index>(), 0..5usize)),
                capacity in 1usize..400,
            ) {
                let mut bytes = export(&rows, salesforce, true);
                let ends = record_ends(&bytes);
                let at = if on_a_record && ends.len() > 1 {
                    ends[at.index(ends.len() - 1)]
                } else {
                    at.index(bytes.len()) as u64
                };
                if let Some((k, kind)) = broken {
                    let k = k.index(bytes.len());
                    match kind {
                        0 => { bytes.remove(k); }
                        1 => bytes.insert(k, b'"'),
                        2 => bytes.insert(k, 0),
                        3 => bytes.insert(k, b'\n'),
                        _ => bytes.truncate(k.max(1)),
                    }
                }
                let [_, exact] = both(&bytes, capacity);
                let (split, joined) = halves(&bytes, Some(at), capacity);
                prop_assert_eq!(&split, &exact);
                if broken.is_none() && ends.contains(&at) && at > ends[0] && at < bytes.len() as u64 {
                    prop_assert!(joined, "not joined at {}", at);
                }
            }
        }

        /// The second half's start is guessed near the middle: on an export without line
        /// breaks in its cells the guess is a record's start and the halves are joined; with
        /// notes of several lines it may be inside a cell, and the result is the same.
        #[test]
        fn the_guessed_middle_is_joined_or_read_in_order_with_the_same_result() {
            let plain: Vec<_> = (0..3000)
                .map(|k| (k % 7, k % 9, k % 3, (k / 7) % 3))
                .collect();
            for salesforce in [false, true] {
                let bytes = export(&plain, salesforce, true);
                let [_, exact] = both(&bytes, 1 << 16);
                let (split, joined) = halves(&bytes, None, 1 << 16);
                assert_eq!(split, exact);
                assert!(joined, "a plain export is read in two halves");
            }
            // Every row a note of two lines (cell 4 of OTHER).
            let notes: Vec<_> = (0..3000).map(|k| (k % 7, k % 9, 3, 4)).collect();
            for salesforce in [false, true] {
                let bytes = export(&notes, salesforce, true);
                let [_, exact] = both(&bytes, 1 << 16);
                assert_eq!(halves(&bytes, None, 1 << 16).0, exact);
            }
        }

        #[test]
        fn an_unclosed_quote_a_nul_and_a_cut_character_are_refused_naming_the_row() {
            let rows: Vec<_> = (0..40)
                .map(|k| (k % 7, k % 9, k % 7, (k + 3) % 7))
                .collect();
            let good = export(&rows, false, true);
            let mut cases: Vec<(Vec<u8>, &str)> = Vec::new();
            // The file cut inside the last row's quoted email cell.
            let cut = good.windows(8).position(|w| w == b"person39").unwrap();
            cases.push((
                good[..cut].to_vec(),
                "ends inside a quoted cell that starts on line",
            ));
            let mut nul = good.clone();
            let at = nul.windows(8).position(|w| w == b"person20").unwrap();
            nul[at] = 0;
            cases.push((nul, "row 22: cell 7 holds a NUL byte"));
            // Cut in the middle of a character (inside a quoted cell, as every cell is).
            let at = good.windows(2).position(|w| w == "ë".as_bytes()).unwrap();
            cases.push((good[..at + 1].to_vec(), "ends inside a quoted cell"));
            // Half a character inside the file.
            let mut half = good.clone();
            half[at + 1] = b'x';
            cases.push((half, "not UTF-8"));
            for (bytes, says) in cases {
                for capacity in [7, 64, 1 << 18] {
                    let [fast, exact] = both(&bytes, capacity);
                    let (message, line) = fast.clone().unwrap_err();
                    assert!(message.contains(says), "{message}");
                    assert!(
                        message.contains("row ") || message.contains("line "),
                        "{message}"
                    );
                    assert!(line.is_some(), "{message}");
                    assert!(
                        !message.contains("Zoë") && !message.contains("@example"),
                        "{message}"
                    );
                    assert_eq!(fast, exact);
                }
            }
        }
    }
}
