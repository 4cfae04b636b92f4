//! Machine-readable output. The shape is stable and versioned by `schema_version`; documented in
//! the README. Levels are ids, scores numbers rounded to four decimals.

use super::ScoreReport;
use crate::rubric::Rubric;
use crate::score::Score;
use serde::Serialize;

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
                            level: level_id(sc.attributes[i]),
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
    }
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
    let score_report = ScoreReport {
        rubric,
        assessment: r.assessment,
        scorecard: &v.scorecard,
        source: &r.source.name,
        top: None,
        baseline: None,
        combined: None,
    };
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
