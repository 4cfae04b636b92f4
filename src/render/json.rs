//! Machine-readable output. The shape is stable and versioned by `schema_version`; documented in
//! the README. Levels are ids, scores numbers rounded to four decimals.

use super::ScoreReport;
use crate::rubric::Rubric;
use crate::score::Score;
use serde::Serialize;
use std::collections::BTreeMap;

/// Bump when a field is removed or changes meaning (adding a field does not bump it).
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
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
    /// Combined reports only: per attribute, the lowest- and highest-rating roles, largest gap first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_gaps: Option<Vec<JsonRoleGap>>,
    /// Combined reports only: files that could not be read, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<Vec<JsonSkipped>>,
    /// With --baseline only: the earlier assessment and what moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<JsonBaseline>,
}

#[derive(Serialize)]
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
    /// With --baseline: the level before, and the change in levels (null if either is unanswered).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_level: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Option<i64>>,
}

#[derive(Serialize)]
pub struct JsonRoleGap {
    pub attribute: String,
    pub low_role: String,
    pub low: String,
    pub high_role: String,
    pub high: String,
    pub gap: usize,
}

#[derive(Serialize)]
pub struct JsonSkipped {
    pub file: String,
    pub reason: String,
}

#[derive(Serialize)]
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

#[derive(Serialize)]
pub struct JsonSectionChange {
    pub id: String,
    pub score: Option<f64>,
    pub level: Option<String>,
    pub change: Option<f64>,
}

#[derive(Serialize)]
pub struct JsonMove {
    pub attribute: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub change: Option<i64>,
}

#[derive(Serialize)]
pub struct JsonRubricRef {
    pub id: String,
    pub version: String,
}

#[derive(Serialize)]
pub struct JsonRespondent {
    pub name: Option<String>,
    pub role: Option<String>,
}

#[derive(Serialize)]
pub struct JsonScore {
    pub score: f64,
    pub level: String,
}

#[derive(Serialize)]
pub struct JsonCoverage {
    pub answered: usize,
    pub total: usize,
}

#[derive(Serialize)]
pub struct JsonSection {
    pub id: String,
    pub name: String,
    pub score: Option<f64>,
    pub level: Option<String>,
    pub answered: usize,
    pub total: usize,
    pub attributes: Vec<JsonAttribute>,
}

#[derive(Serialize)]
pub struct JsonAttribute {
    pub id: String,
    pub name: String,
    pub level: Option<String>,
    pub note: Option<String>,
}

#[derive(Serialize)]
pub struct JsonNextStep {
    pub attribute: String,
    pub section: String,
    pub current: String,
    pub next: String,
    pub description: String,
    pub gap: usize,
    pub tips: Vec<JsonTip>,
}

#[derive(Serialize)]
pub struct JsonTip {
    pub text: String,
    pub source: Option<String>,
}

/// Round for output: four decimals keeps the JSON free of float noise.
pub fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

fn score(rubric: &Rubric, s: Score) -> JsonScore {
    JsonScore {
        score: round4(s.value),
        level: rubric.levels[s.level].id.clone(),
    }
}

