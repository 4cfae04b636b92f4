//! Markdown for a wiki page or a pull-request comment (GitHub-flavoured tables).

use super::{fmt_score, respondent_label, tip_source_label, ScoreReport};
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
    if let Some(who) = respondent_label(r.assessment) {
        meta.push(format!("answered by {}", escape(&who)));
    }
    if let Some(d) = r.assessment.date {
        meta.push(format!("on {d}"));
    }
    meta.push(format!("from `{}`", r.source.replace('`', "'")));
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
    out.push_str(&sections_table(rubric, sc, false));
    let _ = writeln!(out, "\n## Attributes\n");
    let _ = writeln!(out, "| Section | Attribute | Level | Note |");
    let _ = writeln!(out, "|---|---|---|---|");
    for (i, a) in rubric.attributes.iter().enumerate() {
        let level = sc.attributes[i]
            .map(|l| rubric.levels[l].name.clone())
            .unwrap_or_else(|| "_not answered_".into());
        let note = r.assessment.notes[i]
            .as_deref()
            .map(escape)
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {level} | {note} |",
            escape(&rubric.sections[a.section].name),
            escape(&a.name)
        );
    }
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
                if s.gap == 1 {
                    "1 level".to_string()
                } else {
                    format!("{} levels", s.gap)
                }
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
