//! Markdown (GitHub-flavoured) for a wiki page, a pull-request comment or a step summary. Layout
//! only, from the views; every text from the input is escaped for Markdown ([`escape::markdown`]),
//! and numbered lists keep their items' continuation lines indented to the item's text, so a list
//! of any length stays one list.

use crate::escape;
use crate::rule::Severity;
use crate::view::check::CheckView;
use crate::view::score::{ScoreView, SectionView};
use crate::view::{fmt_score, score_change_label, Change, LevelRef, ScoreRef};
use crate::view::{DISAGREEMENT_ADVICE, ROLE_GAP_ADVICE};
use std::fmt::Write;

fn md(s: &str) -> String {
    escape::markdown(s)
}

/// The tool's own sentences, which mark ids and key names with backticks (`covers`): those as
/// code spans, the rest escaped; for a table cell, `|` inside a code span escaped too. Text with
/// an unpaired backtick is escaped whole.
fn prose(s: &str, cell: bool) -> String {
    if !s.matches('`').count().is_multiple_of(2) {
        return md(s);
    }
    s.split('`')
        .enumerate()
        .map(|(k, part)| match k % 2 {
            0 => md(part),
            _ if cell => escape::markdown_code(part).replace('|', "\\|"),
            _ => escape::markdown_code(part),
        })
        .collect()
}

/// A level's name, or "not answered" in italics.
fn level_name(l: Option<&LevelRef>) -> String {
    level_name_or(l, "not answered")
}

/// A level's name, or `none` in italics.
fn level_name_or(l: Option<&LevelRef>, none: &str) -> String {
    l.map(|l| md(&l.name))
        .unwrap_or_else(|| format!("_{none}_"))
}

fn change_text(c: Option<Change>) -> String {
    match c {
        Some(Change::Down(n)) => format!("🔻 ▼ {n}"),
        Some(c) => c.label(),
        None => String::new(),
    }
}

/// The `score` report.
pub fn score(v: &ScoreView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&v.title));
    let mut meta = vec![format!("{} {}", md(&v.rubric.name), md(&v.rubric.version))];
    meta.extend(v.meta.iter().map(|m| md(m)));
    let _ = writeln!(out, "{}\n", meta.join(" · "));
    match &v.overall {
        Some(o) => {
            let _ = writeln!(
                out,
                "**Overall: {} ({} of {})** · coverage {} of {} attributes ({:.0}%)\n",
                md(&o.level.name),
                fmt_score(o.value),
                v.rubric.levels.len(),
                v.answered,
                v.total,
                v.coverage_pct()
            );
        }
        None => {
            let _ = writeln!(out, "**Overall: no score (nothing answered)**\n");
        }
    }
    match &v.baseline {
        Some(b) => out.push_str(&sections_change_table(v, &b.overall, b.overall_change)),
        None => out.push_str(&sections_table(&v.sections, None)),
    }
    out.push_str(&moved(v));
    out.push_str(&attributes_table(v));
    out.push_str(&team(v));
    out.push_str(&by_team(v));
    if !v.contradictions.is_empty() {
        let _ = writeln!(out, "\n## Answers that contradict each other\n");
        let _ = writeln!(
            out,
            "The level texts tie these together; one of each pair may need another look.\n"
        );
        for c in &v.contradictions {
            let _ = writeln!(out, "- {}", md(&c.sentence));
        }
    }
    out.push_str(&comments(v));
    if !v.next_steps.is_empty() {
        let _ = writeln!(out, "\n## Next steps toward {}\n", md(&v.target.name));
        if let Some(order) = v.order_line() {
            let _ = writeln!(out, "{}\n", md(&order));
        }
        for (k, s) in v.next_steps.iter().enumerate() {
            let marker = format!("{}. ", k + 1);
            // Continuation lines are indented to the item's text, however many digits.
            let pad = " ".repeat(marker.len());
            let _ = writeln!(
                out,
                "{marker}**{}** ({}): {} → {}, {} to go  ",
                md(&s.name),
                md(s.stage.as_ref().map_or(&s.section_name, |(_, name)| name)),
                md(&s.current.name),
                md(&s.next.name),
                crate::words::count(s.gap, "level", "levels")
            );
            let _ = writeln!(
                out,
                "{pad}{} looks like: _{}_",
                md(&s.next.name),
                md(&s.description)
            );
            if let Some(note) = &s.note {
                let _ = writeln!(out, "{pad}> Note: {}", md(note));
            }
            if let Some(why) = &s.from_facts {
                let _ = writeln!(out, "{pad}> From the file's facts: {}", md(why));
            }
            for tip in &s.tips {
                let src = tip
                    .source_label
                    .as_deref()
                    .map(|s| format!(" ({})", md(s)))
                    .unwrap_or_default();
                let _ = writeln!(out, "{pad}- Tip: {}{src}", md(&tip.text));
            }
            if let Some(e) = &s.in_file {
                let _ = writeln!(out, "{pad}- In the program file: {}", md(e));
            }
        }
    }
    if !v.unanswered.is_empty() {
        let _ = writeln!(out, "\n## Not answered\n");
        for &i in &v.unanswered {
            let _ = writeln!(out, "- {}", md(&v.attributes[i].name));
        }
    }
    out
}

