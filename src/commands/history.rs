//! `history`: every committed version of an assessment, scored, in first-parent commit order.

use super::load_rubric;
use crate::cli::{Format, HistoryArgs, Period};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::history::{self, Options};
use crate::outcome::Outcome;
use crate::output::{emit, error, warn};
use crate::render;
use crate::style::Console;
use crate::view::history::HistoryView;
use std::path::Path;

pub fn run(args: &HistoryArgs, rubric_path: Option<&Path>, console: &Console) -> Result<Outcome> {
    let rubric = load_rubric(rubric_path)?;
    let since = match &args.since {
        Some(s) => Some(crate::source::Date::parse(s).map_err(|e| Diagnostic::new("--since", e))?),
        None => None,
    };
    let clock = super::today(None)?;
    let today = super::today(args.today.as_deref())?;
    let opts = Options {
        by_quarter: args.by == Some(Period::Quarter),
        since,
        today,
        clock,
        until_today: args.today.is_some(),
    };
    let steps = match &args.plan {
        Some(plan) => history::plan_check::read(plan, &rubric)?,
        None => Vec::new(),
    };
    let h = history::read(&args.path, &rubric, rubric.top_level(), opts, steps)?;
    for w in &h.warnings {
        let shown: String = w.revision.chars().take(7).collect();
        warn(&format!("{}: version {shown}: {}", h.source, w.message));
    }
    if h.after_today > 0 {
        crate::output::note(&format!(
            "{}: {} after --today {today} left out (the history as it stood that day)",
            h.source,
            crate::words::count(h.after_today, "version", "versions")
        ));
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
        let since = if since.is_some() {
            " since that date"
        } else {
            ""
        };
        return Err(Diagnostic::new(&h.source, format!("no version to show{since}")).into());
    }
    let view = HistoryView::new(&h, &rubric);
    match args.format {
        Format::Table => emit(&render::history::table(&view, &console.stdout))?,
        Format::Markdown => emit(&render::history::markdown(&view))?,
        Format::Csv => emit(&render::history::csv(&view))?,
        Format::Json => {
            crate::output::emit_with(|w| render::history::write_json(&view, w))?;
        }
        Format::Html => emit(&render::history::html(&view))?,
        other => other.not_offered("history"),
    }
    if !h.invalid.is_empty() && !args.skip_invalid {
        let n = h.invalid.len();
        return Err(Error::Input(vec![Diagnostic::new(
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
