//! `check`: a persona program file against its own policy, the persona guidance and its facts.

use super::{load_rubric, target, today};
use crate::assessment::Assessment;
use crate::cli::{CheckArgs, Format};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::outcome::Outcome;
use crate::output::{emit, warn};
use crate::render;
use crate::source::Source;
use crate::style::{Console, Style};
use crate::view::check::{InputErrorView, Report};
use crate::view::CheckView;
use std::path::{Path, PathBuf};

/// The report for one checked file, in a format (the terminal's, for `human`).
pub fn render(format: Format, v: &CheckView, style: &Style) -> String {
    render_reports(
        format,
        &[Report::Checked(Box::new(v.clone()))],
        style,
        &Shown::default(),
    )
}

/// How much the human report shows, and where CI tools' paths are relative to.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    pub concise: bool,
    pub quiet: bool,
    /// The repository's root (SARIF's `%SRCROOT%`), when known.
    pub root: Option<PathBuf>,
    /// Each file's text, by file name as named, for the source lines concise output quotes.
    pub sources: Vec<(String, String)>,
}

/// The report on every file checked, in a format.
pub fn render_reports(format: Format, reports: &[Report], style: &Style, shown: &Shown) -> String {
    match format {
        Format::Table => human(reports, style, shown),
        Format::Json => match reports {
            [one] => json_one(one),
            _ => render::json::check_reports(reports),
        },
        Format::Markdown => join(reports, "\n", |r| match r {
            Report::Checked(v) => render::markdown::check(v),
            Report::Unreadable(e) => render::input_error::markdown(e),
        }),
        Format::Github => render::github::render(reports),
        Format::Junit => render::junit::render(reports),
        Format::Html => join(reports, "", |r| match r {
            Report::Checked(v) => render::html::check(v),
            Report::Unreadable(e) => render::input_error::html(e),
        }),
        Format::Sarif => render::sarif::render(reports, shown.root.as_deref()),
        Format::Gitlab => render::gitlab::render(reports),
        other => other.not_offered("check"),
    }
}

fn json_one(r: &Report) -> String {
    match r {
        Report::Checked(v) => render::json::check_report(v),
        Report::Unreadable(e) => render::input_error::json(e),
    }
}

fn join(reports: &[Report], sep: &str, each: impl Fn(&Report) -> String) -> String {
    reports.iter().map(each).collect::<Vec<_>>().join(sep)
}

/// The terminal's report: each file's in full (or concise), then, for several files, one line
/// with the count.
fn human(reports: &[Report], style: &Style, shown: &Shown) -> String {
    let mut out = String::new();
    for (k, r) in reports.iter().enumerate() {
        let text = match r {
            Report::Checked(v) if shown.concise || shown.quiet => {
                super::check_fix::concise(v, style, shown)
            }
            Report::Checked(v) => render::table::check(v, style),
            Report::Unreadable(e) => super::check_fix::input_error_lines(e, style, shown),
        };
        if k > 0 && !text.is_empty() && !out.is_empty() && !shown.quiet {
            out.push('\n');
        }
        out.push_str(&text);
    }
    if reports.len() > 1 && !shown.quiet {
        let failed = reports
            .iter()
            .filter(|r| !matches!(r, Report::Checked(v) if v.passed))
            .count();
        out.push_str(&format!(
            "\n{} checked: {}\n",
            crate::words::count(reports.len(), "file", "files"),
            if failed == 0 {
                "all pass".to_string()
            } else {
                format!("{failed} fail")
            }
        ));
    }
    out
}

/// The names `init` suggests, in the order looked for.
pub const PROGRAM_NAMES: [&str; 3] = [
    "persona-program.yaml",
    "persona-program.yml",
    "persona-program.toml",
];

/// A program file: as named, or standard input under its --stdin-filename.
pub(super) fn read_program(path: &Path, args: &CheckArgs) -> Result<Source, Diagnostic> {
    let stdin = path.as_os_str() == "-";
    match (&args.stdin_filename, stdin) {
        (Some(name), true) => {
            let syntax = args
                .input_format
                .or_else(|| crate::source::Syntax::from_path(Path::new(name)));
            let mut src = Source::read(path, syntax).map_err(|mut d| {
                if d.origin == "<stdin>" {
                    d.origin = name.clone();
                }
                d
            })?;
            src.name = name.clone();
            Ok(src)
        }
        (None, _) => Source::read(path, args.input_format),
        (Some(_), false) => unreachable!("checked in program_paths"),
    }
}

