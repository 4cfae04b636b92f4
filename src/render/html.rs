//! One self-contained HTML page: inline CSS and inline SVG, no script, no font, no image, no link
//! to anywhere, so it renders the same offline, attached to an email or printed to PDF. Layout
//! only, from the views; rendered with maud, which escapes every text it is given, and control
//! characters from the input are shown as visible escapes ([`escape::html`]).

use super::radar::{self, Kind, Series};
use crate::escape;
use crate::rule::Severity;
use crate::style::Tone;
use crate::view::check::CheckView;
use crate::view::score::{ScoreView, MAX_ROLE_OUTLINES};
use crate::view::{
    fmt_score, score_change_label, score_change_sign, Change, LevelRef, ScoreRef,
    DISAGREEMENT_ADVICE, ROLE_GAP_ADVICE,
};
use maud::{html, Markup, PreEscaped, DOCTYPE};

const CSS: &str = include_str!("report.css");

/// Text from the input, its control characters visible (maud escapes the rest).
fn h(s: &str) -> String {
    escape::html(s).into_owned()
}

/// Text of several lines (a note): each line escaped, a `<br>` between them, so no line of the
/// page starts with the input's text (a report printed to a CI log is read by its runner).
fn lines(s: &str) -> Markup {
    html! {
        @for (k, line) in s.lines().enumerate() {
            @if k > 0 { br; }
            (h(line))
        }
    }
}

