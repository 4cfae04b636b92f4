//! `history` in every format: a row per point (date, revision, overall and section scores with
//! the change from the point before), and per step what moved. The HTML page adds a line chart of
//! the overall score and each section's against the level bands.

use crate::escape;
use crate::history::plan_check::Status;
use crate::style::Style;
use crate::view::fmt_score;
use crate::view::history::{HistoryView, PointView, ScoreCell};
use comfy_table::{Cell, CellAlignment};
use maud::{html, PreEscaped, DOCTYPE};
use serde::Serialize;

fn t(s: &str) -> String {
    escape::terminal(s).into_owned()
}

/// A score with its change from the version before: "2.40 ▲" ("2.40" for the first version).
fn with_arrow(value: f64, arrow: &str) -> String {
    format!("{} {arrow}", fmt_score(value))
        .trim_end()
        .to_string()
}

pub fn table(v: &HistoryView, style: &Style) -> String {
    let mut out = format!(
        "{}\n{}\n\n",
        style.bold(&format!("Progress of {}", t(&v.source))),
        style.dim(&t(&v.summary))
    );
    let points: Vec<PointView> = v.points().collect();
    // Every cell as (plain text, as shown, right-aligned).
    let mut header: Vec<String> = ["Date", "Revision", "Overall", "Level"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if v.folder {
        header.push("Respondents".to_string());
    }
    header.extend(v.sections.iter().map(|s| t(&s.name)));
    let paint = |a: &str, text: &str| match a {
        "▲" => style.green(text),
        "▼" => style.red(text),
        _ => text.to_string(),
    };
    let mut rows: Vec<Vec<Shown>> = Vec::new();
    for p in &points {
        let plain = |s: String| (s.clone(), s, false);
        let mut row = vec![plain(p.date.to_string()), plain(p.label.clone())];
        match &p.overall {
            Some(sc) => {
                let v = with_arrow(sc.value, sc.arrow);
                row.push((v.clone(), paint(sc.arrow, &v), true));
                let name = t(&sc.level.name);
                row.push((
                    name.clone(),
                    crate::render::table::tone_text(style, sc.level.tone, &name),
                    false,
                ));
            }
            None => {
                row.push(("no score".into(), style.dim("no score"), false));
                row.push(plain(String::new()));
            }
        }
        if v.folder {
            let n = p.respondents.map(|n| n.to_string()).unwrap_or_default();
            row.push((n.clone(), n, true));
        }
        for sec in &p.sections {
            row.push(match &sec.score {
                Some(sc) => {
                    let v = with_arrow(sc.value, sc.arrow);
                    (v.clone(), paint(sc.arrow, &v), true)
                }
                None => ("–".into(), style.dim("–"), true),
            });
        }
        rows.push(row);
    }
    tables(&mut out, &header, &rows, v.folder, style);
    what_moved(&mut out, v, &points, style);
    out
}

/// A table cell: its plain text (for widths), as shown (maybe coloured), and right-aligned.
type Shown = (String, String, bool);

/// The rows as one table when every column fits without breaking a word; else two: the
/// overall, then the sections (each with the date), so a narrow terminal never splits a number
/// or a name. Each cell is (plain text, as shown, right-aligned).
fn tables(out: &mut String, header: &[String], rows: &[Vec<Shown>], folder: bool, style: &Style) {
    use unicode_width::UnicodeWidthStr;
    let widest = |c: usize| {
        let head = header[c].split(' ').map(|w| w.width()).max().unwrap_or(0);
        rows.iter().map(|r| r[c].0.width()).fold(head, usize::max)
    };
    let all: Vec<usize> = (0..header.len()).collect();
    let needed: usize = all.iter().map(|&c| widest(c) + 3).sum::<usize>() + 1;
    let groups: Vec<Vec<usize>> = if needed <= style.width {
        vec![all]
    } else {
        let first = if folder { 5 } else { 4 };
        vec![
            (0..first).collect(),
            std::iter::once(0).chain(first..header.len()).collect(),
        ]
    };
    for (g, cols) in groups.iter().enumerate() {
        let mut tb = crate::render::table::new_table(style);
        tb.set_header(cols.iter().map(|&c| Cell::new(&header[c])));
        // No column narrower than its longest word (a number, a level, a section's word).
        tb.set_constraints(cols.iter().map(|&c| {
            comfy_table::ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(
                (widest(c) + 2) as u16,
            ))
        }));
        for row in rows {
            tb.add_row(cols.iter().map(|&c| {
                let (_, shown, right) = &row[c];
                let cell = Cell::new(shown);
                if *right {
                    cell.set_alignment(CellAlignment::Right)
                } else {
                    cell
                }
            }));
        }
        if g > 0 {
            out.push('\n');
        }
        out.push_str(&tb.to_string());
        out.push('\n');
    }
}

