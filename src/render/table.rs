//! The terminal report: one table per section, the overall score and coverage, then next steps.

use super::{fmt_score, respondent_label, tip_source_label, ScoreReport};
use crate::rubric::Rubric;
use crate::style::{level_bar, wrap, Style, Tone};
use comfy_table::{
    presets, Attribute as CellAttr, Cell, CellAlignment, Color, ColumnConstraint,
    ContentArrangement, Table, Width,
};
use std::fmt::Write;

/// Default number of next steps in the table.
pub const DEFAULT_TOP: usize = 5;

/// A comfy-table with our look, at the style's width, coloured only when the style is.
pub fn new_table(style: &Style) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .apply_modifier(comfy_table::modifiers::UTF8_ROUND_CORNERS)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width as u16);
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t
}

/// comfy-table colour for a level.
pub fn level_color(level: usize, levels: usize) -> Color {
    match Tone::of(level, levels) {
        Tone::Top => Color::Green,
        Tone::High => Color::Cyan,
        Tone::Middle => Color::Yellow,
        Tone::Low => Color::Red,
    }
}

/// A level cell: its name, coloured.
pub fn level_cell(rubric: &Rubric, level: Option<usize>) -> Cell {
    match level {
        Some(l) => Cell::new(&rubric.levels[l].name).fg(level_color(l, rubric.levels.len())),
        None => Cell::new("not answered").add_attribute(CellAttr::Dim),
    }
}

/// The report header: rubric, organization, respondent, date, file.
pub fn header(r: &ScoreReport, style: &Style) -> String {
    let mut out = String::new();
    let mut title = format!("Persona maturity · {} {}", r.rubric.name, r.rubric.version);
    if let Some(org) = &r.assessment.organization {
        title.push_str(&format!(" · {org}"));
    }
    let _ = writeln!(out, "{}", style.bold(&title));
    let _ = writeln!(
        out,
        "{}",
        style.dim(&wrap(&meta_line(r).join(" · "), style.width, "", ""))
    );
    out
}

/// Who answered, when, from where, compared with what: the report's second line, in pieces.
pub fn meta_line(r: &ScoreReport) -> Vec<String> {
    let mut meta = Vec::new();
    match r.combined {
        Some(c) => {
            meta.push(format!("combined from {}", super::respondents_label(c)));
            match (c.first_date, c.last_date) {
                (Some(a), Some(b)) if a != b => meta.push(format!("answered {a} to {b}")),
                (Some(a), _) => meta.push(format!("on {a}")),
                _ => {}
            }
            if c.several_organizations {
                meta.push("several organizations".to_string());
            }
        }
        None => {
            if let Some(who) = respondent_label(r.assessment) {
                meta.push(format!("answered by {who}"));
            }
            if let Some(d) = r.assessment.date {
                meta.push(format!("on {d}"));
            }
        }
    }
    meta.push(format!("from {}", r.source));
    if let Some(b) = r.baseline {
        let when = b.date.map(|d| format!(" of {d}")).unwrap_or_default();
        meta.push(format!("compared with {}{when}", b.source));
    }
    meta
}

