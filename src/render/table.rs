//! The terminal reports: `score` (one table per section, the overall score and coverage, what
//! moved, the team, next steps) and `check` (the verdict first, findings, waivers, scorecard,
//! evidence). Layout only: everything shown comes from the view. Text is wrapped to the console's
//! width with colour codes counted as zero columns, and every table fits that width (60 and up).

use crate::escape;
use crate::rule::Severity;
use crate::style::{level_bar, wrap, Style, Tone};
use crate::view::check::CheckView;
use crate::view::score::ScoreView;
use crate::view::{
    fmt_mean, fmt_score, score_change_label, score_change_sign, Change, LevelRef, ScoreRef,
    COMBINED_LEGEND, DISAGREEMENT_ADVICE, MAX_TEAM_COLUMNS, ROLE_GAP_ADVICE,
};
use comfy_table::{
    presets, Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width,
};
use std::fmt::Write;

/// Narrower than this, a note column is unreadable; notes go under the table.
const MIN_NOTE_WIDTH: usize = 24;

/// Text from the input, safe for a terminal.
fn t(s: &str) -> String {
    escape::terminal(s).into_owned()
}

/// A comfy-table with our look, at the style's width. Colour is in the cells' text (the style
/// paints it, so `--color always` wins over NO_COLOR); the table measures text without it.
pub fn new_table(style: &Style) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .apply_modifier(comfy_table::modifiers::UTF8_ROUND_CORNERS)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width as u16)
        .force_no_tty();
    table
}

/// Header words are never broken: each column not given a width is at least as wide as its
/// header's longest word (to give a long column room, comfy-table would otherwise cut a short
/// one's "Attribute" into "Attrib" and "ute", or stand it one letter a line).
pub fn keep_header_words(table: &mut Table) {
    use unicode_width::UnicodeWidthStr;
    let widths: Vec<usize> = table
        .header()
        .map(|h| {
            h.cell_iter()
                .map(|c| {
                    c.content()
                        .split_whitespace()
                        .map(UnicodeWidthStr::width)
                        .max()
                        .unwrap_or(0)
                })
                .collect()
        })
        .unwrap_or_default();
    for (i, w) in widths.into_iter().enumerate() {
        if let Some(col) = table.column_mut(i) {
            if w > 0 && col.constraint().is_none() {
                col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                    (w + 2) as u16,
                )));
            }
        }
    }
}

/// A level's name in its tone's colour.
pub fn tone_text(style: &Style, tone: Tone, text: &str) -> String {
    style.paint(tone.ansi(), text)
}

/// A level cell: its name, coloured; or "not answered", dim.
fn level_cell(style: &Style, level: Option<&LevelRef>) -> Cell {
    level_cell_or(style, level, "not answered")
}

/// A level cell, or `none` (dim) without a level.
fn level_cell_or(style: &Style, level: Option<&LevelRef>, none: &str) -> Cell {
    match level {
        Some(l) => Cell::new(tone_text(style, l.tone, &t(&l.name))),
        None => Cell::new(style.dim(none)),
    }
}

/// A change between two levels, coloured: ▲ green, ▼ red.
fn change_cell(style: &Style, change: Option<Change>) -> Cell {
    match change {
        None => Cell::new(""),
        Some(c @ Change::Up(_)) => Cell::new(style.green(&c.label())),
        Some(c @ Change::Down(_)) => Cell::new(style.red(&style.bold(&c.label()))),
        Some(Change::Same) => Cell::new(style.dim("=")),
        Some(Change::New) => Cell::new("new"),
        Some(Change::Gone) => Cell::new(style.dim("gone")),
    }
}

fn level_text(style: &Style, l: &LevelRef) -> String {
    style.paint(l.tone.ansi(), &t(&l.name))
}

/// "  (was 2.20, ▲ 0.30)" after a score, when a baseline is given.
fn was(style: &Style, before: &Option<ScoreRef>, change: Option<f64>) -> String {
    match (before, change) {
        (Some(b), Some(d)) => {
            let arrow = score_change_label(d);
            let arrow = match score_change_sign(d) {
                1 => style.green(&arrow),
                -1 => style.red(&arrow),
                _ => arrow,
            };
            style.dim(&format!("  (was {}, ", fmt_score(b.value))) + &arrow + &style.dim(")")
        }
        (Some(b), None) => style.dim(&format!("  (was {})", fmt_score(b.value))),
        (None, _) => style.dim("  (no score before)"),
    }
}

