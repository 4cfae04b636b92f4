//! `explain ATTRIBUTE [ANSWERS]`: every level of one attribute, where the answers put it, what the
//! next level asks for, and the scoring rule applied to it step by step.

use super::table::{new_table, tone_text};
use crate::rubric::Rubric;
use crate::score::Scorecard;
use crate::style::Tone;
use crate::style::{wrap, Style};
use crate::view::fmt_score;
use crate::view::score::{step_tips, TipView};
use comfy_table::Cell;
use std::fmt::Write;

/// Text from a rubric file, safe for a terminal.
fn t(s: &str) -> String {
    crate::escape::terminal(s).into_owned()
}

/// Render the explanation for attribute `ai`; with a scorecard, also where the answers stand
/// (`unsure`: the one respondent said "not sure").
pub fn render(
    rubric: &Rubric,
    ai: usize,
    scorecard: Option<&Scorecard>,
    unsure: bool,
    program: Option<crate::view::score::ProgramFacts>,
    style: &Style,
) -> String {
    let a = &rubric.attributes[ai];
    let section = &rubric.sections[a.section];
    let n = rubric.levels.len();
    let width = style.width;
    let current = scorecard.and_then(|s| s.levels[ai]);
    // A program file's facts may support less than the answer: the next step starts there.
    let lowered = scorecard.and_then(|s| s.lowered.iter().find(|l| l.attribute == ai));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        style.bold(&t(&a.name)),
        style.dim(&t(&format!("({}) · {}", a.id, section.name)))
    );
    if let Some(q) = &a.question {
        let _ = writeln!(out, "{}", wrap(&t(q), width, "", ""));
    }
    if let Some(g) = a.stage {
        let stage = &rubric.stages[g];
        let line = match &stage.why {
            Some(why) => format!(
                "Stage {} of {}, {}: {why}",
                g + 1,
                rubric.stages.len(),
                stage.name.to_lowercase()
            ),
            None => format!(
                "Stage {} of {}, {}.",
                g + 1,
                rubric.stages.len(),
                stage.name.to_lowercase()
            ),
        };
        let _ = writeln!(out, "{}", style.dim(&wrap(&t(&line), width, "", "")));
    }

    let mut table = new_table(style);
    table.set_header(vec!["", "Level", "Description"]);
    crate::render::table::keep_header_words(&mut table);
    for (li, d) in a.descriptions.iter().enumerate() {
        let marker = if current == Some(li) {
            "▶ you"
        } else if lowered.is_some_and(|l| l.supported == li) {
            "▶ facts"
        } else {
            ""
        };
        table.add_row(vec![
            Cell::new(marker),
            Cell::new(tone_text(
                style,
                Tone::of(li, n),
                &t(&format!("{} {}", li + 1, rubric.levels[li].name)),
            )),
            Cell::new(t(d)),
        ]);
    }
    let _ = writeln!(out, "{table}");
    if let Some(note) = &a.note {
        let _ = writeln!(
            out,
            "{}",
            wrap(&t(&format!("Note: {note}")), width, "", "  ")
        );
    }

    if let Some(l) = lowered {
        let line = format!(
            "{}. The next step starts from {}, as check would have it.",
            crate::view::score::lowered_sentence(rubric, l),
            rubric.levels[l.supported].name
        );
        let _ = writeln!(out, "\n{}", wrap(&t(&line), width, "", ""));
    }
    what_next(&mut out, rubric, ai, (scorecard, unsure), program, style);
    how_it_counts(&mut out, rubric, ai, style);
    measured(&mut out, rubric, ai, style);
    if let Some(sc) = scorecard {
        applied(&mut out, rubric, ai, sc, style);
    }
    out
}

