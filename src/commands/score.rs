//! `score`: one answers file, or several (files and folders) combined, optionally against a
//! baseline, in the format asked for.

use super::{load_answers, load_rubric, target};
use crate::cli::{Format, ScoreArgs};
use crate::combine::{Combined, Invalid, Unread};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::outcome::Outcome;
use crate::output::{emit, error, warn};
use crate::render;
use crate::rubric::Rubric;
use crate::style::{Console, Style};
use crate::view::{Baseline, ScoreInput, ScoreView};
use std::path::{Path, PathBuf};

/// The report for a view, in a format.
pub fn render(format: Format, v: &ScoreView, style: &Style) -> String {
    match format {
        Format::Table => render::table::score(v, style),
        Format::Json => render::json::score_report(v),
        Format::Markdown => render::markdown::score(v),
        Format::Csv => render::csv::render(v),
        Format::Html => render::html::score(v),
        other => other.not_offered("score"),
    }
}

pub fn run(args: &ScoreArgs, rubric_path: Option<&Path>, console: &Console) -> Result<Outcome> {
    let rubric = load_rubric(rubric_path)?;
    let target = target(&rubric, args.target.as_deref())?;
    let combine =
        args.files.len() > 1 || args.files[0].is_dir() || crate::combine::is_export(&args.files[0]);
    if combine && args.files.iter().any(|p| p.as_os_str() == "-") {
        return Err(Error::Usage(
            "standard input (-) can only be scored on its own, not combined with other files"
                .into(),
        ));
    }
    let baseline = match &args.baseline {
        Some(p) => Some(load_baseline(p, args, &rubric, target)?),
        None => None,
    };
    if !combine {
        let (src, assessment, program) =
            super::load_with_program(&args.files[0], args.input_format, &rubric)?;
        let today = super::today(args.today.as_deref())?;
        // A program file's next steps start from what its facts support.
        let scorecard = crate::score::with_facts(
            &rubric,
            crate::score::score(&rubric, &assessment, target),
            super::lowered(&rubric, &assessment, &program, today),
        );
        let facts = super::is_program(&program).then_some(crate::view::score::ProgramFacts {
            program: &program,
            today,
        });
        let view = ScoreView::new(&ScoreInput {
            rubric: &rubric,
            assessment: &assessment,
            scorecard: &scorecard,
            source: &src.name,
            top: Some(args.top),
            baseline: baseline.as_ref(),
            combined: None,
            program: facts,
        });
        emit(&render(args.format, &view, &console.stdout))?;
        return Ok(Outcome::Success);
    }
    let mut combined = combine_checked(&args.files, args.into(), &rubric, target)?;
    combined.invited = args.invited;
    if args.invited.is_some_and(|n| n < combined.respondents) {
        warn(&format!(
            "--invited {}: {} answered, more than were invited",
            args.invited.unwrap_or_default(),
            combined.respondents
        ));
    }
    let assessment = combined.as_assessment(&rubric);
    let source = inputs_label(&args.files);
    let view = ScoreView::new(&ScoreInput {
        rubric: &rubric,
        assessment: &assessment,
        scorecard: &combined.scorecard,
        source: &source,
        top: Some(args.top),
        baseline: baseline.as_ref(),
        combined: Some(&combined),
        program: None,
    });
    emit(&render(args.format, &view, &console.stdout))?;
    if !combined.invalid.is_empty() && !args.skip_invalid {
        return Err(Error::Input(vec![left_out(&source, &combined)]));
    }
    Ok(Outcome::Success)
}

/// The error when inputs were left out: files, or rows of an export (which are not files: the
/// rest of that export is in the report).
fn left_out(source: &str, combined: &Combined) -> Diagnostic {
    use crate::words::{count, pick};
    let files = combined
        .invalid
        .iter()
        .filter(|i| i.row.is_none() && i.more_rows == 0)
        .count() as u64;
    let bad: Vec<&(String, u64, u64)> = combined.exports.iter().filter(|e| e.2 > 0).collect();
    let rows: u64 = bad.iter().map(|e| e.2).sum();
    let what = match (files, bad.as_slice()) {
        (0, [(name, all, bad)]) => format!(
            "{}{} could not be read and {} left out of the report above (the other {} read)",
            count(*bad, "row", "rows"),
            if name == source {
                String::new()
            } else {
                format!(" of {name}")
            },
            pick(*bad, "is", "are"),
            count(all - bad, "row is", "rows are"),
        ),
        (0, _) => format!(
            "{} could not be read and {} left out of the report above",
            count(rows, "row", "rows"),
            pick(rows, "is", "are")
        ),
        (n, []) => format!(
            "{} could not be read and {} left out of the report above",
            count(n, "file", "files"),
            pick(n, "is", "are")
        ),
        (n, _) => format!(
            "{} and {} could not be read and are left out of the report above",
            count(n, "file", "files"),
            count(rows, "row", "rows")
        ),
    };
    let them = pick(files + rows, "it", "them");
    Diagnostic::new(source, what).help(format!(
        "fix {them}, or pass --skip-invalid to leave {them} out on purpose"
    ))
}