pub fn render(r: &ScoreReport, style: &Style) -> String {
    let rubric = r.rubric;
    let sc = r.scorecard;
    let n = rubric.levels.len();
    let mut out = header(r, style);
    let has_notes = r.assessment.notes.iter().any(Option::is_some);
    // The same column widths in every section's table, so they line up.
    let name_w = rubric
        .attributes
        .iter()
        .map(|a| a.name.chars().count())
        .max()
        .unwrap_or(10);
    let level_w = rubric
        .levels
        .iter()
        .map(|l| l.name.chars().count())
        .max()
        .unwrap_or(5)
        .max(12);
    let fixed = |w: usize| ColumnConstraint::Absolute(Width::Fixed((w + 2) as u16));

    for s in &sc.sections {
        let section = &rubric.sections[s.section];
        let mut summary = match s.score {
            Some(score) => format!(
                "{} · {}",
                fmt_score(score.value),
                style.level(score.level, n, &rubric.levels[score.level].name)
            ),
            None => style.dim("no score: nothing answered"),
        };
        if let Some(b) = r.baseline {
            summary.push_str(&was(style, b.scorecard.sections[s.section].score, s.score));
        }
        let _ = writeln!(
            out,
            "\n{}  {}  {}",
            style.bold(&section.name.to_uppercase()),
            summary,
            style.dim(&format!("({} of {} answered)", s.answered, s.total))
        );
        let mut t = new_table(style);
        let level_head = if r.combined.is_some() {
            "Median"
        } else {
            "Level"
        };
        // Columns: attribute, level, bar, [answers], [before, change], [note]. The bar goes when
        // the rest would not fit the line.
        let extra = if r.combined.is_some() { 10 + 3 } else { 0 }
            + if r.baseline.is_some() {
                level_w + 2 + 8 + 6
            } else {
                0
            };
        let show_bar = name_w + level_w + n + 6 + 4 + extra + 3 <= style.width;
        let mut head = vec![Cell::new("Attribute"), Cell::new(level_head)];
        let mut widths = vec![fixed(name_w), fixed(level_w)];
        if show_bar {
            head.push(Cell::new(""));
            widths.push(fixed(n));
        }
        if r.combined.is_some() {
            head.push(Cell::new("Answers"));
            widths.push(fixed(9));
        }
        if r.baseline.is_some() {
            head.push(Cell::new("Before"));
            head.push(Cell::new("Change"));
            widths.push(fixed(level_w));
            widths.push(fixed(6));
        }
        // The note takes what is left of the line (widths, their padding and the borders); when
        // that is too narrow to read, notes are listed under the table instead.
        let used: usize = widths
            .iter()
            .map(|w| match w {
                ColumnConstraint::Absolute(Width::Fixed(x)) => *x as usize,
                _ => 0,
            })
            .sum::<usize>()
            + head.len()
            + 2;
        let note_w = style.width.saturating_sub(used + 2);
        let notes_inline = has_notes && note_w >= MIN_NOTE_WIDTH;
        if notes_inline {
            head.push(Cell::new("Note"));
            widths.push(fixed(note_w));
        }
        t.set_header(head);
        t.set_constraints(widths);
        for i in section.attributes.clone() {
            let level = sc.levels[i];
            let mut row = vec![
                Cell::new(&rubric.attributes[i].name),
                level_cell(rubric, level),
            ];
            if show_bar {
                row.push(Cell::new(level_bar(level, n)).set_alignment(CellAlignment::Left));
            }
            if let Some(c) = r.combined {
                let a = &c.attributes[i];
                let range = match (a.min, a.max) {
                    (Some(lo), Some(hi)) if lo == hi => format!("{}, {}", a.n, lo + 1),
                    (Some(lo), Some(hi)) => format!("{}, {}–{}", a.n, lo + 1, hi + 1),
                    _ => "0".to_string(),
                };
                let cell = if c.disagreements.contains(&i) {
                    Cell::new(format!("{range} !"))
                        .fg(Color::Yellow)
                        .add_attribute(CellAttr::Bold)
                } else {
                    Cell::new(range)
                };
                row.push(cell);
            }
            if let Some(b) = r.baseline {
                let before = b.scorecard.levels[i];
                row.push(level_cell(rubric, before));
                row.push(change_cell(before, level));
            }
            if notes_inline {
                row.push(Cell::new(r.assessment.notes[i].as_deref().unwrap_or("")));
            }
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}");
        if has_notes && !notes_inline {
            for i in section.attributes.clone() {
                if let Some(note) = &r.assessment.notes[i] {
                    let text = format!("Note on {}: {note}", rubric.attributes[i].name);
                    let _ = writeln!(
                        out,
                        "{}",
                        style.dim(&wrap(&text, style.width, "  ", "    "))
                    );
                }
            }
        }
    }

    let _ = writeln!(out);
    let overall = match sc.overall {
        Some(o) => format!(
            "{} {}  {}  {}",
            style.bold("Overall"),
            style.bold(&fmt_score(o.value)),
            style.level(o.level, n, &style.bold(&rubric.levels[o.level].name)),
            level_bar(Some(o.level), n)
        ),
        None => format!("{}  no score: nothing answered", style.bold("Overall")),
    };
    let overall = match r.baseline {
        Some(b) => format!("{overall}{}", was(style, b.scorecard.overall, sc.overall)),
        None => overall,
    };
    let _ = writeln!(out, "{overall}");
    let _ = writeln!(
        out,
        "Coverage {} of {} attributes answered ({:.0}%)",
        sc.answered,
        sc.total,
        sc.coverage_pct()
    );

    if r.combined.is_some() {
        let _ = writeln!(
            out,
            "{}",
            style.dim(&wrap(COMBINED_LEGEND, style.width, "", ""))
        );
    }
    out.push_str(&moved(r, style));
    out.push_str(&team(r, style));
    out.push_str(&next_steps(r, style));
    out
}

