//! `rubric show` and `rubric validate`.

use super::{load_rubric, read_rubric_source};
use crate::cli::{Format, RubricCommand};
use crate::diagnostic::Diagnostics;
use crate::error::{Error, Result};
use crate::escape::terminal;
use crate::outcome::Outcome;
use crate::output::emit;
use crate::render;
use crate::rubric::Rubric;
use crate::source::{Source, Syntax};
use crate::style::Console;
use std::path::Path;

pub fn run(cmd: RubricCommand, rubric_path: Option<&Path>, console: &Console) -> Result<Outcome> {
    let style = &console.stdout;
    match cmd {
        RubricCommand::Show { format } => {
            let rubric = load_rubric(rubric_path)?;
            let text = match format {
                Format::Table => {
                    render::rubric::render(&crate::view::rubric::RubricView::new(&rubric), style)
                }
                Format::Yaml => serde_yaml::to_string(&rubric.to_raw())
                    .expect("a rubric's raw form is strings, numbers and lists, which YAML writes"),
                Format::Json => render::json::to_pretty(&rubric.to_raw()),
                other => other.not_offered("rubric show"),
            };
            emit(&text)?;
            Ok(Outcome::Success)
        }
        RubricCommand::Validate { file, strict } => {
            let src = match file.as_deref().or(rubric_path) {
                Some(p) => read_rubric_source(p)?,
                None => Source::from_text(
                    crate::rubric::BUILTIN_NAME,
                    crate::rubric::BUILTIN_YAML,
                    Syntax::Yaml,
                ),
            };
            let (rubric, warnings) = Rubric::load(&src).map_err(|e: Diagnostics| {
                let n = e.0.len();
                Error::from(e).context(format!(
                    "{}: {} in rubric",
                    src.name,
                    crate::words::count(n, "error", "errors")
                ))
            })?;
            let mut out = format!(
                "{} {}: rubric `{}` version {} is valid: {} sections, {} attributes, {} levels\n",
                style.green("✓"),
                terminal(&src.name),
                terminal(&rubric.id),
                terminal(&rubric.version),
                rubric.sections.len(),
                rubric.attributes.len(),
                rubric.levels.len()
            );
            for w in &warnings {
                out.push_str(&format!(
                    "{} {}\n",
                    style.yellow("warning:"),
                    terminal(&w.to_string())
                ));
            }
            if !warnings.is_empty() {
                let n = warnings.len();
                out.push_str(&format!(
                    "{}\n",
                    crate::words::count(n, "warning", "warnings")
                ));
            }
            emit(&out)?;
            Ok(if strict && !warnings.is_empty() {
                Outcome::CheckFailed
            } else {
                Outcome::Success
            })
        }
    }
}
