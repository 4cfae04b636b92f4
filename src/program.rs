//! The persona program file: an answers file plus the team's personas (buyer and negative), its
//! customer-database coverage and its policy. Raw serde types that mirror the file, and `resolve`,
//! which checks every id, level, rule name and number against the rubric and the rule list.

use crate::diagnostic::Diagnostic;
use crate::rubric::Rubric;
use crate::rule::{Rule, RuleSetting, Severity};
use crate::source::{Date, Source, UniqueMap};
use serde::{Deserialize, Serialize};

/// Most personas a program file may list.
pub const MAX_PERSONAS: usize = 10_000;
/// Default for `policy.max_persona_age_days`.
pub const DEFAULT_MAX_PERSONA_AGE_DAYS: u32 = 365;
/// Default for `policy.max_evidence_age_days`.
pub const DEFAULT_MAX_EVIDENCE_AGE_DAYS: u32 = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersonaKind {
    /// A persona you sell to.
    #[default]
    Buyer,
    /// An exclusionary persona: who not to target.
    Negative,
}

/// The buying roles the framework's "Number of Personas" counts (plus `other`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BuyingRole {
    User,
    Champion,
    EconomicBuyer,
    Influencer,
    Other,
}

/// Where a persona's content comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersonaSource {
    CustomerInterviews,
    NonCustomerInterviews,
    Survey,
    Crm,
    ThirdPartyData,
    WebAnalytics,
    SalesInput,
    IndustryResearch,
    InternalOpinion,
}

/// The eleven elements the framework lists under Depth of Personas (a persona's `covers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DepthElement {
    Demographics,
    BuyingRole,
    BuyingPreferences,
    HobbiesInterests,
    GoalsPriorities,
    DriversMotivators,
    FearsChallenges,
    Associations,
    ContentPreferences,
    SuccessMetrics,
    PersonalityTraits,
}

impl DepthElement {
    pub const COUNT: usize = 11;
    pub const ALL: [DepthElement; 11] = [
        DepthElement::Demographics,
        DepthElement::BuyingRole,
        DepthElement::BuyingPreferences,
        DepthElement::HobbiesInterests,
        DepthElement::GoalsPriorities,
        DepthElement::DriversMotivators,
        DepthElement::FearsChallenges,
        DepthElement::Associations,
        DepthElement::ContentPreferences,
        DepthElement::SuccessMetrics,
        DepthElement::PersonalityTraits,
    ];

    /// The id as written in a program file.
    pub fn id(self) -> &'static str {
        match self {
            DepthElement::Demographics => "demographics",
            DepthElement::BuyingRole => "buying-role",
            DepthElement::BuyingPreferences => "buying-preferences",
            DepthElement::HobbiesInterests => "hobbies-interests",
            DepthElement::GoalsPriorities => "goals-priorities",
            DepthElement::DriversMotivators => "drivers-motivators",
            DepthElement::FearsChallenges => "fears-challenges",
            DepthElement::Associations => "associations",
            DepthElement::ContentPreferences => "content-preferences",
            DepthElement::SuccessMetrics => "success-metrics",
            DepthElement::PersonalityTraits => "personality-traits",
        }
    }
}

