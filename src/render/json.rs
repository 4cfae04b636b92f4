//! Machine-readable output. The shape is stable and versioned by `schema_version`; documented in
//! the README. Levels are ids, scores numbers rounded to four decimals. Built from the views:
//! `JsonScorecard: From<&ScoreView>`, `JsonVerdict: From<&CheckView>`.

use crate::rule::Severity;
use crate::view::check::{CheckView, FindingView};
use crate::view::score::ScoreView;
use crate::view::{LevelRef, ScoreRef};
use serde::Serialize;
use std::collections::BTreeMap;

/// Bump when a field is removed or changes meaning (adding a field does not bump it).
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonScorecard {
    pub schema_version: u32,
    pub rubric: JsonRubricRef,
    pub source: String,
    pub organization: Option<String>,
    pub respondent: JsonRespondent,
    pub date: Option<String>,
    pub overall: Option<JsonScore>,
    pub coverage: JsonCoverage,
    pub target: String,
    pub sections: Vec<JsonSection>,
    pub next_steps: Vec<JsonNextStep>,
    pub unanswered: Vec<String>,
    /// Answers whose level texts pull against each other (notes, not findings).
    pub contradictions: Vec<JsonContradiction>,
    /// Program files only: answers above what the file's facts support; next steps start from
    /// the supported level.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lowered: Vec<JsonLowered>,
    /// Every attribute in rubric order, flat (the same levels as under `sections`).
    pub attributes: Vec<JsonAttributeRow>,
    /// Combined reports only: how many answers files were combined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respondents: Option<u64>,
    /// Combined reports only: respondents per role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<BTreeMap<String, u64>>,
    /// Combined reports only: attribute ids whose answers are two or more levels apart.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disagreements: Option<Vec<String>>,
    /// Combined reports only: per attribute, the lowest- and highest-rating roles, largest gap
    /// first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_gaps: Option<Vec<JsonRoleGap>>,
    /// Combined reports only: files (and form export rows) that could not be read, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<Vec<JsonSkipped>>,
    /// Combined reports of several inputs only: respondents per input as named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<BTreeMap<String, u64>>,
    /// Combined reports only, when several are named: respondents per organization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organizations: Option<BTreeMap<String, u64>>,
    /// With --invited only: how many were asked, and respondents ÷ invited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invited: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_rate: Option<f64>,
    /// Combined reports only, when someone answered more than once (in an export or across
    /// inputs): submissions left out, and which submission of a person counted (`latest`,
    /// `first`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeated_submissions: Option<JsonRepeats>,
    /// Combined reports only, when some response was read more than once (a copy, a file named
    /// twice, an export beside the files imported from it): how many times, each counted once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicates: Option<u64>,
    /// Combined reports only, when an organization is named: respondents who name none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_unknown: Option<u64>,
    /// Combined reports only, when there are any: the respondents' comments and notes, each
    /// with the attribute it is about (null: the whole questionnaire) and the writer's team.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comments: Option<Vec<JsonComment>>,
    /// Combined reports only, when an attribute has more than 500 comments: how many are not
    /// listed in `comments`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comments_left_out: Option<u64>,
    /// With --baseline only: the earlier assessment and what moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<JsonBaseline>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonContradiction {
    /// The two attribute ids, the one claiming more first.
    pub attributes: [String; 2],
    /// Their levels, as answered.
    pub levels: [String; 2],
    /// What does not fit, in the level texts' words.
    pub note: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonComment {
    /// The attribute id; null for a comment on the whole questionnaire.
    pub attribute: Option<String>,
    /// The team of whoever wrote it (null: no role given).
    pub role: Option<String>,
    pub text: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonRepeats {
    pub left_out: u64,
    pub kept: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonAttributeRow {
    pub id: String,
    pub name: String,
    pub section: String,
    /// The level (for a combined report: the median).
    pub level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub median: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Option<String>>,
    /// max − min, in levels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spread: Option<Option<usize>>,
    /// Answers per level id, lowest level first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<serde_json::Map<String, serde_json::Value>>,
    /// Median level per respondent role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_role: Option<BTreeMap<String, String>>,
    /// Combined reports only: the mean level number (1 = the lowest level).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<Option<f64>>,
    /// With --baseline: the level before, and the change in levels (null if either is unanswered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_level: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Option<i64>>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonRoleGap {
    pub attribute: String,
    pub low_role: String,
    pub low: String,
    pub high_role: String,
    pub high: String,
    pub gap: usize,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonSkipped {
    pub file: String,
    /// The row of a form export (as a spreadsheet shows it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    pub reason: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonBaseline {
    pub source: String,
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub respondents: Option<u64>,
    pub overall: Option<JsonScore>,
    /// Current overall score minus the baseline's.
    pub overall_change: Option<f64>,
    pub sections: Vec<JsonSectionChange>,
    /// Attributes whose level differs, regressions first.
    pub moved: Vec<JsonMove>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonSectionChange {
    pub id: String,
    pub score: Option<f64>,
    pub level: Option<String>,
    pub change: Option<f64>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonMove {
    pub attribute: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub change: Option<i64>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonRubricRef {
    pub id: String,
    pub version: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonRespondent {
    pub name: Option<String>,
    pub role: Option<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonScore {
    pub score: f64,
    pub level: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonCoverage {
    pub answered: usize,
    pub total: usize,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonSection {
    pub id: String,
    pub name: String,
    pub score: Option<f64>,
    pub level: Option<String>,
    pub answered: usize,
    pub total: usize,
    pub attributes: Vec<JsonAttribute>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonAttribute {
    pub id: String,
    pub name: String,
    pub level: Option<String>,
    pub note: Option<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonNextStep {
    pub attribute: String,
    pub section: String,
    pub current: String,
    pub next: String,
    pub description: String,
    pub gap: usize,
    /// The stage of the work the step belongs to (when the rubric names stages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// The tips for this step (one quoting the next level's description when the rubric has
    /// none for it).
    pub tips: Vec<JsonTip>,
    /// Program files: set when the step starts below the answer because the file's facts
    /// support less, saying why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_facts: Option<String>,
    /// Program files: what the file must show for the next level (the exact edit where the
    /// file says it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_file: Option<String>,
}

/// An answer above what the program file's facts support.
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonLowered {
    pub attribute: String,
    pub claimed: String,
    /// The level next steps start from: the highest the facts support (with `ceiling`: at
    /// most).
    pub supported: String,
    pub basis: String,
    pub ceiling: bool,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonTip {
    pub text: String,
    /// The guidance id it draws on (`framework`, `tool` for this tool's own reading, or a
    /// part of a guide); null when the rubric has no tip for the step.
    pub source: Option<String>,
    /// The words of the next level's description the tip answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// Round for output: four decimals keeps the JSON free of float noise.
pub fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

fn level_id(l: Option<&LevelRef>) -> Option<String> {
    l.map(|l| l.id.clone())
}

fn score(s: &Option<ScoreRef>) -> Option<JsonScore> {
    s.as_ref().map(|s| JsonScore {
        score: round4(s.value),
        level: s.level.id.clone(),
    })
}

impl From<&ScoreView> for JsonScorecard {
    fn from(v: &ScoreView) -> JsonScorecard {
        let team = v.team.as_ref();
        JsonScorecard {
            schema_version: SCHEMA_VERSION,
            rubric: JsonRubricRef {
                id: v.rubric.id.clone(),
                version: v.rubric.version.clone(),
            },
            source: v.source.clone(),
            organization: v.organization.clone(),
            respondent: JsonRespondent {
                name: v.respondent_name.clone(),
                role: v.respondent_role.clone(),
            },
            date: v.date.clone(),
            overall: score(&v.overall),
            coverage: JsonCoverage {
                answered: v.answered,
                total: v.total,
            },
            target: v.target.id.clone(),
            sections: json_sections(v),
            next_steps: json_next_steps(v),
            unanswered: v
                .unanswered
                .iter()
                .map(|&i| v.attributes[i].id.clone())
                .collect(),
            contradictions: v
                .contradictions
                .iter()
                .map(|c| JsonContradiction {
                    attributes: c.ids.clone(),
                    levels: [c.levels[0].id.clone(), c.levels[1].id.clone()],
                    note: c.note.clone(),
                })
                .collect(),
            lowered: v
                .lowered
                .iter()
                .map(|l| JsonLowered {
                    attribute: l.id.clone(),
                    claimed: l.claimed.id.clone(),
                    supported: l.supported.id.clone(),
                    basis: l.basis.clone(),
                    ceiling: l.ceiling,
                })
                .collect(),
            attributes: json_attribute_rows(v),
            respondents: team.map(|t| t.respondents),
            roles: team.map(|t| t.roles.iter().cloned().collect::<BTreeMap<_, _>>()),
            disagreements: team.map(|t| {
                t.disagreements
                    .iter()
                    .map(|&i| v.attributes[i].id.clone())
                    .collect()
            }),
            role_gaps: team.map(|t| {
                t.role_gaps
                    .iter()
                    .map(|g| JsonRoleGap {
                        attribute: g.id.clone(),
                        low_role: g.low_role.clone(),
                        low: g.low.id.clone(),
                        high_role: g.high_role.clone(),
                        high: g.high.id.clone(),
                        gap: g.gap,
                    })
                    .collect()
            }),
            skipped: team.map(|t| {
                t.skipped
                    .iter()
                    .map(|(file, row, reason)| JsonSkipped {
                        file: file.clone(),
                        row: *row,
                        reason: reason.clone(),
                    })
                    .collect()
            }),
            sources: team
                .filter(|t| t.sources.len() > 1)
                .map(|t| t.sources.iter().cloned().collect()),
            organizations: team
                .filter(|t| t.organizations.len() > 1)
                .map(|t| t.organizations.iter().cloned().collect()),
            invited: team.and_then(|t| t.invited),
            response_rate: team
                .and_then(|t| t.response_rate)
                .map(|r| (r * 1000.0).round() / 1000.0),
            repeated_submissions: team.filter(|t| t.repeats_dropped > 0).and_then(|t| {
                t.keep.map(|k| JsonRepeats {
                    left_out: t.repeats_dropped,
                    kept: k.to_string(),
                })
            }),
            duplicates: team.map(|t| t.duplicates).filter(|n| *n > 0),
            organization_unknown: team.map(|t| t.organization_unknown).filter(|n| *n > 0),
            comments: team.filter(|t| !t.comments.is_empty()).map(|t| {
                t.comments
                    .iter()
                    .map(|c| JsonComment {
                        attribute: c.attribute_id.clone(),
                        role: c.role.clone(),
                        text: c.text.clone(),
                    })
                    .collect()
            }),
            comments_left_out: team.map(|t| t.comments_left_out()).filter(|n| *n > 0),
            baseline: v.baseline.as_ref().map(|b| json_baseline(v, b)),
        }
    }
}

fn json_sections(v: &ScoreView) -> Vec<JsonSection> {
    v.sections
        .iter()
        .map(|s| JsonSection {
            id: s.id.clone(),
            name: s.name.clone(),
            score: s.score.as_ref().map(|x| round4(x.value)),
            level: level_id(s.score.as_ref().map(|x| &x.level)),
            answered: s.answered,
            total: s.total,
            attributes: v.attributes[s.attributes.clone()]
                .iter()
                .map(|a| JsonAttribute {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    level: level_id(a.level.as_ref()),
                    note: a.note.clone(),
                })
                .collect(),
        })
        .collect()
}

fn json_next_steps(v: &ScoreView) -> Vec<JsonNextStep> {
    v.next_steps
        .iter()
        .map(|s| JsonNextStep {
            attribute: s.id.clone(),
            section: s.section_id.clone(),
            current: s.current.id.clone(),
            next: s.next.id.clone(),
            description: s.description.clone(),
            gap: s.gap,
            stage: s.stage.as_ref().map(|(id, _)| id.clone()),
            tips: s
                .tips
                .iter()
                .map(|t| JsonTip {
                    text: t.text.clone(),
                    source: t.source.clone(),
                    quote: t.quote.clone(),
                })
                .collect(),
            from_facts: s.from_facts.clone(),
            in_file: s.in_file.clone(),
        })
        .collect()
}

fn json_attribute_rows(v: &ScoreView) -> Vec<JsonAttributeRow> {
    v.attributes
        .iter()
        .map(|a| {
            let st = a.stats.as_ref();
            JsonAttributeRow {
                id: a.id.clone(),
                name: a.name.clone(),
                section: a.section_id.clone(),
                level: level_id(a.level.as_ref()),
                n: st.map(|s| s.n),
                median: st.map(|s| level_id(s.median.as_ref())),
                min: st.map(|s| level_id(s.min.as_ref())),
                max: st.map(|s| level_id(s.max.as_ref())),
                spread: st.map(|s| s.spread),
                counts: st.map(|s| {
                    s.counts
                        .iter()
                        .map(|(l, k)| (l.id.clone(), (*k).into()))
                        .collect()
                }),
                by_role: st.map(|s| {
                    s.by_role
                        .iter()
                        .map(|(role, l)| (role.clone(), l.id.clone()))
                        .collect()
                }),
                mean: st.map(|s| s.mean.map(|m| (m * 100.0).round() / 100.0)),
                baseline_level: a.before.as_ref().map(|b| level_id(b.as_ref())),
                change: a.before.as_ref().map(|_| a.change.and_then(|c| c.levels())),
            }
        })
        .collect()
}

fn json_baseline(v: &ScoreView, b: &crate::view::score::BaselineView) -> JsonBaseline {
    JsonBaseline {
        source: b.source.clone(),
        date: b.date.clone(),
        respondents: b.respondents,
        overall: score(&b.overall),
        overall_change: b.overall_change.map(round4),
        sections: v
            .sections
            .iter()
            .map(|s| {
                let before = s.before.clone().flatten();
                JsonSectionChange {
                    id: s.id.clone(),
                    score: before.as_ref().map(|x| round4(x.value)),
                    level: level_id(before.as_ref().map(|x| &x.level)),
                    change: s.change.map(round4),
                }
            })
            .collect(),
        moved: b
            .moved
            .iter()
            .map(|m| JsonMove {
                attribute: m.id.clone(),
                from: level_id(m.from.as_ref()),
                to: level_id(m.to.as_ref()),
                change: m.change.levels(),
            })
            .collect(),
    }
}

pub fn score_report(v: &ScoreView) -> String {
    to_pretty(&JsonScorecard::from(v))
}

/// Pretty JSON with a final newline, safe in a CI log ([`escape::json_text`](crate::escape::json_text)).
pub fn to_pretty<T: Serialize>(v: &T) -> String {
    // Serialising these plain structs cannot fail (string keys, finite numbers).
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    crate::escape::json_text(s)
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonVerdict {
    pub schema_version: u32,
    /// The program file, as named on the command line (or by --stdin-filename).
    pub source: String,
    pub passed: bool,
    /// Always false here; true only in the report of a file that could not be read.
    pub input_error: bool,
    pub fail_on: String,
    pub summary: JsonSummary,
    pub findings: Vec<JsonFinding>,
    pub waived: Vec<JsonWaived>,
    pub evidence: Vec<JsonEvidence>,
    pub scorecard: JsonScorecard,
}

/// How many active findings of each severity, how many fail, how many were waived.
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonSummary {
    pub errors: usize,
    pub warnings: usize,
    pub info: usize,
    pub failing: usize,
    pub waived: usize,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonFinding {
    pub file: String,
    pub rule: String,
    pub severity: String,
    pub subject: String,
    pub message: String,
    pub remediation: String,
    /// The program file's line the finding is about, when known.
    pub line: Option<usize>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonWaived {
    #[serde(flatten)]
    pub finding: JsonFinding,
    pub reason: String,
    pub owner: Option<String>,
    pub expires: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonEvidence {
    pub attribute: String,
    pub claimed: Option<String>,
    /// The highest level the file's facts support (with `ceiling`: at most).
    pub evidence: String,
    pub basis: String,
    /// The facts can only cap a claim (one date, a source listed), not show it: `evidence` is
    /// the most a claim may be, not a level to claim.
    pub ceiling: bool,
    /// Where the facts allow a range of levels (a database given in percentages): the lowest;
    /// `evidence` is the highest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lowest: Option<String>,
    /// What the file's facts cannot tell about the level text, as this tool's reading: a note,
    /// never a lower level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn finding(file: &str, f: &FindingView) -> JsonFinding {
    JsonFinding {
        file: file.to_string(),
        rule: f.rule.clone(),
        severity: f.severity.as_str().to_string(),
        subject: f.subject.clone(),
        message: f.message.clone(),
        remediation: f.remediation.clone(),
        line: f.line,
    }
}

impl From<&CheckView> for JsonVerdict {
    fn from(v: &CheckView) -> JsonVerdict {
        JsonVerdict {
            schema_version: SCHEMA_VERSION,
            source: v.file.clone(),
            passed: v.passed,
            input_error: false,
            fail_on: v.fail_on.as_str().to_string(),
            summary: JsonSummary {
                errors: v.of(Severity::Error).count(),
                warnings: v.of(Severity::Warning).count(),
                info: v.of(Severity::Info).count(),
                failing: v.findings.iter().filter(|f| f.failing).count(),
                waived: v.waived.len(),
            },
            findings: v.findings.iter().map(|f| finding(&v.file, f)).collect(),
            waived: v
                .waived
                .iter()
                .map(|w| JsonWaived {
                    finding: finding(&v.file, &w.finding),
                    reason: w.reason.clone(),
                    owner: w.owner.clone(),
                    expires: w.expires.clone(),
                })
                .collect(),
            evidence: v
                .evidence
                .iter()
                .map(|e| JsonEvidence {
                    attribute: e.attribute.clone(),
                    claimed: level_id(e.claimed.as_ref()),
                    evidence: e.evidence.id.clone(),
                    basis: e.basis.clone(),
                    ceiling: e.ceiling,
                    lowest: e.lowest.as_ref().map(|l| l.id.clone()),
                    note: e.note.clone(),
                })
                .collect(),
            scorecard: JsonScorecard::from(&v.score),
        }
    }
}

pub fn check_report(v: &CheckView) -> String {
    to_pretty(&JsonVerdict::from(v))
}

/// Several files checked in one run.
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonReports {
    pub schema_version: u32,
    /// Every file passed.
    pub passed: bool,
    /// At least one file could not be read.
    pub input_error: bool,
    /// Each file's report, in the order named: as `check --format json` writes it for one file.
    pub files: Vec<serde_json::Value>,
}

pub fn check_reports(reports: &[crate::view::check::Report]) -> String {
    use crate::view::check::Report;
    let files = reports
        .iter()
        .map(|r| {
            let text = match r {
                Report::Checked(v) => check_report(v),
                Report::Unreadable(e) => crate::render::input_error::json(e),
            };
            serde_json::from_str(&text).unwrap_or_default()
        })
        .collect();
    to_pretty(&JsonReports {
        schema_version: SCHEMA_VERSION,
        passed: reports
            .iter()
            .all(|r| matches!(r, Report::Checked(v) if v.passed)),
        input_error: reports.iter().any(|r| matches!(r, Report::Unreadable(_))),
        files,
    })
}

/// The JSON Schema of `score --format json` (one file, several combined, or a form export).
pub fn score_schema() -> schemars::schema::RootSchema {
    schemars::schema_for!(JsonScorecard)
}

/// The JSON Schema of `check --format json`: the report of a file that was checked
/// (`input_error: false`), or of one that could not be read (`input_error: true`, one
/// `invalid-input` finding).
pub fn check_schema() -> schemars::schema::RootSchema {
    use schemars::schema::{InstanceType, Schema, SchemaObject, SubschemaValidation};
    let mut gen = schemars::gen::SchemaSettings::draft07().into_generator();
    let checked = gen.subschema_for::<JsonVerdict>();
    let unreadable = gen.subschema_for::<crate::render::input_error::JsonReport<'static>>();
    let several = gen.subschema_for::<JsonReports>();
    let mut root = gen.into_root_schema_for::<JsonVerdict>();
    // Several files: each item one of the two reports of a single file.
    if let Some(Schema::Object(o)) = root.definitions.get_mut("JsonReports") {
        o.object().properties.insert(
            "files".to_string(),
            Schema::Object(SchemaObject {
                instance_type: Some(InstanceType::Array.into()),
                array: Some(Box::new(schemars::schema::ArrayValidation {
                    items: Some(
                        Schema::Object(SchemaObject {
                            subschemas: Some(Box::new(SubschemaValidation {
                                one_of: Some(vec![checked.clone(), unreadable.clone()]),
                                ..Default::default()
                            })),
                            ..Default::default()
                        })
                        .into(),
                    ),
                    min_items: Some(2),
                    ..Default::default()
                })),
                ..Default::default()
            }),
        );
    }
    // `input_error` tells the two apart: exactly one of them matches a report.
    for (name, value) in [("JsonVerdict", false), ("JsonReport", true)] {
        if let Some(Schema::Object(o)) = root.definitions.get_mut(name) {
            let props = &mut o.object().properties;
            props.insert(
                "input_error".to_string(),
                Schema::Object(SchemaObject {
                    instance_type: Some(InstanceType::Boolean.into()),
                    const_value: Some(value.into()),
                    ..Default::default()
                }),
            );
        }
    }
    root.schema = SchemaObject {
        subschemas: Some(Box::new(SubschemaValidation {
            one_of: Some(vec![checked, unreadable, several]),
            ..Default::default()
        })),
        ..Default::default()
    };
    root
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{Answer, Assessment};
    use crate::rubric::Rubric;
    use crate::view::score::{Baseline, ScoreInput};
    use serde_json::{json, Value};

    fn report(now: &[(&str, usize)], was: Option<&[(&str, usize)]>) -> Value {
        let r = Rubric::builtin();
        let answered = |levels: &[(&str, usize)]| {
            let mut a = Assessment::empty(&r);
            for (id, l) in levels {
                a.answers[r.attribute_index(id).unwrap()] = Answer::Level(*l);
            }
            a
        };
        let a = answered(now);
        let sc = crate::score::score(&r, &a, r.top_level());
        let baseline = was.map(|w| Baseline {
            source: "before.yaml".into(),
            date: None,
            scorecard: crate::score::score(&r, &answered(w), r.top_level()),
            respondents: None,
        });
        let v = ScoreView::new(&ScoreInput {
            rubric: &r,
            assessment: &a,
            scorecard: &sc,
            source: "now.yaml",
            top: None,
            baseline: baseline.as_ref(),
            combined: None,
            program: None,
        });
        serde_json::from_str(&score_report(&v)).unwrap()
    }

    fn row<'a>(j: &'a Value, id: &str) -> &'a Value {
        let rows = j["attributes"].as_array().unwrap();
        rows.iter().find(|r| r["id"] == id).unwrap()
    }

    #[test]
    fn rows_carry_baseline_fields_only_with_a_baseline_and_null_where_nothing_compares() {
        let alone = report(&[("training", 2)], None);
        assert_eq!(alone["schema_version"], json!(SCHEMA_VERSION));
        let training = row(&alone, "training").as_object().unwrap();
        assert!(!training.contains_key("baseline_level") && !training.contains_key("change"));
        assert!(alone.get("baseline").is_none());

        let j = report(
            &[("training", 2)],
            Some(&[("training", 0), ("budget-allocation", 1)]),
        );
        assert_eq!(row(&j, "training")["baseline_level"], "experimenting");
        assert_eq!(row(&j, "training")["change"], 2);
        // Answered before, not now: the level it had, and no number of levels moved.
        assert_eq!(row(&j, "budget-allocation")["baseline_level"], "emerging");
        assert_eq!(row(&j, "budget-allocation")["change"], Value::Null);
        // Unanswered on both sides: both null, and still present.
        assert_eq!(row(&j, "sharing-personas")["baseline_level"], Value::Null);
        assert_eq!(row(&j, "sharing-personas")["change"], Value::Null);
        let moved: Vec<&str> = j["baseline"]["moved"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["attribute"].as_str().unwrap())
            .collect();
        assert_eq!(
            moved,
            ["training", "budget-allocation"],
            "a level moved before an answer that is gone"
        );
    }
}
