//! `explain ATTRIBUTE [ANSWERS]`.

use super::{load_rubric, target};
use crate::cli::ExplainArgs;
use crate::error::Result;
use crate::outcome::Outcome;
use crate::output::emit;
use crate::render;
use crate::style::Console;
use crate::view::explain::ExplainView;
use std::path::Path;

pub fn run(args: &ExplainArgs, rubric_path: Option<&Path>, console: &Console) -> Result<Outcome> {
    // Its words are shown on a terminal: control characters made visible once, here.
    let rubric = load_rubric(rubric_path)?.for_terminal();
    let ai = rubric.find_attribute("ATTRIBUTE", &args.attribute)?;
    let target = target(&rubric, args.target.as_deref())?;
    let today = super::today(args.today.as_deref())?;
    let loaded = match &args.answers {
        Some(p) => Some(super::load_with_program(p, args.input_format, &rubric)?),
        None => None,
    };
    let (scorecard, unsure) = match &loaded {
        Some((_, a, program)) => {
            let unsure = a.answers[ai] == crate::assessment::Answer::Unsure;
            // A program file's next step starts from what its facts support.
            let sc = crate::score::with_facts(
                &rubric,
                crate::score::score(&rubric, a, target),
                super::lowered(&rubric, a, program, today),
            );
            (Some(sc), unsure)
        }
        None => (None, false),
    };
    let facts = loaded.as_ref().and_then(|(_, _, program)| {
        super::is_program(program).then_some(crate::view::score::ProgramFacts { program, today })
    });
    let view = ExplainView::new(&rubric, ai, scorecard.as_ref(), unsure, facts);
    emit(&render::explain::render(&view, &console.stdout))?;
    Ok(Outcome::Success)
}
