//! The rules the CI check knows and how much a finding matters. Below both the program file
//! (whose policy names rules and severities) and the check (which evaluates them).

use serde::{Deserialize, Serialize};

/// How much a finding matters. Ordered: info < warning < error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What `policy.severity` may say about a rule: a severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    Info,
    Warning,
    Error,
    /// Turn the rule off.
    Off,
}

impl RuleSetting {
    /// The severity it sets; `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleSetting::Info => Some(Severity::Info),
            RuleSetting::Warning => Some(Severity::Warning),
            RuleSetting::Error => Some(Severity::Error),
            RuleSetting::Off => None,
        }
    }
}

macro_rules! rules {
    ($($variant:ident = $id:literal, $name:literal, $sev:ident, $doc:literal;)*) => {
        /// Every rule the check knows, with a stable id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $($variant),* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// Every rule's id, in the order of [`Rule::ALL`] (shell completion offers them).
            pub const IDS: &'static [&'static str] = &[$($id),*];

            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id),* }
            }

            /// A readable name, distinct from the id (SARIF's `name`).
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name),* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev),* }
            }

            /// One line on what the rule checks (README, `--help`).
            pub fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $doc),* }
            }

            pub fn from_id(id: &str) -> Option<Rule> {
                Rule::ALL.iter().copied().find(|r| r.id() == id)
            }
        }
    };
}

rules! {
    BelowMinimum = "below-minimum", "LevelBelowPolicyMinimum", Error, "overall, a section or an attribute is below the policy's minimum level";
    Incomplete = "incomplete", "UnansweredAttributes", Error, "policy.require_complete is set and attributes are unanswered";
    OverdueTarget = "overdue-target", "TargetPastDueDate", Error, "a target's due date has passed and the attribute is still below it";
    Regression = "regression", "LowerThanBaseline", Error, "with --baseline: an answer went down or lost its level (removed, unsure), or the overall score went down";
    ExpiredWaiver = "expired-waiver", "WaiverPastExpiry", Warning, "a waiver's expiry date has passed (it no longer silences anything)";
    UnusedWaiver = "unused-waiver", "WaiverSilencesNothing", Warning, "a waiver silences nothing: its rule does not fire for its subject (a misspelt subject, or a problem already fixed)";
    EvidenceOverclaim = "evidence-overclaim", "ClaimAboveEvidence", Error, "the self-assessment claims a level above what the file's own facts support";
    NoNegativePersona = "no-negative-persona", "NoExclusionaryPersona", Warning, "personas are listed but none is a negative (exclusionary) persona";
    DemographicsOnly = "demographics-only", "PersonaOnlyDemographic", Warning, "a buyer persona covers demographics but no goals, drivers, fears, personality, interests or content preferences";
    Guesswork = "guesswork", "PersonaWithoutResearch", Warning, "a persona has no sources, or only internal stakeholder input (internal opinion, sales input)";
    StalePersona = "stale-persona", "PersonaNotReviewed", Warning, "a persona was last updated longer ago than policy.max_persona_age_days (default 365)";
    FutureDate = "future-date", "LastUpdatedInFuture", Error, "a persona's last_updated is after today (a typo, or a date not yet reached)";
    NoSalesInput = "no-sales-input", "NoSalesTeamSource", Warning, "no persona draws on sales input";
    NegativeWithoutDisqualifiers = "negative-without-disqualifiers", "ExclusionWithoutCriteria", Warning, "a negative persona lists no disqualifiers";
    DuplicatePersonaId = "duplicate-persona-id", "PersonaIdUsedTwice", Error, "two personas share an id";
    PersonaWithoutOwner = "persona-without-owner", "PersonaHasNoOwner", Warning, "a persona has no owner to keep it current";
    StaleEvidence = "stale-evidence", "MeasuredEvidenceOutdated", Warning, "the database figures were measured longer ago than policy.max_evidence_age_days (default 90)";
    InvalidInput = "invalid-input", "UnreadableInputFile", Error, "a program file (or the --baseline) cannot be read: broken YAML or TOML, an unknown key, a wrong value; nothing else in it is checked, and it cannot be waived or turned off";
}

impl Rule {
    /// Whether a waiver or `policy.severity` may silence it: not `invalid-input`, since a file
    /// that cannot be read has no policy that was read.
    pub fn waivable(self) -> bool {
        self != Rule::InvalidInput
    }
}
