//! The reports of `evidence crm` and `evidence interviews`: a table for the terminal, Markdown,
//! one self-contained HTML page, one CSV row for a tracking sheet, and JSON (with
//! `schema_version`; its schemas are `schema --output evidence-crm` and `evidence-interviews`).
//! Layout only, over the view; text in backticks is set as code where the medium has it.

use super::table::{new_table, tone_text};
use crate::escape;
use crate::evidence::crm::{Matches, Measurement, SideCount};
use crate::source::Date;
use crate::style::{wrap, Style};
use crate::view::evidence::{EvidenceView, InterviewCounts, PeriodCount, Section};
use comfy_table::{Cell, CellAlignment};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Serialize;
use std::fmt::Write;

/// For the terminal.
pub fn table(v: &EvidenceView, style: &Style) -> String {
    let t = |s: &str| escape::terminal(s).into_owned();
    let width = style.width;
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.bold(&t(&v.title)));
    for f in &v.facts {
        let _ = writeln!(out, "{}", style.dim(&wrap(&t(f), width, "", "  ")));
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} {}",
        style.bold("Level:"),
        tone_text(style, v.level.tone, &v.level.name)
    );
    let _ = writeln!(
        out,
        "{}",
        wrap(&t(&format!("\"{}\"", v.level_text)), width, "  ", "  ")
    );
    let _ = writeln!(
        out,
        "{}",
        wrap(&t(&format!("Why: {}", v.why)), width, "  ", "  ")
    );
    if let Some((next, needs)) = &v.next {
        let _ = writeln!(out, "{}", style.bold(&format!("To reach {}:", next.name)));
        for n in needs {
            let _ = writeln!(out, "{}", wrap(&t(n), width, "  - ", "    "));
        }
    }
    for s in &v.sections {
        let _ = writeln!(out, "\n{}", style.bold(&t(&s.title)));
        if s.rows.is_empty() {
            let _ = writeln!(out, "  {}", style.dim("(none)"));
            continue;
        }
        let mut table = new_table(style);
        table.set_header(s.header.iter().zip(&s.numeric).map(|(h, num)| {
            let cell = Cell::new(t(h));
            if *num {
                cell.set_alignment(CellAlignment::Right)
            } else {
                cell
            }
        }));
        for row in &s.rows {
            table.add_row(row.iter().zip(&s.numeric).map(|(c, num)| {
                let cell = Cell::new(t(c));
                if *num {
                    cell.set_alignment(CellAlignment::Right)
                } else {
                    cell
                }
            }));
        }
        let _ = writeln!(out, "{table}");
    }
    if !v.notes.is_empty() {
        let _ = writeln!(out);
        for n in &v.notes {
            let _ = writeln!(out, "{}", wrap(&t(n), width, "note: ", "      "));
        }
    }
    out
}

/// Markdown text where `code spans` stay code and everything else is escaped.
fn md_text(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escape::markdown(s);
    }
    parts
        .iter()
        .enumerate()
        .map(|(k, p)| {
            if k % 2 == 1 {
                escape::markdown_code(p)
            } else {
                escape::markdown(p)
            }
        })
        .collect()
}

