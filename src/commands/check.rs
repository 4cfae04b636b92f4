//! `check`: a persona program file against its own policy, the persona guidance and its facts.

use super::{load_answers, load_rubric, target, today};
use crate::assessment::Assessment;
use crate::cli::{CheckArgs, CheckFormat};
use crate::diagnostic::Diagnostic;
use crate::outcome::Outcome;
use crate::output::{emit, warn};
use crate::render;
use crate::source::Source;
use crate::style::{Console, Style};
use crate::view::CheckView;
use anyhow::{Context, Result};
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
        CheckFormat::Sarif => render::sarif::render(v),
    }
}

/// The names `init` suggests, in the order looked for.
pub const PROGRAM_NAMES: [&str; 3] = [
    "persona-program.yaml",
    "persona-program.yml",
    "persona-program.toml",
];

/// The program file: as named, standard input under its --stdin-filename, or found.
fn read_program(args: &CheckArgs) -> Result<Source, Diagnostic> {
    let path = match &args.file {
        Some(p) => p.clone(),
        None => discover(&std::env::current_dir().map_err(|e| {
            Diagnostic::new("FILE", format!("cannot tell the current folder: {e}"))
        })?)?,
    };
    let stdin = path.as_os_str() == "-";
    match (&args.stdin_filename, stdin) {
        (Some(name), true) => {
            let syntax = args
                .input_format
                .or_else(|| crate::source::Syntax::from_path(Path::new(name)));
            let mut src = Source::read(&path, syntax).map_err(|mut d| {
                if d.origin == "<stdin>" {
                    d.origin = name.clone();
                }
                d
            })?;
            src.name = name.clone();
            Ok(src)
        }
        (Some(_), false) => Err(Diagnostic::new(
            "--stdin-filename",
            "names standard input, but FILE is not `-`",
        )
        .help("pass - as FILE to read standard input, or leave --stdin-filename out")),
        (None, _) => Source::read(&path, args.input_format),
    }
}

/// The nearest persona-program file: in `cwd`, else, inside a git repository, in the folders
/// above it up to the repository's root (the folder holding `.git`). Outside a repository only
/// `cwd` is looked in: a folder above it may be anyone's (the system's temporary folder), and a
/// program file there is not this project's. Named relative to `cwd`, as a user would.
pub fn discover(cwd: &Path) -> Result<std::path::PathBuf, Diagnostic> {
    let root = cwd.ancestors().find(|d| d.join(".git").exists());
    let mut dir = cwd.to_path_buf();
    let mut up = std::path::PathBuf::new();
    loop {
        let found: Vec<&str> = PROGRAM_NAMES
            .iter()
            .copied()
            .filter(|n| dir.join(n).is_file())
            .collect();
        match found.as_slice() {
            [one] => {
                let path = up.join(one);
                if !up.as_os_str().is_empty() {
                    crate::output::note(&format!("checking {}", path.display()));
                }
                return Ok(path);
            }
            [] => {}
            several => {
                return Err(Diagnostic::new(
                    up.join(several[0]).display().to_string(),
                    format!(
                        "{} persona program files in one folder: {}",
                        several.len(),
                        several.join(", ")
                    ),
                )
                .help("name the one to check: `persona-maturity check FILE`"))
            }
        }
        match (root, dir.parent()) {
            (Some(root), Some(parent)) if dir != root => {
                dir = parent.to_path_buf();
                up.push("..");
            }
            _ => {
                let looked = match root {
                    Some(root) => format!(
                        "no persona program file here or above, up to the repository's root ({})",
                        root.display()
                    ),
                    None => "no persona program file in this folder (outside a git repository, \
                             the folders above are not searched)"
                        .to_string(),
                };
                return Err(Diagnostic::new("FILE", looked)
                    .help(format!("looked for {}", PROGRAM_NAMES.join(", ")))
                    .help("name one (`persona-maturity check FILE`), or start one with `persona-maturity init > persona-program.yaml`"));
            }
        }
    }
}

/// A report on standard output: the GitHub annotations are commands to the runner on purpose.
fn print(format: CheckFormat, text: &str) -> Result<()> {
    match format {
        CheckFormat::Github => crate::output::emit_commands(text),
        _ => emit(text),
    }
}

