//! Report models: everything a format needs, resolved once, so that every renderer is layout
//! only. [`ScoreView`] for `score` (one respondent or several, with or without a baseline),
//! [`CheckView`] for `check`, [`HistoryView`](history::HistoryView) for `history` and
//! [`PlanView`](plan::PlanView) for `plan`. A view holds plain text, exactly as it came from the rubric and the
//! input files; each renderer escapes it for its medium (see `escape`).

/// How many next steps a report lists unless told (`score --top`).
pub const DEFAULT_TOP: usize = 5;

pub mod check;
pub mod evidence;
pub mod explain;
pub mod history;
pub mod plan;
pub mod rubric;
pub mod score;

pub use check::CheckView;
pub use score::{Baseline, ScoreInput, ScoreView};

use crate::rubric::Rubric;
use crate::score::Score;
use std::path::{Component, Path};

/// An input file as a report names it: as typed when that stays inside the working folder,
/// relative to it when an absolute path is inside it, and otherwise by its name alone. A report
/// is forwarded and printed; the folders of the computer that made it (`/home/ana/Downloads/`)
/// are nobody else's business and no use to them.
pub fn shown_path(p: &str) -> String {
    shown_path_from(p, std::env::current_dir().ok().as_deref())
}

/// How a report names an input read from a file descriptor rather than a file: standard input
/// as `<stdin>` (the name `-` gets), any other (a process substitution, a pipe) as `<pipe>`.
fn pipe_name(p: &str) -> Option<&'static str> {
    if p == "/dev/stdin" || p == "/proc/self/fd/0" || p == "/dev/fd/0" {
        return Some("<stdin>");
    }
    let fd = p
        .strip_prefix("/dev/fd/")
        .or_else(|| p.strip_prefix("/proc/self/fd/"))
        .or_else(|| {
            let rest = p.strip_prefix("/proc/")?;
            let (pid, fd) = rest.split_once("/fd/")?;
            pid.bytes().all(|b| b.is_ascii_digit()).then_some(fd)
        })?;
    (!fd.is_empty() && fd.bytes().all(|b| b.is_ascii_digit())).then_some("<pipe>")
}

/// The command that scores `target` (written as the shell should read it): with `--rubric` and
/// the rubric file, named as reports name files, when `rubric` is a rubric file rather than the
/// built-in framework (without it the file would not score).
pub fn score_command(rubric: Option<&Path>, target: &str) -> String {
    score_command_with(rubric.map(|p| shown_path(&p.display().to_string())), target)
}

/// The same for this terminal, now: the rubric file as it was given (the command is run here, not
/// read elsewhere).
pub fn score_command_here(rubric: Option<&Path>, target: &str) -> String {
    score_command_with(rubric.map(|p| p.display().to_string()), target)
}

fn score_command_with(rubric: Option<String>, target: &str) -> String {
    match rubric {
        None => format!("persona-maturity score {target}"),
        Some(r) => {
            // A file name starting with `-` would be read as an option.
            let r = if r.starts_with('-') {
                format!("./{r}")
            } else {
                r
            };
            format!(
                "persona-maturity score --rubric {} {target}",
                crate::escape::shell(&r)
            )
        }
    }
}

fn shown_path_from(p: &str, cwd: Option<&Path>) -> String {
    // A pipe given as a path (`--baseline <(git show main:a.yaml)` is /dev/fd/63): its name is a
    // number that means nothing to a reader.
    if let Some(name) = pipe_name(p) {
        return name.to_string();
    }
    let path = Path::new(p);
    let inside = |q: &Path| {
        q.components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    };
    if path.is_absolute() {
        if let Some(rel) = cwd.and_then(|c| path.strip_prefix(c).ok()) {
            if !rel.as_os_str().is_empty() && inside(rel) {
                return rel.display().to_string();
            }
        }
    } else if inside(path) {
        return p.to_string();
    }
    match path.file_name() {
        Some(name) => name.to_string_lossy().into_owned(),
        None => p.to_string(),
    }
}
use crate::style::Tone;

/// A level as every format shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelRef {
    /// Position on the scale, 0 = lowest.
    pub index: usize,
    /// What it counts for: index + 1.
    pub value: usize,
    pub id: String,
    pub name: String,
    /// Where it stands on the scale, which decides its colour.
    pub tone: Tone,
    /// How many levels the scale has.
    pub of: usize,
}

impl LevelRef {
    pub fn new(rubric: &Rubric, index: usize) -> LevelRef {
        let n = rubric.levels.len();
        LevelRef {
            index,
            value: index + 1,
            id: rubric.levels[index].id.clone(),
            name: rubric.levels[index].name.clone(),
            tone: Tone::of(index, n),
            of: n,
        }
    }
}

/// The rubric as a report names it: its id, name and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RubricName {
    pub id: String,
    pub name: String,
    pub version: String,
}

impl RubricName {
    pub fn of(r: &Rubric) -> RubricName {
        RubricName {
            id: r.id.clone(),
            name: r.name.clone(),
            version: r.version.clone(),
        }
    }
}

/// A score and the level it reaches.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRef {
    pub value: f64,
    pub level: LevelRef,
}

impl ScoreRef {
    pub fn new(rubric: &Rubric, s: Score) -> ScoreRef {
        ScoreRef {
            value: s.value,
            level: LevelRef::new(rubric, s.level),
        }
    }
}