fn md_table(out: &mut String, s: &Section) {
    let _ = writeln!(out, "\n### {}\n", md_text(&s.title));
    if s.rows.is_empty() {
        let _ = writeln!(out, "_none_");
        return;
    }
    let cells = |row: &[String]| {
        row.iter()
            .map(|c| escape::markdown(c))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let _ = writeln!(out, "| {} |", cells(&s.header));
    let rule: Vec<&str> = s
        .numeric
        .iter()
        .map(|n| if *n { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for row in &s.rows {
        let _ = writeln!(out, "| {} |", cells(row));
    }
}

/// For a wiki page, a pull-request comment or a step summary.
pub fn markdown(v: &EvidenceView) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", md_text(&v.title));
    for f in &v.facts {
        let _ = writeln!(out, "- {}", md_text(f));
    }
    let _ = writeln!(
        out,
        "\n**Level: {}** — {}\n\n{}",
        escape::markdown(&v.level.name),
        escape::markdown(&format!("\"{}\"", v.level_text)),
        md_text(&format!("Why: {}", v.why))
    );
    if let Some((next, needs)) = &v.next {
        let _ = writeln!(out, "\n**To reach {}:**\n", escape::markdown(&next.name));
        for n in needs {
            let _ = writeln!(out, "- {}", md_text(n));
        }
    }
    for s in &v.sections {
        md_table(&mut out, s);
    }
    if !v.notes.is_empty() {
        let _ = writeln!(out);
        for n in &v.notes {
            let _ = writeln!(out, "> {}", md_text(n));
        }
    }
    out
}

/// HTML text where `code spans` are set as code.
fn html_text(s: &str) -> Markup {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return html! { (s) };
    }
    html! {
        @for (k, p) in parts.iter().enumerate() {
            @if k % 2 == 1 { code { (p) } } @else { (p) }
        }
    }
}

const CSS: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#fff}\
main{max-width:60rem;margin:0 auto;padding:1.5rem}h1{font-size:1.5rem;margin:0 0 .25rem}\
.muted{color:#57606a}.level{font-size:1.25rem;font-weight:600}\
table{border-collapse:collapse;margin:.5rem 0 1.25rem}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left}\
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}code{background:#f6f8fa;padding:0 .2rem;border-radius:3px}\
.scroll{overflow-x:auto}.notes li{margin:.25rem 0}@media print{main{padding:0}}";

/// One self-contained page.
pub fn html(v: &EvidenceView) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content={"persona-maturity " (env!("CARGO_PKG_VERSION"))};
                title { (v.title) }
                style { (PreEscaped(CSS)) }
            }
            body { main {
                h1 { (v.title) }
                @for f in &v.facts { p class="muted" { (html_text(f)) } }
                p class="level" { "Level: " (v.level.name) }
                blockquote { "\u{201c}" (v.level_text) "\u{201d}" }
                p { "Why: " (html_text(&v.why)) }
                @if let Some((next, needs)) = &v.next {
                    h2 { "To reach " (next.name) }
                    @if needs.is_empty() { p { "Nothing more to measure." } }
                    ul { @for n in needs { li { (html_text(n)) } } }
                }
                @for s in &v.sections {
                    h2 { (html_text(&s.title)) }
                    @if s.rows.is_empty() { p class="muted" { "None." } } @else {
                        div class="scroll" tabindex="0" role="region" aria-label=(s.title) { table {
                            thead { tr { @for (h, n) in s.header.iter().zip(&s.numeric) {
                                th scope="col" class=[n.then_some("num")] { (h) }
                            } } }
                            tbody { @for row in &s.rows { tr {
                                @for (c, n) in row.iter().zip(&s.numeric) {
                                    td class=[n.then_some("num")] { (c) }
                                }
                            } } }
                        } }
                    }
                }
                @if !v.notes.is_empty() {
                    h2 { "Notes" }
                    ul class="notes" { @for n in &v.notes { li { (html_text(n)) } } }
                }
            } }
        }
    };
    page.into_string()
}