/// The interview log the program names (`evidence.interviews`), read into it: its path is
/// relative to the program file's folder.
fn read_interviews(
    program_name: &str,
    program: &mut crate::program::Program,
) -> Result<(), Diagnostic> {
    let Some(log) = program.interviews.as_mut() else {
        return Ok(());
    };
    let folder = Path::new(program_name)
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && program_name != "<stdin>");
    let path = match folder {
        Some(f) if Path::new(&log.path).is_relative() => f.join(&log.path),
        _ => std::path::PathBuf::from(&log.path),
    };
    let shown = path.display().to_string();
    let read = crate::evidence::interviews::read(&path, &shown).map_err(|d| {
        if d.message.starts_with("cannot read") && !path.exists() {
            Diagnostic::new(
                program_name,
                format!("evidence.interviews: `{}` does not exist", log.path),
            )
            .at(log.line, None)
            .help("the path is relative to the program file's folder")
        } else {
            d
        }
    })?;
    log.interviews = Some(read);
    Ok(())
}

/// Each `--output FORMAT=FILE`, written whole or not at all (a reader never sees half a report).
fn write_outputs(args: &CheckArgs, report: impl Fn(CheckFormat) -> String) -> Result<()> {
    for (k, o) in args.output.iter().enumerate() {
        if args.output[..k].iter().any(|p| p.path == o.path) {
            return Err(Diagnostic::new(
                "--output",
                format!("`{}` is named twice", o.path.display()),
            )
            .help("give each format its own file")
            .into());
        }
    }
    for o in &args.output {
        let mut text = report(o.format);
        if o.format != CheckFormat::Github {
            text = crate::escape::log_lines(&text).into_owned();
        }
        crate::save::write_atomic(&o.path, text.as_bytes())
            .with_context(|| format!("cannot write {}", o.path.display()))?;
    }
    Ok(())
}

pub fn run(args: &CheckArgs, rubric_path: Option<&Path>, console: &Console) -> Result<Outcome> {
    let rubric = load_rubric(rubric_path)?;
    let target = target(&rubric, args.target.as_deref())?;
    let today = today(args.today.as_deref())?;
    let loaded = read_program(args)
        .and_then(|src| Assessment::load_program(&src, &rubric).map(|l| (src, l)))
        .and_then(|(src, (a, mut program, w))| {
            read_interviews(&src.name, &mut program)?;
            Ok((src, (a, program, w)))
        });
    let (src, (assessment, program, warnings)) = match loaded {
        Ok(l) => l,
        Err(d) => {
            // Still a report in the format asked for: CI shows the failure where it shows
            // findings. The error itself goes to standard error as any input error does.
            let e = crate::view::check::InputErrorView::new(&d);
            let report = |format| match format {
                CheckFormat::Human => std::iter::once(format!("error: {}", e.place_and_message()))
                    .chain(e.help.iter().map(|h| format!("  {h}")))
                    .map(|l| l + "\n")
                    .collect(),
                CheckFormat::Json => render::input_error::json(&e),
                CheckFormat::Markdown => render::input_error::markdown(&e),
                CheckFormat::Github => render::input_error::github(&e),
                CheckFormat::Junit => render::input_error::junit(&e),
                CheckFormat::Html => render::input_error::html(&e),
                CheckFormat::Sarif => render::sarif::input_error(&e),
            };
            write_outputs(args, report)?;
            if args.format != CheckFormat::Human {
                print(args.format, &report(args.format))?;
            }
            return Ok(Outcome::Input(vec![d]));
        }
    };
    for w in warnings {
        warn(&w);
    }
    let baseline = match &args.baseline {
        Some(p) => Some(load_answers(p, args.input_format, &rubric)?.1),
        None => None,
    };
    let updates =
        match (args.history, &args.file) {
            (false, _) => None,
            (true, Some(path)) if path.as_os_str() != "-" => {
                Some(crate::history::updates::read(path, &rubric)?)
            }
            (true, _) => return Err(Diagnostic::new(
                "--history",
                "reads the program file's versions from git: it needs the file, not standard input",
            )
            .help("name the file: persona-maturity check persona-program.yaml --history")
            .into()),
        };
    let verdict = crate::check::run(&crate::check::Input {
        rubric: &rubric,
        assessment: &assessment,
        program: &program,
        baseline: baseline.as_ref(),
        today,
        fail_on: args.fail_on.into(),
        target,
        updates: updates.as_ref(),
    });
    let view = CheckView::new(
        &rubric,
        &assessment,
        &verdict,
        &src.name,
        Some(crate::view::score::ProgramFacts {
            program: &program,
            today,
        }),
    );
    write_outputs(args, |format| render(format, &view, &Style::plain()))?;
    print(args.format, &render(args.format, &view, &console.stdout))?;
    Ok(if verdict.passed || args.no_fail {
        Outcome::Success
    } else {
        Outcome::CheckFailed
    })
}
