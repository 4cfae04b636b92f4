//! Renderers: each output format is its own module that only formats a finished `Scorecard`
//! (never recomputes one). `Format` picks the module.

pub mod csv;
pub mod explain;
pub mod github;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod radar;
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
    /// One self-contained HTML page with a radar chart (prints to A4/Letter).
    Html,
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
    /// An earlier assessment to compare with.
    pub baseline: Option<&'a Baseline>,
    /// Set when the report combines several respondents (`scorecard` is then its medians').
    pub combined: Option<&'a crate::combine::Combined>,
}

/// An earlier assessment, scored the same way, to show what moved.
pub struct Baseline {
    /// The file or folder, as the user named it.
    pub source: String,
    pub date: Option<crate::source::Date>,
    pub scorecard: Scorecard,
    /// Set when the baseline itself combines several respondents.
    pub respondents: Option<u64>,
}

impl ScoreReport<'_> {
    /// What moved since the baseline, regressions first (empty without one).
    pub fn moves(&self) -> Vec<crate::score::Move> {
        self.baseline
            .map(|b| crate::score::moves(&b.scorecard, self.scorecard))
            .unwrap_or_default()
    }
}

impl Format {
    pub fn render(self, report: &ScoreReport, style: &Style) -> String {
        match self {
            Format::Table => table::render(report, style),
            Format::Json => json::render(report),
            Format::Markdown => markdown::render(report),
            Format::Csv => csv::render(report),
            Format::Html => html::render(report),
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

/// A change in levels as people read it: "▲ 1", "▼ 2", "=".
pub fn change_arrow(change: i64) -> String {
    match change {
        0 => "=".to_string(),
        c if c > 0 => format!("▲ {c}"),
        c => format!("▼ {}", -c),
    }
}

/// A change in score: "▲ 0.25", "▼ 0.50", "= 0.00".
pub fn score_change_arrow(change: f64) -> String {
    let shown = fmt_score(change.abs());
    if shown == fmt_score(0.0) {
        format!("= {shown}")
    } else if change > 0.0 {
        format!("▲ {shown}")
    } else {
        format!("▼ {shown}")
    }
}

/// The change between two optional scores.
pub fn score_delta(
    before: Option<crate::score::Score>,
    after: Option<crate::score::Score>,
) -> Option<f64> {
    Some(after?.value - before?.value)
}

/// "one level", "two levels", … "7 levels".
pub fn levels_word(n: usize) -> String {
    match n {
        1 => "one level".to_string(),
        2 => "two levels".to_string(),
        3 => "three levels".to_string(),
        4 => "four levels".to_string(),
        n => format!("{n} levels"),
    }
}

/// "12 respondents: 5 marketing, 4 sales, 3 with no role".
pub fn respondents_label(c: &crate::combine::Combined) -> String {
    let n = c.respondents;
    let mut out = crate::words::count(n, "respondent", "respondents");
    if c.too_many_roles {
        out.push_str(&format!(
            " in more than {} roles (roles not compared)",
            crate::combine::MAX_ROLES
        ));
        return out;
    }
    if !c.roles.is_empty() {
        let mut parts: Vec<String> = c.roles.iter().map(|(r, k)| format!("{k} {r}")).collect();
        let with_role: u64 = c.roles.iter().map(|(_, k)| k).sum();
        if with_role < n {
            parts.push(format!("{} with no role", n - with_role));
        }
        out.push_str(&format!(": {}", parts.join(", ")));
    }
    out
}

/// "sales rates Sharing Personas two levels below marketing (Emerging against Fully Optimized)".
pub fn role_gap_sentence(rubric: &Rubric, g: &crate::combine::RoleGap) -> String {
    format!(
        "{} rates {} {} below {} ({} against {})",
        g.low_role,
        rubric.attributes[g.attribute].name,
        levels_word(g.gap()),
        g.high_role,
        rubric.levels[g.low].name,
        rubric.levels[g.high].name
    )
}

/// "answered by 3 people from Emerging to Fully Optimized: 1 Emerging, 1 Advancing, 1 Fully Optimized".
pub fn counts_label(rubric: &Rubric, counts: &[u64]) -> String {
    counts
        .iter()
        .enumerate()
        .filter(|(_, &k)| k > 0)
        .map(|(l, k)| format!("{k} {}", rubric.levels[l].name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why the disagreement block exists, in one sentence shared by every format.
pub const DISAGREEMENT_ADVICE: &str =
    "Respondents are two or more levels apart here: people in the \
same team see the program very differently. Start the next persona workshop with these.";

/// Why the role-gap block exists.
pub const ROLE_GAP_ADVICE: &str = "Personas only work when marketing, sales and product share one \
picture of the buyer; these are the attributes where the roles' medians differ most.";