/// What moved between versions, then how the versions stand against the plan.
fn what_moved(out: &mut String, v: &HistoryView, points: &[PointView], style: &Style) {
    let mut moved_any = false;
    for p in points.iter().skip(1).filter(|p| p.changed()) {
        if !moved_any {
            out.push_str(&format!("\n{}\n", style.bold("What moved")));
            moved_any = true;
        }
        out.push_str(&format!("{} ({})\n", p.date, p.label));
        if let Some(who) = &p.respondents_changed {
            out.push_str(&format!("  {}\n", style.yellow(&t(who))));
        }
        for m in &p.moved {
            let line = format!("  {}", t(&m.text));
            out.push_str(&match m.change {
                Some(c) if c > 0 => style.green(&line),
                Some(c) if c < 0 => style.red(&line),
                _ => line,
            });
            out.push('\n');
        }
    }
    if !moved_any && points.len() > 1 {
        out.push_str("\nNo attribute changed level between these versions.\n");
    }
    if !v.plan.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            style.bold(&format!("Against the plan, on {}", v.today))
        ));
        for step in &v.plan {
            let line = format!("  {}", t(&step.line));
            out.push_str(&match step.status.id() {
                "done" => style.green(&line),
                "late" | "missed" => style.red(&line),
                _ => line,
            });
            out.push('\n');
        }
    }
}

