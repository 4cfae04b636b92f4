//! `history` in every format: a row per point (date, revision, overall and section scores with
//! the change from the point before), and per step what moved. The HTML page adds a line chart of
//! the overall score and each section's against the level bands.

use crate::escape;
use crate::history::{Dated, History, Point};
use crate::rubric::Rubric;
use crate::score::Move;
use crate::style::Style;
use crate::view::{fmt_score, score_change_sign};
use comfy_table::{Cell, CellAlignment};
use maud::{html, PreEscaped, DOCTYPE};
use serde::Serialize;

fn t(s: &str) -> String {
    escape::terminal(s).into_owned()
}

/// The change of a score from the point before: `▲`, `▼` or `=`, or nothing for the first point.
fn arrow(before: Option<f64>, now: Option<f64>) -> &'static str {
    match (before, now) {
        (Some(b), Some(n)) => match score_change_sign(n - b) {
            1 => "▲",
            -1 => "▼",
            _ => "=",
        },
        _ => "",
    }
}

fn overall(p: &Point) -> Option<f64> {
    p.card.overall.map(|s| s.value)
}

fn section(p: &Point, s: usize) -> Option<f64> {
    p.card.sections[s].map(|x| x.value)
}

/// "Training ▲ Experimenting → Emerging".
fn move_text(r: &Rubric, m: &Move) -> String {
    let name =
        |l: Option<usize>| l.map_or("not answered".to_string(), |l| r.levels[l].name.clone());
    let sign = match m.change() {
        Some(c) if c > 0 => "▲ ",
        Some(c) if c < 0 => "▼ ",
        _ => "",
    };
    format!(
        "{} {sign}{} → {}",
        r.attributes[m.attribute].name,
        name(m.from),
        name(m.to)
    )
}

/// The sentence above every report: how many points, from when to when, where dates come from.
/// "2027-03-31 · Training → Emerging · done on 2027-02-10 (abc1234) · owner Ana": each step of
/// the plan the history is held against.
fn plan_lines(h: &History, r: &Rubric) -> Vec<(String, &'static str)> {
    use crate::history::plan_check::Status;
    h.plan
        .iter()
        .map(|(s, st)| {
            let what = match st {
                Status::Done(r) => format!("done on {} ({})", r.date, r.revision),
                Status::Late(r) => format!("late: reached on {} ({})", r.date, r.revision),
                Status::Slipped { reached, lost } => format!(
                    "slipped: reached on {} ({}), lost on {} ({})",
                    reached.date, reached.revision, lost.date, lost.revision
                ),
                Status::Missed => "missed: not reached".to_string(),
                Status::Pending => "pending".to_string(),
            };
            let owner = s
                .owner
                .as_deref()
                .map(|o| format!(" · owner {o}"))
                .unwrap_or_default();
            (
                format!(
                    "due {} · {} → {} · {what}{owner}",
                    s.due, r.attributes[s.attribute].name, r.levels[s.level].name
                ),
                st.id(),
            )
        })
        .collect()
}

fn summary(h: &History) -> String {
    let n = h.points.len();
    let mut s = crate::words::count(n, "version", "versions");
    if let (Some(first), Some(last)) = (h.points.first(), h.points.last()) {
        if n > 1 {
            s.push_str(&format!(", {} to {}", first.date, last.date));
        } else {
            s.push_str(&format!(", {}", first.date));
        }
    }
    for (old, at) in &h.continued {
        s.push_str(&format!(
            "; continued from {old} at {}",
            at.get(..7).unwrap_or(at)
        ));
    }
    if let Some(b) = &h.shallow {
        s.push_str(&format!(
            "; history starts at the shallow boundary ({}): the clone has no older commits",
            b.get(..7).unwrap_or(b)
        ));
    }
    let from_commits = h.points.iter().filter(|p| p.dated == Dated::Commit).count();
    if from_commits > 0 {
        s.push_str(&format!(
            " ({} dated by {} commit: no date: in the file)",
            crate::words::count(from_commits, "version", "versions"),
            crate::words::pick(from_commits, "its", "their"),
        ));
    }
    s
}