impl PersonaSource {
    /// The id as written in a program file.
    pub fn id(self) -> &'static str {
        match self {
            PersonaSource::CustomerInterviews => "customer-interviews",
            PersonaSource::NonCustomerInterviews => "non-customer-interviews",
            PersonaSource::Survey => "survey",
            PersonaSource::Crm => "crm",
            PersonaSource::ThirdPartyData => "third-party-data",
            PersonaSource::WebAnalytics => "web-analytics",
            PersonaSource::SalesInput => "sales-input",
            PersonaSource::IndustryResearch => "industry-research",
            PersonaSource::InternalOpinion => "internal-opinion",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPersona {
    /// A stable id, e.g. `ops-olivia`.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub kind: PersonaKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buying_role: Option<BuyingRole>,
    /// Who keeps this persona current (a name or an email address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<PersonaSource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<DepthElement>,
    /// For negative personas: the traits that rule a lead out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disqualifiers: Vec<String>,
    /// The values a CRM's persona field holds for this persona, when they are not its name or
    /// id (`evidence crm --program` matches them, ignoring case and spacing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crm_values: Vec<String>,
}

/// How much of the database carries a persona: for customers and for prospects, either the
/// record counts (`customers: { records, mapped }`, what a CRM report or an automated
/// measurement writes) or a percentage (`customers_mapped_pct`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDatabase {
    /// Percentage (0–100) of customer records with a persona attached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customers_mapped_pct: Option<f64>,
    /// Percentage (0–100) of prospect records with a persona attached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prospects_mapped_pct: Option<f64>,
    /// Customer records, and how many of them have a persona attached.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::source::opt_map_only"
    )]
    pub customers: Option<RawRecords>,
    /// Prospect records, and how many of them have a persona attached.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::source::opt_map_only"
    )]
    pub prospects: Option<RawRecords>,
    /// The day the figures were measured (`evidence crm --update` writes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured_on: Option<Date>,
    /// What they were measured from: `hubspot`, `salesforce` or `crm` (another CRM's export).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<CrmSource>,
}

/// The kind of export the database figures were measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CrmSource {
    /// A HubSpot contacts export.
    Hubspot,
    /// A Salesforce report export.
    Salesforce,
    /// Another CRM's export, read with named columns.
    Crm,
}

impl CrmSource {
    pub const ALL: [CrmSource; 3] = [CrmSource::Hubspot, CrmSource::Salesforce, CrmSource::Crm];

    /// The id as written in a program file.
    pub fn id(self) -> &'static str {
        match self {
            CrmSource::Hubspot => "hubspot",
            CrmSource::Salesforce => "salesforce",
            CrmSource::Crm => "crm",
        }
    }

    /// The export in words: "a HubSpot export".
    pub fn described(self) -> &'static str {
        match self {
            CrmSource::Hubspot => "a HubSpot export",
            CrmSource::Salesforce => "a Salesforce report",
            CrmSource::Crm => "a CRM export",
        }
    }
}

/// Files the program's evidence is measured from (`evidence:`), paths relative to the program
/// file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvidence {
    /// The research team's interview log (CSV `date,kind,persona,notes`, or YAML): the evidence
    /// for Qualitative Interviews.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviews: Option<String>,
}

/// Records counted in the database, and how many have a persona attached.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecords {
    pub records: u64,
    pub mapped: u64,
}

/// One persona measure (a KPI) as the team records it: what was measured, the value, the day it
/// was measured, optionally the persona it is for and who answers for it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    /// What is measured, e.g. `conversion rate`, `win rate`, `sales cycle (days)`.
    pub name: String,
    /// The value measured.
    pub value: f64,
    /// The day it was measured.
    pub as_of: Date,
    /// The persona it is measured for (its id), when it is for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persona: Option<String>,
    /// Who answers for the measure (a name or an email address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::source::opt_map_only"
    )]
    pub minimum: Option<RawMinimum>,
    /// Fail when any attribute is unanswered.
    #[serde(default)]
    pub require_complete: bool,
    /// A persona older than this is stale (default 365; at least 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_persona_age_days: Option<u32>,
    /// Database figures measured longer ago than this are stale (default 90; at least 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_evidence_age_days: Option<u32>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::source::vec_map_only"
    )]
    pub targets: Vec<RawTarget>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::source::vec_map_only"
    )]
    pub waivers: Vec<RawWaiver>,
    /// Override a rule's default severity: `rule-id: error | warning | info | off`.
    #[serde(default)]
    pub severity: UniqueMap<RuleSetting>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMinimum {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<String>,
    #[serde(default)]
    pub sections: UniqueMap<String>,
    #[serde(default)]
    pub attributes: UniqueMap<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    pub attribute: String,
    pub level: String,
    pub due: Date,
    /// Who takes the step (named when it is overdue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawWaiver {
    /// The rule id to silence.
    pub rule: String,
    /// Only for this subject (a persona id, attribute id, …); all subjects when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub expires: Date,
}

// ---- the domain ----

