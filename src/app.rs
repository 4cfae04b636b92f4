//! Running a command: load what it needs, call the pure parts, print, and choose the exit code.
//! Every error is reported with its cause chain and exit code 2; a check failure is exit 1.

use crate::assessment::Assessment;
use crate::cli::{
    AssessArgs, CheckArgs, Cli, Command, ExplainArgs, RubricCommand, RubricFormat, ScoreArgs,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
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
    to_stderr(&msg);
}

/// Write one line to standard error. `eprintln!` panics when standard error is a closed pipe
/// (`persona-maturity score … 2>&1 | head -1`); here a failed write is dropped, as `emit` does for
/// standard output, and the exit code still says what happened.
pub fn to_stderr(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Print a warning to standard error.
pub fn warn(message: &str) {
    let style = Style::detect(crate::style::ColorChoice::Auto, true);
    to_stderr(&format!(
        "{} {message}",
        style.yellow(&style.bold("warning:"))
    ));
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
        Some(p) => Ok(Rubric::load(&read_rubric_source(p)?)?.0),
    }
}

/// A rubric file is read by its extension; --input-format is for answers, so the hint for an
/// unknown one is to rename the file.
fn read_rubric_source(path: &Path) -> Result<Source, Diagnostic> {
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

/// The target level from `--target`, or the top level.
fn target(rubric: &Rubric, typed: Option<&str>) -> Result<usize, Diagnostic> {
    match typed {
        Some(t) => rubric.parse_level_arg("--target", t),
        None => Ok(rubric.top_level()),
    }
}

pub fn run(cli: Cli) -> Result<u8> {
    let style = Style::detect(cli.color, false);
    match cli.command {
        Command::Score(args) => score(&args, cli.rubric.as_deref(), &style),
        Command::Assess(args) => assess(&args, cli.rubric.as_deref(), cli.color),
        Command::Check(args) => check(&args, cli.rubric.as_deref(), &style),
        Command::Init { format } => {
            let today = chrono::Local::now().date_naive();
            emit(&crate::template::program(format, today))?;
            Ok(EXIT_OK)
        }
        Command::Schema => {
            let schema = schemars::schema_for!(crate::assessment::RawAnswers);
            emit(&render::json::to_pretty(&schema))?;
            Ok(EXIT_OK)
        }
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
    let combine = args.files.len() > 1 || args.files[0].is_dir();
    if combine && args.files.iter().any(|p| p.as_os_str() == "-") {
        anyhow::bail!(
            "standard input (-) can only be scored on its own, not combined with other files"
        );
    }
    let mut code = EXIT_OK;
    let baseline = match &args.baseline {
        Some(p) => Some(load_baseline(p, args, &rubric, target)?),
        None => None,
    };
    if !combine {
        let (src, assessment) = load_answers(&args.files[0], args.input_format, &rubric)?;
        let scorecard = crate::score::score(&rubric, &assessment, target);
        let report = ScoreReport {
            rubric: &rubric,
            assessment: &assessment,
            scorecard: &scorecard,
            source: &src.name,
            top: Some(args.top),
            baseline: baseline.as_ref(),
            combined: None,
        };
        emit(&args.format.render(&report, style))?;
        return Ok(code);
    }
    let combined = combine_checked(&args.files, args, &rubric, target)?;
    if !combined.invalid.is_empty() && !args.skip_invalid {
        code = EXIT_INPUT;
    }
    let assessment = combined.as_assessment(&rubric);
    let source = inputs_label(&args.files);
    let report = ScoreReport {
        rubric: &rubric,
        assessment: &assessment,
        scorecard: &combined.scorecard,
        source: &source,
        top: Some(args.top),
        baseline: baseline.as_ref(),
        combined: Some(&combined),
    };
    emit(&args.format.render(&report, style))?;
    if code == EXIT_INPUT {
        let n = combined.invalid.len();
        report_error(&anyhow::anyhow!(
            "{} could not be read and {} left out of the report above; fix {them}, or pass \
             --skip-invalid to leave {them} out on purpose",
            crate::words::count(n, "file", "files"),
            crate::words::pick(n, "is", "are"),
            them = crate::words::pick(n, "it", "them"),
        ));
    }
    Ok(code)
}

/// How a report names what it combined: the files and folders as given.
fn inputs_label(files: &[std::path::PathBuf]) -> String {
    const SHOWN: usize = 3;
    let mut names: Vec<String> = files
        .iter()
        .take(SHOWN)
        .map(|p| p.display().to_string())
        .collect();
    if files.len() > SHOWN {
        names.push(format!("{} more", files.len() - SHOWN));
    }
    names.join(", ")
}

/// Combine files and folders, listing every file left out on standard error. An error when
/// nothing at all could be combined.
fn combine_checked(
    files: &[std::path::PathBuf],
    args: &ScoreArgs,
    rubric: &Rubric,
    target: usize,
) -> Result<crate::combine::Combined> {
    /// More than this many unreadable files are counted, not listed (JSON lists them all).
    const LISTED: usize = 20;
    let combined = crate::combine::combine_paths(files, args.input_format, rubric, target);
    let label = inputs_label(files);
    for bad in combined.invalid.iter().take(LISTED) {
        let reason = bad.reason.replace('\n', "\n    ");
        if args.skip_invalid {
            warn(&format!("skipped {reason}"));
        } else {
            report_error(&anyhow::anyhow!("{reason}"));
        }
    }
    if combined.invalid.len() > LISTED {
        warn(&format!(
            "… and {} more files that could not be read (--format json lists them all)",
            combined.invalid.len() - LISTED
        ));
    }
    if combined.other_version > 0 {
        warn(&format!(
            "{} answered for another version of rubric `{}`; combined with version {}",
            crate::words::count(combined.other_version, "file was", "files were"),
            rubric.id,
            rubric.version
        ));
    }
    if combined.respondents == 0 {
        if combined.invalid.is_empty() {
            anyhow::bail!("{label}: no answers files (.yaml, .yml or .toml) found");
        }
        anyhow::bail!(
            "{label}: none of the {} answers files could be read",
            combined.invalid.len()
        );
    }
    Ok(combined)
}

/// The `--baseline` assessment: one file, or a folder (or several files) combined.
fn load_baseline(
    path: &Path,
    args: &ScoreArgs,
    rubric: &Rubric,
    target: usize,
) -> Result<render::Baseline> {
    if path.is_dir() {
        let files = [path.to_path_buf()];
        let combined = combine_checked(&files, args, rubric, target)
            .map_err(|e| e.context("in --baseline"))?;
        if !combined.invalid.is_empty() && !args.skip_invalid {
            anyhow::bail!(
                "--baseline {}: {} could not be read (listed above); fix them or pass \
                 --skip-invalid",
                path.display(),
                crate::words::count(combined.invalid.len(), "file", "files")
            );
        }
        return Ok(render::Baseline {
            source: path.display().to_string(),
            date: combined.last_date,
            respondents: Some(combined.respondents),
            scorecard: combined.scorecard,
        });
    }
    let (src, a) = load_answers(path, args.input_format, rubric)?;
    Ok(render::Baseline {
        source: src.name,
        date: a.date,
        scorecard: crate::score::score(rubric, &a, target),
        respondents: None,
    })
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
                Some(p) => read_rubric_source(p)?,
                None => Source::from_text(
                    crate::rubric::BUILTIN_NAME,
                    crate::rubric::BUILTIN_YAML,
                    Syntax::Yaml,
                ),
            };
            let (rubric, warnings) = Rubric::load(&src).map_err(|e: Diagnostics| {
                let n = e.0.len();
                anyhow::Error::new(e).context(format!(
                    "{}: {} in rubric",
                    src.name,
                    crate::words::count(n, "error", "errors")
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
                out.push_str(&format!("{} {w}\n", style.yellow("warning:")));
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
            let (_, a) = load_answers(p, args.input_format, &rubric)?;
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

/// The answers file's text, as `assess` writes a new file.
pub fn answers_file_text(rubric: &Rubric, a: &Assessment, syntax: Syntax) -> Result<String> {
    Ok(crate::questionnaire::file::canonical_text(
        rubric, a, syntax,
    ))
}

fn assess(
    args: &AssessArgs,
    rubric_path: Option<&Path>,
    color: crate::style::ColorChoice,
) -> Result<u8> {
    let rubric = load_rubric(rubric_path)?;
    let target = target(&rubric, args.target.as_deref())?;
    let opts = crate::questionnaire::session::Options {
        out: &args.out,
        respondent: args.respondent.clone(),
        role: args.role.clone(),
        organization: args.organization.clone(),
        notes: args.notes,
        resume: args.resume,
        start_over: args.start_over,
        report: args.report,
        target,
        rubric_arg: rubric_path,
        color,
        today: crate::source::Date(chrono::Local::now().date_naive()),
    };
    crate::questionnaire::session::run(&opts, &rubric)
}

fn check(args: &CheckArgs, rubric_path: Option<&Path>, style: &Style) -> Result<u8> {
    let rubric = load_rubric(rubric_path)?;
    let target = target(&rubric, args.target.as_deref())?;
    let today = match &args.today {
        Some(t) => crate::source::Date::parse(t).map_err(|e| Diagnostic::new("--today", e))?,
        None => crate::source::Date(chrono::Local::now().date_naive()),
    };
    let src = Source::read(&args.file, args.input_format)?;
    let (assessment, program, warnings) = Assessment::load_program(&src, &rubric)?;
    for w in warnings {
        warn(&w);
    }
    let baseline = match &args.baseline {
        Some(p) => Some(load_answers(p, args.input_format, &rubric)?.1),
        None => None,
    };
    let fail_on = args.fail_on.into();
    let verdict = crate::check::run(&crate::check::Input {
        rubric: &rubric,
        assessment: &assessment,
        program: &program,
        baseline: baseline.as_ref(),
        today,
        fail_on,
        target,
    });
    let report = render::verdict::CheckReport {
        rubric: &rubric,
        assessment: &assessment,
        verdict: &verdict,
        source: &src,
    };
    emit(&args.format.render(&report, style))?;
    Ok(if verdict.passed || args.no_fail {
        EXIT_OK
    } else {
        EXIT_FAILED
    })
}