pub fn markdown(v: &HistoryView) -> String {
    use crate::escape::markdown as md;
    let mut out = format!(
        "## Progress of {}\n\n{}\n\n",
        crate::escape::markdown_code(&v.source),
        md(&v.summary)
    );
    let points: Vec<PointView> = v.points().collect();
    out.push_str("| Date | Revision | Overall |");
    if v.folder {
        out.push_str(" Respondents |");
    }
    for s in &v.sections {
        out.push_str(&format!(" {} |", md(&s.name)));
    }
    out.push_str("\n|---|---|---|");
    if v.folder {
        out.push_str("---:|");
    }
    for _ in &v.sections {
        out.push_str("---:|");
    }
    out.push('\n');
    for p in &points {
        let o = match &p.overall {
            Some(s) => format!("{} {} {}", fmt_score(s.value), s.arrow, md(&s.level.name))
                .replace("  ", " "),
            None => "no score".into(),
        };
        out.push_str(&format!("| {} | {} | {o} |", p.date, md(&p.label)));
        if v.folder {
            out.push_str(&format!(
                " {} |",
                p.respondents.map(|n| n.to_string()).unwrap_or_default()
            ));
        }
        for s in &p.sections {
            let cell = match &s.score {
                Some(sc) => with_arrow(sc.value, sc.arrow),
                None => "–".into(),
            };
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
    let mut header = false;
    for p in points.iter().skip(1).filter(|p| p.changed()) {
        if !header {
            out.push_str("\n### What moved\n");
            header = true;
        }
        out.push_str(&format!("\n**{} ({})**\n\n", p.date, md(&p.label)));
        if let Some(who) = &p.respondents_changed {
            out.push_str(&format!("- *{}*\n", md(who)));
        }
        for m in &p.moved {
            out.push_str(&format!("- {}\n", md(&m.text)));
        }
    }
    if !v.plan.is_empty() {
        out.push_str(&format!("\n### Against the plan, on {}\n\n", v.today));
        for step in &v.plan {
            let mark = if step.status.id() == "done" { "x" } else { " " };
            out.push_str(&format!("- [{mark}] {}\n", md(&step.line)));
        }
    }
    out
}

pub fn csv(v: &HistoryView) -> String {
    use crate::escape::csv_text;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "date",
        "revision",
        "working_copy",
        "dated_by",
        "respondents",
        "overall_score",
        "overall_level",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for s in &v.sections {
        header.push(csv_text(&format!("{}_score", s.id)));
        header.push(csv_text(&format!("{}_level", s.id)));
    }
    header.push("moved".into());
    let _ = w.write_record(&header);
    let num = |v: Option<f64>| {
        v.map(|v| format!("{}", (v * 10_000.0).round() / 10_000.0))
            .unwrap_or_default()
    };
    for p in v.points() {
        let mut row = vec![
            p.date.to_string(),
            p.revision.clone().unwrap_or_default(),
            p.working_copy.to_string(),
            p.dated_by.to_string(),
            p.respondents.map(|n| n.to_string()).unwrap_or_default(),
            num(p.overall.as_ref().map(|s| s.value)),
            p.overall
                .as_ref()
                .map(|s| csv_text(&s.level.id))
                .unwrap_or_default(),
        ];
        for s in &p.sections {
            row.push(num(s.score.as_ref().map(|x| x.value)));
            row.push(
                s.score
                    .as_ref()
                    .map(|x| csv_text(&x.level.id))
                    .unwrap_or_default(),
            );
        }
        let moved: Vec<&str> = p.moved.iter().map(|m| m.ids.as_str()).collect();
        row.push(csv_text(&moved.join("; ")));
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonHistory<'a> {
    schema_version: u32,
    rubric: JsonRubric<'a>,
    source: &'a str,
    points: JsonPoints<'a>,
    invalid: Vec<JsonInvalid<'a>>,
    /// Dates in the future or out of commit order, files a conversion may have replaced: each
    /// with the version it is about (a commit's hash, or "working copy").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(default)]
    warnings: Vec<JsonWarning<'a>>,
    /// A shallow clone: the commit history starts at (older versions are not in the clone).
    #[serde(skip_serializing_if = "Option::is_none")]
    shallow_boundary: Option<&'a str>,
    /// Files the path replaced without a rename git sees (a conversion), newest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(default)]
    continued_from: Vec<JsonContinued<'a>>,
    /// With --plan: every planned step and where it stands.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(default)]
    plan: Vec<JsonPlanStep<'a>>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonPlanStep<'a> {
    attribute: &'a str,
    level: &'a str,
    due: String,
    owner: Option<&'a str>,
    /// done (held at its due date and today), late (reached after it, held today), slipped
    /// (reached, then lost: not held today), missed (never reached, due date passed) or pending.
    status: &'static str,
    /// done, late: the version it has held since, and the day it counts from; slipped: the
    /// first version that reached it.
    reached: Option<String>,
    revision: Option<String>,
    /// slipped: the version that lost it (last), and its day.
    #[serde(skip_serializing_if = "Option::is_none")]
    lost: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lost_revision: Option<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonContinued<'a> {
    path: &'a str,
    at: &'a str,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonRubric<'a> {
    id: &'a str,
    version: &'a str,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonScore {
    score: f64,
    level: String,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonSection {
    id: String,
    score: Option<f64>,
    level: Option<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonMove {
    attribute: String,
    from: Option<String>,
    to: Option<String>,
    change: Option<i64>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonPoint {
    date: String,
    dated_by: &'static str,
    revision: Option<String>,
    working_copy: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    respondents: Option<u64>,
    overall: Option<JsonScore>,
    sections: Vec<JsonSection>,
    moved: Vec<JsonMove>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonInvalid<'a> {
    revision: &'a str,
    reason: &'a str,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonWarning<'a> {
    revision: &'a str,
    message: &'a str,
}

/// The JSON Schema of `history --format json`.
pub fn json_schema() -> schemars::schema::RootSchema {
    schemars::schema_for!(JsonHistory<'static>)
}

/// The points, each made into its JSON only as it is written: a long history is never held twice.
struct JsonPoints<'a>(&'a HistoryView<'a>);

impl schemars::JsonSchema for JsonPoints<'_> {
    fn is_referenceable() -> bool {
        false
    }

    fn schema_name() -> String {
        Vec::<JsonPoint>::schema_name()
    }

    fn json_schema(g: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        Vec::<JsonPoint>::json_schema(g)
    }
}

impl Serialize for JsonPoints<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let v = self.0;
        let points = v.points();
        let mut seq = s.serialize_seq(Some(points.len()))?;
        for p in points {
            seq.serialize_element(&json_point(p))?;
        }
        seq.end()
    }
}

fn json_point(p: PointView) -> JsonPoint {
    let round = crate::render::json::round4;
    JsonPoint {
        date: p.date.to_string(),
        dated_by: p.dated_by,
        revision: p.revision,
        working_copy: p.working_copy,
        respondents: p.respondents,
        overall: p.overall.map(|s| JsonScore {
            score: round(s.value),
            level: s.level.id,
        }),
        sections: p
            .sections
            .into_iter()
            .map(|s| JsonSection {
                id: s.id,
                score: s.score.as_ref().map(|x| round(x.value)),
                level: s.score.map(|x| x.level.id),
            })
            .collect(),
        moved: p
            .moved
            .into_iter()
            .map(|m| JsonMove {
                attribute: m.attribute_id,
                from: m.from,
                to: m.to,
                change: m.change,
            })
            .collect(),
    }
}

/// `history --format json`, written as it is made (a long history's JSON is never held whole).
pub fn write_json(v: &HistoryView, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let doc = JsonHistory {
        schema_version: crate::render::json::SCHEMA_VERSION,
        rubric: JsonRubric {
            id: &v.rubric.id,
            version: &v.rubric.version,
        },
        source: &v.source,
        shallow_boundary: v.shallow,
        continued_from: v
            .continued
            .iter()
            .map(|(path, at)| JsonContinued { path, at })
            .collect(),
        plan: v
            .plan
            .iter()
            .map(|s| {
                let (reached, lost) = match &s.status {
                    Status::Done(r) | Status::Late(r) => (Some(r), None),
                    Status::Slipped { reached, lost } => (Some(reached), Some(lost)),
                    _ => (None, None),
                };
                JsonPlanStep {
                    attribute: &s.attribute_id,
                    level: &s.level.id,
                    due: s.due.to_string(),
                    owner: s.owner.as_deref(),
                    status: s.status.id(),
                    reached: reached.map(|r| r.date.to_string()),
                    revision: reached.map(|r| r.revision.clone()),
                    lost: lost.map(|r| r.date.to_string()),
                    lost_revision: lost.map(|r| r.revision.clone()),
                }
            })
            .collect(),
        points: JsonPoints(v),
        invalid: v
            .invalid
            .iter()
            .map(|i| JsonInvalid {
                revision: &i.revision,
                reason: &i.reason,
            })
            .collect(),
        warnings: v
            .warnings
            .iter()
            .map(|w| JsonWarning {
                revision: &w.revision,
                message: &w.message,
            })
            .collect(),
    };
    use std::io::Write;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer_pretty(&mut w, &doc).map_err(std::io::Error::from)?;
    w.write_all(b"\n")?;
    w.flush()
}

// ---- HTML ----

const PAGE_CSS: &str = "
body{margin:0;color:#1b1b1b;background:#fff;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;overflow-wrap:break-word}
h1,h2,h3{overflow-wrap:anywhere}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:2rem 0 .5rem}
.muted{color:#4a4a4a}
figure{margin:1rem 0;overflow-x:auto}svg{width:100%;min-width:720px;height:auto;max-width:56rem}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.25rem 0;padding:0;list-style:none;font-size:.95rem}
.legend span.swatch{display:inline-block;width:1.5rem;height:.25rem;vertical-align:middle;margin-right:.35rem}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;font-size:.95rem}th,td{padding:.3rem .6rem;border-bottom:1px solid #c8c8c8;text-align:left;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.up{color:#1e6b2f}.down{color:#9b1c1c}
ul.moved{margin:.25rem 0 .75rem;padding-left:1.25rem}
@media print{main{max-width:none}.table-wrap{overflow:visible}}
";

pub fn html(v: &HistoryView) -> String {
    let cls = |a: &str| match a {
        "▲" => "num up",
        "▼" => "num down",
        _ => "num",
    };
    let arrow = |s: &Option<ScoreCell>| s.as_ref().map_or("", |s| s.arrow);
    let points: Vec<PointView> = v.points().collect();
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Persona maturity over time · " (escape::html(&v.source)) }
                style { (PreEscaped(PAGE_CSS)) }
            }
            body {
                main {
                    h1 { "Persona maturity over time" }
                    p class="muted" {
                        code { (escape::html(&v.source)) } " · " (escape::html(&v.rubric.name)) " " (escape::html(&v.rubric.version))
                        " · " (escape::html(&v.summary))
                    }
                    (crate::render::history_chart::chart(v, &points))
                    h2 { "Every version" }
                    div class="table-wrap" tabindex="0" role="region" aria-label="Every version" {
                        table {
                            thead { tr {
                                th { "Date" } th { "Revision" } th { "Overall" }
                                @if v.folder { th { "Respondents" } }
                                @for s in &v.sections { th { (escape::html(&s.name)) } }
                            } }
                            tbody {
                                @for p in &points {
                                    tr {
                                        td { (p.date.to_string()) }
                                        td { code { (p.label) } }
                                        td class=(cls(arrow(&p.overall))) {
                                            @match &p.overall {
                                                Some(s) => { (fmt_score(s.value)) " " (s.arrow) " " (escape::html(&s.level.name)) },
                                                None => "no score",
                                            }
                                        }
                                        @if v.folder {
                                            td { (p.respondents.map(|n| n.to_string()).unwrap_or_default()) }
                                        }
                                        @for s in &p.sections {
                                            td class=(cls(arrow(&s.score))) {
                                                @match &s.score {
                                                    Some(sc) => { (fmt_score(sc.value)) " " (sc.arrow) },
                                                    None => "–",
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if !v.plan.is_empty() {
                        h2 { "Against the plan, on " (v.today.to_string()) }
                        ul class="moved" {
                            @for step in &v.plan {
                                li class=(match step.status.id() { "done" => "up", "late" | "missed" => "down", _ => "" }) {
                                    (escape::html(&step.line))
                                }
                            }
                        }
                    }
                    h2 { "What moved" }
                    @let steps: Vec<&PointView> = points.iter().skip(1).filter(|p| p.changed()).collect();
                    @if steps.is_empty() {
                        p { "No attribute changed level between these versions." }
                    }
                    @for p in steps {
                        p { strong { (p.date.to_string()) } " (" code { (p.label) } ")" }
                        @if let Some(who) = &p.respondents_changed {
                            p class="who" { em { (escape::html(who)) } }
                        }
                        ul class="moved" {
                            @for m in &p.moved {
                                li class=(match m.change { Some(c) if c > 0 => "up", Some(c) if c < 0 => "down", _ => "" }) {
                                    (escape::html(&m.text))
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page.into_string()
}