/// The depth elements that make a persona more than a demographic profile.
pub const BEYOND_DEMOGRAPHICS: [DepthElement; 6] = [
    DepthElement::GoalsPriorities,
    DepthElement::DriversMotivators,
    DepthElement::FearsChallenges,
    DepthElement::PersonalityTraits,
    DepthElement::HobbiesInterests,
    DepthElement::ContentPreferences,
];

#[derive(Debug, Clone, PartialEq)]
pub struct Persona {
    pub id: String,
    /// The line of the file where the persona is written (found by its id), when known.
    pub line: Option<usize>,
    /// The line of its `last_updated`, when known (what the date rules point at).
    pub date_line: Option<usize>,
    pub name: Option<String>,
    pub kind: PersonaKind,
    pub buying_role: Option<BuyingRole>,
    pub owner: Option<String>,
    pub last_updated: Option<Date>,
    /// Sorted, without duplicates.
    pub sources: Vec<PersonaSource>,
    pub covers: Vec<DepthElement>,
    pub disqualifiers: Vec<String>,
    /// The CRM persona values that mean this persona (`crm_values`), as written.
    pub crm_values: Vec<String>,
}

/// One side of the database (customers or prospects): the share mapped to a persona, and the
/// record counts when the file gives them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Side {
    /// Percentage (0–100) of the side's records with a persona attached (0 for no records).
    pub pct: f64,
    /// (records, mapped), when counted.
    pub counts: Option<(u64, u64)>,
}

impl Side {
    /// A side known only by its percentage.
    pub fn pct(pct: f64) -> Side {
        Side { pct, counts: None }
    }

