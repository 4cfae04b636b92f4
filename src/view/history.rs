//! [`HistoryView`]: everything `history` shows, resolved once from the rubric and the history:
//! the rubric's names (levels, sections, attributes), the summary sentence, each planned step
//! and where it stands, and per version ([`PointView`]) its scores, levels, the change from the
//! version before and what moved. Every history format (table, Markdown, CSV, JSON, HTML and its
//! chart) is layout over this.
//!
//! A long history is never held twice: the names are resolved once, and each version's view is
//! made from them only as a renderer asks for it ([`HistoryView::point`]), so `--format json`
//! still writes version after version.

use super::{score_change_sign, LevelRef, RubricName};
use crate::history::plan_check::Status;
use crate::history::{Dated, History, Invalid, Point, Warning};
use crate::rubric::Rubric;
use crate::score::Move;
use crate::source::Date;

/// A section as the history names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionName {
    pub id: String,
    pub name: String,
}

/// A score of one version: its value, its level, and the change from the version before.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreCell {
    pub value: f64,
    pub level: LevelRef,
    /// `▲`, `▼` or `=` against the version before; empty for the first version (or when the
    /// version before has no score).
    pub arrow: &'static str,
}

/// A section's score at one version (`None`: no answered attribute in it).
#[derive(Debug, Clone, PartialEq)]
pub struct SectionCell {
    pub id: String,
    pub score: Option<ScoreCell>,
}

/// An attribute that changed level into a version.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryMove {
    pub attribute_id: String,
    /// Level ids before and after (`None`: not answered).
    pub from: Option<String>,
    pub to: Option<String>,
    /// Levels gained (negative: lost); `None` when either side is unanswered.
    pub change: Option<i64>,
    /// "Training ▲ Experimenting → Emerging".
    pub text: String,
    /// The same with level ids: "training:experimenting>emerging" (`none` for no level).
    pub ids: String,
}

/// One version, as every format shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PointView {
    /// The date shown (the assessment's).
    pub date: Date,
    /// When the version counts (see [`Point::at`]).
    pub at: Date,
    pub dated_by: &'static str,
    /// The commit's full hash; `None` for the working copy.
    pub revision: Option<String>,
    /// 7 characters of the hash, or "working copy".
    pub label: String,
    pub working_copy: bool,
    pub respondents: Option<u64>,
    pub overall: Option<ScoreCell>,
    pub sections: Vec<SectionCell>,
    /// What moved into this version from the one before.
    pub moved: Vec<HistoryMove>,
    /// How the respondents changed into this version (a folder), in a sentence.
    pub respondents_changed: Option<String>,
}

impl PointView {
    /// Something to say under "What moved" for this version.
    pub fn changed(&self) -> bool {
        !self.moved.is_empty() || self.respondents_changed.is_some()
    }
}

/// A planned step and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStepView {
    pub attribute_id: String,
    pub level: LevelRef,
    pub due: Date,
    pub owner: Option<String>,
    pub status: Status,
    /// "due 2027-03-31 · Training → Emerging · done on 2027-02-10 (abc1234) · owner Ana".
    pub line: String,
    /// "Plan: Training → Emerging by 2027-03-31: done" (the chart's title for it).
    pub title: String,
}

/// Everything `history` shows.
pub struct HistoryView<'a> {
    history: &'a History,
    pub rubric: RubricName,
    /// The path as given.
    pub source: String,
    /// "5 versions, 2025-12-01 to 2026-11-20 (…)".
    pub summary: String,
    /// Every level, lowest first.
    pub levels: Vec<LevelRef>,
    pub sections: Vec<SectionName>,
    /// Some version has respondents (a folder): the reports show a column for them.
    pub folder: bool,
    /// The day the plan is judged on.
    pub today: Date,
    pub plan: Vec<PlanStepView>,
    pub invalid: &'a [Invalid],
    pub warnings: &'a [Warning],
    /// A shallow clone's oldest commit.
    pub shallow: Option<&'a str>,
    /// Files this one replaced, and where (newest first).
    pub continued: &'a [(String, String)],
    /// Attribute ids and names, in rubric order (for [`HistoryView::point`]).
    attributes: Vec<(String, String)>,
}

impl<'a> HistoryView<'a> {
    pub fn new(h: &'a History, r: &Rubric) -> HistoryView<'a> {
        let levels: Vec<LevelRef> = (0..r.levels.len()).map(|l| LevelRef::new(r, l)).collect();
        HistoryView {
            history: h,
            rubric: RubricName::of(r),
            source: h.source.clone(),
            summary: summary(h),
            sections: r
                .sections
                .iter()
                .map(|s| SectionName {
                    id: s.id.clone(),
                    name: s.name.clone(),
                })
                .collect(),
            folder: h.points.iter().any(|p| p.respondents.is_some()),
            today: h.today,
            plan: plan_steps(h, r, &levels),
            invalid: &h.invalid,
            warnings: &h.warnings,
            shallow: h.shallow.as_deref(),
            continued: &h.continued,
            attributes: r
                .attributes
                .iter()
                .map(|a| (a.id.clone(), a.name.clone()))
                .collect(),
            levels,
        }
    }

    /// Version `k`, oldest first.
    pub fn point(&self, k: usize) -> PointView {
        let h = self.history;
        let p = &h.points[k];
        let prev = k.checked_sub(1).map(|j| &h.points[j]);
        let cell = |s: Option<crate::score::Score>, before: Option<f64>| {
            s.map(|s| ScoreCell {
                value: s.value,
                level: self.levels[s.level].clone(),
                arrow: arrow(before, Some(s.value)),
            })
        };
        PointView {
            date: p.date,
            at: p.at,
            dated_by: dated(p.dated),
            revision: p.revision.clone(),
            label: p.label(),
            working_copy: p.working_copy(),
            respondents: p.respondents,
            overall: cell(p.card.overall, prev.and_then(overall)),
            sections: p
                .card
                .sections
                .iter()
                .enumerate()
                .map(|(s, sc)| SectionCell {
                    id: self.sections[s].id.clone(),
                    score: cell(*sc, prev.and_then(|q| section(q, s))),
                })
                .collect(),
            moved: h.moved(k).iter().map(|m| self.move_view(m)).collect(),
            respondents_changed: h.respondents_changed(k),
        }
    }

    /// Every version, oldest first, each made as it is asked for.
    pub fn points(&self) -> impl ExactSizeIterator<Item = PointView> + '_ {
        (0..self.history.points.len()).map(|k| self.point(k))
    }

