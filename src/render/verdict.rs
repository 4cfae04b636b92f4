//! What every `check` report shows, shared by its formats: the report value and counts.

use crate::assessment::Assessment;
use crate::check::{Finding, Severity, Verdict};
use crate::rubric::Rubric;
use crate::source::Source;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum CheckFormat {
    /// Verdict, findings, scorecard and evidence for a terminal.
    #[default]
    Human,
    /// Stable machine-readable JSON (see schema_version).
    Json,
    /// Markdown for a step summary or a pull-request comment.
    Markdown,
    /// GitHub Actions workflow commands (annotations on the program file).
    Github,
    /// JUnit XML: one test case per rule and subject evaluated.
    Junit,
    /// One self-contained HTML page: verdict, findings, radar chart and scorecard.
    Html,
}

pub struct CheckReport<'a> {
    pub rubric: &'a Rubric,
    pub assessment: &'a Assessment,
    pub verdict: &'a Verdict,
    /// The program file (for its name and, in annotations, the line of a subject).
    pub source: &'a Source,
}

impl<'a> CheckReport<'a> {
    /// The score report inside a check report (all next steps, no baseline, one respondent).
    pub fn score_report(&self) -> super::ScoreReport<'a> {
        super::ScoreReport {
            rubric: self.rubric,
            assessment: self.assessment,
            scorecard: &self.verdict.scorecard,
            source: &self.source.name,
            top: None,
            baseline: None,
            combined: None,
        }
    }
}

impl CheckFormat {
    pub fn render(self, r: &CheckReport, style: &crate::style::Style) -> String {
        match self {
            CheckFormat::Human => super::table::verdict(r, style),
            CheckFormat::Json => super::json::verdict(r),
            CheckFormat::Markdown => super::markdown::verdict(r),
            CheckFormat::Github => super::github::render(r),
            CheckFormat::Junit => super::junit::render(r),
            CheckFormat::Html => super::html::verdict(r),
        }
    }
}

/// Findings of one severity.
pub fn of(v: &Verdict, s: Severity) -> Vec<&Finding> {
    v.findings.iter().filter(|f| f.severity == s).collect()
}

/// "2 errors, 1 warning, 3 info" (only the non-zero ones), or "no findings".
pub fn counts(v: &Verdict) -> String {
    let mut parts = Vec::new();
    for (s, one, many) in [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "info"),
    ] {
        let n = of(v, s).len();
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

/// One sentence: why it passed or failed.
pub fn headline(v: &Verdict) -> String {
    let failing = v.failing().count();
    if v.passed {
        format!(
            "no finding at or above {} ({})",
            v.fail_on.as_str(),
            counts(v)
        )
    } else {
        format!(
            "{} at or above {} ({})",
            crate::words::count(failing, "finding", "findings"),
            v.fail_on.as_str(),
            counts(v)
        )
    }
}