    /// A side known by its counts.
    pub fn counted(records: u64, mapped: u64) -> Side {
        Side {
            pct: if records == 0 {
                0.0
            } else {
                100.0 * mapped as f64 / records as f64
            },
            counts: Some((records, mapped)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Database {
    pub customers: Side,
    pub prospects: Side,
    /// When, and from what, the figures were measured.
    pub measured: Option<Measured>,
}

/// When database figures were measured, and from what kind of export.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    pub on: Date,
    pub source: Option<CrmSource>,
}

impl Database {
    /// The share of the whole database (customers and prospects together) mapped to a persona,
    /// when both sides are counted and hold records.
    pub fn whole_pct(&self) -> Option<f64> {
        let (cr, cm) = self.customers.counts?;
        let (pr, pm) = self.prospects.counts?;
        let records = cr as f64 + pr as f64;
        (records > 0.0).then(|| 100.0 * (cm as f64 + pm as f64) / records)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub attribute: usize,
    pub level: usize,
    pub due: Date,
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Waiver {
    pub rule: Rule,
    pub subject: Option<String>,
    pub reason: String,
    pub owner: Option<String>,
    pub expires: Date,
}

/// A persona measure, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub name: String,
    pub value: f64,
    pub as_of: Date,
    pub persona: Option<String>,
    pub owner: Option<String>,
    /// The line of the file where it is written, when known.
    pub line: Option<usize>,
}

impl PersonaSource {
    /// Input from inside the company, not research: the team's opinion, and what the sales team
    /// says about buyers (the framework's lowest Qualitative Interviews level is "internal
    /// stakeholder interviews", its lowest Budget level "heavy reliance on internal opinions").
    pub fn is_internal(self) -> bool {
        matches!(
            self,
            PersonaSource::InternalOpinion | PersonaSource::SalesInput
        )
    }
}

impl Persona {
    /// The persona lists no sources, or only internal stakeholder input: guesswork, not
    /// research (the buyer-persona guide's first mistake, "relying on assumptions instead of
    /// conducting thorough research"). For a buyer persona, internal opinion and sales input
    /// both are internal stakeholder input. A negative persona may rest on sales input: the
    /// negative-persona guide's step 2 is to engage with sales teams about who does not buy.
    pub fn is_guesswork(&self) -> bool {
        match self.kind {
            PersonaKind::Buyer => self.sources.iter().all(|s| s.is_internal()),
            PersonaKind::Negative => self
                .sources
                .iter()
                .all(|s| *s == PersonaSource::InternalOpinion),
        }
    }

    /// The persona covers demographics and nothing beyond them (the guide's third mistake).
    pub fn is_demographics_only(&self) -> bool {
        self.covers.contains(&DepthElement::Demographics)
            && !BEYOND_DEMOGRAPHICS.iter().any(|c| self.covers.contains(c))
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Policy {
    pub minimum_overall: Option<usize>,
    /// (section index, level index)
    pub minimum_sections: Vec<(usize, usize)>,
    /// (attribute index, level index)
    pub minimum_attributes: Vec<(usize, usize)>,
    pub require_complete: bool,
    pub max_persona_age_days: u32,
    pub max_evidence_age_days: u32,
    pub targets: Vec<Target>,
    pub waivers: Vec<Waiver>,
    /// `None` turns a rule off.
    pub severity: Vec<(Rule, Option<Severity>)>,
}

/// Where things are written in the program file (1-based lines), found when it is read, so
/// that every finding can point at its line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Locations {
    /// The `answers` key.
    pub answers: Option<usize>,
    /// Each attribute's answer, by attribute index.
    pub answer: Vec<Option<usize>>,
    /// The `personas` key.
    pub personas: Option<usize>,
    pub database: Option<usize>,
    /// `database.measured_on`.
    pub measured_on: Option<usize>,
    pub minimum_overall: Option<usize>,
    /// By section index.
    pub minimum_sections: Vec<Option<usize>>,
    /// By attribute index.
    pub minimum_attributes: Vec<Option<usize>>,
    pub require_complete: Option<usize>,
    /// In `policy.targets` order.
    pub targets: Vec<Option<usize>>,
    /// In `policy.waivers` order.
    pub waivers: Vec<Option<usize>>,
}

/// How each persona's `last_updated` moved in the program file's git history: per persona id,
/// the dates it took in the committed versions, oldest version first (each listed when it
/// changed). Read by `check --history`; evidence for Frequency of Updates.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UpdateHistory {
    pub dates: Vec<(String, Vec<Date>)>,
    /// Committed versions read (versions that do not read as a program file are left out).
    pub versions: usize,
    /// The history starts at a shallow clone's boundary: earlier updates are not seen.
    pub shallow: bool,
}

impl UpdateHistory {
    /// The dates persona `id`'s `last_updated` took, oldest version first.
    pub fn of(&self, id: &str) -> &[Date] {
        self.dates
            .iter()
            .find(|(p, _)| p == id)
            .map_or(&[], |(_, d)| d.as_slice())
    }
}

/// The kinds of interview a research log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InterviewKind {
    Customer,
    Prospect,
    NonCustomer,
    LostDeal,
    Churned,
    Partner,
    Internal,
}

impl InterviewKind {
    pub const ALL: [InterviewKind; 7] = [
        InterviewKind::Customer,
        InterviewKind::Prospect,
        InterviewKind::NonCustomer,
        InterviewKind::LostDeal,
        InterviewKind::Churned,
        InterviewKind::Partner,
        InterviewKind::Internal,
    ];

    /// The id as written in a log.
    pub fn id(self) -> &'static str {
        match self {
            InterviewKind::Customer => "customer",
            InterviewKind::Prospect => "prospect",
            InterviewKind::NonCustomer => "non-customer",
            InterviewKind::LostDeal => "lost-deal",
            InterviewKind::Churned => "churned",
            InterviewKind::Partner => "partner",
            InterviewKind::Internal => "internal",
        }
    }

    /// A kind from its id, read as a person types it: any case, spaces, hyphens and
    /// underscores alike.
    pub fn from_text(s: &str) -> Option<InterviewKind> {
        let words: String = s
            .trim()
            .to_lowercase()
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        InterviewKind::ALL.into_iter().find(|k| k.id() == words)
    }

    /// Someone outside the buying relationship's two sides: a customer or a non-customer
    /// (prospect, non-customer, lost deal, churned customer). Partners and internal stakeholders
    /// are neither.
    pub fn is_buyer_side(self) -> bool {
        !matches!(self, InterviewKind::Partner | InterviewKind::Internal)
    }

    /// A non-customer: a prospect, someone who never bought, a lost deal or a churned customer.
    pub fn is_non_customer(self) -> bool {
        matches!(
            self,
            InterviewKind::Prospect
                | InterviewKind::NonCustomer
                | InterviewKind::LostDeal
                | InterviewKind::Churned
        )
    }
}

/// One interview in a research log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interview {
    pub date: Date,
    pub kind: InterviewKind,
    /// The persona the interview informed, as written (the program's vocabulary).
    pub persona: Option<String>,
}

/// The interview log a program names (`evidence.interviews`): the path as written (relative to
/// the program file), its line, and its interviews once the command has read it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InterviewLog {
    pub path: String,
    pub line: Option<usize>,
    /// `None` until read.
    pub interviews: Option<Vec<Interview>>,
}