/// The files to check: as named, or the one found; a usage error where the arguments cannot
/// work together.
fn program_paths(args: &CheckArgs) -> Result<Vec<PathBuf>, Diagnostic> {
    let stdin = args.files.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin > 1 {
        return Err(Diagnostic::new(
            "check",
            "standard input (`-`) is named twice",
        ));
    }
    if args.stdin_filename.is_some() && stdin == 0 {
        return Err(Diagnostic::new(
            "--stdin-filename",
            "names standard input, but no file to check is `-`",
        )
        .help("pass - as the file to read standard input, or leave --stdin-filename out"));
    }
    if args.baseline.is_some() && args.files.len() > 1 {
        return Err(Diagnostic::new(
            "--baseline",
            format!(
                "compares one program file with its earlier version, but {} files are named",
                args.files.len()
            ),
        )
        .help("check each file against its own baseline in a run of its own"));
    }
    if args.history && stdin > 0 {
        return Err(Diagnostic::new(
            "--history",
            "reads the program file's versions from git: it needs the file, not standard input",
        )
        .help("name the file: persona-maturity check persona-program.yaml --history"));
    }
    if args.fix && stdin > 0 {
        return Err(Diagnostic::new(
            "--fix",
            "edits files in place; standard input has no file to edit",
        )
        .help("use --diff to see the change, or name the file"));
    }
    if args.files.is_empty() {
        let cwd = std::env::current_dir().map_err(|e| {
            Diagnostic::new(
                PROGRAM_NAMES[0],
                format!("cannot tell the current folder: {e}"),
            )
        })?;
        return Ok(vec![discover(&cwd)?]);
    }
    Ok(args.files.clone())
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
                .help(format!(
                    "name the one to check: `persona-maturity check {}`",
                    up.join(several[0]).display()
                )))
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
                return Err(Diagnostic::new(PROGRAM_NAMES[0], looked)
                .help(format!("looked for {}", PROGRAM_NAMES.join(", ")))
                .help("name the file (`persona-maturity check ops/persona-program.yaml`), or start one with `persona-maturity init > persona-program.yaml`"));
            }
        }
    }
}

/// The `--output` targets, checked before anything is read or written: no file named twice,
/// and none that is one of the run's inputs (a program file, the baseline, the rubric), compared
/// by file identity (device and inode: another name, `./`, a link), so a report never replaces
/// what it reports on.
fn validate_outputs(args: &CheckArgs, inputs: &[&Path]) -> Result<(), Diagnostic> {
    for (k, o) in args.output.iter().enumerate() {
        let same_name = args.output[..k].iter().any(|p| p.path == o.path);
        let same_file = args.output[..k]
            .iter()
            .any(|p| crate::source::same_file(&p.path, &o.path));
        if same_name || same_file {
            return Err(Diagnostic::new(
                "--output",
                format!("`{}` is named twice", o.path.display()),
            )
            .help("give each format its own file"));
        }
        if let Some(input) = inputs.iter().find(|i| crate::source::same_file(i, &o.path)) {
            return Err(Diagnostic::new(
                "--output",
                format!(
                    "`{}` is {}, one of the files this run reads",
                    o.path.display(),
                    if input.as_os_str() == o.path.as_os_str() {
                        "an input".to_string()
                    } else {
                        format!("the same file as `{}`", input.display())
                    }
                ),
            )
            .help(
                "write each report to a file of its own, e.g. --output sarif=persona-check.sarif",
            ));
        }
    }
    Ok(())
}

/// A report on standard output: the GitHub annotations are commands to the runner on purpose.
pub(super) fn print(format: Format, text: &str) -> Result<()> {
    match format {
        Format::Github => crate::output::emit_commands(text),
        _ => emit(text),
    }
}

/// A program file as `check` weighs it: its answers and facts, with the interview log it names
/// (`evidence.interviews`) read relative to this file, so each of several files reads its own.
pub(super) fn load_program(
    src: &Source,
    rubric: &crate::rubric::Rubric,
) -> Result<(Assessment, crate::program::Program, Vec<String>), Diagnostic> {
    let (assessment, mut program, warnings) = Assessment::load_program(src, rubric)?;
    read_interviews(&src.name, &mut program)?;
    Ok((assessment, program, warnings))
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
            d.private()
        }
    })?;
    log.interviews = Some(read);
    Ok(())
}

/// Each `--output FORMAT=FILE`, written whole or not at all (a reader never sees half a report).
fn write_outputs(args: &CheckArgs, report: impl Fn(Format) -> String) -> Result<()> {
    for o in &args.output {
        let mut text = report(o.format);
        if o.format != Format::Github {
            text = crate::escape::log_lines(&text).into_owned();
        }
        crate::save::write_atomic(&o.path, text.as_bytes())
            .map_err(|e| Error::write(&o.path, e))?;
    }
    Ok(())
}