/// One row for a tracking sheet, with its header: append a month's run to last month's.
pub fn csv(v: &EvidenceView) -> String {
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| {
                if c.parse::<f64>().is_ok() {
                    c.clone()
                } else {
                    let text = escape::csv_text(c);
                    if text.contains([',', '"', '\n', '\r']) {
                        format!("\"{}\"", text.replace('"', "\"\""))
                    } else {
                        text
                    }
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    format!("{}\n{}\n", line(&v.csv.0), line(&v.csv.1))
}

// ---- JSON ----

#[derive(Serialize, schemars::JsonSchema)]
struct JsonSide {
    records: u64,
    mapped: u64,
    /// Percentage of the records with a persona, the number the report shows: one decimal,
    /// rounded down, more decimals only where one would show a share just above 10%, 50% or 90%
    /// as the threshold itself (10.04). null with no records: a share of nothing is no
    /// percentage.
    pct: Option<f64>,
    /// Unmapped records by kind: an empty cell, only blanks, a placeholder such as `n/a`.
    unmapped: JsonUnmapped,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonUnmapped {
    empty: u64,
    blank: u64,
    placeholder: u64,
}

impl JsonSide {
    fn of(s: SideCount) -> JsonSide {
        JsonSide {
            records: s.records,
            mapped: s.mapped,
            pct: crate::view::evidence::pct_number(s),
            unmapped: JsonUnmapped {
                empty: s.empty,
                blank: s.blank,
                placeholder: s.placeholder,
            },
        }
    }
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonLevel {
    /// The level's id, e.g. `advancing`.
    level: String,
    level_name: String,
    /// The framework's text of the level.
    level_text: String,
    /// The facts it rests on, in words.
    why: String,
    /// The next level and what it needs; null at the top.
    next: Option<JsonNext>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonNext {
    level: String,
    needs: Vec<String>,
}

impl JsonLevel {
    fn of(v: &EvidenceView) -> JsonLevel {
        JsonLevel {
            level: v.level.id.clone(),
            level_name: v.level.name.clone(),
            level_text: v.level_text.clone(),
            why: v.why.clone(),
            next: v.next.as_ref().map(|(l, needs)| JsonNext {
                level: l.id.clone(),
                needs: needs.clone(),
            }),
        }
    }
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonPersonaValue {
    value: String,
    customers: u64,
    prospects: u64,
    /// Records counted in neither (their stage value is left out).
    excluded: u64,
    records: u64,
    /// The program persona it names (with --program); null when it names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    persona: Option<Option<String>>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonStageValue {
    value: String,
    /// `customer`, `prospect` or `excluded`.
    counted_as: String,
    records: u64,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonProgram {
    /// Persona values that name no persona of the program.
    unmatched_values: Vec<JsonUnmatched>,
    /// Buyer personas no record carries.
    personas_without_records: Vec<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonUnmatched {
    value: String,
    records: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    did_you_mean: Option<String>,
}

/// `evidence crm --format json`.
#[derive(Serialize, schemars::JsonSchema)]
struct JsonCrm {
    schema_version: u32,
    /// The export, as the report names it.
    source: String,
    /// `hubspot`, `salesforce` or `crm`.
    kind: String,
    measured_on: String,
    persona_column: String,
    stage_column: String,
    customer_values: Vec<String>,
    exclude_values: Vec<String>,
    customers: JsonSide,
    prospects: JsonSide,
    total: JsonSide,
    /// Records whose stage value is left out (--exclude-values).
    excluded: u64,
    #[serde(flatten)]
    level: JsonLevel,
    persona_values: Vec<JsonPersonaValue>,
    /// The placeholders unmapped records hold (`n/a`, `unknown`, …), with their records.
    placeholder_values: Vec<JsonPersonaValue>,
    stage_values: Vec<JsonStageValue>,
    /// With --program: how the persona values meet the program's personas.
    #[serde(skip_serializing_if = "Option::is_none")]
    program: Option<JsonProgram>,
}

/// The JSON of `evidence crm`.
pub fn crm_json(v: &EvidenceView, m: &Measurement, on: Date, matches: Option<&Matches>) -> String {
    let doc = JsonCrm {
        schema_version: crate::render::json::SCHEMA_VERSION,
        source: v.file.clone(),
        kind: m.source.id().to_string(),
        measured_on: on.to_string(),
        persona_column: m.persona_column.clone(),
        stage_column: m.stage_column.clone(),
        customer_values: m.customer_values.clone(),
        exclude_values: m.exclude_values.clone(),
        customers: JsonSide::of(m.customers),
        prospects: JsonSide::of(m.prospects),
        total: JsonSide::of(m.total()),
        excluded: m.excluded,
        level: JsonLevel::of(v),
        persona_values: m
            .personas
            .iter()
            .enumerate()
            .map(|(k, p)| JsonPersonaValue {
                value: p.text.clone(),
                customers: p.customers,
                prospects: p.prospects,
                excluded: p.excluded,
                records: p.records(),
                persona: matches.map(|x| x.persona_of[k].clone()),
            })
            .collect(),
        placeholder_values: m
            .placeholders
            .iter()
            .map(|p| JsonPersonaValue {
                value: p.text.clone(),
                customers: p.customers,
                prospects: p.prospects,
                excluded: p.excluded,
                records: p.records(),
                persona: None,
            })
            .collect(),
        stage_values: m
            .stages
            .iter()
            .map(|s| JsonStageValue {
                value: s.text.clone(),
                counted_as: s.group.id().to_string(),
                records: s.records,
            })
            .collect(),
        program: matches.map(|x| JsonProgram {
            unmatched_values: x
                .unmatched
                .iter()
                .map(|(value, records, hint)| JsonUnmatched {
                    value: value.clone(),
                    records: *records,
                    did_you_mean: hint.clone(),
                })
                .collect(),
            personas_without_records: x.uncarried.clone(),
        }),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonPeriod {
    /// The period's first day.
    from: String,
    /// Its last day.
    to: String,
    /// Interviews by kind: customer, prospect, non-customer, lost-deal, churned, partner,
    /// internal.
    by_kind: std::collections::BTreeMap<String, u64>,
    total: u64,
}

/// `evidence interviews --format json`.
#[derive(Serialize, schemars::JsonSchema)]
struct JsonInterviews {
    schema_version: u32,
    source: String,
    today: String,
    /// The window's interviews are after this day and on or before `today`.
    window_after: String,
    /// The window's four 3-month periods, oldest first.
    periods: Vec<JsonPeriod>,
    /// The whole window.
    window: JsonPeriod,
    /// Interviews before the window, and after today (not counted yet).
    before_window: u64,
    after_today: u64,
    /// Share of the window's interviews that are internal, a fraction of one rounded as the
    /// reports round percentages: to a tenth of a percent, down, with more decimals only where a
    /// share just above 10%, 50% or 90% would read as the threshold itself. 1 of 3 is 0.333, 1 of
    /// 2 is 0.5, 5,001 of 10,000 is 0.5001; Advancing needs it under 0.5. null with no interviews
    /// in the window: a share of nothing is no share.
    internal_share: Option<f64>,
    /// Whether the log meets each level's reading, lowest first.
    met: std::collections::BTreeMap<String, bool>,
    #[serde(flatten)]
    level: JsonLevel,
    /// Interviews in the window by the persona they informed.
    personas: std::collections::BTreeMap<String, u64>,
}

fn json_period(p: &PeriodCount) -> JsonPeriod {
    JsonPeriod {
        from: p.from.to_string(),
        to: p.to.to_string(),
        by_kind: p.by_kind.iter().map(|&(k, n)| (k.to_string(), n)).collect(),
        total: p.total,
    }
}

/// The JSON of `evidence interviews`.
pub fn interviews_json(
    v: &EvidenceView,
    c: &InterviewCounts,
    personas: &[(String, u64)],
) -> String {
    let doc = JsonInterviews {
        schema_version: crate::render::json::SCHEMA_VERSION,
        source: v.file.clone(),
        today: c.today.to_string(),
        window_after: c.window_after.to_string(),
        periods: c.periods.iter().map(json_period).collect(),
        window: json_period(&c.window),
        before_window: c.before,
        after_today: c.after,
        internal_share: c.internal_share,
        met: c.met.iter().cloned().collect(),
        level: JsonLevel::of(v),
        personas: personas.iter().cloned().collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// The JSON Schema of `evidence crm --format json`.
pub fn crm_schema() -> schemars::schema::RootSchema {
    schemars::schema_for!(JsonCrm)
}

/// The JSON Schema of `evidence interviews --format json`.
pub fn interviews_schema() -> schemars::schema::RootSchema {
    schemars::schema_for!(JsonInterviews)
}