/// The JSON value of a score report (shared with `check`'s JSON).
pub fn scorecard(r: &ScoreReport) -> JsonScorecard {
    let rubric = r.rubric;
    let sc = r.scorecard;
    let level_id = |l: Option<usize>| l.map(|l| rubric.levels[l].id.clone());
    JsonScorecard {
        schema_version: SCHEMA_VERSION,
        rubric: JsonRubricRef {
            id: rubric.id.clone(),
            version: rubric.version.clone(),
        },
        source: r.source.to_string(),
        organization: r.assessment.organization.clone(),
        respondent: JsonRespondent {
            name: r.assessment.respondent.name.clone(),
            role: r.assessment.respondent.role.clone(),
        },
        date: r.assessment.date.map(|d| d.to_string()),
        overall: sc.overall.map(|o| score(rubric, o)),
        coverage: JsonCoverage {
            answered: sc.answered,
            total: sc.total,
        },
        target: rubric.levels[sc.target].id.clone(),
        sections: sc
            .sections
            .iter()
            .map(|s| {
                let section = &rubric.sections[s.section];
                JsonSection {
                    id: section.id.clone(),
                    name: section.name.clone(),
                    score: s.score.map(|x| round4(x.value)),
                    level: level_id(s.score.map(|x| x.level)),
                    answered: s.answered,
                    total: s.total,
                    attributes: section
                        .attributes
                        .clone()
                        .map(|i| JsonAttribute {
                            id: rubric.attributes[i].id.clone(),
                            name: rubric.attributes[i].name.clone(),
                            level: level_id(sc.levels[i]),
                            note: r.assessment.notes[i].clone(),
                        })
                        .collect(),
                }
            })
            .collect(),
        next_steps: sc
            .next_steps
            .iter()
            .map(|s| {
                let a = &rubric.attributes[s.attribute];
                JsonNextStep {
                    attribute: a.id.clone(),
                    section: rubric.sections[a.section].id.clone(),
                    current: rubric.levels[s.current].id.clone(),
                    next: rubric.levels[s.next].id.clone(),
                    description: a.descriptions[s.next].clone(),
                    gap: s.gap,
                    tips: a
                        .tips
                        .iter()
                        .map(|t| JsonTip {
                            text: t.text.clone(),
                            source: t.source.clone(),
                        })
                        .collect(),
                }
            })
            .collect(),
        unanswered: sc
            .unanswered
            .iter()
            .map(|&i| rubric.attributes[i].id.clone())
            .collect(),
        attributes: attribute_rows(r),
        respondents: r.combined.map(|c| c.respondents),
        roles: r
            .combined
            .map(|c| c.roles.iter().cloned().collect::<BTreeMap<_, _>>()),
        disagreements: r.combined.map(|c| {
            c.disagreements
                .iter()
                .map(|&i| rubric.attributes[i].id.clone())
                .collect()
        }),
        role_gaps: r.combined.map(|c| {
            c.role_gaps
                .iter()
                .map(|g| JsonRoleGap {
                    attribute: rubric.attributes[g.attribute].id.clone(),
                    low_role: g.low_role.clone(),
                    low: rubric.levels[g.low].id.clone(),
                    high_role: g.high_role.clone(),
                    high: rubric.levels[g.high].id.clone(),
                    gap: g.gap(),
                })
                .collect()
        }),
        skipped: r.combined.map(|c| {
            c.invalid
                .iter()
                .map(|x| JsonSkipped {
                    file: x.file.clone(),
                    reason: x.reason.clone(),
                })
                .collect()
        }),
        baseline: r.baseline.map(|b| JsonBaseline {
            source: b.source.clone(),
            date: b.date.map(|d| d.to_string()),
            respondents: b.respondents,
            overall: b.scorecard.overall.map(|o| score(rubric, o)),
            overall_change: super::score_delta(b.scorecard.overall, sc.overall).map(round4),
            sections: b
                .scorecard
                .sections
                .iter()
                .zip(&sc.sections)
                .map(|(before, now)| JsonSectionChange {
                    id: rubric.sections[before.section].id.clone(),
                    score: before.score.map(|x| round4(x.value)),
                    level: level_id(before.score.map(|x| x.level)),
                    change: super::score_delta(before.score, now.score).map(round4),
                })
                .collect(),
            moved: r
                .moves()
                .iter()
                .map(|m| JsonMove {
                    attribute: rubric.attributes[m.attribute].id.clone(),
                    from: level_id(m.from),
                    to: level_id(m.to),
                    change: m.change(),
                })
                .collect(),
        }),
    }
}

