//! The commands around the main ones: `init` (a program template), `schema` (JSON Schema for
//! editors), `completions` (shell completion scripts) and `man` (manual pages).

use super::load_rubric;
use crate::cli::{Cli, ManArgs};
use crate::error::Result;
use crate::outcome::Outcome;
use crate::output::emit;
use crate::schema::SchemaOutput;
use crate::source::Syntax;
use clap::CommandFactory;
use std::path::Path;

pub fn init(format: Syntax, rubric_path: Option<&Path>) -> Result<Outcome> {
    let rubric = super::load_rubric(rubric_path)?;
    let today = super::today(None)?.0;
    emit(&crate::template::program(format, today, &rubric))?;
    Ok(Outcome::Success)
}

pub fn schema(rubric_path: Option<&Path>, output: Option<SchemaOutput>) -> Result<Outcome> {
    let schema = match output {
        None => crate::schema::program_schema(&load_rubric(rubric_path)?),
        Some(o) => crate::schema::output_schema(o),
    };
    emit(&crate::render::json::to_pretty(&schema))?;
    Ok(Outcome::Success)
}

pub fn completions(shell: clap_complete::Shell) -> Result<Outcome> {
    emit(&crate::completions::script(shell))?;
    Ok(Outcome::Success)
}

pub fn man(args: &ManArgs) -> Result<Outcome> {
    match &args.all {
        Some(dir) => {
            let written = crate::man::write_all(&Cli::command(), dir, super::today(None)?)?;
            for page in written {
                crate::output::to_stderr(&format!("wrote {}", page.display()));
            }
        }
        None => emit(&crate::man::page(
            &Cli::command(),
            &args.command,
            super::today(None)?,
        )?)?,
    }
    Ok(Outcome::Success)
}
