//! [`ExplainView`]: everything `explain ATTRIBUTE [ANSWERS]` prints, resolved once: the
//! attribute's levels and words, where the answers put it, what the next level asks for, its tips,
//! and the scoring rule applied to it step by step.

use super::fmt_score;
use super::score::{lowered_sentence, step_tips, ProgramFacts, TipView};
use super::LevelRef;
use crate::rubric::Rubric;
use crate::score::Scorecard;

/// One level of the attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainLevel {
    pub level: LevelRef,
    pub description: String,
    /// "▶ you" (the answer), "▶ facts" (what a program file's facts support) or "".
    pub marker: &'static str,
}

/// Where the answer stands against the target.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    /// No answers given.
    NoAnswers,
    /// "Not answered in this assessment: …" (the sentence).
    Unanswered(String),
    /// Below the target: the heading ("What next: from Emerging to Advancing"), the next level's
    /// description and, for a program file, what the file must show.
    Next {
        heading: String,
        description: String,
        in_file: Option<String>,
    },
    /// "At or above the target level, Advancing."
    AtTarget(String),
}

/// The tips for one step: under "To reach Advancing:" (`None`: the one step ahead, no heading).
#[derive(Debug, Clone, PartialEq)]
pub struct TipGroup {
    pub reach: Option<String>,
    /// Each tip with where it comes from.
    pub tips: Vec<String>,
}

/// The rule worked through with these answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// "Core Attributes = (2 + `[3]` + 1) / 3 = 2.00 → Emerging (…)".
    pub section: String,
    /// The attribute is answered (marked in brackets above).
    pub marked: bool,
    /// "Overall = (2.00 + 1.50) / 2 = 1.75 → Experimenting".
    pub overall: String,
}

/// Everything `explain` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainView {
    pub name: String,
    pub id: String,
    pub section: String,
    pub question: Option<String>,
    /// "Stage 1 of 3, foundations: …".
    pub stage: Option<String>,
    pub levels: Vec<ExplainLevel>,
    pub note: Option<String>,
    /// A program file's facts support less than the answer: the sentence saying so.
    pub lowered: Option<String>,
    pub standing: Standing,
    pub tips: Vec<TipGroup>,
    /// The scoring rule, in words, as it applies to this attribute.
    pub rule: String,
    /// For an attribute measured from a system of record: the exact rule of the measurement.
    pub measured: Option<&'static str>,
    pub applied: Option<Applied>,
}

impl ExplainView {
    /// Attribute `ai`; with a scorecard, where the answers stand (`unsure`: the one respondent
    /// said "not sure").
    pub fn new(
        r: &Rubric,
        ai: usize,
        scorecard: Option<&Scorecard>,
        unsure: bool,
        program: Option<ProgramFacts>,
    ) -> ExplainView {
        let a = &r.attributes[ai];
        let current = scorecard.and_then(|s| s.levels[ai]);
        // A program file's facts may support less than the answer: the next step starts there.
        let lowered = scorecard.and_then(|s| s.lowered.iter().find(|l| l.attribute == ai));
        ExplainView {
            name: a.name.clone(),
            id: a.id.clone(),
            section: r.sections[a.section].name.clone(),
            question: a.question.clone(),
            stage: a.stage.map(|g| {
                let stage = &r.stages[g];
                let head = format!(
                    "Stage {} of {}, {}",
                    g + 1,
                    r.stages.len(),
                    stage.name.to_lowercase()
                );
                match &stage.why {
                    Some(why) => format!("{head}: {why}"),
                    None => format!("{head}."),
                }
            }),
            levels: a
                .descriptions
                .iter()
                .enumerate()
                .map(|(li, d)| ExplainLevel {
                    level: LevelRef::new(r, li),
                    description: d.clone(),
                    marker: if current == Some(li) {
                        "▶ you"
                    } else if lowered.is_some_and(|l| l.supported == li) {
                        "▶ facts"
                    } else {
                        ""
                    },
                })
                .collect(),
            note: a.note.clone(),
            lowered: lowered.map(|l| {
                format!(
                    "{}. The next step starts from {}, as check would have it.",
                    lowered_sentence(r, l),
                    r.levels[l.supported].name
                )
            }),
            standing: standing(r, ai, (scorecard, unsure), program),
            tips: tips(r, ai, scorecard),
            rule: rule(r, ai),
            measured: measured(r, ai),
            applied: scorecard.map(|sc| applied(r, ai, sc)),
        }
    }
}

/// The answer's level, from what a program file's facts support where they support less.
fn supported(ai: usize, s: &Scorecard) -> Option<usize> {
    let lowered = s.lowered.iter().find(|l| l.attribute == ai);
    s.levels[ai].map(|l| lowered.map_or(l, |x| x.supported.min(l)))
}

