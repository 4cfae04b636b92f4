//! [`PlanView`]: everything `plan` shows, resolved once from the rubric and the plan: the
//! heading, quarter by quarter each step's attribute, section and stage, its level now and next,
//! the next level's description (the framework's words), the tips, the owner, and for a program
//! file what the file must show; and [`TargetLine`]s, the targets `--format targets` writes for a
//! program file's policy. Every plan format is layout over these.

use super::score::{lowered_sentence, step_tips, TipView};
use super::{LevelRef, RubricName};
use crate::plan::{Plan, Step};
use crate::rubric::Rubric;
use crate::source::Date;
use std::collections::BTreeMap;

/// One step of the plan: an attribute up one level.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStep {
    pub attribute_id: String,
    pub attribute_name: String,
    pub section_name: String,
    /// The stage of the work the step belongs to (when the rubric names stages): its id, and
    /// its name in lower case.
    pub stage: Option<(String, String)>,
    pub current: LevelRef,
    pub next: LevelRef,
    /// The next level's description.
    pub description: String,
    /// The tips for the step (one quoting the next level when the rubric has none for it).
    pub tips: Vec<TipView>,
    /// Who owns the step ("" when nobody is named).
    pub owner: String,
    /// Planned from a program file, on an evidence-checked attribute: what the file's facts
    /// must show for `check` (the rule).
    pub evidence: Option<String>,
    /// Planned from a program file: what the file must show for this step (the exact edit
    /// where the file says it).
    pub in_file: Option<String>,
    /// Why the step starts below the answer, in a few words: "answered Advancing; the file's
    /// facts support at most Experimenting".
    pub from_facts: Option<String>,
}

/// A quarter of the plan and its steps.
#[derive(Debug, Clone, PartialEq)]
pub struct QuarterView {
    /// "2027 Q1".
    pub label: String,
    /// Its last day.
    pub due: Date,
    pub steps: Vec<PlanStep>,
}

/// Everything `plan` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanView {
    pub rubric: RubricName,
    /// The answers planned from, as the user named them.
    pub source: String,
    /// "Plan to Fully Optimized for acme.yaml: 9 steps in 3 quarters (3 a quarter at most),
    /// from 2027 Q1".
    pub heading: String,
    /// Where the plan goes: a level's name, or "the levels set per attribute".
    pub goal: String,
    /// The level every attribute is planned to unless set for it.
    pub target: LevelRef,
    /// When some attribute is planned toward another level than `target`: every attribute's
    /// (attribute id → level id).
    pub targets: Option<BTreeMap<String, String>>,
    pub per_quarter: usize,
    pub start: Date,
    /// The answers a program file's facts do not support, each in a sentence.
    pub lowered: Vec<String>,
    pub quarters: Vec<QuarterView>,
    /// The ids of the attributes not planned because they are not answered.
    pub unanswered: Vec<String>,
    /// "Not planned until answered: Training, Budget Allocation."
    pub unanswered_note: Option<String>,
}

/// The heading above the answers planned from higher than the file's facts support.
pub const LOWERED_HEADING: &str =
    "Planned from what the file's facts support, where the answers claim more:";

