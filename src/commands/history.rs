//! `history`: every committed version of an assessment, scored, in date order.

use super::load_rubric;
use crate::cli::{HistoryArgs, HistoryFormat, Period};
use crate::diagnostic::Diagnostic;
use crate::history::{self, Options};
use crate::outcome::Outcome;
use crate::output::{emit, error, warn};
use crate::render;
use crate::style::Console;
use anyhow::Result;
use std::path::Path;

pub fn run(args: &HistoryArgs, rubric_path: Option<&Path>, console: &Console) -> Result<Outcome> {
    let rubric = load_rubric(rubric_path)?;
    let since = match &args.since {
        Some(s) => Some(crate::source::Date::parse(s).map_err(|e| Diagnostic::new("--since", e))?),
        None => None,
    };
    let today = super::today(None)?;
    let opts = Options {
        by_quarter: args.by == Some(Period::Quarter),
        since,
        today,
    };
    let mut h = history::read(&args.path, &rubric, rubric.top_level(), opts)?;
    if let Some(plan) = &args.plan {
        let steps = history::plan_check::read(plan, &rubric)?;
        let statuses = history::plan_check::statuses(&h, &steps, today);
        h.plan = steps.into_iter().zip(statuses).collect();
    }
    if let Some(b) = &h.shallow {
        warn(&format!(
            "{}: the repository is a shallow clone (as CI checkouts are by default): history \
             starts at its oldest commit, {}, not where the file started; fetch the whole \
             history first (git fetch --unshallow; actions/checkout: fetch-depth: 0)",
            h.source,
            b.get(..7).unwrap_or(b)
        ));
    }
    for bad in &h.invalid {
        let shown: String = bad.revision.chars().take(7).collect();
        let reason = bad.reason.replace('\n', "\n    ");
        let line = format!("version {shown} left out: {reason}");
        if args.skip_invalid {
            warn(&line);
        } else {
            error(&line);
        }
    }
    if h.points.is_empty() {
        anyhow::bail!(
            "{}: no version to show{}",
            h.source,
            if since.is_some() {
                " since that date"
            } else {
                ""
            }
        );
    }
    let text = match args.format {
        HistoryFormat::Table => render::history::table(&h, &rubric, &console.stdout),
        HistoryFormat::Markdown => render::history::markdown(&h, &rubric),
        HistoryFormat::Csv => render::history::csv(&h, &rubric),
        HistoryFormat::Json => render::history::json(&h, &rubric),
        HistoryFormat::Html => render::history::html(&h, &rubric),
    };
    emit(&text)?;
    if !h.invalid.is_empty() && !args.skip_invalid {
        let n = h.invalid.len();
        return Ok(Outcome::Input(vec![Diagnostic::new(
            &h.source,
            format!(
                "{} could not be read and {} left out of the history above",
                crate::words::count(n, "version", "versions"),
                crate::words::pick(n, "is", "are"),
            ),
        )
        .help("pass --skip-invalid to leave them out on purpose")]));
    }
    Ok(Outcome::Success)
}
