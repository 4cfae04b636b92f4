//! A history held against a plan (`history --plan`): for each planned step (an attribute to reach
//! a level by a date), whether the history shows it reached on time, late, not yet, or not at all
//! by a date that has passed.

use super::History;
use crate::diagnostic::Diagnostic;
use crate::rubric::Rubric;
use crate::source::{Date, Source};
use std::path::Path;

/// One planned step: reach `level` on `attribute` by `due`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub attribute: usize,
    pub level: usize,
    pub due: Date,
    pub owner: Option<String>,
}

/// Where a step stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Reached on or before its due date (the first version that shows it, and its revision).
    Done(Date, String),
    /// Reached after it.
    Late(Date, String),
    /// Not reached, and the due date has passed.
    Missed,
    /// Not reached yet; due later.
    Pending,
}

impl Status {
    pub fn id(&self) -> &'static str {
        match self {
            Status::Done(..) => "done",
            Status::Late(..) => "late",
            Status::Missed => "missed",
            Status::Pending => "pending",
        }
    }
}

/// The steps of a plan file: `plan --format json` output, or a program file's policy targets.
pub fn read(path: &Path, rubric: &Rubric) -> Result<Vec<Step>, Diagnostic> {
    let name = path.display().to_string();
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !is_json {
        let src = Source::read(path, None)?;
        let (_, program, _) = crate::assessment::Assessment::load_program(&src, rubric)?;
        if program.policy.targets.is_empty() {
            return Err(
                Diagnostic::new(&name, "the program file has no policy targets")
                    .help("write them with `persona-maturity plan FILE --format targets`"),
            );
        }
        return Ok(program
            .policy
            .targets
            .iter()
            .map(|t| Step {
                attribute: t.attribute,
                level: t.level,
                due: t.due,
                owner: t.owner.clone(),
            })
            .collect());
    }
    let (file, _) = crate::source::open_file(path, &name)?;
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut std::io::Read::take(file, crate::source::MAX_FILE_BYTES as u64),
        &mut text,
    )
    .map_err(|e| Diagnostic::new(&name, format!("cannot read: {e}")))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Diagnostic::new(&name, format!("not the JSON of `plan --format json`: {e}"))
    })?;
    let mut steps = Vec::new();
    for q in v["quarters"].as_array().into_iter().flatten() {
        let due = q["due"]
            .as_str()
            .and_then(|d| Date::parse(d).ok())
            .ok_or_else(|| Diagnostic::new(&name, "a quarter without a readable `due` date"))?;
        for s in q["steps"].as_array().into_iter().flatten() {
            let (Some(a), Some(l)) = (s["attribute"].as_str(), s["next"].as_str()) else {
                return Err(Diagnostic::new(
                    &name,
                    "a step without `attribute` and `next`",
                ));
            };
            let attribute = rubric.attribute_index(a).ok_or_else(|| {
                Diagnostic::new(&name, format!("`{a}` is no attribute of `{}`", rubric.id))
            })?;
            let level = rubric.level_index(l).ok_or_else(|| {
                Diagnostic::new(&name, format!("`{l}` is no level of `{}`", rubric.id))
            })?;
            let owner = s["owner"]
                .as_str()
                .filter(|o| !o.is_empty())
                .map(String::from);
            steps.push(Step {
                attribute,
                level,
                due,
                owner,
            });
        }
    }
    if steps.is_empty() {
        return Err(Diagnostic::new(&name, "the plan has no steps"));
    }
    Ok(steps)
}

/// Where each step stands in `h` on `today`: the first version (in date order) whose level of
/// the attribute is at the step's level or above.
pub fn statuses(h: &History, steps: &[Step], today: Date) -> Vec<Status> {
    steps
        .iter()
        .map(|s| {
            let reached = h.points.iter().find(|p| {
                p.scorecard
                    .levels
                    .get(s.attribute)
                    .copied()
                    .flatten()
                    .is_some_and(|l| l >= s.level)
            });
            match reached {
                Some(p) if p.date <= s.due => Status::Done(p.date, p.label()),
                Some(p) => Status::Late(p.date, p.label()),
                None if s.due < today => Status::Missed,
                None => Status::Pending,
            }
        })
        .collect()
}
