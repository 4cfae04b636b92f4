//! One self-contained HTML page: inline CSS and inline SVG, no script, no font, no image, no link
//! to anywhere, so it renders the same offline, attached to an email or printed to PDF. Rendered
//! with maud, which escapes every text it is given.

use super::radar::{self, Kind, Series};
use super::verdict::CheckReport;
use super::{fmt_score, tip_source_label, ScoreReport};
use crate::rubric::Rubric;
use crate::score::Score;
use crate::style::Tone;
use maud::{html, Markup, PreEscaped, DOCTYPE};

const CSS: &str = include_str!("report.css");

/// The CSS class of a level: its tone, so a custom rubric with more levels colours sensibly.
fn tone_class(level: usize, levels: usize) -> &'static str {
    match Tone::of(level, levels) {
        Tone::Top => "tone-top",
        Tone::High => "tone-high",
        Tone::Middle => "tone-middle",
        Tone::Low => "tone-low",
    }
}

fn level_badge(rubric: &Rubric, level: Option<usize>) -> Markup {
    html! {
        @match level {
            Some(l) => span class={"badge " (tone_class(l, rubric.levels.len()))} { (rubric.levels[l].name) },
            None => span class="badge none" { "not answered" },
        }
    }
}

fn score_text(rubric: &Rubric, s: Option<Score>) -> Markup {
    html! {
        @match s {
            Some(s) => { span class="num" { (fmt_score(s.value)) } " " (level_badge(rubric, Some(s.level))) },
            None => span class="muted" { "no score" },
        }
    }
}

/// "▲ 1" / "▼ 1" / "=" as a coloured span.
fn change(delta: Option<i64>) -> Markup {
    html! {
        @match delta {
            Some(d) if d > 0 => span class="up" { (super::change_arrow(d)) },
            Some(d) if d < 0 => span class="down" { (super::change_arrow(d)) },
            Some(_) => span class="muted" { "=" },
            None => span class="muted" { "–" },
        }
    }
}

fn score_change(delta: Option<f64>) -> Markup {
    html! {
        @match delta {
            Some(d) if d > 0.005 => span class="up" { (super::score_change_arrow(d)) },
            Some(d) if d < -0.005 => span class="down" { (super::score_change_arrow(d)) },
            Some(d) => span class="muted" { (super::score_change_arrow(d)) },
            None => span class="muted" { "–" },
        }
    }
}

/// The page around a body.
fn page(title: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content={"persona-maturity " (env!("CARGO_PKG_VERSION"))};
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body { main { (body) } }
        }
    }
    .into_string()
}

/// The outlines of the chart: now, target, baseline, and each role's medians.
fn series(r: &ScoreReport) -> Vec<Series> {
    let rubric = r.rubric;
    let sc = r.scorecard;
    let now_label = if r.combined.is_some() {
        "Now (median of all respondents)".to_string()
    } else {
        "Now".to_string()
    };
    let mut out = vec![Series {
        label: now_label,
        kind: Kind::Current,
        levels: sc.levels.clone(),
    }];
    out.push(Series {
        label: format!("Target: {}", rubric.levels[sc.target].name),
        kind: Kind::Target,
        levels: vec![Some(sc.target); sc.levels.len()],
    });
    if let Some(b) = r.baseline {
        let when = b.date.map(|d| format!(" ({d})")).unwrap_or_default();
        out.push(Series {
            label: format!("Before{when}"),
            kind: Kind::Baseline,
            levels: b.scorecard.levels.clone(),
        });
    }
    if let Some(c) = r.combined {
        for (k, (role, _)) in chart_roles(c).into_iter().enumerate() {
            out.push(Series {
                label: format!("{role} (median)"),
                kind: Kind::Role(k),
                levels: c
                    .attributes
                    .iter()
                    .map(|a| a.by_role.get(&role).copied())
                    .collect(),
            });
        }
    }
    out
}

/// More outlines than this make the chart unreadable; the largest roles are drawn.
pub const MAX_ROLE_OUTLINES: usize = 6;

/// The roles drawn on the chart: the `MAX_ROLE_OUTLINES` with most respondents (ties by name), in
/// name order.
fn chart_roles(c: &crate::combine::Combined) -> Vec<(String, u64)> {
    let mut roles = c.roles.clone();
    roles.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    roles.truncate(MAX_ROLE_OUTLINES);
    roles.sort();
    roles
}