pub fn table(h: &History, r: &Rubric, style: &Style) -> String {
    let mut out = format!(
        "{}\n{}\n\n",
        style.bold(&format!("Progress of {}", t(&h.source))),
        style.dim(&t(&summary(h)))
    );
    // Every cell as (plain text, as shown, right-aligned).
    let mut header: Vec<String> = ["Date", "Revision", "Overall", "Level"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let folder = h.points.iter().any(|p| p.respondents.is_some());
    if folder {
        header.push("Respondents".to_string());
    }
    header.extend(r.sections.iter().map(|s| t(&s.name)));
    let paint = |a: &str, text: &str| match a {
        "▲" => style.green(text),
        "▼" => style.red(text),
        _ => text.to_string(),
    };
    let mut rows: Vec<Vec<Shown>> = Vec::new();
    for (k, p) in h.points.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| &h.points[j]);
        let plain = |s: String| (s.clone(), s, false);
        let mut row = vec![plain(p.date.to_string()), plain(p.label())];
        let a = arrow(prev.and_then(overall), overall(p));
        match p.card.overall {
            Some(sc) => {
                let v = format!("{} {a}", fmt_score(sc.value))
                    .trim_end()
                    .to_string();
                row.push((v.clone(), paint(a, &v), true));
                let name = t(&r.levels[sc.level].name);
                let tone = crate::style::Tone::of(sc.level, r.levels.len());
                row.push((
                    name.clone(),
                    crate::render::table::tone_text(style, tone, &name),
                    false,
                ));
            }
            None => {
                row.push(("no score".into(), style.dim("no score"), false));
                row.push(plain(String::new()));
            }
        }
        if folder {
            let n = p.respondents.map(|n| n.to_string()).unwrap_or_default();
            row.push((n.clone(), n, true));
        }
        for sec in 0..r.sections.len() {
            let a = arrow(prev.and_then(|q| section(q, sec)), section(p, sec));
            row.push(match section(p, sec) {
                Some(v) => {
                    let v = format!("{} {a}", fmt_score(v)).trim_end().to_string();
                    (v.clone(), paint(a, &v), true)
                }
                None => ("–".into(), style.dim("–"), true),
            });
        }
        rows.push(row);
    }
    tables(&mut out, &header, &rows, folder, style);
    what_moved(&mut out, h, r, style);
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
fn what_moved(out: &mut String, h: &History, r: &Rubric, style: &Style) {
    let mut moved_any = false;
    for k in 1..h.points.len() {
        let moved = h.moved(k);
        if moved.is_empty() && h.respondents_changed(k).is_none() {
            continue;
        }
        if !moved_any {
            out.push_str(&format!("\n{}\n", style.bold("What moved")));
            moved_any = true;
        }
        let p = &h.points[k];
        out.push_str(&format!("{} ({})\n", p.date, p.label()));
        if let Some(who) = h.respondents_changed(k) {
            out.push_str(&format!("  {}\n", style.yellow(&t(&who))));
        }
        for m in moved {
            let line = format!("  {}", t(&move_text(r, &m)));
            out.push_str(&match m.change() {
                Some(c) if c > 0 => style.green(&line),
                Some(c) if c < 0 => style.red(&line),
                _ => line,
            });
            out.push('\n');
        }
    }
    if !moved_any && h.points.len() > 1 {
        out.push_str("\nNo attribute changed level between these versions.\n");
    }
    if !h.plan.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            style.bold(&format!("Against the plan, on {}", h.today))
        ));
        for (line, status) in plan_lines(h, r) {
            let line = format!("  {}", t(&line));
            out.push_str(&match status {
                "done" => style.green(&line),
                "late" | "missed" => style.red(&line),
                _ => line,
            });
            out.push('\n');
        }
    }
}