/// What stays the same for every file of a run.
pub(super) struct Run<'a> {
    pub args: &'a CheckArgs,
    pub rubric: &'a crate::rubric::Rubric,
    pub target: usize,
    pub today: crate::source::Date,
    pub baseline: Option<&'a Assessment>,
    pub root: Option<&'a Path>,
}

impl Run<'_> {
    /// One file checked: its report, its text, and the diagnostic when it cannot be read.
    pub fn check(&self, path: &Path) -> (Report, Option<Source>, Option<Diagnostic>) {
        let loaded = read_program(path, self.args)
            .and_then(|src| load_program(&src, self.rubric).map(|l| (src, l)));
        match loaded {
            Ok((src, (assessment, program, warnings))) => {
                for w in warnings {
                    warn(&w);
                }
                match self.updates(path) {
                    Ok(updates) => {
                        let view = self.view(&src, &assessment, &program, updates.as_ref());
                        (Report::Checked(Box::new(view)), Some(src), None)
                    }
                    Err(d) => (Report::Unreadable(self.unreadable(&d)), None, Some(d)),
                }
            }
            Err(d) => (Report::Unreadable(self.unreadable(&d)), None, Some(d)),
        }
    }

    /// With --history: how each persona's `last_updated` moved in the file's git history.
    pub fn updates(
        &self,
        path: &Path,
    ) -> Result<Option<crate::program::UpdateHistory>, Diagnostic> {
        if !self.args.history {
            return Ok(None);
        }
        crate::history::updates::read(path, self.rubric).map(Some)
    }

    pub fn view(
        &self,
        src: &Source,
        assessment: &Assessment,
        program: &crate::program::Program,
        updates: Option<&crate::program::UpdateHistory>,
    ) -> CheckView {
        let verdict = crate::check::run(&crate::check::Input {
            rubric: self.rubric,
            assessment,
            program,
            baseline: self.baseline,
            today: self.today,
            fail_on: self.args.fail_on.into(),
            target: self.target,
            updates,
        });
        let mut view = CheckView::new(
            self.rubric,
            assessment,
            &verdict,
            &src.name,
            Some(crate::view::score::ProgramFacts {
                program,
                today: self.today,
            }),
        );
        view.location = location(&src.name, self.root);
        view.settings = program
            .policy
            .severity
            .iter()
            .map(|(r, s)| (r.id().to_string(), *s))
            .collect();
        view
    }

    fn unreadable(&self, d: &Diagnostic) -> InputErrorView {
        let mut e = InputErrorView::new(d);
        e.location = location(&e.file, self.root);
        e
    }
}

/// The folder CI tools' paths are relative to: the CI workspace (`GITHUB_WORKSPACE`,
/// `CI_PROJECT_DIR`) when the current folder lies inside it, else the repository's root (the
/// nearest folder above holding `.git`).
pub fn repository_root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    for var in ["GITHUB_WORKSPACE", "CI_PROJECT_DIR"] {
        if let Some(dir) = std::env::var_os(var).filter(|v| !v.is_empty()) {
            let dir = PathBuf::from(dir);
            let dir = dir.canonicalize().unwrap_or(dir);
            if cwd.starts_with(&dir) {
                return Some(dir);
            }
        }
    }
    cwd.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// A file as CI tools place it: relative to `root` with `/` separators when it lies inside it,
/// else as named.
pub fn location(name: &str, root: Option<&Path>) -> String {
    let Some(root) = root else {
        return name.replace('\\', "/");
    };
    let path = Path::new(name);
    let absolute = match std::env::current_dir() {
        Ok(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_path_buf(),
    };
    // The folder resolved (links, `..`), the file's own name kept.
    let resolved = match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(file)) => dir
            .canonicalize()
            .map(|d| d.join(file))
            .unwrap_or(absolute.clone()),
        _ => absolute.clone(),
    };
    match resolved.strip_prefix(root) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
        _ => name.replace('\\', "/"),
    }
}