fn overview(r: &ScoreReport) -> Markup {
    let rubric = r.rubric;
    let sc = r.scorecard;
    let title = match &r.assessment.organization {
        Some(org) => format!("Persona maturity: {org}"),
        None => "Persona maturity".to_string(),
    };
    let chart_title = format!(
        "Radar chart of {} attributes: {}",
        rubric.attributes.len(),
        match sc.overall {
            Some(o) => format!(
                "overall {} ({})",
                rubric.levels[o.level].name,
                fmt_score(o.value)
            ),
            None => "nothing answered".to_string(),
        }
    );
    html! {
        header {
            h1 { (title) }
            p class="meta" { (rubric.name) " " (rubric.version) " · " (super::table::meta_line(r).join(" · ")) }
        }
        section class="summary" {
            div class="overall" {
                div class="overall-label" { "Overall" }
                @match sc.overall {
                    Some(o) => {
                        div class={"overall-level " (tone_class(o.level, rubric.levels.len()))} { (rubric.levels[o.level].name) }
                        div class="overall-score" {
                            span class="num" { (fmt_score(o.value)) } " of " (rubric.levels.len())
                            @if let Some(b) = r.baseline {
                                " · " (score_change(super::score_delta(b.scorecard.overall, sc.overall))) " since before"
                            }
                        }
                    }
                    None => div class="overall-level none" { "No score" },
                }
                div class="coverage" {
                    (sc.answered) " of " (sc.total) " attributes answered (" (format!("{:.0}", sc.coverage_pct())) "%)"
                }
                div class="scroll" { table class="sections" {
                    thead { tr {
                        th { "Section" } th { "Score" }
                        @if r.baseline.is_some() { th { "Before" } th { "Change" } }
                    } }
                    tbody {
                        @for s in &sc.sections {
                            tr {
                                td {
                                    span class="swatch" style={"background:" (radar::section_color(s.section))} {}
                                    (rubric.sections[s.section].name)
                                }
                                td { (score_text(rubric, s.score)) }
                                @if let Some(b) = r.baseline {
                                    @let before = b.scorecard.sections[s.section].score;
                                    td class="num" title=(before.map(|x| rubric.levels[x.level].name.clone()).unwrap_or_default()) {
                                        @match before { Some(x) => (fmt_score(x.value)), None => "–" }
                                    }
                                    td { (score_change(super::score_delta(before, s.score))) }
                                }
                            }
                        }
                    }
                } }
            }
            figure class="chart" {
                (radar::radar(rubric, &series(r), &chart_title))
                figcaption {
                    "One spoke per attribute, grouped by section; rings are the levels, "
                    (rubric.levels[0].name) " innermost. Unanswered attributes sit at the centre."
                    @if let Some(c) = r.combined {
                        @if c.roles.len() > MAX_ROLE_OUTLINES {
                            " Role outlines: the " (MAX_ROLE_OUTLINES) " largest of " (c.roles.len()) " roles."
                        }
                    }
                }
            }
        }
    }
}

