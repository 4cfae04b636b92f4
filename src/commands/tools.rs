//! The commands around the main ones: `init` (a program template), `schema` (JSON Schema for
//! editors), `completions` (shell completion scripts) and `man` (manual pages).

use super::load_rubric;
use crate::app::emit;
use crate::cli::{Cli, ManArgs};
use crate::outcome::Outcome;
use crate::source::Syntax;
use anyhow::Result;
use clap::CommandFactory;
use std::path::Path;

pub fn init(format: Syntax) -> Result<Outcome> {
    let today = chrono::Local::now().date_naive();
    emit(&crate::template::program(format, today))?;
    Ok(Outcome::Success)
}

pub fn schema(rubric_path: Option<&Path>) -> Result<Outcome> {
    let rubric = load_rubric(rubric_path)?;
    emit(&crate::render::json::to_pretty(
        &crate::schema::program_schema(&rubric),
    ))?;
    Ok(Outcome::Success)
}

pub fn completions(shell: clap_complete::Shell) -> Result<Outcome> {
    emit(&crate::completions::script(shell))?;
    Ok(Outcome::Success)
}

pub fn man(args: &ManArgs) -> Result<Outcome> {
    match &args.all {
        Some(dir) => {
            let written = crate::man::write_all(&Cli::command(), dir)?;
            for page in written {
                crate::app::to_stderr(&format!("wrote {}", page.display()));
            }
        }
        None => emit(&crate::man::page(&Cli::command(), &args.command)?)?,
    }
    Ok(Outcome::Success)
}
