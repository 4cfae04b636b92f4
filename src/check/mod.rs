//! The CI check on a persona program: evidence (levels the file's own facts support), lint
//! findings from the persona guidance, and policy results, combined into a [`Verdict`]. Pure: the
//! date is passed in, nothing is read or printed here.

pub mod evidence;
pub mod lint;
pub mod policy;
pub mod records;

use crate::assessment::Assessment;
use crate::program::Program;
use crate::rubric::Rubric;
pub use crate::rule::{Rule, Severity};
use crate::score::Scorecard;
use crate::source::Date;

/// One problem found.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: Rule,
    /// The line of the program file the finding is about (its subject's line), when known.
    pub line: Option<usize>,
    pub severity: Severity,
    /// What it is about: an attribute, section or persona id, or `program`.
    pub subject: String,
    pub message: String,
    pub remediation: String,
}

/// A finding a waiver silenced, with the waiver's reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Waived {
    pub finding: Finding,
    pub reason: String,
    pub owner: Option<String>,
    pub expires: Date,
}

/// A claimed level next to the level the evidence supports.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceItem {
    pub attribute: usize,
    pub claimed: Option<usize>,
    pub evidence: usize,
    /// The facts it rests on, in words.
    pub basis: String,
    /// The facts can only cap a claim (one date, a source listed), not show it: a claim above
    /// is an overclaim, an unanswered attribute is not told to claim it.
    pub ceiling: bool,
    /// Where the facts allow a range of levels (a database given in percentages): the lowest;
    /// `evidence` is then the highest.
    pub lowest: Option<usize>,
    /// What the file's facts cannot tell about the level text, as this tool's reading: a note,
    /// never a lower level.
    pub note: Option<String>,
}

/// One rule evaluated for one subject (for JUnit: passes show too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub rule: Rule,
    pub subject: String,
    pub passed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub passed: bool,
    pub fail_on: Severity,
    /// Active findings, most severe first, then by line (none last), rule and subject.
    pub findings: Vec<Finding>,
    pub waived: Vec<Waived>,
    pub evidence: Vec<EvidenceItem>,
    pub evaluations: Vec<Evaluation>,
    pub scorecard: Scorecard,
}

impl Verdict {
    /// Findings at or above the failing severity.
    pub fn failing(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity >= self.fail_on)
    }
}

/// Collects evaluations and raw findings while the rules run.
#[derive(Default)]
pub struct Collector {
    pub findings: Vec<Finding>,
    pub evaluations: Vec<Evaluation>,
    /// Where each (rule, subject) is in `evaluations`.
    seen: std::collections::HashMap<(Rule, String), usize>,
}

impl Collector {
    /// Record that `rule` was evaluated for `subject`; `problem` is (message, remediation) when
    /// it fired. A rule is evaluated once per subject: evaluating it again for the same subject
    /// (two personas sharing an id) keeps the first finding, so every report has one entry per
    /// rule and subject.
    pub fn check(
        &mut self,
        rule: Rule,
        subject: impl Into<String>,
        line: Option<usize>,
        problem: Option<(String, String)>,
    ) {
        let subject = subject.into();
        let seen = self.seen.get(&(rule, subject.clone())).copied();
        let first_finding = match seen {
            Some(k) => {
                let e = &mut self.evaluations[k];
                let first = e.passed && problem.is_some();
                e.passed &= problem.is_none();
                first
            }
            None => {
                self.seen
                    .insert((rule, subject.clone()), self.evaluations.len());
                self.evaluations.push(Evaluation {
                    rule,
                    subject: subject.clone(),
                    passed: problem.is_none(),
                });
                true
            }
        };
        if let (Some((message, remediation)), true) = (problem, first_finding) {
            self.findings.push(Finding {
                rule,
                line,
                severity: rule.default_severity(),
                subject,
                message,
                remediation,
            });
        }
    }
}

/// The finding for a waiver in force that silenced nothing, with "did you mean" among the
/// subjects its rule was evaluated for.
fn unused_waiver(
    w: &crate::program::Waiver,
    subject: String,
    line: Option<usize>,
    severity: Severity,
    evaluations: &[Evaluation],
) -> Finding {
    let hint = w.subject.as_deref().and_then(|s| {
        crate::suggest::did_you_mean(
            s,
            evaluations
                .iter()
                .filter(|e| e.rule == w.rule)
                .map(|e| e.subject.as_str()),
        )
    });
    Finding {
        rule: Rule::UnusedWaiver,
        line,
        severity,
        message: match &w.subject {
            Some(s) => format!(
                "the waiver for `{}` on `{s}` silences nothing: `{}` does not fire for `{s}`",
                w.rule.id(),
                w.rule.id()
            ),
            None => format!(
                "the waiver for `{}` silences nothing: the rule does not fire",
                w.rule.id()
            ),
        },
        remediation: match hint {
            Some(h) => format!("The subject may be misspelt: {h}"),
            None => "Check the subject's spelling, or remove the waiver if the problem is fixed."
                .to_string(),
        },
        subject,
    }
}