    fn move_view(&self, m: &Move) -> HistoryMove {
        let name = |l: Option<usize>| l.map_or("not answered", |l| self.levels[l].name.as_str());
        let id = |l: Option<usize>| l.map_or("none", |l| self.levels[l].id.as_str());
        let sign = match m.change() {
            Some(c) if c > 0 => "▲ ",
            Some(c) if c < 0 => "▼ ",
            _ => "",
        };
        let (attribute_id, attribute_name) = &self.attributes[m.attribute];
        HistoryMove {
            attribute_id: attribute_id.clone(),
            from: m.from.map(|l| self.levels[l].id.clone()),
            to: m.to.map(|l| self.levels[l].id.clone()),
            change: m.change(),
            text: format!("{attribute_name} {sign}{} → {}", name(m.from), name(m.to)),
            ids: format!("{attribute_id}:{}>{}", id(m.from), id(m.to)),
        }
    }
}

/// The change of a score from the point before: `▲`, `▼` or `=`, or nothing for the first point.
fn arrow(before: Option<f64>, now: Option<f64>) -> &'static str {
    match (before, now) {
        (Some(b), Some(n)) => match score_change_sign(n - b) {
            1 => "▲",
            -1 => "▼",
            _ => "=",
        },
        _ => "",
    }
}

fn overall(p: &Point) -> Option<f64> {
    p.card.overall.map(|s| s.value)
}

fn section(p: &Point, s: usize) -> Option<f64> {
    p.card.sections[s].map(|x| x.value)
}

fn dated(d: Dated) -> &'static str {
    match d {
        Dated::File => "file",
        Dated::Commit => "commit",
        Dated::Today => "today",
    }
}

/// Each step of the plan the history is held against, with its line: "due 2027-03-31 ·
/// Training → Emerging · done on 2027-02-10 (abc1234) · owner Ana".
fn plan_steps(h: &History, r: &Rubric, levels: &[LevelRef]) -> Vec<PlanStepView> {
    h.plan
        .iter()
        .map(|(s, st)| {
            let what = match st {
                Status::Done(r) => format!("done on {} ({})", r.date, r.revision),
                Status::Late(r) => format!("late: reached on {} ({})", r.date, r.revision),
                Status::Slipped { reached, lost } => format!(
                    "slipped: reached on {} ({}), lost on {} ({})",
                    reached.date, reached.revision, lost.date, lost.revision
                ),
                Status::Missed => "missed: not reached".to_string(),
                Status::Pending => "pending".to_string(),
            };
            let owner = s
                .owner
                .as_deref()
                .map(|o| format!(" · owner {o}"))
                .unwrap_or_default();
            let (attribute, level) = (&r.attributes[s.attribute], &levels[s.level]);
            PlanStepView {
                attribute_id: attribute.id.clone(),
                level: level.clone(),
                due: s.due,
                owner: s.owner.clone(),
                status: st.clone(),
                line: format!(
                    "due {} · {} → {} · {what}{owner}",
                    s.due, attribute.name, level.name
                ),
                title: format!(
                    "Plan: {} → {} by {}: {}",
                    attribute.name,
                    level.name,
                    s.due,
                    st.id()
                ),
            }
        })
        .collect()
}

/// The sentence above every report: how many points, from when to when, where dates come from.
fn summary(h: &History) -> String {
    let n = h.points.len();
    let mut s = crate::words::count(n, "version", "versions");
    if let (Some(first), Some(last)) = (h.points.first(), h.points.last()) {
        if n > 1 {
            s.push_str(&format!(", {} to {}", first.date, last.date));
        } else {
            s.push_str(&format!(", {}", first.date));
        }
    }
    for (old, at) in &h.continued {
        s.push_str(&format!(
            "; continued from {old} at {}",
            at.get(..7).unwrap_or(at)
        ));
    }
    if let Some(b) = &h.shallow {
        s.push_str(&format!(
            "; history starts at the shallow boundary ({}): the clone has no older commits",
            b.get(..7).unwrap_or(b)
        ));
    }
    let from_commits = h.points.iter().filter(|p| p.dated == Dated::Commit).count();
    if from_commits > 0 {
        s.push_str(&format!(
            " ({} dated by {} commit: no date: in the file)",
            crate::words::count(from_commits, "version", "versions"),
            crate::words::pick(from_commits, "its", "their"),
        ));
    }
    s
}
