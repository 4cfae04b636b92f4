//! `plan`: the gap between the current answers and a target level, as a quarter-by-quarter
//! roadmap.

use super::score::{combine_checked, inputs_label, Inputs};
use super::{load_answers, load_rubric, today};
use crate::app::emit;
use crate::cli::{PlanArgs, PlanFormat};
use crate::diagnostic::Diagnostic;
use crate::outcome::Outcome;
use crate::render;
use crate::style::Console;
use anyhow::Result;
use std::path::Path;

pub fn run(args: &PlanArgs, rubric_path: Option<&Path>, console: &Console) -> Result<Outcome> {
    let rubric = load_rubric(rubric_path)?;
    // One level for all, then any ATTRIBUTE=LEVEL for one.
    let mut target = rubric.top_level();
    let mut each: Vec<(usize, usize)> = Vec::new();
    for t in &args.target {
        match t.split_once('=') {
            Some((attr, level)) => {
                let i = rubric.attribute_index(attr.trim()).ok_or_else(|| {
                    Diagnostic::new("--target", format!("`{}` is no attribute", attr.trim()))
                        .help_opt(crate::suggest::did_you_mean(
                            attr.trim(),
                            rubric.attributes.iter().map(|a| a.id.as_str()),
                        ))
                })?;
                each.push((i, rubric.parse_level_arg("--target", level.trim())?));
            }
            None => target = super::target(&rubric, Some(t))?,
        }
    }
    let mut targets = vec![target; rubric.attributes.len()];
    for (i, l) in each {
        targets[i] = l;
    }
    let start = match &args.start {
        Some(s) => crate::source::Date::parse(s).map_err(|e| Diagnostic::new("--start", e))?,
        None => crate::plan::next_quarter_start(today(None)?),
    };
    let combine =
        args.files.len() > 1 || args.files[0].is_dir() || crate::combine::is_export(&args.files[0]);
    let (levels, source) = if combine {
        let inputs = Inputs {
            input_format: args.input_format,
            map: args.map.as_deref(),
            skip_invalid: args.skip_invalid,
            keep: args.keep,
            allow_missing: args.allow_missing,
        };
        let combined = combine_checked(&args.files, inputs, &rubric, target)?;
        if !combined.invalid.is_empty() && !args.skip_invalid {
            anyhow::bail!(
                "{}: {} could not be read (listed above); fix them or pass --skip-invalid",
                inputs_label(&args.files),
                crate::words::count(combined.invalid.len(), "file", "files")
            );
        }
        (combined.scorecard.levels, inputs_label(&args.files))
    } else {
        let (src, a) = load_answers(&args.files[0], args.input_format, &rubric)?;
        (a.answers.iter().map(|x| x.level()).collect(), src.name)
    };
    let p = crate::plan::plan_each(
        &levels,
        &targets,
        target,
        usize::from(args.per_quarter),
        start,
        args.order,
    );
    // A start in the past and a plan of more than two years are said: both are more often a
    // slip than a choice.
    let today = today(None)?;
    if args.start.is_some() && start < today {
        crate::app::warn(&format!(
            "--start {start} is in the past: the first steps are due already"
        ));
    }
    if let Some(last) = p.quarters.last() {
        let years = (last.due().0 - start.0).num_days() as f64 / 365.25;
        if years > 2.0 {
            crate::app::warn(&format!(
                "the plan runs {} quarters, to {} (more than two years): take more steps a \
                 quarter (--per-quarter) or a nearer target",
                p.quarters.len(),
                last.due()
            ));
        }
    }
    let text = match args.format {
        PlanFormat::Table => render::plan::table(&p, &rubric, &source, &console.stdout),
        PlanFormat::Markdown => render::plan::markdown(&p, &rubric, &source),
        PlanFormat::Csv => render::plan::csv(&p, &rubric),
        PlanFormat::Json => render::plan::json(&p, &rubric, &source),
        PlanFormat::Targets => {
            // In the syntax of the file planned from (a TOML program gets TOML to paste).
            let syntax = crate::source::Syntax::from_path(&args.files[0])
                .or(args.input_format)
                .unwrap_or(crate::source::Syntax::Yaml);
            render::plan::targets(&p, &rubric, &source, syntax)
        }
    };
    emit(&text)?;
    Ok(Outcome::Success)
}
