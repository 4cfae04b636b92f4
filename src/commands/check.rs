//! `check`: a persona program file against its own policy, the persona guidance and its facts.

use super::{load_answers, load_rubric, target, today};
use crate::app::{emit, warn};
use crate::assessment::Assessment;
use crate::cli::{CheckArgs, CheckFormat};
use crate::outcome::Outcome;
use crate::render;
use crate::source::Source;
use crate::style::{Console, Style};
use crate::view::CheckView;
use anyhow::Result;
use std::path::Path;

/// The report for a view, in a format.
pub fn render(format: CheckFormat, v: &CheckView, style: &Style) -> String {
    match format {
        CheckFormat::Human => render::table::check(v, style),
        CheckFormat::Json => render::json::check_report(v),
        CheckFormat::Markdown => render::markdown::check(v),
        CheckFormat::Github => render::github::render(v),
        CheckFormat::Junit => render::junit::render(v),
        CheckFormat::Html => render::html::check(v),
    }
}

pub fn run(args: &CheckArgs, rubric_path: Option<&Path>, console: &Console) -> Result<Outcome> {
    let rubric = load_rubric(rubric_path)?;
    let target = target(&rubric, args.target.as_deref())?;
    let today = today(args.today.as_deref())?;
    let src = Source::read(&args.file, args.input_format)?;
    let (assessment, program, warnings) = Assessment::load_program(&src, &rubric)?;
    for w in warnings {
        warn(&w);
    }
    let baseline = match &args.baseline {
        Some(p) => Some(load_answers(p, args.input_format, &rubric)?.1),
        None => None,
    };
    let verdict = crate::check::run(&crate::check::Input {
        rubric: &rubric,
        assessment: &assessment,
        program: &program,
        baseline: baseline.as_ref(),
        today,
        fail_on: args.fail_on.into(),
        target,
    });
    let view = CheckView::new(&rubric, &assessment, &verdict, &src.name);
    emit(&render(args.format, &view, &console.stdout))?;
    Ok(if verdict.passed || args.no_fail {
        Outcome::Success
    } else {
        Outcome::CheckFailed
    })
}
