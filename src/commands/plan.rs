//! `plan`: the gap between the current answers and a target level, as a quarter-by-quarter
//! roadmap.

use super::score::{combine_checked, inputs_label, Inputs};
use super::{load_answers, load_rubric, target, today};
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
    let target = target(&rubric, args.target.as_deref())?;
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
    let p = crate::plan::plan(&levels, target, usize::from(args.per_quarter), start);
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
