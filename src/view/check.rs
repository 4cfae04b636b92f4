//! [`CheckView`]: everything a `check` report shows, resolved once from the verdict: the headline
//! and counts, findings with their lines, waived findings, the evidence table, one entry per rule
//! and subject evaluated (for JUnit), and the score report inside it.

use super::score::{ScoreInput, ScoreView};
use super::LevelRef;
use crate::assessment::Assessment;
use crate::check::{Finding, Verdict};
use crate::rubric::Rubric;
use crate::rule::Severity;

/// A finding as every format shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingView {
    pub rule: String,
    pub severity: Severity,
    pub subject: String,
    pub message: String,
    pub remediation: String,
    /// The program file's line the finding is about, when known.
    pub line: Option<usize>,
    /// At or above the failing severity.
    pub failing: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaivedView {
    pub finding: FindingView,
    pub reason: String,
    pub owner: Option<String>,
    pub expires: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceView {
    pub attribute: String,
    pub name: String,
    pub claimed: Option<LevelRef>,
    pub evidence: LevelRef,
    pub basis: String,
    /// The claim is above what the facts support.
    pub overclaim: bool,
    /// The facts only cap a claim: "at most" this level.
    pub ceiling: bool,
    /// Where the facts allow a range of levels: the lowest (`evidence` is the highest).
    pub lowest: Option<LevelRef>,
    /// What the file cannot tell, as this tool's reading.
    pub note: Option<String>,
}

impl EvidenceView {
    /// The evidence as every format words it: "Advancing", "at most Emerging", or "Experimenting
    /// to Advancing" where the facts allow a range.
    pub fn label(&self) -> String {
        match (&self.lowest, self.ceiling) {
            (Some(lo), _) => format!("{} to {}", lo.name, self.evidence.name),
            (None, true) => format!("at most {}", self.evidence.name),
            (None, false) => self.evidence.name.clone(),
        }
    }
}

/// How one rule came out for one subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseOutcome {
    Passed,
    /// A finding (index into `findings`) at or above the failing severity.
    Failed(usize),
    /// A finding below the failing severity: reported, not failing.
    Reported(usize),
    /// Waived (index into `waived`).
    Waived(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseView {
    pub rule: String,
    pub subject: String,
    pub outcome: CaseOutcome,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckView {
    /// The program file, as the user named it.
    pub file: String,
    /// The program file as a report names it ([`super::shown_path`]).
    pub shown_file: String,
    /// The program file where CI tools place it: relative to the repository's root (or the CI
    /// workspace) when it lies inside it, with `/` separators; else as named.
    pub location: String,
    /// The program's `policy.severity`: rule id and its severity (`None`: off).
    pub settings: Vec<(String, Option<Severity>)>,
    pub passed: bool,
    pub fail_on: Severity,
    /// "2 findings at or above error (2 errors, 1 warning)".
    pub headline: String,
    /// Active findings, most severe first.
    pub findings: Vec<FindingView>,
    pub waived: Vec<WaivedView>,
    pub evidence: Vec<EvidenceView>,
    /// One per rule and subject evaluated, in rule order.
    pub cases: Vec<CaseView>,
    /// The scorecard, next steps and so on, as `score` shows them.
    pub score: ScoreView,
}

fn finding(f: &Finding, fail_on: Severity) -> FindingView {
    FindingView {
        rule: f.rule.id().to_string(),
        severity: f.severity,
        subject: f.subject.clone(),
        message: f.message.clone(),
        remediation: f.remediation.clone(),
        line: f.line,
        failing: f.severity >= fail_on,
    }
}

/// "2 errors, 1 warning, 3 info, 1 waived" (only the non-zero ones), or "no findings".
fn counts(v: &Verdict) -> String {
    let mut parts = Vec::new();
    for (s, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "info"),
    ] {
        let n = v.findings.iter().filter(|f| f.severity == s).count();
        if n > 0 {
            parts.push(crate::words::count(n, one, many));
        }
    }
    if !v.waived.is_empty() {
        parts.push(format!("{} waived", v.waived.len()));
    }
    if parts.is_empty() {
        "no findings".to_string()
    } else {
        parts.join(", ")
    }
}

/// "2 findings at or above error (…)", or "no finding at or above error (…)".
fn headline(verdict: &Verdict) -> String {
    let fail_on = verdict.fail_on.as_str();
    if verdict.passed {
        format!("no finding at or above {fail_on} ({})", counts(verdict))
    } else {
        format!(
            "{} at or above {fail_on} ({})",
            crate::words::count(verdict.failing().count(), "finding", "findings"),
            counts(verdict)
        )
    }
}

impl CheckView {
    pub fn new(
        rubric: &Rubric,
        assessment: &Assessment,
        verdict: &Verdict,
        file: &str,
        program: Option<super::score::ProgramFacts>,
    ) -> CheckView {
        let fail_on = verdict.fail_on;
        let headline = headline(verdict);
        // The command a remediation gives names this file, not a placeholder.
        let quoted = shlex::try_quote(file).map_or_else(|_| file.to_string(), |q| q.into_owned());
        let findings: Vec<FindingView> = verdict
            .findings
            .iter()
            .map(|f| {
                let mut v = finding(f, fail_on);
                v.remediation = v
                    .remediation
                    .replace("--out FILE`", &format!("--out {quoted}`"));
                v
            })
            .collect();
        let waived: Vec<WaivedView> = verdict
            .waived
            .iter()
            .map(|w| WaivedView {
                finding: finding(&w.finding, fail_on),
                reason: w.reason.clone(),
                owner: w.owner.clone(),
                expires: w.expires.to_string(),
            })
            .collect();
        // The first finding (and waived finding) of each rule and subject, found once: a case
        // per evaluation looks its outcome up instead of searching every finding (quadratic with
        // 10,000 personas).
        let mut first_finding = std::collections::HashMap::new();
        for (k, f) in verdict.findings.iter().enumerate() {
            first_finding
                .entry((f.rule, f.subject.as_str()))
                .or_insert(k);
        }
        let mut first_waived = std::collections::HashMap::new();
        for (k, w) in verdict.waived.iter().enumerate() {
            first_waived
                .entry((w.finding.rule, w.finding.subject.as_str()))
                .or_insert(k);
        }
        let cases = verdict
            .evaluations
            .iter()
            .map(|e| {
                let key = (e.rule, e.subject.as_str());
                let outcome = match (
                    first_finding.get(&key).copied(),
                    first_waived.get(&key).copied(),
                ) {
                    (Some(k), _) if findings[k].failing => CaseOutcome::Failed(k),
                    (Some(k), _) => CaseOutcome::Reported(k),
                    (None, Some(k)) => CaseOutcome::Waived(k),
                    (None, None) => CaseOutcome::Passed,
                };
                CaseView {
                    rule: e.rule.id().to_string(),
                    subject: e.subject.clone(),
                    outcome,
                }
            })
            .collect();
        let score = ScoreView::new(&ScoreInput {
            rubric,
            assessment,
            scorecard: &verdict.scorecard,
            source: file,
            top: None,
            baseline: None,
            combined: None,
            program,
        });
        CheckView {
            file: file.to_string(),
            shown_file: super::shown_path(file),
            location: file.to_string(),
            settings: Vec::new(),
            passed: verdict.passed,
            fail_on,
            headline,
            findings,
            waived,
            evidence: verdict
                .evidence
                .iter()
                .map(|e| EvidenceView {
                    attribute: rubric.attributes[e.attribute].id.clone(),
                    name: rubric.attributes[e.attribute].name.clone(),
                    claimed: e.claimed.map(|c| LevelRef::new(rubric, c)),
                    evidence: LevelRef::new(rubric, e.evidence),
                    basis: e.basis.clone(),
                    overclaim: e.claimed.is_some_and(|c| c > e.evidence),
                    ceiling: e.ceiling,
                    lowest: e.lowest.map(|l| LevelRef::new(rubric, l)),
                    note: e.note.clone(),
                })
                .collect(),
            cases,
            score,
        }
    }

    /// The active findings of one severity.
    pub fn of(&self, s: Severity) -> impl Iterator<Item = &FindingView> {
        self.findings.iter().filter(move |f| f.severity == s)
    }
}

/// What `check` has to say about one file: its verdict, or why it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    Checked(Box<CheckView>),
    Unreadable(InputErrorView),
}

/// A program file `check` could not read, as its reports show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputErrorView {
    pub file: String,
    /// The file where CI tools place it (see [`CheckView::location`]).
    pub location: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    /// The key path inside the document where the reading stopped, when known (also at the
    /// start of `message`).
    pub path: Option<String>,
    /// The message without the key path.
    pub detail: String,
    pub help: Vec<String>,
}