/// How a report names what it combined: the files and folders as given.
pub fn inputs_label(files: &[PathBuf]) -> String {
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

/// How inputs are read when combining: the flags `score`, `plan` and `history` share.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub input_format: Option<crate::source::Syntax>,
    pub map: Option<&'a Path>,
    pub skip_invalid: bool,
    pub keep: crate::import::collect::Keep,
    pub allow_missing: bool,
    pub dates: Option<crate::import::when::Order>,
    pub role_alias: &'a [String],
    pub comments: &'a [String],
}

impl<'a> From<&'a ScoreArgs> for Inputs<'a> {
    fn from(a: &'a ScoreArgs) -> Self {
        Inputs {
            input_format: a.input_format,
            map: a.map.as_deref(),
            skip_invalid: a.skip_invalid,
            keep: a.keep,
            allow_missing: a.form.allow_missing,
            dates: a.form.dates,
            role_alias: &a.role_alias,
            comments: &a.comments,
        }
    }
}

/// Combine files and folders, listing every file left out on standard error. An error when
/// nothing at all could be combined.
pub fn combine_checked(
    files: &[PathBuf],
    args: Inputs,
    rubric: &Rubric,
    target: usize,
) -> Result<Combined> {
    /// More than this many unreadable files are counted, not listed (JSON lists them all).
    const LISTED: usize = 20;
    let map = match args.map {
        Some(p) => Some(crate::import::Map::load(p, rubric)?),
        None => None,
    };
    let map = match (map, args.comments.is_empty()) {
        (map, true) => map,
        (map, false) => Some(map.unwrap_or_default().with_comments(args.comments)),
    };
    let aliases = crate::combine::roles::Aliases::parse(args.role_alias)?;
    let exports = crate::import::collect::Options {
        map: map.as_ref(),
        keep: args.keep,
        allow_missing: args.allow_missing,
        dates: crate::import::collect::Dates::told(args.dates),
        in_folders: true,
        ..Default::default()
    };
    let combined = crate::combine::combine_paths(
        files,
        args.input_format,
        exports,
        std::sync::Arc::new(aliases),
        rubric,
        target,
    );
    let label = inputs_label(files);
    for w in &combined.warnings {
        crate::output::report(w);
    }
    // The first files and rows with their reasons, then the rest counted as what they are
    // (an export counts its own rows past the first 20: that count is added here, not listed).
    let (listed, counted): (Vec<&Invalid>, Vec<&Invalid>) =
        combined.invalid.iter().partition(|x| x.more_rows == 0);
    for bad in listed.iter().take(LISTED) {
        let reason = bad.reason.replace('\n', "\n    ");
        if args.skip_invalid {
            warn(&format!("skipped {reason}"));
        } else {
            error(&reason);
        }
    }
    let rest = Unread::of(listed.iter().skip(LISTED).copied().chain(counted));
    if rest.total() > 0 {
        warn(&format!(
            "… and {} that could not be read (--format json lists every file, and the first {} \
             rows of each export)",
            rest.words(true),
            crate::import::collect::MAX_PROBLEMS
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
            if files.iter().all(|f| crate::combine::is_export(f)) {
                return Err(Diagnostic::new(label, "no responses yet (only the header)").into());
            }
            // Spreadsheets and archives not read, named again: the likeliest reason.
            let mut unread: Vec<String> = crate::combine::answer_files(files, true)
                .filter_map(|(_, p)| p.ok())
                .filter(|p| crate::combine::is_unread_spreadsheet(p))
                .take(LISTED)
                .map(|p| format!("{} was skipped (see the note above)", p.display()))
                .collect();
            unread.sort();
            let mut d = Diagnostic::new(
                label,
                "no answers files (.yaml, .yml or .toml) or form exports with responses found",
            );
            for u in unread {
                d = d.help(u);
            }
            return Err(d.into());
        }
        return Err(Diagnostic::new(
            label,
            format!(
                "nothing to score: {} could not be read",
                match Unread::of(&combined.invalid) {
                    Unread { files: 1, rows: 0 } => "the input above".to_string(),
                    Unread { files: 0, rows: 1 } => "the row above".to_string(),
                    u => format!("the {} above", u.words(false)),
                }
            ),
        )
        .into());
    }
    Ok(combined)
}

/// The `--baseline` assessment: one file, or a folder (or several files) combined.
fn load_baseline(
    path: &Path,
    args: &ScoreArgs,
    rubric: &Rubric,
    target: usize,
) -> Result<Baseline> {
    if path.is_dir() || crate::combine::is_export(path) {
        let files = [path.to_path_buf()];
        let combined = combine_checked(&files, args.into(), rubric, target)
            .map_err(|e| e.context("in --baseline"))?;
        if !combined.invalid.is_empty() && !args.skip_invalid {
            return Err(Diagnostic::new(
                format!("--baseline {}", path.display()),
                format!(
                    "{} could not be read (listed above); fix them or pass --skip-invalid",
                    Unread::of(&combined.invalid).words(false)
                ),
            )
            .into());
        }
        return Ok(Baseline {
            source: path.display().to_string(),
            date: combined.last_date,
            respondents: Some(combined.respondents),
            scorecard: combined.scorecard,
        });
    }
    let (src, a) = load_answers(path, args.input_format, rubric)?;
    Ok(Baseline {
        source: src.name,
        date: a.date,
        scorecard: crate::score::score(rubric, &a, target),
        respondents: None,
    })
}