/// The parts of a program file beyond the answers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Program {
    /// `None` when the file has no `personas` section (persona rules are then not evaluated).
    pub personas: Option<Vec<Persona>>,
    pub database: Option<Database>,
    pub policy: Policy,
    pub locations: Locations,
    /// `None` when the file has no `measures` section.
    pub measures: Option<Vec<Measure>>,
    /// The interview log named by `evidence.interviews`.
    pub interviews: Option<InterviewLog>,
}

fn level(rubric: &Rubric, src: &Source, path: &str, typed: &str) -> Result<usize, Diagnostic> {
    rubric.level_index(typed).ok_or_else(|| {
        src.error_at(path, format!("unknown level `{typed}`"))
            .help(format!(
                "expected one of: {}",
                rubric.level_ids().join(", ")
            ))
            .help_opt(crate::suggest::did_you_mean(
                typed,
                rubric.levels.iter().map(|l| l.id.as_str()),
            ))
    })
}

fn attribute(rubric: &Rubric, src: &Source, path: &str, id: &str) -> Result<usize, Diagnostic> {
    rubric.attribute_index(id).ok_or_else(|| {
        src.error_at(path, format!("unknown attribute `{id}`"))
            .help_opt(crate::suggest::did_you_mean(
                id,
                rubric.attributes.iter().map(|a| a.id.as_str()),
            ))
    })
}