/// Narrower than this, a note column is unreadable; notes go under the table.
const MIN_NOTE_WIDTH: usize = 24;

/// What the columns of a combined report mean.
const COMBINED_LEGEND: &str = "Median: the middle answer (of two middle answers, the lower). \
Answers: how many gave a level, then the lowest–highest level given (1 = lowest); ! marks answers \
two or more levels apart.";

/// "  (was 2.20, ▲ 0.30)" after a score, when a baseline is given.
fn was(
    style: &Style,
    before: Option<crate::score::Score>,
    after: Option<crate::score::Score>,
) -> String {
    match (before, super::score_delta(before, after)) {
        (Some(b), Some(d)) => {
            let arrow = super::score_change_arrow(d);
            let arrow = if d > 0.005 {
                style.green(&arrow)
            } else if d < -0.005 {
                style.red(&arrow)
            } else {
                arrow
            };
            style.dim(&format!("  (was {}, ", fmt_score(b.value))) + &arrow + &style.dim(")")
        }
        (Some(b), None) => style.dim(&format!("  (was {})", fmt_score(b.value))),
        (None, _) => style.dim("  (no score before)"),
    }
}

/// A change between two levels, coloured: ▲ green, ▼ red.
fn change_cell(before: Option<usize>, after: Option<usize>) -> Cell {
    match (before, after) {
        (Some(b), Some(a)) => {
            let change = a as i64 - b as i64;
            let cell = Cell::new(super::change_arrow(change));
            match change.signum() {
                1 => cell.fg(Color::Green),
                -1 => cell.fg(Color::Red).add_attribute(CellAttr::Bold),
                _ => cell.add_attribute(CellAttr::Dim),
            }
        }
        (None, Some(_)) => Cell::new("new"),
        (Some(_), None) => Cell::new("gone").add_attribute(CellAttr::Dim),
        (None, None) => Cell::new(""),
    }
}

/// The "what moved" block: regressions first.
fn moved(r: &ScoreReport, style: &Style) -> String {
    let Some(b) = r.baseline else {
        return String::new();
    };
    let rubric = r.rubric;
    let n = rubric.levels.len();
    let mut out = String::new();
    let moves = r.moves();
    let _ = writeln!(
        out,
        "\n{}",
        style.bold(&format!("What moved since {}", b.source))
    );
    if moves.is_empty() {
        let _ = writeln!(out, "Nothing: every attribute is where it was.");
        return out;
    }
    for m in &moves {
        let a = &rubric.attributes[m.attribute];
        let name = |l: Option<usize>| match l {
            Some(l) => style.level(l, n, &rubric.levels[l].name),
            None => style.dim("not answered"),
        };
        let mark = match m.change() {
            Some(c) if c < 0 => style.red(&super::change_arrow(c)),
            Some(c) => style.green(&super::change_arrow(c)),
            None => "·".to_string(),
        };
        let _ = writeln!(
            out,
            "  {mark} {} · {} → {}",
            style.bold(&a.name),
            name(m.from),
            name(m.to)
        );
    }
    out
}