/// Text in which `code spans` (between backticks) are set as code.
fn text(s: &str) -> Markup {
    let s = h(s);
    let parts: Vec<&str> = s.split('`').collect();
    // An odd number of parts: every backtick has its pair.
    if parts.len().is_multiple_of(2) {
        return html! { (s) };
    }
    html! {
        @for (k, part) in parts.iter().enumerate() {
            @if k % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

/// The CSS class of a level: its tone, so a custom rubric with more levels colours sensibly.
fn tone_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Top => "tone-top",
        Tone::High => "tone-high",
        Tone::Middle => "tone-middle",
        Tone::Low => "tone-low",
    }
}

fn level_badge(level: Option<&LevelRef>) -> Markup {
    level_badge_or(level, "not answered")
}

/// A level's badge, or `none` without a level.
fn level_badge_or(level: Option<&LevelRef>, none: &str) -> Markup {
    html! {
        @match level {
            Some(l) => span class={"badge " (tone_class(l.tone))} { (h(&l.name)) },
            None => span class="badge none" { (none) },
        }
    }
}

/// A level in the team table: its name, and its number for narrow screens (which show the number
/// and keep the name for screen readers).
fn team_badge(level: Option<&LevelRef>) -> Markup {
    html! {
        @match level {
            Some(l) => span class={"badge " (tone_class(l.tone))} {
                span class="lv-name" { (h(&l.name)) }
                span class="lv-num" aria-hidden="true" { (l.value) }
            },
            None => span class="badge none" {
                span class="lv-name" { "not answered" }
                span class="lv-num" aria-hidden="true" { "–" }
            },
        }
    }
}

fn score_text(s: &Option<ScoreRef>) -> Markup {
    html! {
        @match s {
            Some(s) => { span class="num" { (fmt_score(s.value)) } " " (level_badge(Some(&s.level))) },
            None => span class="muted" { "no score" },
        }
    }
}

fn change(c: Option<Change>) -> Markup {
    html! {
        @match c {
            Some(c @ Change::Up(_)) => span class="up" { (c.label()) },
            Some(c @ Change::Down(_)) => span class="down" { (c.label()) },
            Some(Change::Same) => span class="muted" { "=" },
            Some(Change::New) => span class="muted" { "new" },
            Some(Change::Gone) => span class="muted" { "gone" },
            None => span class="muted" { "–" },
        }
    }
}

fn score_change(delta: Option<f64>) -> Markup {
    html! {
        @match delta {
            Some(d) if score_change_sign(d) > 0 => span class="up" { (score_change_label(d)) },
            Some(d) if score_change_sign(d) < 0 => span class="down" { (score_change_label(d)) },
            Some(d) => span class="muted" { (score_change_label(d)) },
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
fn series(v: &ScoreView) -> Vec<Series> {
    let now_label = if v.combined() {
        "Now (median of all respondents)".to_string()
    } else {
        "Now".to_string()
    };
    let mut out = vec![Series {
        label: now_label,
        kind: Kind::Current,
        levels: v.levels(),
    }];
    out.push(Series {
        label: format!("Target: {}", h(&v.target.name)),
        kind: Kind::Target,
        levels: vec![Some(v.target.index); v.attributes.len()],
    });
    if let Some(b) = &v.baseline {
        let when = b
            .date
            .as_ref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        out.push(Series {
            label: format!("Before{when}"),
            kind: Kind::Baseline,
            levels: b.levels.clone(),
        });
    }
    if let Some(team) = &v.team {
        for (k, (role, levels)) in team.chart_roles.iter().enumerate() {
            out.push(Series {
                label: format!("{} (median)", h(role)),
                kind: Kind::Role(k),
                levels: levels.clone(),
            });
        }
    }
    out
}

fn overview(v: &ScoreView) -> Markup {
    let chart_title = format!(
        "Radar chart of {} attributes: {}",
        v.attributes.len(),
        match &v.overall {
            Some(o) => format!("overall {} ({})", h(&o.level.name), fmt_score(o.value)),
            None => "nothing answered".to_string(),
        }
    );
    let mut meta = v.meta.clone();
    if let Some(m) = meta.iter_mut().find(|m| m.starts_with("from ")) {
        *m = format!("from {}", v.shown_source);
    }
    html! {
        header {
            h1 { (h(&v.title)) }
            p class="meta" { (h(&v.rubric.name)) " " (h(&v.rubric.version)) " · " (h(&meta.join(" · "))) }
        }
        section class="summary" {
            div class="overall" {
                div class="overall-label" { "Overall" }
                @match &v.overall {
                    Some(o) => {
                        div class={"overall-level " (tone_class(o.level.tone))} { (h(&o.level.name)) }
                        div class="overall-score" {
                            span class="num" { (fmt_score(o.value)) } " of " (v.rubric.levels.len())
                            @if let Some(b) = &v.baseline {
                                " · " (score_change(b.overall_change)) " since before"
                            }
                        }
                    }
                    None => div class="overall-level none" { "No score" },
                }
                div class="coverage" {
                    (v.answered) " of " (v.total) " attributes answered (" (format!("{:.0}", v.coverage_pct())) "%)"
                }
                div class="scroll" tabindex="0" role="region" aria-label="Sections" { table class="sections" {
                    thead { tr {
                        th { "Section" } th { "Score" }
                        @if v.baseline.is_some() { th { "Before" } th { "Change" } }
                    } }
                    tbody {
                        @for s in &v.sections {
                            tr {
                                td {
                                    span class="swatch" style={"background:" (radar::section_color(s.index))} {}
                                    (h(&s.name))
                                }
                                td { (score_text(&s.score)) }
                                @if let Some(before) = &s.before {
                                    td class="num" title=(before.as_ref().map(|x| h(&x.level.name)).unwrap_or_default()) {
                                        @match before { Some(x) => (fmt_score(x.value)), None => "–" }
                                    }
                                    td { (score_change(s.change)) }
                                }
                            }
                        }
                    }
                } }
            }
            figure class="chart" {
                div class="chart-scroll" tabindex="0" role="region" aria-label="Radar chart" { (radar::radar(v, &series(v), &chart_title)) }
                figcaption {
                    "One spoke per attribute, grouped by section; rings are the levels, "
                    (h(&v.rubric.levels[0].name)) " innermost. Unanswered attributes sit at the centre."
                    @if let Some(team) = &v.team {
                        @if team.roles.len() > MAX_ROLE_OUTLINES {
                            " Role outlines: the " (MAX_ROLE_OUTLINES) " largest of " (team.roles.len()) " roles."
                        }
                    }
                }
            }
        }
    }
}

fn moved(v: &ScoreView) -> Markup {
    html! {
        @if let Some(b) = &v.baseline {
            section class="moved" {
                h2 { "What moved since " code { (h(&b.shown_source)) } }
                @if b.moved.is_empty() {
                    p { "Nothing: every attribute is where it was." }
                } @else {
                    ul class="moves" {
                        @for m in &b.moved {
                            li class=(if matches!(m.change, Change::Down(_)) { "regressed" } else { "" }) {
                                (change(Some(m.change))) " "
                                strong { (h(&m.name)) } " "
                                (level_badge(m.from.as_ref())) " → " (level_badge(m.to.as_ref()))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn team(v: &ScoreView) -> Markup {
    html! {
        @if let Some(team) = &v.team {
            @if !team.disagreements.is_empty() {
                section class="disagreements" {
                    h2 { "Where the team disagrees" }
                    p class="advice" { (DISAGREEMENT_ADVICE) }
                    div class="scroll" tabindex="0" role="region" aria-label="Where the team disagrees" { table {
                        thead { tr {
                            th { "Attribute" }
                            @for l in &v.rubric.levels { th class="num" { (h(&l.name)) } }
                        } }
                        tbody {
                            @for &i in &team.disagreements {
                                @let a = &v.attributes[i];
                                tr {
                                    td { strong { (h(&a.name)) } }
                                    @if let Some(st) = &a.stats {
                                        @for (l, k) in &st.counts {
                                            td class={"num count " @if *k > 0 { (tone_class(l.tone)) }} { (k) }
                                        }
                                    }
                                }
                            }
                        }
                    } }
                }
            }
            @if !team.role_gaps.is_empty() {
                section class="roles" {
                    h2 { "Where roles see it differently" }
                    p class="advice" { (ROLE_GAP_ADVICE) }
                    ul {
                        @for g in &team.role_gaps {
                            li { (h(&g.sentence)) }
                        }
                    }
                }
            }
            @if team.too_many_roles {
                p class="muted" { "Respondents name more than " (crate::combine::MAX_ROLES) " roles, so roles are not compared." }
            }
            @let teams = v.teams();
            @if !teams.is_empty() {
                section class="by-team" {
                    h2 { "By team" }
                    p class="advice" {
                        "The median level of each team's respondents (their number in brackets)."
                        // On a phone the levels are numbers, so that every team fits the screen.
                        span class="level-key" {
                            " Levels: "
                            @for (i, l) in v.rubric.levels.iter().enumerate() {
                                @if i > 0 { " · " }
                                (i + 1) " " (h(&l.name))
                            }
                            "."
                        }
                    }
                    div class="scroll" tabindex="0" role="region" aria-label="By team" { table class="teams" {
                        thead { tr {
                            th { "Attribute" }
                            th { "All (" (team.respondents) ")" }
                            @for (r, n) in &teams { th { (h(r)) " (" (n) ")" } }
                        } }
                        tbody {
                            @for a in &v.attributes {
                                tr {
                                    td { (h(&a.name)) }
                                    td { (team_badge(a.level.as_ref())) }
                                    @for (r, _) in &teams {
                                        td { (team_badge(v.team_median(a.index, r))) }
                                    }
                                }
                            }
                        }
                    } }
                }
            }
        }
    }
}

/// The respondents' comments and notes, by attribute, each with its writer's team.
fn comments(v: &ScoreView) -> Markup {
    let Some(team) = v.team.as_ref().filter(|t| !t.comments.is_empty()) else {
        return html! {};
    };
    html! {
        section class="comments" {
            h2 { "Comments" }
            @for (list, more) in team.comment_groups() {
                h3 { (list[0].attribute_name.as_deref().map_or("On the whole questionnaire".to_string(), h)) }
                ul {
                    @for c in &list {
                        li {
                            strong { (c.role.as_deref().map_or("no team".to_string(), h)) } ": "
                            span class="comment" { (h(&c.text)) }
                        }
                    }
                    @if more > 0 {
                        li class="muted" { "… and " (more) " more (the JSON and CSV reports list them all)" }
                    }
                }
            }
        }
    }
}

fn attributes(v: &ScoreView) -> Markup {
    // Attribute, level, [answers], [before, change], description.
    let columns = 3 + usize::from(v.combined()) + 2 * usize::from(v.baseline.is_some());
    html! {
        section class="attributes" {
            h2 { "Attributes" }
            div class="scroll" tabindex="0" role="region" aria-label="Attributes" { table {
                thead { tr {
                    th { "Attribute" }
                    th { @if v.combined() { "Median" } @else { "Level" } }
                    @if v.combined() { th { "Answers" } }
                    @if v.baseline.is_some() { th { "Before" } th { "Change" } }
                    th class="desc" { "What that level looks like" }
                } }
                @for s in &v.sections {
                    tbody {
                        tr class="section-row" {
                            th colspan=(columns) style={"border-left-color:" (radar::section_color(s.index))} { (h(&s.name)) }
                        }
                        @for a in &v.attributes[s.attributes.clone()] {
                            tr {
                                td class="name" { (h(&a.name)) }
                                td { (level_badge_or(a.level.as_ref(), a.no_level())) }
                                @if let Some(st) = &a.stats {
                                    td class={"answers" @if st.disagreement { " disagree" }} {
                                        span class="dist" title=(h(&st.counts_label)) {
                                            @if st.n > 0 {
                                                @for (l, k) in &st.counts {
                                                    @if *k > 0 {
                                                        span class={"seg " (tone_class(l.tone))}
                                                            style={"width:" (format!("{:.1}", 100.0 * *k as f64 / st.n as f64)) "%"} {}
                                                    }
                                                }
                                            }
                                        }
                                        span class="n" { (st.n) }
                                        @if st.mean.is_some() {
                                            span class="n mean" title="mean level (1 = the lowest)" { "mean " (crate::view::fmt_mean(st.mean)) }
                                        }
                                    }
                                }
                                @if let Some(before) = &a.before {
                                    td { (level_badge(before.as_ref())) }
                                    td { (change(a.change)) }
                                }
                                td class="desc" {
                                    @if let Some(d) = &a.description { (h(d)) } @else { span class="muted" { "–" } }
                                    @if let Some(note) = &a.note {
                                        div class="note" { "Note: " (lines(note)) }
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

fn next_steps(v: &ScoreView) -> Markup {
    html! {
        @if !v.contradictions.is_empty() {
            section class="contradictions" {
                h2 { "Answers that contradict each other" }
                p class="muted" { "The level texts tie these together; one of each pair may need another look." }
                ul {
                    @for c in &v.contradictions { li { (h(&c.sentence)) } }
                }
            }
        }
        @if !v.next_steps.is_empty() {
            section class="next" {
                h2 { "Next steps toward " (h(&v.target.name)) }
                @if let Some(order) = v.order_line() { p class="muted" { (h(&order)) } }
                ol {
                    @for s in &v.next_steps {
                        li {
                            div class="step-head" {
                                strong { (h(&s.name)) } " "
                                span class="muted" { (h(s.stage.as_ref().map_or(&s.section_name, |(_, name)| name))) } " · "
                                (level_badge(Some(&s.current))) " → " (level_badge(Some(&s.next)))
                                " " span class="muted" { "(" (crate::view::score::levels_word(s.gap)) " to go)" }
                            }
                            p { em { (h(&s.next.name)) " looks like: " } (h(&s.description)) }
                            @if let Some(note) = &s.note { p class="muted" { "Note: " (lines(note)) } }
                            @if let Some(why) = &s.from_facts { p class="facts" { strong { "From the file's facts: " } (h(why)) } }
                            @if !s.tips.is_empty() {
                                ul class="tips" {
                                    @for t in &s.tips {
                                        li {
                                            (h(&t.text))
                                            @if let Some(src) = &t.source_label {
                                                " " span class="muted" { "(" (h(src)) ")" }
                                            }
                                        }
                                    }
                                }
                            }
                            @if let Some(e) = &s.in_file { p class="muted" { "In the program file: " (h(e)) } }
                        }
                    }
                }
            }
        } @else if v.answered > 0 {
            p { "Every answered attribute is at or above " (h(&v.target.name)) "." }
        }
        @if !v.unanswered.is_empty() {
            section class="unanswered" {
                h2 { "Not answered" }
                p {
                    @for (k, &i) in v.unanswered.iter().enumerate() {
                        @if k > 0 { ", " }
                        (h(&v.attributes[i].name))
                    }
                }
            }
        }
    }
}

fn skipped(v: &ScoreView) -> Markup {
    html! {
        @if let Some(team) = &v.team {
            @if !team.skipped.is_empty() {
                section class="skipped" {
                    h2 { "Files left out (" (team.skipped.len()) ")" }
                    ul {
                        @for (_, _, reason) in &team.skipped { li { code { (h(reason)) } } }
                    }
                }
            }
        }
    }
}

fn footer(v: &ScoreView) -> Markup {
    html! {
        footer {
            "Rubric: " (h(&v.rubric.name)) " " (h(&v.rubric.version))
            @if let Some(src) = &v.rubric.source { " · " (h(src)) }
            @if let Some(y) = v.rubric.year { " (" (y) ")" }
            " · made with persona-maturity " (env!("CARGO_PKG_VERSION"))
        }
    }
}

/// The `score` report.
pub fn score(v: &ScoreView) -> String {
    page(
        &h(&v.title),
        html! {
            (overview(v))
            (moved(v))
            (team(v))
            (attributes(v))
            (comments(v))
            (next_steps(v))
            (skipped(v))
            (footer(v))
        },
    )
}

/// The `check` report: the verdict and findings first, then the whole score report.
pub fn check(v: &CheckView) -> String {
    let sev_class = |s: Severity| match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    };
    let file = v.shown_file.as_str();
    let body = html! {
        header { h1 { "Persona program check" } }
        section class={"verdict " (if v.passed { "pass" } else { "fail" })} {
            div class="verdict-badge" { (if v.passed { "PASS" } else { "FAIL" }) }
            div {
                div class="verdict-file" { code { (h(file)) } }
                div { (h(&v.headline)) }
            }
        }
        @if !v.findings.is_empty() {
            section class="findings" {
                h2 { "Findings" }
                div class="scroll" tabindex="0" role="region" aria-label="Findings" { table {
                    thead { tr { th { "Severity" } th { "Rule" } th { "Subject" } th { "Finding and what to do" } } }
                    tbody {
                        @for f in &v.findings {
                            tr {
                                td { span class={"sev " (sev_class(f.severity))} { (f.severity.as_str()) } }
                                td { code { (f.rule) } }
                                td {
                                    (h(&f.subject))
                                    @if let Some(l) = f.line { " " span class="muted" { "(line " (l) ")" } }
                                }
                                td { (text(&f.message)) div class="remedy" { "→ " (text(&f.remediation)) } }
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
                            code { (w.finding.rule) } " · " (h(&w.finding.subject)) ": " (text(&w.reason))
                            " " span class="muted" { "(until " (w.expires)
                                @if let Some(o) = &w.owner { ", " (h(o)) } ")" }
                        }
                    }
                }
            }
        }
        @if !v.evidence.is_empty() {
            section class="evidence" {
                h2 { "Evidence: claimed levels against what the file's facts support" }
                div class="scroll" tabindex="0" role="region" aria-label="Evidence" { table {
                    thead { tr { th { "Attribute" } th { "Claimed" } th { "Evidence" } th { "Basis" } } }
                    tbody {
                        @for e in &v.evidence {
                            tr class=(if e.overclaim { "overclaim" } else { "" }) {
                                td { (h(&e.name)) }
                                td { (level_badge(e.claimed.as_ref())) }
                                td {
                                    // A ceiling or a range is no verdict on the claim: no
                                    // coloured badge, which reads as approval.
                                    @if e.ceiling || e.lowest.is_some() {
                                        span class="ceiling" { (h(&e.label())) }
                                    } @else {
                                        (level_badge(Some(&e.evidence)))
                                    }
                                }
                                td {
                                    (text(&e.basis))
                                    @if let Some(n) = &e.note {
                                        p class="muted note" { "Note: " (text(n)) "." }
                                    }
                                }
                            }
                        }
                    }
                } }
            }
        }
        (overview(&v.score))
        (attributes(&v.score))
        (next_steps(&v.score))
        (footer(&v.score))
    };
    let title = format!(
        "Persona program check: {} · {}",
        if v.passed { "PASS" } else { "FAIL" },
        h(file)
    );
    page(&title, body)
}