/// Where the answer stands against the target, and the attribute's tips.
fn what_next(
    out: &mut String,
    rubric: &Rubric,
    ai: usize,
    (scorecard, unsure): (Option<&Scorecard>, bool),
    program: Option<crate::view::score::ProgramFacts>,
    style: &Style,
) {
    let a = &rubric.attributes[ai];
    let width = style.width;
    let current = scorecard.and_then(|s| {
        let supported = s.lowered.iter().find(|l| l.attribute == ai);
        s.levels[ai].map(|l| supported.map_or(l, |x| x.supported.min(l)))
    });
    match (scorecard, current) {
        (Some(_), None) => {
            let mut said = crate::words::no_level(unsure).to_string();
            said[..1].make_ascii_uppercase();
            let _ = writeln!(
                out,
                "\n{said} in this assessment: it does not count toward the score."
            );
        }
        (Some(sc), Some(l)) if l < sc.target => {
            let _ = writeln!(
                out,
                "\n{}",
                style.bold(&format!(
                    "What next: from {} to {}",
                    rubric.levels[l].name,
                    rubric.levels[l + 1].name
                ))
            );
            let _ = writeln!(
                out,
                "{}",
                wrap(&t(&a.descriptions[l + 1]), width, "  ", "  ")
            );
            if let Some(e) = program.and_then(|p| p.in_file(&a.id, l + 1)) {
                let _ = writeln!(
                    out,
                    "{}",
                    wrap(&t(&format!("In the program file: {e}")), width, "  ", "  ")
                );
            }
        }
        (Some(sc), Some(_)) => {
            let _ = writeln!(
                out,
                "\nAt or above the target level, {}.",
                rubric.levels[sc.target].name
            );
        }
        (None, _) => {}
    }
    // With an answer below the target: the tips for the one step ahead. Otherwise every
    // step's, each under the level it reaches.
    let steps: Vec<usize> = match (scorecard, current) {
        (Some(sc), Some(l)) if l < sc.target => vec![l + 1],
        _ => (1..rubric.levels.len()).collect(),
    };
    let _ = writeln!(out, "\n{}", style.bold("Tips"));
    for next in steps {
        let tips = step_tips(rubric, ai, next);
        let indent = if current.is_some_and(|l| l + 1 == next) {
            ""
        } else {
            let _ = writeln!(out, "To reach {}:", rubric.levels[next].name);
            "  "
        };
        for tip in tips {
            let _ = writeln!(
                out,
                "{}",
                wrap(
                    &t(&tip_line(&tip)),
                    width,
                    &format!("{indent}- "),
                    &format!("{indent}  ")
                )
            );
        }
    }
}

/// A tip and where it comes from.
fn tip_line(tip: &TipView) -> String {
    match &tip.source_label {
        Some(src) => format!("{} ({src})", tip.text),
        None => tip.text.clone(),
    }
}

/// The scoring rule, in words, as it applies to this attribute.
fn how_it_counts(out: &mut String, rubric: &Rubric, ai: usize, style: &Style) {
    let a = &rubric.attributes[ai];
    let section = &rubric.sections[a.section];
    let width = style.width;
    let _ = writeln!(out, "\n{}", style.bold("How it counts"));
    let k = section.attributes.len();
    let s = rubric.sections.len();
    let rule = format!(
        "Levels count by position: {}. This attribute's level is the answer. {} is one of {k} attributes in {}, \
         whose score is the mean of its answered attributes; {} is one of {s} sections, and the overall score is \
         the mean of the section scores, each section weighing the same. With every attribute answered, this \
         attribute weighs 1/{k} of its section and 1/{} ({:.1}%) of the overall score. A score's level is the \
         highest level whose value is at most the score. Unanswered attributes are left out of the means.",
        rubric
            .levels
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
    );
    let _ = writeln!(out, "{}", wrap(&rule, width, "", ""));
}

/// For an attribute measured from a system of record (with the built-in framework's scale): the
/// exact rule the measurement follows.
fn measured(out: &mut String, rubric: &Rubric, ai: usize, style: &Style) {
    if rubric.levels.len() != 4 {
        return;
    }
    let rule = match rubric.attributes[ai].id.as_str() {
        "qualitative-interviews" => crate::check::records::RULE,
        "database-completeness" => crate::evidence::crm::RULE,
        _ => return,
    };
    let _ = writeln!(out, "\n{}", style.bold("How the evidence is measured"));
    let _ = writeln!(out, "{}", wrap(rule, style.width, "", ""));
}

/// The rule worked through with these answers: the section's mean, then the overall one.
fn applied(out: &mut String, rubric: &Rubric, ai: usize, sc: &Scorecard, style: &Style) {
    let a = &rubric.attributes[ai];
    let section = &rubric.sections[a.section];
    let width = style.width;
    let current = sc.levels[ai];
    let _ = writeln!(out, "\n{}", style.bold("Applied to these answers"));
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
    let ss = &sc.sections[a.section];
    let line = match ss.score {
        Some(score) => format!(
            "{} = ({}) / {} = {} → {} (the highest level whose value ≤ {})",
            section.name,
            values.join(" + "),
            values.len(),
            fmt_score(score.value),
            rubric.levels[score.level].name,
            fmt_score(score.value)
        ),
        None => format!("{} has no answered attribute, so no score.", section.name),
    };
    let _ = writeln!(out, "{}", wrap(&line, width, "  ", "    "));
    if current.is_some() {
        let _ = writeln!(
            out,
            "{}",
            wrap("[ ] marks this attribute.", width, "  ", "  ")
        );
    }
    let sections: Vec<String> = sc
        .sections
        .iter()
        .filter_map(|x| x.score.map(|v| fmt_score(v.value)))
        .collect();
    let line = match sc.overall {
        Some(o) => format!(
            "Overall = ({}) / {} = {} → {}",
            sections.join(" + "),
            sections.len(),
            fmt_score(o.value),
            rubric.levels[o.level].name
        ),
        None => "Overall: nothing answered, so no score.".to_string(),
    };
    let _ = writeln!(out, "{}", wrap(&line, width, "  ", "    "));
}