/// The report's first two lines: rubric and organization, then who, when, from where.
fn header(v: &ScoreView, style: &Style) -> String {
    let mut out = String::new();
    let mut title = format!("Persona maturity · {} {}", v.rubric.name, v.rubric.version);
    if let Some(org) = &v.organization {
        title.push_str(&format!(" · {}", escape::one_line(org)));
    }
    let _ = writeln!(
        out,
        "{}",
        style.bold(&wrap(&t(&title), style.width, "", ""))
    );
    let _ = writeln!(
        out,
        "{}",
        style.dim(&wrap(&t(&v.meta.join(" · ")), style.width, "", ""))
    );
    out
}

/// The columns of a section table, chosen once for every section so they line up.
struct Columns {
    /// Fixed widths when they fit the line; `None`: comfy-table arranges (wrapping names).
    fixed: Option<Vec<usize>>,
    bar: bool,
    notes_inline: bool,
}

fn columns(v: &ScoreView, width: usize) -> Columns {
    // Never narrower than its header: "Attribute" whole over names like "X".
    let name_w = v
        .attributes
        .iter()
        .map(|a| a.name.chars().count())
        .max()
        .unwrap_or(10)
        .max("Attribute".len());
    let level_w = v
        .rubric
        .levels
        .iter()
        .map(|l| l.name.chars().count())
        .max()
        .unwrap_or(5)
        .max("not answered".len());
    let n = v.rubric.levels.len();
    // Each column costs its width, 2 of padding and 1 of border; one more border closes the row.
    let cost = |ws: &[usize]| ws.iter().map(|w| w + 3).sum::<usize>() + 1;
    let mut base = vec![name_w, level_w];
    if v.combined() {
        base.push(9);
    }
    if v.baseline.is_some() {
        base.extend([level_w, 6]);
    }
    let with_bar = {
        let mut w = base.clone();
        w.insert(2, n);
        w
    };
    let (fixed, bar) = if cost(&with_bar) <= width {
        (Some(with_bar), true)
    } else if cost(&base) <= width {
        (Some(base), false)
    } else {
        (None, false)
    };
    let notes_inline = match &fixed {
        Some(ws) if v.has_notes => width.saturating_sub(cost(ws)) >= MIN_NOTE_WIDTH + 3,
        _ => false,
    };
    Columns {
        fixed,
        bar,
        notes_inline,
    }
}

/// The `score` report for a terminal.
pub fn score(v: &ScoreView, style: &Style) -> String {
    let mut out = header(v, style);
    let cols = columns(v, style.width);
    for s in &v.sections {
        let mut summary = match &s.score {
            Some(score) => format!(
                "{} · {}",
                fmt_score(score.value),
                level_text(style, &score.level)
            ),
            None => style.dim("no score: nothing answered"),
        };
        if let Some(before) = &s.before {
            summary.push_str(&was(style, before, s.change));
        }
        let line = format!(
            "{}  {}  {}",
            style.bold(&t(&s.name.to_uppercase())),
            summary,
            style.dim(&format!("({} of {} answered)", s.answered, s.total))
        );
        let _ = writeln!(out, "\n{}", wrap(&line, style.width, "", "  "));
        out.push_str(&section_table(v, s, &cols, style));
    }
    out.push_str(&overall(v, style));
    out.push_str(&moved(v, style));
    out.push_str(&team(v, style));
    out.push_str(&by_team(v, style));
    out.push_str(&contradictions(v, style));
    out.push_str(&comments(v, style));
    out.push_str(&next_steps(v, style));
    out
}

/// Answers whose level texts pull against each other: notes to look at, not findings.
fn contradictions(v: &ScoreView, style: &Style) -> String {
    let mut out = String::new();
    if v.contradictions.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "\n{}",
        wrap(
            &format!(
                "{}{}",
                style.bold("Answers that contradict each other"),
                style.dim(
                    " · the level texts tie them together; one of each pair may need another look"
                )
            ),
            style.width,
            "",
            ""
        )
    );
    for c in &v.contradictions {
        let _ = writeln!(
            out,
            "{}",
            wrap(&t(&c.sentence), style.width, "  - ", "    ")
        );
    }
    out
}