fn standing(
    r: &Rubric,
    ai: usize,
    (scorecard, unsure): (Option<&Scorecard>, bool),
    program: Option<ProgramFacts>,
) -> Standing {
    let a = &r.attributes[ai];
    match (scorecard, scorecard.and_then(|s| supported(ai, s))) {
        (Some(_), None) => {
            let mut said = crate::words::no_level(unsure).to_string();
            said[..1].make_ascii_uppercase();
            Standing::Unanswered(format!(
                "{said} in this assessment: it does not count toward the score."
            ))
        }
        (Some(sc), Some(l)) if l < sc.target => Standing::Next {
            heading: format!(
                "What next: from {} to {}",
                r.levels[l].name,
                r.levels[l + 1].name
            ),
            description: a.descriptions[l + 1].clone(),
            in_file: program.and_then(|p| p.in_file(&a.id, l + 1)),
        },
        (Some(sc), Some(_)) => Standing::AtTarget(format!(
            "At or above the target level, {}.",
            r.levels[sc.target].name
        )),
        (None, _) => Standing::NoAnswers,
    }
}

/// With an answer below the target: the tips for the one step ahead. Otherwise every step's,
/// each under the level it reaches.
fn tips(r: &Rubric, ai: usize, scorecard: Option<&Scorecard>) -> Vec<TipGroup> {
    let current = scorecard.and_then(|s| supported(ai, s));
    let steps: Vec<usize> = match (scorecard, current) {
        (Some(sc), Some(l)) if l < sc.target => vec![l + 1],
        _ => (1..r.levels.len()).collect(),
    };
    steps
        .into_iter()
        .map(|next| TipGroup {
            reach: current
                .is_none_or(|l| l + 1 != next)
                .then(|| r.levels[next].name.clone()),
            tips: step_tips(r, ai, next).iter().map(tip_line).collect(),
        })
        .collect()
}

/// A tip and where it comes from.
fn tip_line(tip: &TipView) -> String {
    match &tip.source_label {
        Some(src) => format!("{} ({src})", tip.text),
        None => tip.text.clone(),
    }
}

/// The scoring rule, in words, as it applies to this attribute.
fn rule(r: &Rubric, ai: usize) -> String {
    let a = &r.attributes[ai];
    let section = &r.sections[a.section];
    let k = section.attributes.len();
    let s = r.sections.len();
    format!(
        "Levels count by position: {}. This attribute's level is the answer. {} is one of {k} attributes in {}, \
         whose score is the mean of its answered attributes; {} is one of {s} sections, and the overall score is \
         the mean of the section scores, each section weighing the same. With every attribute answered, this \
         attribute weighs 1/{k} of its section and 1/{} ({:.1}%) of the overall score. A score's level is the \
         highest level whose value is at most the score. Unanswered attributes are left out of the means.",
        r.levels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} = {}", l.name, i + 1))
            .collect::<Vec<_>>()
            .join(", "),
        a.name,
        section.name,
        section.name,
        k * s,
        100.0 / (k * s) as f64
    )
}

/// For an attribute measured from a system of record (with the built-in framework's scale): the
/// exact rule the measurement follows.
fn measured(r: &Rubric, ai: usize) -> Option<&'static str> {
    if r.levels.len() != 4 {
        return None;
    }
    match r.attributes[ai].id.as_str() {
        "qualitative-interviews" => Some(crate::check::records::RULE),
        "database-completeness" => Some(crate::evidence::crm::RULE),
        _ => None,
    }
}

/// The rule worked through with these answers: the section's mean, then the overall one.
fn applied(r: &Rubric, ai: usize, sc: &Scorecard) -> Applied {
    let a = &r.attributes[ai];
    let section = &r.sections[a.section];
    let values: Vec<String> = section
        .attributes
        .clone()
        .filter_map(|i| {
            sc.levels[i].map(|l| {
                let v = (l + 1).to_string();
                if i == ai {
                    format!("[{v}]")
                } else {
                    v
                }
            })
        })
        .collect();
    let section_line = match sc.sections[a.section].score {
        Some(score) => format!(
            "{} = ({}) / {} = {} → {} (the highest level whose value ≤ {})",
            section.name,
            values.join(" + "),
            values.len(),
            fmt_score(score.value),
            r.levels[score.level].name,
            fmt_score(score.value)
        ),
        None => format!("{} has no answered attribute, so no score.", section.name),
    };
    let sections: Vec<String> = sc
        .sections
        .iter()
        .filter_map(|x| x.score.map(|v| fmt_score(v.value)))
        .collect();
    let overall = match sc.overall {
        Some(o) => format!(
            "Overall = ({}) / {} = {} → {}",
            sections.join(" + "),
            sections.len(),
            fmt_score(o.value),
            r.levels[o.level].name
        ),
        None => "Overall: nothing answered, so no score.".to_string(),
    };
    Applied {
        section: section_line,
        marked: sc.levels[ai].is_some(),
        overall,
    }
}