impl PlanView {
    /// `source` as the user named it (a report names it by [`super::shown_path`]).
    pub fn new(p: &Plan, r: &Rubric, source: &str) -> PlanView {
        let goal = if p.varied() {
            "the levels set per attribute".to_string()
        } else {
            r.levels[p.target].name.clone()
        };
        let heading = format!(
            "Plan to {goal} for {}: {} in {} ({} a quarter at most), from {}",
            super::shown_path(source),
            crate::words::count(p.steps(), "step", "steps"),
            crate::words::count(p.quarters.len(), "quarter", "quarters"),
            p.per_quarter,
            p.quarters
                .first()
                .map_or_else(|| p.start.to_string(), |q| q.label()),
        );
        PlanView {
            rubric: RubricName::of(r),
            source: source.to_string(),
            heading,
            goal,
            target: LevelRef::new(r, p.target),
            targets: p.varied().then(|| {
                p.targets
                    .iter()
                    .enumerate()
                    .map(|(i, &l)| (r.attributes[i].id.clone(), r.levels[l].id.clone()))
                    .collect()
            }),
            per_quarter: p.per_quarter,
            start: p.start,
            lowered: p.lowered.iter().map(|l| lowered_sentence(r, l)).collect(),
            quarters: p
                .quarters
                .iter()
                .map(|q| QuarterView {
                    label: q.label(),
                    due: q.due(),
                    steps: q.steps.iter().map(|s| step(p, r, s)).collect(),
                })
                .collect(),
            unanswered: p
                .unanswered
                .iter()
                .map(|&i| r.attributes[i].id.clone())
                .collect(),
            unanswered_note: (!p.unanswered.is_empty()).then(|| {
                format!(
                    "Not planned until answered: {}.",
                    p.unanswered
                        .iter()
                        .map(|&i| r.attributes[i].name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }),
        }
    }
}

fn step(p: &Plan, r: &Rubric, s: &Step) -> PlanStep {
    let a = &r.attributes[s.attribute];
    let in_file = p.in_file.get(&(s.attribute, s.next)).cloned();
    PlanStep {
        attribute_id: a.id.clone(),
        attribute_name: a.name.clone(),
        section_name: r.sections[a.section].name.clone(),
        stage: a
            .stage
            .map(|g| (r.stages[g].id.clone(), r.stages[g].name.to_lowercase())),
        current: LevelRef::new(r, s.current),
        next: LevelRef::new(r, s.next),
        description: a.descriptions[s.next].clone(),
        tips: step_tips(r, s.attribute, s.next),
        owner: p.owner(s.attribute).to_string(),
        evidence: in_file
            .is_some()
            .then(|| crate::check::evidence::requirement(&a.id, s.next))
            .flatten(),
        in_file,
        from_facts: p.lowered_for(s).map(|l| {
            format!(
                "answered {}; the file's facts support {}{}",
                r.levels[l.claimed].name,
                if l.ceiling { "at most " } else { "" },
                r.levels[l.supported].name
            )
        }),
    }
}

/// Why a target keeps the program's date or target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// The program's target (attribute, level, due) is due before the step's quarter ends.
    Earlier { level: usize, planned: Date },
    /// A target of the program with no step in this plan (already reached, or planned lower).
    NotAStep,
}

/// One target to write: a step of the plan, or a target of the program the plan has no step
/// for (kept as it was).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetLine {
    pub attribute_id: String,
    pub level_id: String,
    pub due: Date,
    pub owner: Option<String>,
    /// Why the date or the target is the program's: its earlier date kept for a step (with the
    /// date the plan alone gives it), or a target of the program that is no step of this plan.
    pub kept: Option<Kept>,
    /// The same in a sentence, for standard error: "Training → Emerging stays due 2027-02-01,
    /// as the program's own target asks; the plan alone would make it 2027-03-31".
    pub note: Option<String>,
}

/// A target before its names are resolved.
struct Line {
    attribute: usize,
    level: usize,
    due: Date,
    owner: Option<String>,
    kept: Option<Kept>,
}

/// The targets a program gets from its plan, never moving one of its own targets later: a step
/// is due on its quarter's last day, or earlier when the program already asks for that level (or
/// a higher one) of the attribute by an earlier date; a target of the program the plan has no
/// step for is kept as it was.
pub fn target_lines(p: &Plan, existing: &[crate::program::Target], r: &Rubric) -> Vec<TargetLine> {
    let mut out = Vec::new();
    for q in &p.quarters {
        for s in &q.steps {
            let earliest = existing
                .iter()
                .filter(|t| t.attribute == s.attribute && t.level >= s.next && t.due < q.due())
                .min_by_key(|t| (t.due, t.level));
            let owner = match p.owner(s.attribute) {
                "" => None,
                o => Some(o.to_string()),
            };
            out.push(Line {
                attribute: s.attribute,
                level: s.next,
                due: earliest.map_or(q.due(), |t| t.due),
                owner,
                kept: earliest.map(|t| Kept::Earlier {
                    level: t.level,
                    planned: q.due(),
                }),
            });
        }
    }
    let steps: Vec<(usize, usize)> = out.iter().map(|l| (l.attribute, l.level)).collect();
    for t in existing {
        let covered = steps.iter().any(|&(a, l)| a == t.attribute && l >= t.level);
        if !covered {
            out.push(Line {
                attribute: t.attribute,
                level: t.level,
                due: t.due,
                owner: t.owner.clone(),
                kept: Some(Kept::NotAStep),
            });
        }
    }
    out.into_iter()
        .map(|l| TargetLine {
            attribute_id: r.attributes[l.attribute].id.clone(),
            level_id: r.levels[l.level].id.clone(),
            note: kept_note(&l, r),
            due: l.due,
            owner: l.owner,
            kept: l.kept,
        })
        .collect()
}

/// Why a line keeps the program's date or target, said on stderr.
fn kept_note(l: &Line, r: &Rubric) -> Option<String> {
    let name = &r.attributes[l.attribute].name;
    match l.kept.as_ref()? {
        Kept::Earlier { level, planned } => {
            let whose = if *level == l.level {
                "the program's own target".to_string()
            } else {
                format!(
                    "the program's target for {name} → {}",
                    r.levels[*level].name
                )
            };
            Some(format!(
                "{name} → {} stays due {}, as {whose} asks; the plan alone would make it \
                 {planned}",
                r.levels[l.level].name, l.due
            ))
        }
        Kept::NotAStep => Some(format!(
            "{name} → {} due {} is kept from the program: it is no step of this plan (reached \
             already, or planned lower)",
            r.levels[l.level].name, l.due
        )),
    }
}