impl InputErrorView {
    pub fn new(d: &crate::diagnostic::Diagnostic) -> InputErrorView {
        let mut message = d.message.clone();
        if let Some(p) = &d.path {
            message = format!("{p}: {message}");
        }
        InputErrorView {
            file: d.origin.clone(),
            location: d.origin.clone(),
            line: d.line,
            column: d.column,
            message,
            path: d.path.clone(),
            detail: d.message.clone(),
            help: d.help.clone(),
        }
    }

    /// `FILE:LINE:COLUMN: message`, as standard error shows it.
    pub fn place_and_message(&self) -> String {
        format!("{}: {}", self.place(), self.message)
    }

    /// `FILE:LINE:COLUMN`, as far as known.
    pub fn place(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Date, Source, Syntax};

    fn view(yaml: &str) -> CheckView {
        let rubric = Rubric::builtin();
        let src = Source {
            name: "p.yaml".into(),
            text: yaml.into(),
            syntax: Syntax::Yaml,
        };
        let (assessment, program, _) = Assessment::load_program(&src, &rubric).unwrap();
        let verdict = crate::check::run(&crate::check::Input {
            rubric: &rubric,
            assessment: &assessment,
            program: &program,
            baseline: None,
            today: Date::parse("2026-11-22").unwrap(),
            fail_on: Severity::Error,
            target: 3,
            updates: None,
        });
        CheckView::new(&rubric, &assessment, &verdict, "p.yaml", None)
    }