pub fn markdown(h: &History, r: &Rubric) -> String {
    use crate::escape::markdown as md;
    let mut out = format!(
        "## Progress of {}\n\n{}\n\n",
        crate::escape::markdown_code(&h.source),
        md(&summary(h))
    );
    let folder = h.points.iter().any(|p| p.respondents.is_some());
    out.push_str("| Date | Revision | Overall |");
    if folder {
        out.push_str(" Respondents |");
    }
    for s in &r.sections {
        out.push_str(&format!(" {} |", md(&s.name)));
    }
    out.push_str("\n|---|---|---|");
    if folder {
        out.push_str("---:|");
    }
    for _ in &r.sections {
        out.push_str("---:|");
    }
    out.push('\n');
    for (k, p) in h.points.iter().enumerate() {
        let prev = k.checked_sub(1).map(|j| &h.points[j]);
        let o = match p.card.overall {
            Some(s) => format!(
                "{} {} {}",
                fmt_score(s.value),
                arrow(prev.and_then(overall), overall(p)),
                md(&r.levels[s.level].name)
            )
            .replace("  ", " "),
            None => "no score".into(),
        };
        out.push_str(&format!("| {} | {} | {o} |", p.date, md(&p.label())));
        if folder {
            out.push_str(&format!(
                " {} |",
                p.respondents.map(|n| n.to_string()).unwrap_or_default()
            ));
        }
        for s in 0..r.sections.len() {
            let cell = match section(p, s) {
                Some(v) => format!(
                    "{} {}",
                    fmt_score(v),
                    arrow(prev.and_then(|q| section(q, s)), Some(v))
                )
                .trim_end()
                .to_string(),
                None => "–".into(),
            };
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
    let mut header = false;
    for k in 1..h.points.len() {
        let moved = h.moved(k);
        if moved.is_empty() && h.respondents_changed(k).is_none() {
            continue;
        }
        if !header {
            out.push_str("\n### What moved\n");
            header = true;
        }
        let p = &h.points[k];
        out.push_str(&format!("\n**{} ({})**\n\n", p.date, md(&p.label())));
        if let Some(who) = h.respondents_changed(k) {
            out.push_str(&format!("- *{}*\n", md(&who)));
        }
        for m in moved {
            out.push_str(&format!("- {}\n", md(&move_text(r, &m))));
        }
    }
    if !h.plan.is_empty() {
        out.push_str(&format!("\n### Against the plan, on {}\n\n", h.today));
        for (line, status) in plan_lines(h, r) {
            let mark = if status == "done" { "x" } else { " " };
            out.push_str(&format!("- [{mark}] {}\n", md(&line)));
        }
    }
    out
}

pub fn csv(h: &History, r: &Rubric) -> String {
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
    for s in &r.sections {
        header.push(csv_text(&format!("{}_score", s.id)));
        header.push(csv_text(&format!("{}_level", s.id)));
    }
    header.push("moved".into());
    let _ = w.write_record(&header);
    let num = |v: Option<f64>| {
        v.map(|v| format!("{}", (v * 10_000.0).round() / 10_000.0))
            .unwrap_or_default()
    };
    for (k, p) in h.points.iter().enumerate() {
        let mut row = vec![
            p.date.to_string(),
            p.revision.clone().unwrap_or_default(),
            p.working_copy().to_string(),
            dated(p.dated).to_string(),
            p.respondents.map(|n| n.to_string()).unwrap_or_default(),
            num(overall(p)),
            p.card
                .overall
                .map(|s| csv_text(&r.levels[s.level].id))
                .unwrap_or_default(),
        ];
        for (s, sc) in p.card.sections.iter().enumerate() {
            row.push(num(section(p, s)));
            row.push(
                sc.map(|x| csv_text(&r.levels[x.level].id))
                    .unwrap_or_default(),
            );
        }
        let moved: Vec<String> = h
            .moved(k)
            .iter()
            .map(|m| {
                let id =
                    |l: Option<usize>| l.map_or("none".to_string(), |l| r.levels[l].id.clone());
                format!(
                    "{}:{}>{}",
                    r.attributes[m.attribute].id,
                    id(m.from),
                    id(m.to)
                )
            })
            .collect();
        row.push(csv_text(&moved.join("; ")));
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn dated(d: Dated) -> &'static str {
    match d {
        Dated::File => "file",
        Dated::Commit => "commit",
        Dated::Today => "today",
    }
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
struct JsonPoints<'a>(&'a History, &'a Rubric);

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
        let (h, r) = (self.0, self.1);
        let mut seq = s.serialize_seq(Some(h.points.len()))?;
        for k in 0..h.points.len() {
            seq.serialize_element(&json_point(h, r, k))?;
        }
        seq.end()
    }
}

fn json_point(h: &History, r: &Rubric, k: usize) -> JsonPoint {
    let round = crate::render::json::round4;
    let p = &h.points[k];
    JsonPoint {
        date: p.date.to_string(),
        dated_by: dated(p.dated),
        revision: p.revision.clone(),
        working_copy: p.working_copy(),
        respondents: p.respondents,
        overall: p.card.overall.map(|s| JsonScore {
            score: round(s.value),
            level: r.levels[s.level].id.clone(),
        }),
        sections: p
            .card
            .sections
            .iter()
            .enumerate()
            .map(|(k, s)| JsonSection {
                id: r.sections[k].id.clone(),
                score: s.map(|x| round(x.value)),
                level: s.map(|x| r.levels[x.level].id.clone()),
            })
            .collect(),
        moved: h
            .moved(k)
            .iter()
            .map(|m| JsonMove {
                attribute: r.attributes[m.attribute].id.clone(),
                from: m.from.map(|l| r.levels[l].id.clone()),
                to: m.to.map(|l| r.levels[l].id.clone()),
                change: m.change(),
            })
            .collect(),
    }
}

/// `history --format json`, written as it is made (a long history's JSON is never held whole).
pub fn write_json(h: &History, r: &Rubric, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let doc = JsonHistory {
        schema_version: crate::render::json::SCHEMA_VERSION,
        rubric: JsonRubric {
            id: &r.id,
            version: &r.version,
        },
        source: &h.source,
        shallow_boundary: h.shallow.as_deref(),
        continued_from: h
            .continued
            .iter()
            .map(|(path, at)| JsonContinued { path, at })
            .collect(),
        plan: h
            .plan
            .iter()
            .map(|(s, st)| {
                use crate::history::plan_check::Status;
                let (reached, lost) = match st {
                    Status::Done(r) | Status::Late(r) => (Some(r), None),
                    Status::Slipped { reached, lost } => (Some(reached), Some(lost)),
                    _ => (None, None),
                };
                JsonPlanStep {
                    attribute: &r.attributes[s.attribute].id,
                    level: &r.levels[s.level].id,
                    due: s.due.to_string(),
                    owner: s.owner.as_deref(),
                    status: st.id(),
                    reached: reached.map(|r| r.date.to_string()),
                    revision: reached.map(|r| r.revision.clone()),
                    lost: lost.map(|r| r.date.to_string()),
                    lost_revision: lost.map(|r| r.revision.clone()),
                }
            })
            .collect(),
        points: JsonPoints(h, r),
        invalid: h
            .invalid
            .iter()
            .map(|i| JsonInvalid {
                revision: &i.revision,
                reason: &i.reason,
            })
            .collect(),
        warnings: h
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

pub fn html(h: &History, r: &Rubric) -> String {
    let cls = |a: &str| match a {
        "▲" => "num up",
        "▼" => "num down",
        _ => "num",
    };
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Persona maturity over time · " (escape::html(&h.source)) }
                style { (PreEscaped(PAGE_CSS)) }
            }
            body {
                main {
                    h1 { "Persona maturity over time" }
                    p class="muted" {
                        code { (escape::html(&h.source)) } " · " (escape::html(&r.name)) " " (escape::html(&r.version))
                        " · " (escape::html(&summary(h)))
                    }
                    (crate::render::history_chart::chart(h, r))
                    h2 { "Every version" }
                    div class="table-wrap" tabindex="0" role="region" aria-label="Every version" {
                        table {
                            @let folder = h.points.iter().any(|p| p.respondents.is_some());
                            thead { tr {
                                th { "Date" } th { "Revision" } th { "Overall" }
                                @if folder { th { "Respondents" } }
                                @for s in &r.sections { th { (escape::html(&s.name)) } }
                            } }
                            tbody {
                                @for (k, p) in h.points.iter().enumerate() {
                                    @let prev = k.checked_sub(1).map(|j| &h.points[j]);
                                    tr {
                                        td { (p.date.to_string()) }
                                        td { code { (p.label()) } }
                                        @let a = arrow(prev.and_then(overall), overall(p));
                                        td class=(cls(a)) {
                                            @match p.card.overall {
                                                Some(s) => { (fmt_score(s.value)) " " (a) " " (escape::html(&r.levels[s.level].name)) },
                                                None => "no score",
                                            }
                                        }
                                        @if folder {
                                            td { (p.respondents.map(|n| n.to_string()).unwrap_or_default()) }
                                        }
                                        @for s in 0..r.sections.len() {
                                            @let a = arrow(prev.and_then(|q| section(q, s)), section(p, s));
                                            td class=(cls(a)) {
                                                @match section(p, s) {
                                                    Some(v) => { (fmt_score(v)) " " (a) },
                                                    None => "–",
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if !h.plan.is_empty() {
                        h2 { "Against the plan, on " (h.today.to_string()) }
                        ul class="moved" {
                            @for (line, status) in plan_lines(h, r) {
                                li class=(match status { "done" => "up", "late" | "missed" => "down", _ => "" }) {
                                    (escape::html(&line))
                                }
                            }
                        }
                    }
                    h2 { "What moved" }
                    @let steps: Vec<usize> = (1..h.points.len())
                        .filter(|&k| !h.moved(k).is_empty() || h.respondents_changed(k).is_some())
                        .collect();
                    @if steps.is_empty() {
                        p { "No attribute changed level between these versions." }
                    }
                    @for k in steps {
                        p { strong { (h.points[k].date.to_string()) } " (" code { (h.points[k].label()) } ")" }
                        @if let Some(who) = h.respondents_changed(k) {
                            p class="who" { em { (escape::html(&who)) } }
                        }
                        ul class="moved" {
                            @for m in h.moved(k) {
                                li class=(match m.change() { Some(c) if c > 0 => "up", Some(c) if c < 0 => "down", _ => "" }) {
                                    (escape::html(&move_text(r, &m)))
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