/// Every attribute: level (or median and answers), before and change, note.
fn attributes_table(v: &ScoreView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n## Attributes\n");
    let mut head = vec!["Section", "Attribute"];
    head.push(if v.combined() { "Median" } else { "Level" });
    if v.combined() {
        head.extend(["Answers", "Lowest–highest", "Mean"]);
    }
    if v.baseline.is_some() {
        head.extend(["Before", "Change"]);
    }
    if v.has_notes {
        head.push("Note");
    }
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
    for a in &v.attributes {
        let mut row = vec![
            md(&a.section_name),
            md(&a.name),
            level_name_or(a.level.as_ref(), a.no_level()),
        ];
        if let Some(st) = &a.stats {
            row.push(st.n.to_string());
            let range = match (&st.min, &st.max) {
                (Some(lo), Some(hi)) if lo == hi => md(&lo.name),
                (Some(lo), Some(hi)) => format!("{}–{}", md(&lo.name), md(&hi.name)),
                _ => "–".to_string(),
            };
            row.push(if st.disagreement {
                format!("**{range}** ⚠")
            } else {
                range
            });
            row.push(crate::view::fmt_mean(st.mean));
        }
        if let Some(before) = &a.before {
            row.push(level_name(before.as_ref()));
            row.push(change_text(a.change));
        }
        if v.has_notes {
            row.push(a.note.as_deref().map(md).unwrap_or_default());
        }
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

/// "What moved since …", regressions first.
fn moved(v: &ScoreView) -> String {
    let Some(b) = &v.baseline else {
        return String::new();
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n## What moved since {}\n",
        escape::markdown_code(&b.shown_source)
    );
    if b.moved.is_empty() {
        let _ = writeln!(out, "Nothing: every attribute is where it was.");
    }
    for m in &b.moved {
        let mark = match m.change {
            Change::New | Change::Gone | Change::Same => "·".to_string(),
            c => change_text(Some(c)),
        };
        let _ = writeln!(
            out,
            "- {mark} **{}**: {} → {}",
            md(&m.name),
            level_name(m.from.as_ref()),
            level_name(m.to.as_ref())
        );
    }
    out
}

/// A combined report's disagreements and role gaps.
/// The respondents' comments and notes, by attribute, each with the team of whoever wrote it.
fn comments(v: &ScoreView) -> String {
    let Some(team) = v.team.as_ref().filter(|t| !t.comments.is_empty()) else {
        return String::new();
    };
    let mut out = String::new();
    let _ = writeln!(out, "\n## Comments\n");
    for (k, (list, more)) in team.comment_groups().into_iter().enumerate() {
        let heading = match &list[0].attribute_name {
            Some(n) => md(n),
            None => "On the whole questionnaire".to_string(),
        };
        if k > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "### {heading}\n");
        for c in list {
            let who = c.role.as_deref().map_or("no team".to_string(), md);
            let text = c.text.lines().map(md).collect::<Vec<_>>().join("<br>");
            let _ = writeln!(out, "- **{who}**: {text}");
        }
        if more > 0 {
            let _ = writeln!(
                out,
                "- … and {more} more (`--format json` or `csv` lists them all)"
            );
        }
    }
    out
}

/// Each team's median level per attribute, every team a column.
fn by_team(v: &ScoreView) -> String {
    let teams = v.teams();
    if teams.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let _ = writeln!(out, "\n## By team\n");
    let _ = writeln!(
        out,
        "The median level of each team's respondents (their number in brackets).\n"
    );
    let mut head = vec![
        "Attribute".to_string(),
        format!("All ({})", v.team.as_ref().map_or(0, |t| t.respondents)),
    ];
    head.extend(teams.iter().map(|(r, n)| format!("{} ({n})", md(r))));
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
    for a in &v.attributes {
        let mut row = vec![md(&a.name), level_name(a.level.as_ref())];
        row.extend(
            teams
                .iter()
                .map(|(r, _)| level_name(v.team_median(a.index, r))),
        );
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

fn team(v: &ScoreView) -> String {
    let Some(team) = &v.team else {
        return String::new();
    };
    let mut out = String::new();
    if !team.disagreements.is_empty() {
        let _ = writeln!(out, "\n## Where the team disagrees\n");
        let _ = writeln!(out, "{}\n", md(DISAGREEMENT_ADVICE));
        for &i in &team.disagreements {
            let a = &v.attributes[i];
            let counts = a
                .stats
                .as_ref()
                .map(|s| md(&s.counts_label))
                .unwrap_or_default();
            let _ = writeln!(out, "- **{}**: {counts}", md(&a.name));
        }
    }
    if !team.role_gaps.is_empty() {
        let _ = writeln!(out, "\n## Where roles see it differently\n");
        let _ = writeln!(out, "{}\n", md(ROLE_GAP_ADVICE));
        for g in &team.role_gaps {
            let _ = writeln!(out, "- {}", md(&g.sentence));
        }
    }
    out
}

fn score_cell(s: &Option<ScoreRef>) -> String {
    match s {
        Some(x) => format!("{} {}", fmt_score(x.value), md(&x.level.name)),
        None => "no score".to_string(),
    }
}

/// Section scores before and now, with the change.
fn sections_change_table(
    v: &ScoreView,
    overall_before: &Option<ScoreRef>,
    overall_change: Option<f64>,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| Section | Now | Before | Change |");
    let _ = writeln!(out, "|---|---|---|---:|");
    for s in &v.sections {
        let before = s.before.clone().flatten();
        let change = s.change.map(score_change_label).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {change} |",
            md(&s.name),
            score_cell(&s.score),
            score_cell(&before)
        );
    }
    let change = overall_change.map(score_change_label).unwrap_or_default();
    let _ = writeln!(
        out,
        "| **Overall** | {} | {} | {change} |",
        score_cell(&v.overall),
        score_cell(overall_before)
    );
    out
}

/// The section scores as a table, with an overall row when one is given.
fn sections_table(
    sections: &[SectionView],
    overall: Option<(&Option<ScoreRef>, usize, usize)>,
) -> String {
    let mut out = String::new();
    let cells = |score: &Option<ScoreRef>| match score {
        Some(x) => (fmt_score(x.value), md(&x.level.name)),
        None => ("–".to_string(), "no score".to_string()),
    };
    let _ = writeln!(out, "| Section | Score | Level | Answered |");
    let _ = writeln!(out, "|---|---:|---|---:|");
    for s in sections {
        let (score, level) = cells(&s.score);
        let _ = writeln!(
            out,
            "| {} | {score} | {level} | {} of {} |",
            md(&s.name),
            s.answered,
            s.total
        );
    }
    if let Some((o, answered, total)) = overall {
        let (score, level) = cells(o);
        let _ = writeln!(
            out,
            "| **Overall** | **{score}** | **{level}** | {answered} of {total} |"
        );
    }
    out
}

/// The `check` report (for `$GITHUB_STEP_SUMMARY` or a pull-request comment).
pub fn check(v: &CheckView) -> String {
    let mut out = String::new();
    let icon = if v.passed { "✅ PASS" } else { "❌ FAIL" };
    let _ = writeln!(out, "## Persona program check: {icon}\n");
    let _ = writeln!(
        out,
        "{} · {}\n",
        escape::markdown_code(&v.file),
        md(&v.headline)
    );
    if !v.findings.is_empty() {
        let _ = writeln!(
            out,
            "| Severity | Rule | Subject | Line | Finding | What to do |"
        );
        let _ = writeln!(out, "|---|---|---|---:|---|---|");
        for f in &v.findings {
            let sev = match f.severity {
                Severity::Error => "🔴 error",
                Severity::Warning => "🟡 warning",
                Severity::Info => "ℹ️ info",
            };
            let _ = writeln!(
                out,
                "| {sev} | {} | {} | {} | {} | {} |",
                escape::markdown_code(&f.rule),
                md(&f.subject),
                f.line.map(|l| l.to_string()).unwrap_or_default(),
                prose(&f.message, true),
                prose(&f.remediation, true)
            );
        }
        out.push('\n');
    }
    if !v.waived.is_empty() {
        let _ = writeln!(out, "**Waived**\n");
        for w in &v.waived {
            let _ = writeln!(
                out,
                "- {} · {}: {} (until {})",
                escape::markdown_code(&w.finding.rule),
                md(&w.finding.subject),
                md(&w.reason),
                w.expires
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "### Scorecard\n");
    let s = &v.score;
    out.push_str(&sections_table(
        &s.sections,
        Some((&s.overall, s.answered, s.total)),
    ));
    if !v.evidence.is_empty() {
        let _ = writeln!(out, "\n### Evidence\n");
        let _ = writeln!(out, "| Attribute | Claimed | Evidence | Basis |");
        let _ = writeln!(out, "|---|---|---|---|");
        for e in &v.evidence {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&e.name),
                level_name(e.claimed.as_ref()),
                md(&e.label()),
                match &e.note {
                    Some(n) => format!("{} Note: {}.", prose(&e.basis, true), md(n)),
                    None => prose(&e.basis, true),
                }
            );
        }
    }
    out
}
