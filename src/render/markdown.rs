//! Markdown for a wiki page or a pull-request comment (GitHub-flavoured tables).

use super::{fmt_score, tip_source_label, ScoreReport};
use std::fmt::Write;

/// Make user text safe inside a Markdown table cell or a line: no pipes, no line breaks, no
/// HTML tags.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '*' | '_' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

pub fn render(r: &ScoreReport) -> String {
    let rubric = r.rubric;
    let sc = r.scorecard;
    let mut out = String::new();
    let title = match &r.assessment.organization {
        Some(org) => format!("Persona maturity: {}", escape(org)),
        None => "Persona maturity".to_string(),
    };
    let _ = writeln!(out, "# {title}\n");
    let mut meta = vec![format!(
        "{} {}",
        escape(&rubric.name),
        escape(&rubric.version)
    )];
    meta.extend(super::table::meta_line(r).iter().map(|m| escape(m)));
    let _ = writeln!(out, "{}\n", meta.join(" · "));
    match sc.overall {
        Some(o) => {
            let _ = writeln!(
                out,
                "**Overall: {} ({} of {})** · coverage {} of {} attributes ({:.0}%)\n",
                rubric.levels[o.level].name,
                fmt_score(o.value),
                rubric.levels.len(),
                sc.answered,
                sc.total,
                sc.coverage_pct()
            );
        }
        None => {
            let _ = writeln!(out, "**Overall: no score (nothing answered)**\n");
        }
    }
    match r.baseline {
        Some(b) => out.push_str(&sections_change_table(rubric, &b.scorecard, sc)),
        None => out.push_str(&sections_table(rubric, sc, false)),
    }
    out.push_str(&moved(r));
    out.push_str(&attributes_table(r));
    out.push_str(&team(r));
    if !sc.next_steps.is_empty() {
        let _ = writeln!(
            out,
            "\n## Next steps toward {}\n",
            rubric.levels[sc.target].name
        );
        for (k, s) in sc.next_steps.iter().enumerate() {
            let a = &rubric.attributes[s.attribute];
            let _ = writeln!(
                out,
                "{}. **{}** ({}): {} → {}, {} to go  ",
                k + 1,
                escape(&a.name),
                escape(&rubric.sections[a.section].name),
                rubric.levels[s.current].name,
                rubric.levels[s.next].name,
                crate::words::count(s.gap, "level", "levels")
            );
            let _ = writeln!(
                out,
                "   {} looks like: _{}_",
                rubric.levels[s.next].name,
                escape(&a.descriptions[s.next])
            );
            if let Some(note) = &a.note {
                let _ = writeln!(out, "   > Note: {}", escape(note));
            }
            for t in &a.tips {
                let src = tip_source_label(rubric, t.source.as_deref())
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                let _ = writeln!(out, "   - Tip: {}{src}", escape(&t.text));
            }
        }
    }
    if !sc.unanswered.is_empty() {
        let _ = writeln!(out, "\n## Not answered\n");
        for &i in &sc.unanswered {
            let _ = writeln!(out, "- {}", escape(&rubric.attributes[i].name));
        }
    }
    out
}

/// A level's name, or "not answered" in italics.
fn level_name(rubric: &crate::rubric::Rubric, l: Option<usize>) -> String {
    l.map(|l| rubric.levels[l].name.clone())
        .unwrap_or_else(|| "_not answered_".into())
}