/// One section's table of attributes, and its notes when they do not fit in it.
fn section_table(
    v: &ScoreView,
    s: &crate::view::score::SectionView,
    cols: &Columns,
    style: &Style,
) -> String {
    let mut out = String::new();
    let mut table = new_table(style);
    let mut head = vec![
        Cell::new("Attribute"),
        Cell::new(if v.combined() { "Median" } else { "Level" }),
    ];
    if cols.bar {
        head.push(Cell::new(""));
    }
    if v.combined() {
        head.push(Cell::new("Answers"));
    }
    if v.baseline.is_some() {
        head.extend([Cell::new("Before"), Cell::new("Change")]);
    }
    if cols.notes_inline {
        head.push(Cell::new("Note"));
    }
    table.set_header(head);
    if let Some(ws) = &cols.fixed {
        let mut constraints: Vec<ColumnConstraint> = ws
            .iter()
            .map(|w| ColumnConstraint::Absolute(Width::Fixed((w + 2) as u16)))
            .collect();
        if cols.notes_inline {
            let used = ws.iter().map(|w| w + 3).sum::<usize>() + 1;
            let note_w = style.width.saturating_sub(used + 3);
            constraints.push(ColumnConstraint::Absolute(Width::Fixed(
                (note_w + 2) as u16,
            )));
        }
        table.set_constraints(constraints);
    }
    keep_header_words(&mut table);
    for a in &v.attributes[s.attributes.clone()] {
        let mut row = vec![
            Cell::new(t(&a.name)),
            level_cell_or(style, a.level.as_ref(), a.no_level()),
        ];
        if cols.bar {
            let bar = level_bar(a.level.as_ref().map(|l| l.index), v.rubric.levels.len());
            row.push(Cell::new(bar).set_alignment(CellAlignment::Left));
        }
        if let Some(st) = &a.stats {
            let range = match (&st.min, &st.max) {
                (Some(lo), Some(hi)) if lo == hi => {
                    format!("{}, {} ({})", st.n, lo.value, fmt_mean(st.mean))
                }
                (Some(lo), Some(hi)) => format!(
                    "{}, {}–{} ({})",
                    st.n,
                    lo.value,
                    hi.value,
                    fmt_mean(st.mean)
                ),
                _ => "0".to_string(),
            };
            row.push(if st.disagreement {
                Cell::new(style.yellow(&style.bold(&format!("{range} !"))))
            } else {
                Cell::new(range)
            });
        }
        if let Some(before) = &a.before {
            row.push(level_cell(style, before.as_ref()));
            row.push(change_cell(style, a.change));
        }
        if cols.notes_inline {
            row.push(Cell::new(a.note.as_deref().map(t).unwrap_or_default()));
        }
        table.add_row(row);
    }
    let _ = writeln!(out, "{table}");
    if v.has_notes && !cols.notes_inline {
        for a in &v.attributes[s.attributes.clone()] {
            if let Some(note) = &a.note {
                let text = format!("Note on {}: {}", t(&a.name), t(note));
                let _ = writeln!(
                    out,
                    "{}",
                    style.dim(&wrap(&text, style.width, "  ", "    "))
                );
            }
        }
    }
    out
}

/// The overall score, the coverage and, for a combined report, the legend.
fn overall(v: &ScoreView, style: &Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out);
    let n = v.rubric.levels.len();
    let overall = match &v.overall {
        Some(o) => format!(
            "{} {}  {}  {}",
            style.bold("Overall"),
            style.bold(&fmt_score(o.value)),
            style.paint(o.level.tone.ansi(), &style.bold(&t(&o.level.name))),
            level_bar(Some(o.level.index), n)
        ),
        None => format!("{}  no score: nothing answered", style.bold("Overall")),
    };
    let overall = match &v.baseline {
        Some(b) => format!("{overall}{}", was(style, &b.overall, b.overall_change)),
        None => overall,
    };
    let _ = writeln!(out, "{}", wrap(&overall, style.width, "", "  "));
    let _ = writeln!(
        out,
        "Coverage {} of {} attributes answered ({:.0}%)",
        v.answered,
        v.total,
        v.coverage_pct()
    );
    if v.combined() {
        let _ = writeln!(
            out,
            "{}",
            style.dim(&wrap(COMBINED_LEGEND, style.width, "", ""))
        );
    }
    out
}

