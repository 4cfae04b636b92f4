//! `assess`: the questionnaire (see [`crate::questionnaire`]).

use super::{load_rubric, target};
use crate::cli::AssessArgs;
use crate::error::Result;
use crate::outcome::Outcome;
use crate::style::ColorChoice;
use std::path::Path;

pub fn run(
    args: &AssessArgs,
    rubric_path: Option<&Path>,
    color: ColorChoice,
    console: &crate::style::Console,
) -> Result<Outcome> {
    // Its words are shown on a terminal: control characters made visible once, here.
    let rubric = load_rubric(rubric_path)?.for_terminal();
    let target = target(&rubric, args.target.as_deref())?;
    let opts = crate::questionnaire::session::Options {
        out: &args.out,
        respondent: args.respondent.clone(),
        role: args.role.clone(),
        organization: args.organization.clone(),
        notes: args.notes,
        resume: args.resume,
        start_over: args.start_over,
        report: args.report,
        rubric_arg: rubric_path,
        color,
        today: super::today(None)?,
    };
    let closing = crate::questionnaire::session::run(&opts, &rubric)?;
    // Answered to the end with --report: the full report, as `score` gives it, then the summary.
    if let Some((assessment, shown)) = &closing.report {
        let scorecard = crate::score::score(&rubric, assessment, target);
        let view = crate::view::ScoreView::new(&crate::view::ScoreInput {
            rubric: &rubric,
            assessment,
            scorecard: &scorecard,
            source: shown,
            top: Some(crate::view::DEFAULT_TOP),
            baseline: None,
            combined: None,
            program: None,
        });
        crate::output::emit(&crate::render::table::score(&view, &console.stdout))?;
    }
    crate::questionnaire::session::say_closing(&closing.words);
    closing.outcome
}