/// How one attribute's level changed from an earlier assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Up this many levels.
    Up(usize),
    /// Down this many levels.
    Down(usize),
    Same,
    /// Answered now, not before.
    New,
    /// Answered before, not now.
    Gone,
}

impl Change {
    /// The change from `before` to `now`; `None` when neither has a level.
    pub fn between(before: Option<usize>, now: Option<usize>) -> Option<Change> {
        Some(match (before, now) {
            (Some(b), Some(n)) if n > b => Change::Up(n - b),
            (Some(b), Some(n)) if n < b => Change::Down(b - n),
            (Some(_), Some(_)) => Change::Same,
            (None, Some(_)) => Change::New,
            (Some(_), None) => Change::Gone,
            (None, None) => return None,
        })
    }

    /// The change in levels, when both sides have one.
    pub fn levels(self) -> Option<i64> {
        match self {
            Change::Up(n) => Some(n as i64),
            Change::Down(n) => Some(-(n as i64)),
            Change::Same => Some(0),
            Change::New | Change::Gone => None,
        }
    }

    /// "▲ 1", "▼ 2", "=", "new", "no longer answered".
    pub fn label(self) -> String {
        match self {
            Change::Up(n) => format!("▲ {n}"),
            Change::Down(n) => format!("▼ {n}"),
            Change::Same => "=".to_string(),
            Change::New => "new".to_string(),
            Change::Gone => "no longer answered".to_string(),
        }
    }
}

/// A score as people read it: two decimals.
pub fn fmt_score(v: f64) -> String {
    format!("{v:.2}")
}

/// A change in score: "▲ 0.25", "▼ 0.50", "= 0.00".
pub fn score_change_label(change: f64) -> String {
    let shown = fmt_score(change.abs());
    if shown == fmt_score(0.0) {
        format!("= {shown}")
    } else if change > 0.0 {
        format!("▲ {shown}")
    } else {
        format!("▼ {shown}")
    }
}

/// Whether a score change shows as a rise (1), a fall (-1) or none (0) at two decimals.
pub fn score_change_sign(change: f64) -> i8 {
    if change > 0.005 {
        1
    } else if change < -0.005 {
        -1
    } else {
        0
    }
}

/// Why the disagreement block exists, in one sentence shared by every format.
pub const DISAGREEMENT_ADVICE: &str =
    "Respondents are two or more levels apart here: people in the \
same team see the program very differently. Start the next persona workshop with these.";

/// Why the role-gap block exists.
pub const ROLE_GAP_ADVICE: &str = "Personas only work when marketing, sales and product share one \
picture of the buyer; these are the attributes where the roles' medians differ most.";

/// What the columns of a combined report mean.
pub const COMBINED_LEGEND: &str = "Median: the middle answer (of two middle answers, the lower). \
Answers: how many gave a level, then the lowest–highest level given (1 = lowest), then the mean \
level in brackets; ! marks answers two or more levels apart.";

/// The teams a by-team breakdown shows in a terminal (the largest); other formats show them all.
pub const MAX_TEAM_COLUMNS: usize = 5;

/// A mean level to one decimal ("2.4").
pub fn fmt_mean(mean: Option<f64>) -> String {
    mean.map(|m| format!("{m:.1}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_typed_once_for_every_format() {
        assert_eq!(Change::between(Some(1), Some(3)), Some(Change::Up(2)));
        assert_eq!(Change::between(Some(3), Some(1)), Some(Change::Down(2)));
        assert_eq!(Change::between(Some(2), Some(2)), Some(Change::Same));
        assert_eq!(Change::between(None, Some(2)), Some(Change::New));
        assert_eq!(Change::between(Some(2), None), Some(Change::Gone));
        assert_eq!(Change::between(None, None), None);
        assert_eq!(Change::Down(2).levels(), Some(-2));
        assert_eq!(Change::New.levels(), None);
    }
}

#[cfg(test)]
mod shown_path_tests {
    use super::shown_path_from;
    use std::path::Path;

    #[test]
    fn a_report_names_the_file_never_the_folders_outside_the_working_one() {
        let cwd = Some(Path::new("/home/ana/work"));
        for (given, shown) in [
            ("answers.yaml", "answers.yaml"),
            ("responses/q4", "responses/q4"),
            ("-", "-"),
            (
                "/home/ana/Downloads/persona-answers-ana.yaml",
                "persona-answers-ana.yaml",
            ),
            ("/home/ana/work/responses/q4/", "responses/q4"),
            ("../Downloads/a.yaml", "a.yaml"),
            ("responses/../../x.yaml", "x.yaml"),
            ("/", "/"),
            // Pipes: a process substitution's path is a number.
            ("/dev/fd/63", "<pipe>"),
            ("/proc/self/fd/12", "<pipe>"),
            ("/proc/4242/fd/3", "<pipe>"),
            ("/dev/stdin", "<stdin>"),
            ("/dev/fd/", "fd"),
            ("/proc/self/fdinfo/3", "3"),
        ] {
            assert_eq!(shown_path_from(given, cwd), shown, "{given}");
        }
        assert_eq!(shown_path_from("/tmp/a.yaml", None), "a.yaml");
    }
}