/// The "what moved" block: regressions first.
fn moved(v: &ScoreView, style: &Style) -> String {
    let Some(b) = &v.baseline else {
        return String::new();
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{}",
        style.bold(&wrap(
            &format!("What moved since {}", t(&b.shown_source)),
            style.width,
            "",
            "  "
        ))
    );
    if b.moved.is_empty() {
        let _ = writeln!(out, "Nothing: every attribute is where it was.");
        return out;
    }
    for m in &b.moved {
        let name = |l: &Option<LevelRef>| match l {
            Some(l) => level_text(style, l),
            None => style.dim("not answered"),
        };
        let mark = match m.change {
            c @ Change::Down(_) => style.red(&c.label()),
            c @ Change::Up(_) => style.green(&c.label()),
            _ => "·".to_string(),
        };
        let line = format!(
            "{mark} {} · {} → {}",
            style.bold(&t(&m.name)),
            name(&m.from),
            name(&m.to)
        );
        let _ = writeln!(out, "{}", wrap(&line, style.width, "  ", "    "));
    }
    out
}

/// Each team's median per attribute, the largest teams as columns: the pivot table a team lead
/// would otherwise build by hand.
fn by_team(v: &ScoreView, style: &Style) -> String {
    let teams = v.teams();
    if teams.is_empty() {
        return String::new();
    }
    let shown = &teams[..teams.len().min(MAX_TEAM_COLUMNS)];
    let mut out = String::new();
    let more = if teams.len() > shown.len() {
        format!(
            " · the {} largest of {} teams; --format markdown or csv lists all",
            shown.len(),
            teams.len()
        )
    } else {
        String::new()
    };
    let heading = format!(
        "{}{}",
        style.bold("By team: median level"),
        style.dim(&more)
    );
    let _ = writeln!(out, "\n{}", wrap(&heading, style.width, "", "  "));
    let legend = v
        .rubric
        .levels
        .iter()
        .map(|l| format!("{} {}", l.value, t(&l.name)))
        .collect::<Vec<_>>()
        .join(" · ");
    let _ = writeln!(out, "{}", style.dim(&wrap(&legend, style.width, "", "")));
    let mut table = new_table(style);
    let mut head = vec![
        Cell::new("Attribute"),
        Cell::new(format!(
            "All ({})",
            v.team.as_ref().map_or(0, |t| t.respondents)
        )),
    ];
    head.extend(
        shown
            .iter()
            .map(|(r, n)| Cell::new(format!("{} ({n})", escape::one_line(r)))),
    );
    table.set_header(head);
    keep_header_words(&mut table);
    let number = |l: Option<&LevelRef>| match l {
        Some(l) => Cell::new(tone_text(style, l.tone, &l.value.to_string())),
        None => Cell::new(style.dim("–")),
    };
    for a in &v.attributes {
        let mut row = vec![Cell::new(t(&a.name)), number(a.level.as_ref())];
        row.extend(shown.iter().map(|(r, _)| number(v.team_median(a.index, r))));
        table.add_row(row);
    }
    let _ = writeln!(out, "{table}");
    out
}

/// The respondents' comments and notes, by attribute, each with the team of whoever wrote it.
fn comments(v: &ScoreView, style: &Style) -> String {
    let Some(team) = v.team.as_ref().filter(|t| !t.comments.is_empty()) else {
        return String::new();
    };
    let width = style.width;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{}",
        style.bold(&format!("Comments ({})", team.comments.len()))
    );
    for (list, more) in team.comment_groups() {
        let heading = match &list[0].attribute_name {
            Some(n) => t(n),
            None => "On the whole questionnaire".to_string(),
        };
        let _ = writeln!(out, "{}", style.bold(&heading));
        for c in list {
            let who = c.role.as_deref().map_or("no team".to_string(), t);
            let text = t(&c.text).replace('\n', " / ");
            let line = format!("- {}: {text}", style.dim(&who));
            let _ = writeln!(out, "{}", wrap(&line, width, "  ", "    "));
        }
        if more > 0 {
            let line = format!("… and {more} more (--format json or csv lists them all)");
            let _ = writeln!(out, "{}", style.dim(&wrap(&line, width, "  ", "    ")));
        }
    }
    out
}