/// Every attribute: level (or median and answers), before and change, note.
fn attributes_table(r: &ScoreReport) -> String {
    let rubric = r.rubric;
    let sc = r.scorecard;
    let mut out = String::new();
    let _ = writeln!(out, "\n## Attributes\n");
    let mut head = vec!["Section", "Attribute"];
    head.push(if r.combined.is_some() {
        "Median"
    } else {
        "Level"
    });
    if r.combined.is_some() {
        head.extend(["Answers", "Lowest–highest"]);
    }
    if r.baseline.is_some() {
        head.extend(["Before", "Change"]);
    }
    let has_notes = r.assessment.notes.iter().any(Option::is_some);
    if has_notes {
        head.push("Note");
    }
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
    for (i, a) in rubric.attributes.iter().enumerate() {
        let mut row = vec![
            escape(&rubric.sections[a.section].name),
            escape(&a.name),
            level_name(rubric, sc.levels[i]),
        ];
        if let Some(c) = r.combined {
            let s = &c.attributes[i];
            row.push(s.n.to_string());
            let range = match (s.min, s.max) {
                (Some(lo), Some(hi)) if lo == hi => rubric.levels[lo].name.clone(),
                (Some(lo), Some(hi)) => {
                    format!("{}–{}", rubric.levels[lo].name, rubric.levels[hi].name)
                }
                _ => "–".to_string(),
            };
            row.push(if c.disagreements.contains(&i) {
                format!("**{range}** ⚠")
            } else {
                range
            });
        }
        if let Some(b) = r.baseline {
            let before = b.scorecard.levels[i];
            row.push(level_name(rubric, before));
            row.push(match (before, sc.levels[i]) {
                (Some(b), Some(n)) => super::change_arrow(n as i64 - b as i64),
                (None, Some(_)) => "new".to_string(),
                (Some(_), None) => "no longer answered".to_string(),
                (None, None) => String::new(),
            });
        }
        if has_notes {
            row.push(
                r.assessment.notes[i]
                    .as_deref()
                    .map(escape)
                    .unwrap_or_default(),
            );
        }
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

/// "What moved since …", regressions first.
fn moved(r: &ScoreReport) -> String {
    let Some(b) = r.baseline else {
        return String::new();
    };
    let rubric = r.rubric;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n## What moved since `{}`\n",
        b.source.replace('`', "'")
    );
    let moves = r.moves();
    if moves.is_empty() {
        let _ = writeln!(out, "Nothing: every attribute is where it was.");
    }
    for m in &moves {
        let mark = match m.change() {
            Some(c) if c < 0 => format!("🔻 {}", super::change_arrow(c)),
            Some(c) => super::change_arrow(c),
            None => "·".to_string(),
        };
        let _ = writeln!(
            out,
            "- {mark} **{}**: {} → {}",
            escape(&rubric.attributes[m.attribute].name),
            level_name(rubric, m.from),
            level_name(rubric, m.to)
        );
    }
    out
}

/// A combined report's disagreements and role gaps.
fn team(r: &ScoreReport) -> String {
    let Some(c) = r.combined else {
        return String::new();
    };
    let rubric = r.rubric;
    let mut out = String::new();
    if !c.disagreements.is_empty() {
        let _ = writeln!(out, "\n## Where the team disagrees\n");
        let _ = writeln!(out, "{}\n", super::DISAGREEMENT_ADVICE);
        for &i in &c.disagreements {
            let _ = writeln!(
                out,
                "- **{}**: {}",
                escape(&rubric.attributes[i].name),
                super::counts_label(rubric, &c.attributes[i].counts)
            );
        }
    }
    if !c.role_gaps.is_empty() {
        let _ = writeln!(out, "\n## Where roles see it differently\n");
        let _ = writeln!(out, "{}\n", super::ROLE_GAP_ADVICE);
        for g in &c.role_gaps {
            let _ = writeln!(out, "- {}", escape(&super::role_gap_sentence(rubric, g)));
        }
    }
    out
}

/// Section scores before and now, with the change.
fn sections_change_table(
    rubric: &crate::rubric::Rubric,
    before: &crate::score::Scorecard,
    now: &crate::score::Scorecard,
) -> String {
    let mut out = String::new();
    let cell = |score: Option<crate::score::Score>| match score {
        Some(x) => format!("{} {}", fmt_score(x.value), rubric.levels[x.level].name),
        None => "no score".to_string(),
    };
    let _ = writeln!(out, "| Section | Now | Before | Change |");
    let _ = writeln!(out, "|---|---|---|---:|");
    let rows = before
        .sections
        .iter()
        .zip(&now.sections)
        .map(|(b, n)| (escape(&rubric.sections[n.section].name), b.score, n.score))
        .chain(std::iter::once((
            "**Overall**".to_string(),
            before.overall,
            now.overall,
        )));
    for (name, b, n) in rows {
        let change = super::score_delta(b, n)
            .map(super::score_change_arrow)
            .unwrap_or_default();
        let _ = writeln!(out, "| {name} | {} | {} | {change} |", cell(n), cell(b));
    }
    out
}

/// The section scores as a Markdown table, optionally with an overall row.
fn sections_table(
    rubric: &crate::rubric::Rubric,
    sc: &crate::score::Scorecard,
    overall_row: bool,
) -> String {
    let mut out = String::new();
    let cells = |score: Option<crate::score::Score>| match score {
        Some(x) => (fmt_score(x.value), rubric.levels[x.level].name.clone()),
        None => ("–".to_string(), "no score".to_string()),
    };
    let _ = writeln!(out, "| Section | Score | Level | Answered |");
    let _ = writeln!(out, "|---|---:|---|---:|");
    for s in &sc.sections {
        let (score, level) = cells(s.score);
        let name = escape(&rubric.sections[s.section].name);
        let _ = writeln!(
            out,
            "| {name} | {score} | {level} | {} of {} |",
            s.answered, s.total
        );
    }
    if overall_row {
        let (score, level) = cells(sc.overall);
        let _ = writeln!(
            out,
            "| **Overall** | **{score}** | **{level}** | {} of {} |",
            sc.answered, sc.total
        );
    }
    out
}

/// The `check` report in Markdown (for `$GITHUB_STEP_SUMMARY` or a PR comment).
pub fn verdict(r: &super::verdict::CheckReport) -> String {
    use crate::check::Severity;
    let v = r.verdict;
    let rubric = r.rubric;
    let mut out = String::new();
    let icon = if v.passed { "✅ PASS" } else { "❌ FAIL" };
    let _ = writeln!(out, "## Persona program check: {icon}\n");
    let _ = writeln!(
        out,
        "`{}` · {}\n",
        r.source.name.replace('`', "'"),
        super::verdict::headline(v)
    );
    if !v.findings.is_empty() {
        let _ = writeln!(out, "| Severity | Rule | Subject | Finding | What to do |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for f in &v.findings {
            let sev = match f.severity {
                Severity::Error => "🔴 error",
                Severity::Warning => "🟡 warning",
                _ => "ℹ️ info",
            };
            let _ = writeln!(
                out,
                "| {sev} | `{}` | {} | {} | {} |",
                f.rule.id(),
                escape(&f.subject),
                escape(&f.message),
                escape(&f.remediation)
            );
        }
        out.push('\n');
    }
    if !v.waived.is_empty() {
        let _ = writeln!(out, "**Waived**\n");
        for w in &v.waived {
            let _ = writeln!(
                out,
                "- `{}` · {}: {} (until {})",
                w.finding.rule.id(),
                escape(&w.finding.subject),
                escape(&w.reason),
                w.expires
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "### Scorecard\n");
    out.push_str(&sections_table(rubric, &v.scorecard, true));
    if !v.evidence.is_empty() {
        let _ = writeln!(out, "\n### Evidence\n");
        let _ = writeln!(out, "| Attribute | Claimed | Evidence | Basis |");
        let _ = writeln!(out, "|---|---|---|---|");
        for e in &v.evidence {
            let claimed = e
                .claimed
                .map(|c| rubric.levels[c].name.clone())
                .unwrap_or_else(|| "_not answered_".into());
            let _ = writeln!(
                out,
                "| {} | {claimed} | {} | {} |",
                escape(&rubric.attributes[e.attribute].name),
                rubric.levels[e.evidence].name,
                escape(&e.basis)
            );
        }
    }
    out
}