/// The flat per-attribute rows, with the combined and baseline fields where they apply.
fn attribute_rows(r: &ScoreReport) -> Vec<JsonAttributeRow> {
    let rubric = r.rubric;
    let level_id = |l: Option<usize>| l.map(|l| rubric.levels[l].id.clone());
    rubric
        .attributes
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let stats = r.combined.map(|c| &c.attributes[i]);
            let before = r.baseline.map(|b| b.scorecard.levels[i]);
            let now = r.scorecard.levels[i];
            JsonAttributeRow {
                id: a.id.clone(),
                name: a.name.clone(),
                section: rubric.sections[a.section].id.clone(),
                level: level_id(now),
                n: stats.map(|s| s.n),
                median: stats.map(|s| level_id(s.median)),
                min: stats.map(|s| level_id(s.min)),
                max: stats.map(|s| level_id(s.max)),
                spread: stats.map(|s| s.spread),
                counts: stats.map(|s| {
                    s.counts
                        .iter()
                        .enumerate()
                        .map(|(l, &k)| (rubric.levels[l].id.clone(), k.into()))
                        .collect()
                }),
                by_role: stats.map(|s| {
                    s.by_role
                        .iter()
                        .map(|(role, &l)| (role.clone(), rubric.levels[l].id.clone()))
                        .collect()
                }),
                baseline_level: before.map(level_id),
                change: before.map(|b| Some(now? as i64 - b? as i64)),
            }
        })
        .collect()
}

pub fn render(r: &ScoreReport) -> String {
    to_pretty(&scorecard(r))
}

/// Pretty JSON with a final newline.
pub fn to_pretty<T: Serialize>(v: &T) -> String {
    // Serialising these plain structs cannot fail (string keys, finite numbers).
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

#[derive(Serialize)]
pub struct JsonVerdict {
    pub schema_version: u32,
    pub passed: bool,
    pub fail_on: String,
    pub findings: Vec<JsonFinding>,
    pub waived: Vec<JsonWaived>,
    pub evidence: Vec<JsonEvidence>,
    pub scorecard: JsonScorecard,
}

#[derive(Serialize)]
pub struct JsonFinding {
    pub rule: String,
    pub severity: String,
    pub subject: String,
    pub message: String,
    pub remediation: String,
}

#[derive(Serialize)]
pub struct JsonWaived {
    #[serde(flatten)]
    pub finding: JsonFinding,
    pub reason: String,
    pub owner: Option<String>,
    pub expires: String,
}

#[derive(Serialize)]
pub struct JsonEvidence {
    pub attribute: String,
    pub claimed: Option<String>,
    pub evidence: String,
    pub basis: String,
}

fn finding(f: &crate::check::Finding) -> JsonFinding {
    JsonFinding {
        rule: f.rule.id().to_string(),
        severity: f.severity.as_str().to_string(),
        subject: f.subject.clone(),
        message: f.message.clone(),
        remediation: f.remediation.clone(),
    }
}

pub fn verdict(r: &super::verdict::CheckReport) -> String {
    let v = r.verdict;
    let rubric = r.rubric;
    let score_report = r.score_report();
    to_pretty(&JsonVerdict {
        schema_version: SCHEMA_VERSION,
        passed: v.passed,
        fail_on: v.fail_on.as_str().to_string(),
        findings: v.findings.iter().map(finding).collect(),
        waived: v
            .waived
            .iter()
            .map(|w| JsonWaived {
                finding: finding(&w.finding),
                reason: w.reason.clone(),
                owner: w.owner.clone(),
                expires: w.expires.to_string(),
            })
            .collect(),
        evidence: v
            .evidence
            .iter()
            .map(|e| JsonEvidence {
                attribute: rubric.attributes[e.attribute].id.clone(),
                claimed: e.claimed.map(|c| rubric.levels[c].id.clone()),
                evidence: rubric.levels[e.evidence].id.clone(),
                basis: e.basis.clone(),
            })
            .collect(),
        scorecard: scorecard(&score_report),
    })
}