/// Everything the check needs.
pub struct Input<'a> {
    pub rubric: &'a Rubric,
    pub assessment: &'a Assessment,
    pub program: &'a Program,
    pub baseline: Option<&'a Assessment>,
    pub today: Date,
    pub fail_on: Severity,
    /// The level next steps aim for.
    pub target: usize,
    /// How each persona's `last_updated` moved in git (`check --history`).
    pub updates: Option<&'a crate::program::UpdateHistory>,
}

/// The findings with the policy's severities: a rule turned `off` drops its findings.
fn with_severities(found: Vec<Finding>, overrides: &[(Rule, Option<Severity>)]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for mut f in found {
        match overrides.iter().find(|(r, _)| *r == f.rule) {
            Some((_, None)) => continue,
            Some((_, Some(s))) => f.severity = *s,
            None => {}
        }
        findings.push(f);
    }
    findings
}

/// Run every rule and decide.
pub fn run(input: &Input) -> Verdict {
    let mut c = Collector::default();
    let evidence = evidence::derive(input);
    // The scores are the answers'; the next steps start from what the facts support.
    let scorecard = crate::score::with_facts(
        input.rubric,
        crate::score::score(input.rubric, input.assessment, input.target),
        evidence::lowered(&evidence),
    );
    evidence::check(input.rubric, &evidence, input.program, input.today, &mut c);
    if let Some(personas) = &input.program.personas {
        lint::check(
            personas,
            &input.program.policy,
            &input.program.locations,
            input.today,
            &mut c,
        );
    }
    policy::check(input, &scorecard, &mut c);
    records::stale(input.program, input.today, &mut c);

    // Severity overrides, then waivers.
    let overrides = &input.program.policy.severity;
    let findings = with_severities(c.findings, overrides);
    let mut evaluations: Vec<Evaluation> = c
        .evaluations
        .into_iter()
        .filter(|e| !overrides.iter().any(|(r, s)| *r == e.rule && s.is_none()))
        .collect();
    let mut active = Vec::new();
    let mut waived = Vec::new();
    let waivers = &input.program.policy.waivers;
    let mut used = vec![false; waivers.len()];
    for f in findings {
        let waiver = waivers.iter().enumerate().find(|(_, w)| {
            w.rule == f.rule
                && w.expires >= input.today
                && w.subject.as_ref().is_none_or(|s| *s == f.subject)
        });
        match waiver.map(|(k, w)| {
            used[k] = true;
            w
        }) {
            Some(w) => waived.push(Waived {
                finding: f,
                reason: w.reason.clone(),
                owner: w.owner.clone(),
                expires: w.expires,
            }),
            None => active.push(f),
        }
    }
    // A waiver in force that silenced nothing: a misspelt subject, or a problem fixed since.
    let unused_setting = overrides.iter().find(|(r, _)| *r == Rule::UnusedWaiver);
    if !matches!(unused_setting, Some((_, None))) {
        for (k, w) in waivers.iter().enumerate() {
            if w.expires < input.today {
                continue;
            }
            let subject = match &w.subject {
                Some(s) => format!("{}:{s}", w.rule.id()),
                None => w.rule.id().to_string(),
            };
            evaluations.push(Evaluation {
                rule: Rule::UnusedWaiver,
                subject: subject.clone(),
                passed: used[k],
            });
            if used[k] {
                continue;
            }
            let severity = unused_setting
                .and_then(|(_, s)| *s)
                .unwrap_or(Rule::UnusedWaiver.default_severity());
            let line = input.program.locations.waivers.get(k).copied().flatten();
            active.push(unused_waiver(w, subject, line, severity, &evaluations));
        }
    }
    // Most severe first; within a severity in file order, so a reader edits top to bottom
    // (findings about the whole program, without a line, after those with one).
    active.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.line.is_none().cmp(&b.line.is_none()))
            .then(a.line.cmp(&b.line))
            .then(a.rule.cmp(&b.rule))
            .then(a.subject.cmp(&b.subject))
    });
    evaluations.sort_by(|a, b| a.rule.cmp(&b.rule).then(a.subject.cmp(&b.subject)));
    let passed = !active.iter().any(|f| f.severity >= input.fail_on);
    Verdict {
        passed,
        fail_on: input.fail_on,
        findings: active,
        waived,
        evidence,
        evaluations,
        scorecard,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Source, Syntax};

    fn verdict(yaml: &str, baseline: Option<&str>) -> Verdict {
        let rubric = Rubric::builtin();
        let src = |text: &str| Source {
            name: "p.yaml".into(),
            text: text.into(),
            syntax: Syntax::Yaml,
        };
        let (assessment, program, _) = Assessment::load_program(&src(yaml), &rubric).unwrap();
        let base = baseline.map(|b| Assessment::load(&src(b), &rubric).unwrap().0);
        run(&Input {
            rubric: &rubric,
            assessment: &assessment,
            program: &program,
            baseline: base.as_ref(),
            today: Date::parse("2026-11-22").unwrap(),
            fail_on: Severity::Error,
            target: 3,
            updates: None,
        })
    }

    #[test]
    fn findings_come_most_severe_first_then_in_file_order() {
        let v = verdict(
            "answers: { training: emerging }\npersonas:\n\
             - { id: zed, kind: buyer, last_updated: 2026-10-01, sources: [sales-input], covers: [goals-priorities] }\n\
             - { id: amy, kind: buyer, last_updated: 2099-01-01, sources: [sales-input], covers: [goals-priorities] }\n",
            None,
        );
        let order: Vec<(Severity, Option<usize>)> =
            v.findings.iter().map(|f| (f.severity, f.line)).collect();
        let mut sorted = order.clone();
        sorted.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(a.1.is_none().cmp(&b.1.is_none()))
                .then(a.1.cmp(&b.1))
        });
        assert_eq!(order, sorted);
        // The future date is the one error, first.
        assert_eq!(v.findings[0].rule, Rule::FutureDate);
        assert!(!v.passed);
    }

    #[test]
    fn a_waiver_that_silences_nothing_is_reported_and_one_that_does_is_used() {
        let v = verdict(
            "answers: { training: emerging }\npersonas:\n\
             - { id: pat, kind: buyer, owner: o, last_updated: 2026-10-01, sources: [sales-input], covers: [goals-priorities] }\n\
             policy:\n  waivers:\n\
             \x20   - { rule: no-negative-persona, reason: drafting, expires: 2027-01-31 }\n\
             \x20   - { rule: guesswork, subject: nobody, reason: typo, expires: 2027-01-31 }\n",
            None,
        );
        assert!(v
            .waived
            .iter()
            .any(|w| w.finding.rule == Rule::NoNegativePersona));
        let unused: Vec<&Finding> = v
            .findings
            .iter()
            .filter(|f| f.rule == Rule::UnusedWaiver)
            .collect();
        assert_eq!(unused.len(), 1, "{:?}", v.findings);
        assert_eq!(unused[0].subject, "guesswork:nobody");
        assert_eq!(unused[0].line, Some(7), "the second waiver's line");
    }

    #[test]
    fn lowering_an_overclaim_to_the_evidence_passes_a_baseline() {
        let db = "database: { customers_mapped_pct: 45, prospects_mapped_pct: 40 }\n";
        let base = format!("answers: {{ database-completeness: fully-optimized }}\n{db}");
        let v = verdict(
            &format!("answers: {{ database-completeness: emerging }}\n{db}"),
            Some(&base),
        );
        assert!(
            v.findings.iter().all(|f| f.rule != Rule::Regression),
            "{:?}",
            v.findings
        );
        let v = verdict(
            &format!("answers: {{ database-completeness: experimenting }}\n{db}"),
            Some(&base),
        );
        assert!(v.findings.iter().any(|f| f.rule == Rule::Regression));
        // With percentages that allow Experimenting to Advancing, lowering an overclaim to any
        // level in that range is a correction.
        let db = "database: { customers_mapped_pct: 92, prospects_mapped_pct: 8 }\n";
        let base = format!("answers: {{ database-completeness: fully-optimized }}\n{db}");
        let v = verdict(
            &format!("answers: {{ database-completeness: experimenting }}\n{db}"),
            Some(&base),
        );
        assert!(
            v.findings.iter().all(|f| f.rule != Rule::Regression),
            "{:?}",
            v.findings
        );
    }
}
