//! `explain ATTRIBUTE [ANSWERS]`.

use super::{load_answers, load_rubric, target};
use crate::cli::ExplainArgs;
use crate::outcome::Outcome;
use crate::output::emit;
use crate::render;
use crate::style::Console;
use anyhow::Result;
use std::path::Path;

pub fn run(args: &ExplainArgs, rubric_path: Option<&Path>, console: &Console) -> Result<Outcome> {
    // Its words are shown on a terminal: control characters made visible once, here.
    let rubric = load_rubric(rubric_path)?.for_terminal();
    let ai = rubric.find_attribute("ATTRIBUTE", &args.attribute)?;
    let target = target(&rubric, args.target.as_deref())?;
    let (scorecard, unsure) = match &args.answers {
        Some(p) => {
            let (_, a) = load_answers(p, args.input_format, &rubric)?;
            let unsure = a.answers[ai] == crate::assessment::Answer::Unsure;
            (Some(crate::score::score(&rubric, &a, target)), unsure)
        }
        None => (None, false),
    };
    emit(&render::explain::render(
        &rubric,
        ai,
        scorecard.as_ref(),
        unsure,
        &console.stdout,
    ))?;
    Ok(Outcome::Success)
}
