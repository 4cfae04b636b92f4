//! Renderers: each output format is its own module that only formats a finished `Scorecard`
//! (never recomputes one). `Format` picks the module.

pub mod csv;
pub mod explain;
pub mod github;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod rubric;
pub mod table;
pub mod verdict;

use crate::assessment::Assessment;
use crate::rubric::Rubric;
use crate::score::Scorecard;
use crate::style::Style;

/// Output formats of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Format {
    /// Tables and next steps for a terminal.
    #[default]
    Table,
    /// Stable machine-readable JSON (see schema_version).
    Json,
    /// Markdown for a wiki page or a pull-request comment.
    Markdown,
    /// One row per attribute, for spreadsheets.
    Csv,
}

/// Everything a score report shows.
pub struct ScoreReport<'a> {
    pub rubric: &'a Rubric,
    pub assessment: &'a Assessment,
    pub scorecard: &'a Scorecard,
    /// The answers file, as the user named it.
    pub source: &'a str,
    /// How many next steps the table shows (all, elsewhere).
    pub top: Option<usize>,
}

impl Format {
    pub fn render(self, report: &ScoreReport, style: &Style) -> String {
        match self {
            Format::Table => table::render(report, style),
            Format::Json => json::render(report),
            Format::Markdown => markdown::render(report),
            Format::Csv => csv::render(report),
        }
    }
}

/// A score as people read it: two decimals.
pub fn fmt_score(v: f64) -> String {
    format!("{v:.2}")
}

/// "Dana Reyes (marketing)", "Dana Reyes", "(marketing)" or nothing.
pub fn respondent_label(a: &Assessment) -> Option<String> {
    match (&a.respondent.name, &a.respondent.role) {
        (Some(n), Some(r)) => Some(format!("{n} ({r})")),
        (Some(n), None) => Some(n.clone()),
        (None, Some(r)) => Some(format!("a respondent in {r}")),
        (None, None) => None,
    }
}

/// Where a tip comes from, in a few words.
pub fn tip_source_label(rubric: &Rubric, source: Option<&str>) -> Option<String> {
    let s = source?;
    Some(match s {
        "framework" => "from the framework".to_string(),
        "creating-buyer-personas" => "from the buyer-persona guidance".to_string(),
        "negative-personas" => "from the negative-persona guidance".to_string(),
        other => match rubric.guidance_title(other) {
            Some(t) => format!("from {t}"),
            None => format!("from {other}"),
        },
    })
}