/// The team blocks of a combined report: disagreements, then role gaps.
fn team(v: &ScoreView, style: &Style) -> String {
    let Some(team) = &v.team else {
        return String::new();
    };
    let width = style.width;
    let mut out = String::new();
    if !team.disagreements.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.bold(&format!(
                "Where the team disagrees ({})",
                team.disagreements.len()
            ))
        );
        let _ = writeln!(out, "{}", wrap(DISAGREEMENT_ADVICE, width, "", ""));
        for &i in &team.disagreements {
            let a = &v.attributes[i];
            let counts = a
                .stats
                .as_ref()
                .map(|s| s.counts_label.clone())
                .unwrap_or_default();
            let line = format!(
                "{} {}: {}",
                style.yellow("!"),
                style.bold(&t(&a.name)),
                t(&counts)
            );
            let _ = writeln!(out, "{}", wrap(&line, width, "  ", "    "));
        }
    }
    if !team.role_gaps.is_empty() {
        const SHOWN: usize = 5;
        let total = team.role_gaps.len();
        let more = if total > SHOWN {
            style.dim(&format!(
                " · top {SHOWN} of {total}; --format json lists all"
            ))
        } else {
            String::new()
        };
        let heading = format!("{}{more}", style.bold("Where roles see it differently"));
        let _ = writeln!(out, "\n{}", wrap(&heading, width, "", ""));
        let _ = writeln!(out, "{}", wrap(ROLE_GAP_ADVICE, width, "", ""));
        for g in team.role_gaps.iter().take(SHOWN) {
            let _ = writeln!(
                out,
                "{}",
                wrap(&format!("- {}", t(&g.sentence)), width, "  ", "    ")
            );
        }
    }
    if team.too_many_roles {
        let _ = writeln!(
            out,
            "\n{}",
            style.dim(&wrap(
                &format!(
                    "Respondents name more than {} roles, so roles are not compared.",
                    crate::combine::MAX_ROLES
                ),
                width,
                "",
                ""
            ))
        );
    }
    out
}