    fn outcome(v: &CheckView, rule: &str, subject: &str) -> CaseOutcome {
        let case = v
            .cases
            .iter()
            .find(|c| c.rule == rule && c.subject == subject);
        case.unwrap_or_else(|| panic!("no case {rule}:{subject}"))
            .outcome
    }

    #[test]
    fn every_evaluation_is_a_case_that_passed_failed_was_reported_or_waived() {
        let v = view(concat!(
            "answers: { training: emerging }\n",
            "personas:\n",
            "  - { id: amy, kind: buyer, owner: Ana, last_updated: 2099-01-01, sources: [sales-input], covers: [goals-priorities] }\n",
            "  - { id: bob, kind: buyer, last_updated: 2026-10-01, sources: [sales-input], covers: [goals-priorities] }\n",
            "policy:\n",
            "  waivers:\n",
            "    - { rule: no-negative-persona, reason: none yet, expires: 2027-01-01 }\n",
        ));
        assert!(!v.passed);
        let failed = |o: CaseOutcome| matches!(o, CaseOutcome::Failed(k) if v.findings[k].failing);
        assert!(failed(outcome(&v, "future-date", "amy")), "{:?}", v.cases);
        assert_eq!(outcome(&v, "future-date", "bob"), CaseOutcome::Passed);
        assert_eq!(
            outcome(&v, "persona-without-owner", "amy"),
            CaseOutcome::Passed
        );
        assert!(matches!(
            outcome(&v, "persona-without-owner", "bob"),
            CaseOutcome::Reported(k) if !v.findings[k].failing
        ));
        assert!(matches!(
            outcome(&v, "no-negative-persona", "personas"),
            CaseOutcome::Waived(k) if v.waived[k].reason == "none yet"
        ));
        let errors = v.findings.iter().filter(|f| f.failing).count();
        assert!(
            v.headline.starts_with(&format!(
                "{} at or above error (",
                crate::words::count(errors, "finding", "findings")
            )),
            "{}",
            v.headline
        );
        assert!(v.headline.ends_with("1 waived)"), "{}", v.headline);
    }
}