fn moved(r: &ScoreReport) -> Markup {
    let rubric = r.rubric;
    let moves = r.moves();
    html! {
        @if let Some(b) = r.baseline {
            section class="moved" {
                h2 { "What moved since " code { (b.source) } }
                @if moves.is_empty() {
                    p { "Nothing: every attribute is where it was." }
                } @else {
                    ul class="moves" {
                        @for m in &moves {
                            li class=(if m.change().is_some_and(|c| c < 0) { "regressed" } else { "" }) {
                                (change(m.change())) " "
                                strong { (rubric.attributes[m.attribute].name) } " "
                                (level_badge(rubric, m.from)) " → " (level_badge(rubric, m.to))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn team(r: &ScoreReport) -> Markup {
    let rubric = r.rubric;
    html! {
        @if let Some(c) = r.combined {
            @if !c.disagreements.is_empty() {
                section class="disagreements" {
                    h2 { "Where the team disagrees" }
                    p class="advice" { (super::DISAGREEMENT_ADVICE) }
                    div class="scroll" { table {
                        thead { tr {
                            th { "Attribute" }
                            @for l in &rubric.levels { th class="num" { (l.name) } }
                        } }
                        tbody {
                            @for &i in &c.disagreements {
                                tr {
                                    td { strong { (rubric.attributes[i].name) } }
                                    @for (l, k) in c.attributes[i].counts.iter().enumerate() {
                                        td class={"num count " @if *k > 0 { (tone_class(l, rubric.levels.len())) }} { (k) }
                                    }
                                }
                            }
                        }
                    } }
                }
            }
            @if !c.role_gaps.is_empty() {
                section class="roles" {
                    h2 { "Where roles see it differently" }
                    p class="advice" { (super::ROLE_GAP_ADVICE) }
                    ul {
                        @for g in &c.role_gaps {
                            li { (super::role_gap_sentence(rubric, g)) }
                        }
                    }
                }
            }
            @if c.too_many_roles {
                p class="muted" { "Respondents name more than " (crate::combine::MAX_ROLES) " roles, so roles are not compared." }
            }
        }
    }
}

fn attributes(r: &ScoreReport) -> Markup {
    let rubric = r.rubric;
    let sc = r.scorecard;
    let has_notes = r.assessment.notes.iter().any(Option::is_some);
    html! {
        section class="attributes" {
            h2 { "Attributes" }
            div class="scroll" { table {
                thead { tr {
                    th { "Attribute" }
                    th { @if r.combined.is_some() { "Median" } @else { "Level" } }
                    @if r.combined.is_some() { th { "Answers" } }
                    @if r.baseline.is_some() { th { "Before" } th { "Change" } }
                    th class="desc" { "What that level looks like" }
                } }
                @for (si, s) in rubric.sections.iter().enumerate() {
                    tbody {
                        tr class="section-row" {
                            th colspan="6" style={"border-left-color:" (radar::section_color(si))} { (s.name) }
                        }
                        @for i in s.attributes.clone() {
                            @let a = &rubric.attributes[i];
                            @let level = sc.levels[i];
                            tr {
                                td class="name" { (a.name) }
                                td { (level_badge(rubric, level)) }
                                @if let Some(c) = r.combined {
                                    @let st = &c.attributes[i];
                                    td class={"answers" @if c.disagreements.contains(&i) { " disagree" }} {
                                        (distribution(rubric, &st.counts))
                                        span class="n" { (st.n) }
                                    }
                                }
                                @if let Some(b) = r.baseline {
                                    @let before = b.scorecard.levels[i];
                                    td { (level_badge(rubric, before)) }
                                    td { (change(match (before, level) { (Some(b), Some(l)) => Some(l as i64 - b as i64), _ => None })) }
                                }
                                td class="desc" {
                                    @if let Some(l) = level { (a.descriptions[l]) } @else { span class="muted" { "–" } }
                                    @if has_notes {
                                        @if let Some(note) = &r.assessment.notes[i] {
                                            div class="note" { "Note: " (note) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                } }
            }
        }
    }
}

/// Answers per level as a small stacked bar.
fn distribution(rubric: &Rubric, counts: &[u64]) -> Markup {
    let total: u64 = counts.iter().sum();
    let n = rubric.levels.len();
    let title = super::counts_label(rubric, counts);
    html! {
        span class="dist" title=(title) {
            @if total > 0 {
                @for (l, &k) in counts.iter().enumerate() {
                    @if k > 0 {
                        span class={"seg " (tone_class(l, n))}
                            style={"width:" (format!("{:.1}", 100.0 * k as f64 / total as f64)) "%"} {}
                    }
                }
            }
        }
    }
}

fn next_steps(r: &ScoreReport) -> Markup {
    let rubric = r.rubric;
    let sc = r.scorecard;
    html! {
        @if !sc.next_steps.is_empty() {
            section class="next" {
                h2 { "Next steps toward " (rubric.levels[sc.target].name) }
                ol {
                    @for s in &sc.next_steps {
                        @let a = &rubric.attributes[s.attribute];
                        li {
                            div class="step-head" {
                                strong { (a.name) } " "
                                span class="muted" { (rubric.sections[a.section].name) } " · "
                                (level_badge(rubric, Some(s.current))) " → " (level_badge(rubric, Some(s.next)))
                                " " span class="muted" { "(" (super::levels_word(s.gap)) " to go)" }
                            }
                            p { em { (rubric.levels[s.next].name) " looks like: " } (a.descriptions[s.next]) }
                            @if let Some(note) = &a.note { p class="muted" { "Note: " (note) } }
                            @if !a.tips.is_empty() {
                                ul class="tips" {
                                    @for t in &a.tips {
                                        li {
                                            (t.text)
                                            @if let Some(src) = tip_source_label(rubric, t.source.as_deref()) {
                                                " " span class="muted" { "(" (src) ")" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } @else if sc.answered > 0 {
            p { "Every answered attribute is at or above " (rubric.levels[sc.target].name) "." }
        }
        @if !sc.unanswered.is_empty() {
            section class="unanswered" {
                h2 { "Not answered" }
                p {
                    @for (k, &i) in sc.unanswered.iter().enumerate() {
                        @if k > 0 { ", " }
                        (rubric.attributes[i].name)
                    }
                }
            }
        }
    }
}

fn skipped(r: &ScoreReport) -> Markup {
    html! {
        @if let Some(c) = r.combined {
            @if !c.invalid.is_empty() {
                section class="skipped" {
                    h2 { "Files left out (" (c.invalid.len()) ")" }
                    ul {
                        @for x in &c.invalid { li { code { (x.reason) } } }
                    }
                }
            }
        }
    }
}

fn footer(rubric: &Rubric) -> Markup {
    html! {
        footer {
            "Rubric: " (rubric.name) " " (rubric.version)
            @if let Some(src) = &rubric.source { " · " (src) }
            @if let Some(y) = rubric.year { " (" (y) ")" }
            " · made with persona-maturity " (env!("CARGO_PKG_VERSION"))
        }
    }
}

pub fn render(r: &ScoreReport) -> String {
    let title = match &r.assessment.organization {
        Some(org) => format!("Persona maturity: {org}"),
        None => "Persona maturity".to_string(),
    };
    page(
        &title,
        html! {
            (overview(r))
            (moved(r))
            (team(r))
            (attributes(r))
            (next_steps(r))
            (skipped(r))
            (footer(r.rubric))
        },
    )
}

/// The `check` report: the verdict and findings first, then the whole score report.
pub fn verdict(r: &CheckReport) -> String {
    use crate::check::Severity;
    let v = r.verdict;
    let rubric = r.rubric;
    let report = r.score_report();
    let sev_class = |s: Severity| match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        _ => "sev-info",
    };
    let body = html! {
        header { h1 { "Persona program check" } }
        section class={"verdict " (if v.passed { "pass" } else { "fail" })} {
            div class="verdict-badge" { (if v.passed { "PASS" } else { "FAIL" }) }
            div {
                div class="verdict-file" { code { (r.source.name) } }
                div { (super::verdict::headline(v)) }
            }
        }
        @if !v.findings.is_empty() {
            section class="findings" {
                h2 { "Findings" }
                div class="scroll" { table {
                    thead { tr { th { "Severity" } th { "Rule" } th { "Subject" } th { "Finding and what to do" } } }
                    tbody {
                        @for f in &v.findings {
                            tr {
                                td { span class={"sev " (sev_class(f.severity))} { (f.severity.as_str()) } }
                                td { code { (f.rule.id()) } }
                                td { (f.subject) }
                                td { (f.message) div class="remedy" { "→ " (f.remediation) } }
                            }
                        }
                    }
                } }
            }
        }
        @if !v.waived.is_empty() {
            section class="waived" {
                h2 { "Waived" }
                ul {
                    @for w in &v.waived {
                        li {
                            code { (w.finding.rule.id()) } " · " (w.finding.subject) ": " (w.reason)
                            " " span class="muted" { "(until " (w.expires.to_string())
                                @if let Some(o) = &w.owner { ", " (o) } ")" }
                        }
                    }
                }
            }
        }
        @if !v.evidence.is_empty() {
            section class="evidence" {
                h2 { "Evidence: claimed levels against what the file's facts support" }
                div class="scroll" { table {
                    thead { tr { th { "Attribute" } th { "Claimed" } th { "Evidence" } th { "Basis" } } }
                    tbody {
                        @for e in &v.evidence {
                            tr class=(if e.claimed.is_some_and(|c| c > e.evidence) { "overclaim" } else { "" }) {
                                td { (rubric.attributes[e.attribute].name) }
                                td { (level_badge(rubric, e.claimed)) }
                                td { (level_badge(rubric, Some(e.evidence))) }
                                td { (e.basis) }
                            }
                        }
                    }
                } }
            }
        }
        (overview(&report))
        (attributes(&report))
        (next_steps(&report))
        (footer(rubric))
    };
    let title = format!(
        "Persona program check: {} · {}",
        if v.passed { "PASS" } else { "FAIL" },
        r.source.name
    );
    page(&title, body)
}