/// The team blocks of a combined report: disagreements, then role gaps.
fn team(r: &ScoreReport, style: &Style) -> String {
    let Some(c) = r.combined else {
        return String::new();
    };
    let rubric = r.rubric;
    let width = style.width;
    let mut out = String::new();
    if !c.disagreements.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.bold(&format!(
                "Where the team disagrees ({})",
                c.disagreements.len()
            ))
        );
        let _ = writeln!(out, "{}", wrap(super::DISAGREEMENT_ADVICE, width, "", ""));
        for &i in &c.disagreements {
            let _ = writeln!(
                out,
                "{}",
                wrap(
                    &format!(
                        "{} {}: {}",
                        style.yellow("!"),
                        style.bold(&rubric.attributes[i].name),
                        super::counts_label(rubric, &c.attributes[i].counts)
                    ),
                    width + if style.color { 20 } else { 0 },
                    "  ",
                    "    "
                )
            );
        }
    }
    if !c.role_gaps.is_empty() {
        const SHOWN: usize = 5;
        let total = c.role_gaps.len();
        let more = if total > SHOWN {
            style.dim(&format!(
                " · top {SHOWN} of {total}; --format json lists all"
            ))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "\n{}{more}",
            style.bold("Where roles see it differently")
        );
        let _ = writeln!(out, "{}", wrap(super::ROLE_GAP_ADVICE, width, "", ""));
        for g in c.role_gaps.iter().take(SHOWN) {
            let _ = writeln!(
                out,
                "{}",
                wrap(
                    &format!("- {}", super::role_gap_sentence(rubric, g)),
                    width,
                    "  ",
                    "    "
                )
            );
        }
    }
    out
}

/// The next-steps block (also used by the questionnaire's closing report).
pub fn next_steps(r: &ScoreReport, style: &Style) -> String {
    let rubric = r.rubric;
    let sc = r.scorecard;
    let n = rubric.levels.len();
    let width = style.width;
    let mut out = String::new();
    let target = &rubric.levels[sc.target].name;
    if sc.next_steps.is_empty() {
        if sc.answered > 0 {
            let _ = writeln!(out, "\nEvery answered attribute is at or above {target}.");
        }
    } else {
        let total = sc.next_steps.len();
        let shown = r.top.unwrap_or(total).min(total);
        let more = if shown < total {
            format!(" · top {shown} of {total}; --top {total} shows all")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "\n{}{}",
            style.bold(&format!("Next steps toward {target}")),
            style.dim(&more)
        );
        for (k, step) in sc.next_steps.iter().take(shown).enumerate() {
            let a = &rubric.attributes[step.attribute];
            let section = &rubric.sections[a.section].name;
            let levels_to_go = crate::words::count(step.gap, "level to go", "levels to go");
            let _ = writeln!(
                out,
                "\n{:>2}. {} · {} · {} → {} ({})",
                k + 1,
                style.bold(&a.name),
                section,
                style.level(step.current, n, &rubric.levels[step.current].name),
                style.level(step.next, n, &rubric.levels[step.next].name),
                levels_to_go
            );
            let next_name = &rubric.levels[step.next].name;
            let _ = writeln!(
                out,
                "{}",
                wrap(
                    &format!("{next_name} looks like: {}", a.descriptions[step.next]),
                    width,
                    "    ",
                    "    "
                )
            );
            if let Some(note) = &a.note {
                let _ = writeln!(
                    out,
                    "{}",
                    style.dim(&wrap(&format!("Note: {note}"), width, "    ", "    "))
                );
            }
            for tip in &a.tips {
                let src = tip_source_label(rubric, tip.source.as_deref())
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{}",
                    wrap(
                        &format!("Tip: {}{src}", tip.text),
                        width,
                        "    ",
                        "         "
                    )
                );
            }
        }
    }
    if !sc.unanswered.is_empty() {
        let names: Vec<&str> = sc
            .unanswered
            .iter()
            .map(|&i| rubric.attributes[i].name.as_str())
            .collect();
        let _ = writeln!(
            out,
            "\n{}",
            wrap(
                &format!(
                    "{} ({}): {}.",
                    style.yellow("Answer these to complete the assessment"),
                    names.len(),
                    names.join(", ")
                ),
                width + if style.color { 9 } else { 0 },
                "",
                "  "
            )
        );
    }
    out
}

