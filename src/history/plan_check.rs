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

/// Where a step stands, judged at its due date and on the day the history is read (`--today`):
/// the same verdict `check` gives that day, with what happened before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Held at its due date (or reached before it, when it is still to come) and now: the
    /// version that reached it, and when.
    Done(Reached),
    /// Not held at its due date; reached after it, and held now: the version it has held since.
    Late(Reached),
    /// Reached, then lost: not held now (when it was first reached, and the version that lost
    /// it last).
    Slipped { reached: Reached, lost: Reached },
    /// Never reached, and the due date has passed.
    Missed,
    /// Not reached yet; due later.
    Pending,
}

/// A version and the day it counts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reached {
    pub date: Date,
    pub revision: String,
}

impl Status {
    pub fn id(&self) -> &'static str {
        match self {
            Status::Done(..) => "done",
            Status::Late(..) => "late",
            Status::Slipped { .. } => "slipped",
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

/// Where each step stands in `h` on `today`: held (or not) by the version in force at its due
/// date, and by the version in force today (the last one counting on or before each day: see
/// [`Point::at`](super::Point::at)).
pub fn statuses(h: &History, steps: &[Step], today: Date) -> Vec<Status> {
    steps.iter().map(|s| status(h, s, today)).collect()
}

fn status(h: &History, s: &Step, today: Date) -> Status {
    let holds = |p: &super::Point| p.card.level(s.attribute).is_some_and(|l| l >= s.level);
    let reached = |p: &super::Point| Reached {
        date: p.at,
        revision: p.label(),
    };
    // The versions there were on `today`, and the one in force on a day.
    let known: Vec<&super::Point> = h.points.iter().filter(|p| p.at <= today).collect();
    let Some(now) = known.last() else {
        return if s.due < today {
            Status::Missed
        } else {
            Status::Pending
        };
    };
    // The run of versions that holds it now, from its first.
    let since = |upto: usize| {
        let mut k = upto;
        while k > 0 && holds(known[k - 1]) {
            k -= 1;
        }
        known[k]
    };
    if holds(now) {
        // The version in force at the due date (today's, when it is still to come).
        return match known.iter().rposition(|p| p.at <= s.due) {
            Some(k) if holds(known[k]) => Status::Done(reached(since(k))),
            _ => Status::Late(reached(since(known.len() - 1))),
        };
    }
    match known.iter().position(|p| holds(p)) {
        Some(first) => {
            let last_held = known.iter().rposition(|p| holds(p)).unwrap_or(first);
            Status::Slipped {
                reached: reached(known[first]),
                lost: reached(known[last_held + 1]),
            }
        }
        None if s.due < today => Status::Missed,
        None => Status::Pending,
    }
}
