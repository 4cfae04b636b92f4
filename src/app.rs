//! Running a command: load what it needs, call the pure parts, print, and choose the exit code.
//! Every error is reported with its cause chain and exit code 2; a check failure is exit 1.

use crate::assessment::Assessment;
use crate::cli::{Cli, Command, ExplainArgs, RubricCommand, RubricFormat, ScoreArgs};
use crate::error::{InputError, InputErrors};
use crate::render::{self, ScoreReport};
use crate::rubric::Rubric;
use crate::source::{Source, Syntax};
use crate::style::Style;
use anyhow::Result;
use clap::{CommandFactory, Parser};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Exit codes, as documented in `--help` and the README.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_INPUT: u8 = 2;
pub const EXIT_INTERRUPTED: u8 = 130;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed; usage errors exit 2.
            let code = if e.use_stderr() { EXIT_INPUT } else { EXIT_OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            report_error(&e);
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// Print an error and its causes to standard error.
fn report_error(e: &anyhow::Error) {
    let style = Style::detect(crate::style::ColorChoice::Auto, true);
    let mut msg = format!("{} {e}", style.red(&style.bold("error:")));
    for cause in e.chain().skip(1) {
        msg.push_str(&format!("\n  caused by: {cause}"));
    }
    eprintln!("{msg}");
}

/// Print a warning to standard error.
pub fn warn(message: &str) {
    let style = Style::detect(crate::style::ColorChoice::Auto, true);
    eprintln!("{} {message}", style.yellow(&style.bold("warning:")));
}

/// Write to standard output; a reader that went away (`| head`) is not an error.
pub fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to standard output")),
    }
}

/// The rubric to use: `--rubric FILE`, or the built-in one.
pub fn load_rubric(path: Option<&Path>) -> Result<Rubric> {
    match path {
        None => Ok(Rubric::builtin()),
        Some(p) => {
            let src = Source::read(p, None)?;
            Ok(Rubric::load(&src)?.0)
        }
    }
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

/// The target level from `--target`, or the top level.
fn target(rubric: &Rubric, typed: Option<&str>) -> Result<usize, InputError> {
    match typed {
        Some(t) => rubric.parse_level_arg("--target", t),
        None => Ok(rubric.top_level()),
    }
}

pub fn run(cli: Cli) -> Result<u8> {
    let style = Style::detect(cli.color, false);
    match cli.command {
        Command::Score(args) => score(&args, cli.rubric.as_deref(), &style),
        Command::Rubric(cmd) => rubric(cmd, cli.rubric.as_deref(), &style),
        Command::Explain(args) => explain(&args, cli.rubric.as_deref(), &style),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "persona-maturity", &mut buf);
            emit(&String::from_utf8_lossy(&buf))?;
            Ok(EXIT_OK)
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
            emit(&String::from_utf8_lossy(&buf))?;
            Ok(EXIT_OK)
        }
    }
}

fn score(args: &ScoreArgs, rubric_path: Option<&Path>, style: &Style) -> Result<u8> {
    let rubric = load_rubric(rubric_path)?;
    let target = target(&rubric, args.target.as_deref())?;
    let (src, assessment) = load_answers(&args.file, args.input_format, &rubric)?;
    let scorecard = crate::score::score(&rubric, &assessment, target);
    let report = ScoreReport {
        rubric: &rubric,
        assessment: &assessment,
        scorecard: &scorecard,
        source: &src.name,
        top: Some(args.top),
    };
    emit(&args.format.render(&report, style))?;
    Ok(EXIT_OK)
}

fn rubric(cmd: RubricCommand, rubric_path: Option<&Path>, style: &Style) -> Result<u8> {
    match cmd {
        RubricCommand::Show { format } => {
            let rubric = load_rubric(rubric_path)?;
            let text = match format {
                RubricFormat::Table => render::rubric::render(&rubric, style),
                RubricFormat::Yaml => serde_yaml::to_string(&rubric.to_raw())?,
                RubricFormat::Json => render::json::to_pretty(&rubric.to_raw()),
            };
            emit(&text)?;
            Ok(EXIT_OK)
        }
        RubricCommand::Validate { file, strict } => {
            let src = match file.as_deref().or(rubric_path) {
                Some(p) => Source::read(p, None)?,
                None => Source::from_text(
                    crate::rubric::BUILTIN_NAME,
                    crate::rubric::BUILTIN_YAML,
                    Syntax::Yaml,
                ),
            };
            let (rubric, warnings) = Rubric::load(&src).map_err(|e: InputErrors| {
                let n = e.0.len();
                anyhow::Error::new(e).context(format!(
                    "{}: {n} error{} in rubric",
                    src.name,
                    if n == 1 { "" } else { "s" }
                ))
            })?;
            let mut out = format!(
                "{} {}: rubric `{}` version {} is valid: {} sections, {} attributes, {} levels\n",
                style.green("✓"),
                src.name,
                rubric.id,
                rubric.version,
                rubric.sections.len(),
                rubric.attributes.len(),
                rubric.levels.len()
            );
            for w in &warnings {
                out.push_str(&format!(
                    "{} {}: {}: {}\n",
                    style.yellow("warning:"),
                    src.name,
                    w.path,
                    w.message
                ));
            }
            if !warnings.is_empty() {
                let n = warnings.len();
                out.push_str(&format!("{n} warning{}\n", if n == 1 { "" } else { "s" }));
            }
            emit(&out)?;
            Ok(if strict && !warnings.is_empty() {
                EXIT_FAILED
            } else {
                EXIT_OK
            })
        }
    }
}

fn explain(args: &ExplainArgs, rubric_path: Option<&Path>, style: &Style) -> Result<u8> {
    let rubric = load_rubric(rubric_path)?;
    let ai = rubric.find_attribute("ATTRIBUTE", &args.attribute)?;
    let target = target(&rubric, args.target.as_deref())?;
    let scorecard = match &args.answers {
        Some(p) => {
            let (_, a) = load_answers(p, None, &rubric)?;
            Some(crate::score::score(&rubric, &a, target))
        }
        None => None,
    };
    emit(&render::explain::render(
        &rubric,
        ai,
        scorecard.as_ref(),
        style,
    ))?;
    Ok(EXIT_OK)
}