/// The human `check` report: verdict first, then findings by severity, waivers, the scorecard
/// summary and the evidence table.
pub fn verdict(r: &super::verdict::CheckReport, style: &Style) -> String {
    use crate::check::Severity;
    let v = r.verdict;
    let rubric = r.rubric;
    let n = rubric.levels.len();
    let width = style.width;
    let mut out = String::new();
    let badge = if v.passed {
        style.green(&style.bold("PASS"))
    } else {
        style.red(&style.bold("FAIL"))
    };
    let _ = writeln!(
        out,
        "{badge} {} · {}",
        r.source.name,
        super::verdict::headline(v)
    );
    for (sev, title) in [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Info, "Info"),
    ] {
        let list = super::verdict::of(v, sev);
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "\n{}",
            style.bold(&format!("{title} ({})", list.len()))
        );
        for f in list {
            let mark = match sev {
                Severity::Error => style.red("✗"),
                Severity::Warning => style.yellow("!"),
                _ => style.dim("i"),
            };
            let _ = writeln!(out, "{mark} {} · {}", style.bold(f.rule.id()), f.subject);
            let _ = writeln!(out, "{}", wrap(&f.message, width, "    ", "    "));
            let _ = writeln!(
                out,
                "{}",
                style.dim(&wrap(
                    &format!("→ {}", f.remediation),
                    width,
                    "    ",
                    "      "
                ))
            );
        }
    }
    if !v.waived.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.bold(&format!("Waived ({})", v.waived.len()))
        );
        for w in &v.waived {
            let owner = w
                .owner
                .as_deref()
                .map(|o| format!(", {o}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "{}",
                wrap(
                    &format!(
                        "- {} · {}: {} (until {}{owner})",
                        w.finding.rule.id(),
                        w.finding.subject,
                        w.reason,
                        w.expires
                    ),
                    width,
                    "",
                    "  "
                )
            );
        }
    }

    let sc = &v.scorecard;
    let _ = writeln!(out, "\n{}", style.bold("Scorecard"));
    let mut t = new_table(style);
    t.set_header(vec!["", "Score", "Level", "Answered"]);
    for s in &sc.sections {
        let (score, level) = match s.score {
            Some(x) => (fmt_score(x.value), level_cell(rubric, Some(x.level))),
            None => ("–".to_string(), Cell::new("no score")),
        };
        t.add_row(vec![
            Cell::new(&rubric.sections[s.section].name),
            Cell::new(score),
            level,
            Cell::new(format!("{} of {}", s.answered, s.total)),
        ]);
    }
    let (score, level) = match sc.overall {
        Some(x) => (fmt_score(x.value), level_cell(rubric, Some(x.level))),
        None => ("–".to_string(), Cell::new("no score")),
    };
    t.add_row(vec![
        Cell::new("Overall").add_attribute(CellAttr::Bold),
        Cell::new(score).add_attribute(CellAttr::Bold),
        level.add_attribute(CellAttr::Bold),
        Cell::new(format!("{} of {}", sc.answered, sc.total)),
    ]);
    let _ = writeln!(out, "{t}");

    if !v.evidence.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.bold("Evidence: claimed levels against what the file's facts support")
        );
        let mut t = new_table(style);
        t.set_header(vec!["Attribute", "Claimed", "Evidence", "Basis"]);
        for e in &v.evidence {
            let claimed = match e.claimed {
                Some(c) if c > e.evidence => {
                    level_cell(rubric, Some(c)).add_attribute(CellAttr::Bold)
                }
                Some(c) => level_cell(rubric, Some(c)),
                None => Cell::new("not answered (evidence suggests →)"),
            };
            t.add_row(vec![
                Cell::new(&rubric.attributes[e.attribute].name),
                claimed,
                Cell::new(&rubric.levels[e.evidence].name).fg(level_color(e.evidence, n)),
                Cell::new(&e.basis),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    out
}