/// The next-steps block.
pub fn next_steps(v: &ScoreView, style: &Style) -> String {
    let width = style.width;
    let mut out = String::new();
    let target = t(&v.target.name);
    if v.next_steps.is_empty() {
        if v.answered > 0 {
            let _ = writeln!(out, "\nEvery answered attribute is at or above {target}.");
        }
    } else {
        let total = v.next_steps.len();
        let shown = v.top.unwrap_or(total).min(total);
        let more = if shown < total {
            format!(" · top {shown} of {total}; --top {total} shows all")
        } else {
            String::new()
        };
        let heading = format!(
            "{}{}",
            style.bold(&format!("Next steps toward {target}")),
            style.dim(&more)
        );
        let _ = writeln!(out, "\n{}", wrap(&heading, width, "", ""));
        if let Some(order) = v.order_line() {
            let _ = writeln!(out, "{}", style.dim(&wrap(&t(&order), width, "", "")));
        }
        for (k, step) in v.next_steps.iter().take(shown).enumerate() {
            let levels_to_go = crate::words::count(step.gap, "level to go", "levels to go");
            let head = format!(
                "{:>2}. {} · {} · {} → {} ({})",
                k + 1,
                style.bold(&t(&step.name)),
                t(step
                    .stage
                    .as_ref()
                    .map_or(&step.section_name, |(_, name)| name)),
                level_text(style, &step.current),
                level_text(style, &step.next),
                levels_to_go
            );
            let _ = writeln!(out, "\n{}", wrap(&head, width, "", "    "));
            let _ = writeln!(
                out,
                "{}",
                wrap(
                    &format!(
                        "{} looks like: {}",
                        t(&step.next.name),
                        t(&step.description)
                    ),
                    width,
                    "    ",
                    "    "
                )
            );
            if let Some(note) = &step.note {
                let _ = writeln!(
                    out,
                    "{}",
                    style.dim(&wrap(&format!("Note: {}", t(note)), width, "    ", "    "))
                );
            }
            if let Some(why) = &step.from_facts {
                let _ = writeln!(
                    out,
                    "{}",
                    wrap(
                        &format!("{} {}", style.yellow("From the file's facts:"), t(why)),
                        width,
                        "    ",
                        "    "
                    )
                );
            }
            for tip in &step.tips {
                let src = tip
                    .source_label
                    .as_deref()
                    .map(|s| format!(" ({})", t(s)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{}",
                    wrap(
                        &format!("Tip: {}{src}", t(&tip.text)),
                        width,
                        "    ",
                        "         "
                    )
                );
            }
            if let Some(e) = &step.in_file {
                let _ = writeln!(
                    out,
                    "{}",
                    wrap(
                        &format!("In the program file: {}", t(e)),
                        width,
                        "    ",
                        "    "
                    )
                );
            }
        }
    }
    if !v.unanswered.is_empty() {
        let names: Vec<String> = v
            .unanswered
            .iter()
            .map(|&i| t(&v.attributes[i].name))
            .collect();
        let line = format!(
            "{} ({}): {}.",
            style.yellow("Answer these to complete the assessment"),
            names.len(),
            names.join(", ")
        );
        let _ = writeln!(out, "\n{}", wrap(&line, width, "", "  "));
    }
    out
}

/// The `check` report for a terminal: the verdict first, then findings by severity, waived
/// findings, the scorecard and the evidence table.
pub fn check(v: &CheckView, style: &Style) -> String {
    let width = style.width;
    let mut out = String::new();
    let badge = if v.passed {
        style.green(&style.bold("PASS"))
    } else {
        style.red(&style.bold("FAIL"))
    };
    let first = format!("{badge} {} · {}", t(&v.file), v.headline);
    let _ = writeln!(out, "{}", wrap(&first, width, "", "  "));
    for (sev, title) in [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Info, "Info"),
    ] {
        let list: Vec<_> = v.of(sev).collect();
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
                Severity::Info => style.dim("i"),
            };
            let at = f.line.map(|l| format!(" (line {l})")).unwrap_or_default();
            let head = format!(
                "{mark} {} · {}{}",
                style.bold(&f.rule),
                t(&f.subject),
                style.dim(&at)
            );
            let _ = writeln!(out, "{}", wrap(&head, width, "", "    "));
            let _ = writeln!(out, "{}", wrap(&t(&f.message), width, "    ", "    "));
            let _ = writeln!(
                out,
                "{}",
                style.dim(&wrap(
                    &format!("→ {}", t(&f.remediation)),
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
                .map(|o| format!(", {}", t(o)))
                .unwrap_or_default();
            let line = format!(
                "- {} · {}: {} (until {}{owner})",
                w.finding.rule,
                t(&w.finding.subject),
                t(&w.reason),
                w.expires
            );
            let _ = writeln!(out, "{}", wrap(&line, width, "", "  "));
        }
    }
    out.push_str(&check_scorecard(v, style));
    out
}

/// A check's scorecard, then its evidence table when the file has facts to weigh the claims.
fn check_scorecard(v: &CheckView, style: &Style) -> String {
    let width = style.width;
    let mut out = String::new();
    let s = &v.score;
    let _ = writeln!(out, "\n{}", style.bold("Scorecard"));
    let mut table = new_table(style);
    table.set_header(vec!["", "Score", "Level", "Answered"]);
    keep_header_words(&mut table);
    let score_cells = |x: &Option<ScoreRef>, bold: bool| {
        let b = |s: String| if bold { style.bold(&s) } else { s };
        match x {
            Some(x) => (
                Cell::new(b(fmt_score(x.value))),
                Cell::new(tone_text(style, x.level.tone, &b(t(&x.level.name)))),
            ),
            None => (Cell::new("–"), Cell::new("no score")),
        }
    };
    for sec in &s.sections {
        let (score, level) = score_cells(&sec.score, false);
        table.add_row(vec![
            Cell::new(t(&sec.name)),
            score,
            level,
            Cell::new(format!("{} of {}", sec.answered, sec.total)),
        ]);
    }
    let (score, level) = score_cells(&s.overall, true);
    table.add_row(vec![
        Cell::new(style.bold("Overall")),
        score,
        level,
        Cell::new(format!("{} of {}", s.answered, s.total)),
    ]);
    let _ = writeln!(out, "{table}");
    if !v.evidence.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.bold(&wrap(
                "Evidence: claimed levels against what the file's facts support",
                width,
                "",
                ""
            ))
        );
        let mut table = new_table(style);
        table.set_header(vec!["Attribute", "Claimed", "Evidence", "Basis"]);
        keep_header_words(&mut table);
        for e in &v.evidence {
            let claimed = match &e.claimed {
                Some(c) if e.overclaim => {
                    Cell::new(tone_text(style, c.tone, &style.bold(&t(&c.name))))
                }
                Some(c) => level_cell(style, Some(c)),
                None if e.ceiling => Cell::new("not answered"),
                None => Cell::new("not answered (evidence suggests →)"),
            };
            let evidence = if e.ceiling || e.lowest.is_some() {
                Cell::new(t(&e.label()))
            } else {
                level_cell(style, Some(&e.evidence))
            };
            let basis = match &e.note {
                Some(n) => format!("{}\nNote: {}.", t(&e.basis), t(n)),
                None => t(&e.basis),
            };
            table.add_row(vec![
                Cell::new(t(&e.name)),
                claimed,
                evidence,
                Cell::new(basis),
            ]);
        }
        let _ = writeln!(out, "{table}");
    }
    out
}