/// A rule a policy names (a waiver or a severity): known, and one that can be silenced.
fn rule(src: &Source, path: &str, id: &str) -> Result<Rule, Diagnostic> {
    if let Some(r) = Rule::from_id(id).filter(|r| !r.waivable()) {
        return Err(src
            .error_at(path, format!("`{}` cannot be waived or turned off", r.id()))
            .help("a file that cannot be read is never checked: correct the file instead"));
    }
    Rule::from_id(id).ok_or_else(|| {
        src.error_at(path, format!("unknown rule `{id}`"))
            .help(format!(
                "expected one of: {}",
                Rule::ALL
                    .iter()
                    .filter(|r| r.waivable())
                    .map(|r| r.id())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .help_opt(crate::suggest::did_you_mean(
                id,
                Rule::ALL.iter().filter(|r| r.waivable()).map(|r| r.id()),
            ))
    })
}

fn percent(src: &Source, path: &str, v: f64) -> Result<f64, Diagnostic> {
    if v.is_finite() && (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(src.error_at(
            path,
            format!("{v} is not a percentage; expected a number from 0 to 100"),
        ))
    }
}

/// One side of `database:`: its counts or its percentage, exactly one of them.
fn side(
    src: &Source,
    name: &str,
    pct: Option<f64>,
    counts: Option<RawRecords>,
) -> Result<Side, Diagnostic> {
    match (pct, counts) {
        (Some(_), Some(_)) => Err(src
            .error_at(
                &format!("database.{name}"),
                format!("gives both `{name}` and `{name}_mapped_pct`; give one of them"),
            )
            .help(format!(
                "the counts (`{name}: {{ records, mapped }}`) say more: check weighs the whole \
                 database with them"
            ))),
        (None, None) => Err(src
            .error_at(
                "database",
                format!("says nothing about {name}: expected `{name}: {{ records, mapped }}` or `{name}_mapped_pct`"),
            )),
        (Some(v), None) => Ok(Side::pct(percent(
            src,
            &format!("database.{name}_mapped_pct"),
            v,
        )?)),
        (None, Some(c)) if c.mapped > c.records => Err(src.error_at(
            &format!("database.{name}.mapped"),
            format!(
                "{} mapped of {} records: mapped cannot be more than records",
                c.mapped, c.records
            ),
        )),
        (None, Some(c)) => Ok(Side::counted(c.records, c.mapped)),
    }
}

/// The items sorted, or the error for the first one listed twice.
fn unique<T: Copy + Ord>(
    items: &[T],
    twice: impl Fn(T) -> Diagnostic,
) -> Result<Vec<T>, Diagnostic> {
    let mut sorted = items.to_vec();
    sorted.sort();
    if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
        let first_repeated = items
            .iter()
            .enumerate()
            .find(|(k, x)| items[..*k].contains(x))
            .map_or(w[0], |(_, x)| *x);
        return Err(twice(first_repeated));
    }
    Ok(sorted)
}

/// Resolve the program parts of a parsed document against the rubric.
pub fn resolve(
    personas: Option<&[RawPersona]>,
    database: Option<&RawDatabase>,
    policy: Option<&RawPolicy>,
    measures: Option<&[RawMeasure]>,
    evidence: Option<&RawEvidence>,
    rubric: &Rubric,
    src: &Source,
) -> Result<Program, Diagnostic> {
    // The file read once for the line of every persona, target and waiver.
    let at = src.locator();
    let personas = personas
        .map(|list| resolve_personas(list, src, &at))
        .transpose()?;
    let database = match database {
        None => None,
        Some(d) => Some(Database {
            customers: side(src, "customers", d.customers_mapped_pct, d.customers)?,
            prospects: side(src, "prospects", d.prospects_mapped_pct, d.prospects)?,
            measured: match (d.measured_on, d.source) {
                (Some(on), source) => Some(Measured { on, source }),
                (None, Some(_)) => {
                    return Err(src
                        .error_at(
                            "database.source",
                            "names a source but no `measured_on` date",
                        )
                        .help("add `measured_on: YYYY-MM-DD`, the day the export was made"))
                }
                (None, None) => None,
            },
        }),
    };
    let interviews = match evidence.and_then(|e| e.interviews.as_deref()) {
        Some(p) if p.trim().is_empty() => {
            return Err(src.error_at("evidence.interviews", "is empty; expected the log's path"))
        }
        Some(p) => Some(InterviewLog {
            path: p.to_string(),
            line: at.line_of_path("evidence.interviews"),
            interviews: None,
        }),
        None => None,
    };
    let out = resolve_policy(policy, rubric, src)?;
    let locations = locate(&at, rubric, policy, &out);
    let measures = measures
        .map(|list| resolve_measures(list, personas.as_deref(), src, &at))
        .transpose()?;
    Ok(Program {
        personas,
        database,
        policy: out,
        locations,
        measures,
        interviews,
    })
}

/// The measures, checked: a name, a finite value, and a persona that the file lists (when it
/// names one and lists personas).
fn resolve_measures(
    list: &[RawMeasure],
    personas: Option<&[Persona]>,
    src: &Source,
    locator: &crate::source::Locator,
) -> Result<Vec<Measure>, Diagnostic> {
    let lines = locator.lines_of_items("measures", list.len());
    let mut out = Vec::with_capacity(list.len());
    for (i, m) in list.iter().enumerate() {
        let name = m.name.trim();
        if name.is_empty() {
            return Err(src.error_at(&format!("measures[{i}].name"), "a measure needs a name"));
        }
        if !m.value.is_finite() {
            return Err(src.error_at(
                &format!("measures[{i}].value"),
                format!("{} is not a number a measure can have", m.value),
            ));
        }
        let persona = m
            .persona
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        if let (Some(id), Some(ps)) = (persona, personas) {
            if !ps.iter().any(|p| p.id == id) {
                return Err(src
                    .error_at(
                        &format!("measures[{i}].persona"),
                        format!("names persona `{id}`, which `personas` does not list"),
                    )
                    .help_opt(crate::suggest::did_you_mean(
                        id,
                        ps.iter().map(|p| p.id.as_str()),
                    )));
            }
        }
        out.push(Measure {
            name: name.to_string(),
            value: m.value,
            as_of: m.as_of,
            persona: persona.map(String::from),
            owner: m
                .owner
                .as_deref()
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(String::from),
            line: lines[i],
        });
    }
    Ok(out)
}

/// The personas, checked: ids not empty, sources and depth elements each named once.
fn resolve_personas(
    list: &[RawPersona],
    src: &Source,
    locator: &crate::source::Locator,
) -> Result<Vec<Persona>, Diagnostic> {
    if list.len() > MAX_PERSONAS {
        return Err(src.error_at(
            "personas",
            format!(
                "{} personas; at most {MAX_PERSONAS} are supported",
                list.len()
            ),
        ));
    }
    let mut out: Vec<Persona> = Vec::with_capacity(list.len());
    let lines = locator.lines_of_items("personas", list.len());
    let text: Vec<&str> = src.text.lines().collect();
    for (i, p) in list.iter().enumerate() {
        let id = p.id.trim();
        if id.is_empty() {
            return Err(src.error_at(&format!("personas[{i}].id"), "persona id is empty"));
        }
        // An id names the persona in every report, on one line: no line break or control
        // character (a `\n::error …` in an id would be a command to a CI runner).
        if let Some(c) = id
            .chars()
            .find(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
        {
            return Err(src
                .error_at(
                    &format!("personas[{i}].id"),
                    format!(
                        "persona id `{}` holds the control character {}; an id is one line of \
                         text",
                        crate::escape::one_line(id),
                        c.escape_unicode()
                    ),
                )
                .help("use letters, digits and hyphens, e.g. `ops-olivia`"));
        }
        let line = lines[i];
        let at = |field: &str| {
            let e = src.error_at(&format!("personas[{i}].{field}"), "");
            Diagnostic {
                line: e.line.or(line.map(|l| l as u32)),
                ..e
            }
        };
        let sources = unique(&p.sources, |d| Diagnostic {
            message: format!("lists `{}` twice; each source is named once", d.id()),
            ..at("sources")
        })?;
        let covers = unique(&p.covers, |d| Diagnostic {
            message: format!("lists `{}` twice; each depth element is named once", d.id()),
            ..at("covers")
        })?;
        // `last_updated` within the persona's own lines (up to the next persona's).
        let date_line = line.zip(p.last_updated).and_then(|(start, _)| {
            let end = lines[i + 1..]
                .iter()
                .flatten()
                .next()
                .copied()
                .unwrap_or(text.len() + 1);
            (start..end).find(|&l| {
                text.get(l - 1).is_some_and(|t| {
                    let t = t.split('#').next().unwrap_or_default();
                    t.find("last_updated").is_some_and(|k| {
                        t[k + "last_updated".len()..]
                            .trim_start_matches(['"', '\'', ' '])
                            .starts_with([':', '='])
                    })
                })
            })
        });
        out.push(Persona {
            id: id.to_string(),
            line,
            date_line,
            name: p.name.clone(),
            kind: p.kind,
            buying_role: p.buying_role,
            owner: p.owner.clone().filter(|o| !o.trim().is_empty()),
            last_updated: p.last_updated,
            sources,
            covers,
            disqualifiers: p
                .disqualifiers
                .iter()
                .filter(|d| !d.trim().is_empty())
                .cloned()
                .collect(),
            crm_values: p
                .crm_values
                .iter()
                .filter(|v| !v.trim().is_empty())
                .cloned()
                .collect(),
        });
    }
    Ok(out)
}

/// The policy, its names checked against the rubric and the rules.
fn resolve_policy(
    policy: Option<&RawPolicy>,
    rubric: &Rubric,
    src: &Source,
) -> Result<Policy, Diagnostic> {
    let mut out = Policy {
        max_persona_age_days: DEFAULT_MAX_PERSONA_AGE_DAYS,
        max_evidence_age_days: DEFAULT_MAX_EVIDENCE_AGE_DAYS,
        ..Policy::default()
    };
    if let Some(p) = policy {
        if let Some(m) = &p.minimum {
            if let Some(o) = &m.overall {
                out.minimum_overall = Some(level(rubric, src, "policy.minimum.overall", o)?);
            }
            for (sid, l) in &m.sections.0 {
                let path = format!("policy.minimum.sections.{sid}");
                let si = rubric
                    .sections
                    .iter()
                    .position(|s| &s.id == sid)
                    .ok_or_else(|| {
                        src.error_at(&path, format!("unknown section `{sid}`"))
                            .help(format!(
                                "expected one of: {}",
                                rubric
                                    .sections
                                    .iter()
                                    .map(|s| s.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ))
                            .help_opt(crate::suggest::did_you_mean(
                                sid,
                                rubric.sections.iter().map(|s| s.id.as_str()),
                            ))
                    })?;
                out.minimum_sections
                    .push((si, level(rubric, src, &path, l)?));
            }
            for (aid, l) in &m.attributes.0 {
                let path = format!("policy.minimum.attributes.{aid}");
                out.minimum_attributes.push((
                    attribute(rubric, src, &path, aid)?,
                    level(rubric, src, &path, l)?,
                ));
            }
        }
        out.require_complete = p.require_complete;
        if let Some(days) = p.max_persona_age_days {
            if days == 0 {
                return Err(src.error_at("policy.max_persona_age_days", "must be at least 1 day"));
            }
            out.max_persona_age_days = days;
        }
        if let Some(days) = p.max_evidence_age_days {
            if days == 0 {
                return Err(src.error_at("policy.max_evidence_age_days", "must be at least 1 day"));
            }
            out.max_evidence_age_days = days;
        }
        for (i, t) in p.targets.iter().enumerate() {
            let path = format!("policy.targets[{i}]");
            out.targets.push(Target {
                attribute: attribute(rubric, src, &format!("{path}.attribute"), &t.attribute)?,
                level: level(rubric, src, &format!("{path}.level"), &t.level)?,
                due: t.due,
                owner: t
                    .owner
                    .as_deref()
                    .map(str::trim)
                    .filter(|o| !o.is_empty())
                    .map(String::from),
            });
        }
        for (i, w) in p.waivers.iter().enumerate() {
            let path = format!("policy.waivers[{i}]");
            if w.reason.trim().is_empty() {
                return Err(src.error_at(&format!("{path}.reason"), "a waiver needs a reason"));
            }
            out.waivers.push(Waiver {
                rule: rule(src, &format!("{path}.rule"), &w.rule)?,
                subject: w.subject.clone(),
                reason: w.reason.clone(),
                owner: w.owner.clone(),
                expires: w.expires,
            });
        }
        for (rid, sev) in &p.severity.0 {
            let r = rule(src, &format!("policy.severity.{rid}"), rid)?;
            out.severity.push((r, sev.severity()));
        }
    }
    Ok(out)
}

/// Where the answers, personas and policy entries are written.
fn locate(
    at: &crate::source::Locator,
    rubric: &Rubric,
    raw: Option<&RawPolicy>,
    policy: &Policy,
) -> Locations {
    let line = |path: &str| at.line_of_path(path);
    let per_attribute = |prefix: &str, wanted: &dyn Fn(usize) -> bool| -> Vec<Option<usize>> {
        rubric
            .attributes
            .iter()
            .enumerate()
            .map(|(i, a)| {
                if wanted(i) {
                    line(&format!("{prefix}.{}", a.id))
                } else {
                    None
                }
            })
            .collect()
    };
    let min_attr = |i: usize| policy.minimum_attributes.iter().any(|(a, _)| *a == i);
    Locations {
        answers: line("answers"),
        answer: per_attribute("answers", &|_| true),
        personas: line("personas"),
        database: line("database"),
        measured_on: line("database.measured_on"),
        minimum_overall: line("policy.minimum.overall"),
        minimum_sections: rubric
            .sections
            .iter()
            .map(|s| line(&format!("policy.minimum.sections.{}", s.id)))
            .collect(),
        minimum_attributes: per_attribute("policy.minimum.attributes", &min_attr),
        require_complete: line("policy.require_complete"),
        targets: at.lines_of_items("policy.targets", raw.map_or(0, |p| p.targets.len())),
        waivers: at.lines_of_items("policy.waivers", raw.map_or(0, |p| p.waivers.len())),
    }
}
