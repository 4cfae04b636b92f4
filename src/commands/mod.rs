//! One module per command: each loads what it needs, calls the pure parts (score, check, combine,
//! the views) and hands a view to the renderer the format names. Shared here: loading the rubric
//! and answers files, and the target level.

pub mod assess;
pub mod check;
mod check_fix;
pub mod evidence;
pub mod explain;
pub mod form;
pub mod history;
pub mod import;
pub mod plan;
pub mod rubric;
pub mod rules;
pub mod score;
pub mod tools;

use crate::assessment::Assessment;
use crate::cli::{Cli, Command};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::outcome::Outcome;
use crate::output::warn;
use crate::rubric::Rubric;
use crate::source::{Source, Syntax};
use crate::style::Console;
use std::path::Path;

/// Run the command the arguments name.
pub fn run(cli: Cli, console: &Console) -> Result<Outcome> {
    let rubric = cli.rubric.as_deref();
    match cli.command {
        Command::Score(args) => score::run(&args, rubric, console),
        Command::Assess(args) => assess::run(&args, rubric, cli.color, console),
        Command::Check(args) => check::run(&args, rubric, console),
        Command::Rubric(cmd) => rubric::run(cmd, rubric, console),
        Command::Explain(args) => explain::run(&args, rubric, console),
        Command::Rules(args) => rules::run(&args, console),
        Command::Form(args) => form::run(&args, rubric),
        Command::Import(args) => import::run(&args, rubric),
        Command::History(args) => history::run(&args, rubric, console),
        Command::Plan(args) => plan::run(&args, rubric, console),
        Command::Evidence(cmd) => evidence::run(cmd, rubric, console),
        Command::Init { format } => tools::init(format, rubric),
        Command::Schema { output } => tools::schema(rubric, output),
        Command::Completions { shell } => tools::completions(shell),
        Command::Man(args) => tools::man(&args),
    }
}

/// The rubric to use: `--rubric FILE`, or the built-in one (its warnings are for
/// `rubric validate`).
pub fn load_rubric(path: Option<&Path>) -> Result<Rubric> {
    match path {
        None => Ok(Rubric::builtin()),
        Some(p) => Ok(Rubric::load(&read_rubric_source(p)?)?.0),
    }
}

/// A rubric file is read by its extension; --input-format is for answers, so the hint for an
/// unknown one is to rename the file.
pub fn read_rubric_source(path: &Path) -> Result<Source, Diagnostic> {
    if Syntax::from_path(path).is_none() {
        return Err(Diagnostic::new(
            path.display().to_string(),
            "unknown file extension; a rubric file ends in .yaml, .yml or .toml",
        )
        .help("rename the file (or copy it, e.g. to my-rubric.yaml)"));
    }
    Source::read(path, None)
}

/// Load an answers file against a rubric, printing its warnings.
pub fn load_answers(
    path: &Path,
    syntax: Option<Syntax>,
    rubric: &Rubric,
) -> Result<(Source, Assessment)> {
    let src = Source::read(path, syntax)?;
    let (a, warnings) = Assessment::load(&src, rubric)?;
    for w in warnings {
        warn(&w);
    }
    Ok((src, a))
}

/// Load an answers file, or a program file with its personas, database and measures (a plain
/// answers file gives an empty [`Program`](crate::program::Program)), printing its warnings.
pub fn load_with_program(
    path: &Path,
    syntax: Option<Syntax>,
    rubric: &Rubric,
) -> Result<(Source, Assessment, crate::program::Program)> {
    let src = Source::read(path, syntax)?;
    let (a, program, warnings) = Assessment::load_program(&src, rubric)?;
    for w in warnings {
        warn(&w);
    }
    Ok((src, a, program))
}

/// Whether a file read by [`load_with_program`] is a program file: it lists personas, a
/// database, measures or an interview log, facts that `check` weighs the answers against.
pub fn is_program(p: &crate::program::Program) -> bool {
    p.personas.is_some() || p.database.is_some() || p.measures.is_some() || p.interviews.is_some()
}

/// A program file's answers above what its facts support on `today` (none for a plain answers
/// file): `score`, `explain` and `plan` start next steps from the supported levels.
pub fn lowered(
    rubric: &Rubric,
    a: &Assessment,
    program: &crate::program::Program,
    today: crate::source::Date,
) -> Vec<crate::score::Lowered> {
    if !is_program(program) {
        return Vec::new();
    }
    let evidence = crate::check::evidence::derive_from(rubric, a, program, today, None);
    crate::check::evidence::lowered(&evidence)
}

/// The target level from `--target`, or the top level.
pub fn target(rubric: &Rubric, typed: Option<&str>) -> Result<usize, Diagnostic> {
    match typed {
        Some(t) => rubric.parse_level_arg("--target", t),
        None => Ok(rubric.top_level()),
    }
}

/// Today, from `--today` or the system clock.
pub fn today(flag: Option<&str>) -> Result<crate::source::Date, Diagnostic> {
    match flag {
        Some(t) => crate::source::Date::parse(t).map_err(|e| Diagnostic::new("--today", e)),
        None => Ok(crate::source::Date::today()),
    }
}