pub fn run(args: &CheckArgs, rubric_path: Option<&Path>, console: &Console) -> Result<Outcome> {
    let rubric = load_rubric(rubric_path)?;
    let target = target(&rubric, args.target.as_deref())?;
    let today = today(args.today.as_deref())?;
    let paths = program_paths(args);
    let mut inputs: Vec<&Path> = Vec::new();
    if let Ok(p) = &paths {
        inputs.extend(
            p.iter()
                .map(PathBuf::as_path)
                .filter(|p| p.as_os_str() != "-"),
        );
    }
    inputs.extend(args.baseline.as_deref());
    inputs.extend(rubric_path);
    validate_outputs(args, &inputs)?;
    let html = args.format == Format::Html || args.output.iter().any(|o| o.format == Format::Html);
    if html && paths.as_ref().is_ok_and(|p| p.len() > 1) {
        return Err(Diagnostic::new(
            "--format html",
            "shows one program file on one page, but several files are named",
        )
        .help("check each file in a run of its own for its HTML page")
        .into());
    }
    let root = repository_root();
    let mut shown = Shown {
        concise: args.concise,
        quiet: args.quiet,
        root: root.clone(),
        sources: Vec::new(),
    };
    let plain = Style::plain();
    let finish = |reports: &[Report], shown: &Shown| -> Result<()> {
        write_outputs(args, |format| {
            render_reports(format, reports, &plain, shown)
        })?;
        if args.format == Format::Table {
            // A file that cannot be read is said on standard error, with its source line.
            let checked: Vec<Report> = reports
                .iter()
                .filter(|r| matches!(r, Report::Checked(_)))
                .cloned()
                .collect();
            if checked.is_empty() {
                return Ok(());
            }
            return emit(&render_reports(
                args.format,
                &checked,
                &console.stdout,
                shown,
            ));
        }
        print(
            args.format,
            &render_reports(args.format, reports, &console.stdout, shown),
        )
    };
    let paths = match paths {
        Ok(p) => p,
        // No program file to be found: still a report where CI looks.
        Err(d) if d.origin == PROGRAM_NAMES[0] => {
            let reports = [Report::Unreadable(InputErrorView::new(&d))];
            finish(&reports, &shown)?;
            return Err(Error::Input(vec![d]));
        }
        Err(d) => return Err(d.into()),
    };
    let baseline = match &args.baseline {
        Some(p) => match Source::read(p, args.input_format)
            .and_then(|src| Assessment::load(&src, &rubric))
        {
            Ok((a, warnings)) => {
                for w in warnings {
                    warn(&w);
                }
                Some(a)
            }
            // Reported as a program file that cannot be read is, in every format and file.
            Err(d) => {
                let mut e = InputErrorView::new(&d);
                e.location = location(&e.file, root.as_deref());
                finish(&[Report::Unreadable(e)], &shown)?;
                return Err(Error::Input(vec![d]));
            }
        },
        None => None,
    };
    let ctx = Run {
        args,
        rubric: &rubric,
        target,
        today,
        baseline: baseline.as_ref(),
        root: root.as_deref(),
    };
    if args.fix || args.diff {
        return super::check_fix::run(&ctx, &paths, &mut shown, &finish);
    }
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    for path in &paths {
        let (report, src, error) = ctx.check(path);
        if let Some(src) = src {
            shown.sources.push((src.name.clone(), src.text));
        }
        reports.push(report);
        errors.extend(error);
    }
    finish(&reports, &shown)?;
    outcome(&reports, errors, args.no_fail)
}

/// The exit: 2 when a file cannot be read (each said on standard error with its source line),
/// else 1 when any file fails the check (unless --no-fail), else 0.
pub(super) fn outcome(
    reports: &[Report],
    errors: Vec<Diagnostic>,
    no_fail: bool,
) -> Result<Outcome> {
    if !errors.is_empty() {
        return Err(Error::Input(
            errors.into_iter().map(with_source_line).collect(),
        ));
    }
    let passed = reports
        .iter()
        .all(|r| matches!(r, Report::Checked(v) if v.passed));
    Ok(if passed || no_fail {
        Outcome::Success
    } else {
        Outcome::CheckFailed
    })
}

/// The diagnostic with the line it points at and a caret under its column, as ruff shows them;
/// never a line of a file of people's data (an interview log: `Diagnostic::private`).
fn with_source_line(mut d: Diagnostic) -> Diagnostic {
    let Some(line) = d.line else { return d };
    let text = if d.origin == "<stdin>" || d.private {
        None
    } else {
        std::fs::read_to_string(&d.origin).ok()
    };
    if let Some(excerpt) = text
        .as_deref()
        .and_then(|t| super::check_fix::source_line(t, line as usize, d.column.map(|c| c as usize)))
    {
        for (k, line) in excerpt.lines().enumerate() {
            d.help.insert(k, line.to_string());
        }
    }
    d
}
