//! `plan` in every format: quarter by quarter, each step's attribute, its level now and next, the
//! next level's description (the framework's words), the tips and an owner to fill in; and
//! `targets`, the YAML that goes under `policy:` of a program file so that `check` holds the team
//! to the plan.

use crate::escape;
use crate::style::Style;
use crate::view::plan::{Kept, PlanStep, PlanView, TargetLine, LOWERED_HEADING};
use comfy_table::Cell;
use serde::Serialize;

fn t(s: &str) -> String {
    escape::terminal(s).into_owned()
}

/// The attribute and, in brackets, its stage: the table's first column.
fn attribute_cell(s: &PlanStep, style: &Style) -> String {
    match &s.stage {
        Some((_, g)) => format!(
            "{}\n{}",
            t(&s.attribute_name),
            style.dim(&t(&format!("({g})")))
        ),
        None => t(&s.attribute_name),
    }
}

/// "Emerging → **Advancing**", and why it starts there when the facts support less.
fn levels_cell(s: &PlanStep, style: &Style) -> String {
    let now_next = format!("{} → {}", t(&s.current.name), style.bold(&t(&s.next.name)));
    match &s.from_facts {
        Some(why) => format!("{now_next}\n{}", style.dim(&format!("({})", t(why)))),
        None => now_next,
    }
}

pub fn table(v: &PlanView, style: &Style) -> String {
    let mut out = format!("{}\n", style.bold(&t(&v.heading)));
    if !v.lowered.is_empty() {
        out.push_str(&format!("\n{}\n", style.yellow(LOWERED_HEADING)));
        for l in &v.lowered {
            out.push_str(&crate::style::wrap(&t(l), style.width, "  - ", "    "));
            out.push('\n');
        }
    }
    if v.quarters.is_empty() {
        out.push_str(&format!(
            "\nEvery answered attribute is at {} or above: nothing to plan.\n",
            t(&v.goal)
        ));
    }
    for q in &v.quarters {
        out.push_str(&format!(
            "\n{} {}\n",
            style.bold(&q.label),
            style.dim(&format!("due {}", q.due))
        ));
        let mut tb = crate::render::table::new_table(style);
        tb.set_header(vec![
            Cell::new("Attribute"),
            Cell::new("Now → next"),
            Cell::new("What the next level looks like"),
            Cell::new("Owner"),
        ]);
        crate::render::table::keep_header_words(&mut tb);
        for s in &q.steps {
            tb.add_row(vec![
                Cell::new(attribute_cell(s, style)),
                Cell::new(levels_cell(s, style)),
                Cell::new(match &s.in_file {
                    Some(e) => format!("{}\n(in the program file: {})", t(&s.description), t(e)),
                    None => t(&s.description),
                }),
                Cell::new(t(&s.owner)),
            ]);
        }
        out.push_str(&tb.to_string());
        out.push('\n');
    }
    if let Some(n) = &v.unanswered_note {
        out.push_str(&format!("\n{}\n", t(n)));
    }
    out.push('\n');
    out.push_str(&style.dim(&crate::style::wrap(
        "Tips for each step: --format markdown. Hold the team to it in CI: --format targets, \
         pasted under policy: in the program file.",
        style.width,
        "",
        "",
    )));
    out.push('\n');
    out
}

pub fn markdown(v: &PlanView) -> String {
    use crate::escape::markdown as md;
    let mut out = format!("## {}\n", md(&v.heading));
    if !v.lowered.is_empty() {
        out.push_str(&format!("\n{}\n\n", md(LOWERED_HEADING)));
        for l in &v.lowered {
            out.push_str(&format!("- {}\n", md(l)));
        }
    }
    if v.quarters.is_empty() {
        out.push_str(&format!(
            "\nEvery answered attribute is at {} or above: nothing to plan.\n",
            md(&v.goal)
        ));
    }
    for q in &v.quarters {
        out.push_str(&format!("\n### {} · due {}\n\n", q.label, q.due));
        for s in &q.steps {
            out.push_str(&format!(
                "- [ ] **{}**{}: {} → **{}**. {}\n",
                md(&s.attribute_name),
                s.stage
                    .as_ref()
                    .map(|(_, g)| format!(" ({})", md(g)))
                    .unwrap_or_default(),
                md(&s.current.name),
                md(&s.next.name),
                md(&s.description)
            ));
            if let Some(why) = &s.from_facts {
                out.push_str(&format!("  - From the file's facts: {}.\n", md(why)));
            }
            for tip in &s.tips {
                let src = tip
                    .source_label
                    .as_ref()
                    .map(|l| format!(" ({})", md(l)))
                    .unwrap_or_default();
                out.push_str(&format!("  - {}{src}\n", md(&tip.text)));
            }
            if let Some(e) = &s.in_file {
                out.push_str(&format!("  - In the program file: {}\n", md(e)));
            }
            out.push_str(&format!("  - Owner: {}\n", md(&s.owner)));
        }
    }
    if let Some(n) = &v.unanswered_note {
        out.push_str(&format!("\n{}\n", md(n)));
    }
    out
}

pub fn csv(v: &PlanView) -> String {
    use crate::escape::csv_text;
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "quarter",
        "due",
        "attribute_id",
        "attribute",
        "section",
        "current",
        "next",
        "description",
        "tips",
        "owner",
        "stage",
        "from_facts",
        "in_file",
    ]);
    for q in &v.quarters {
        for s in &q.steps {
            let tips: Vec<&str> = s.tips.iter().map(|t| t.text.as_str()).collect();
            let _ = w.write_record([
                q.label.clone(),
                q.due.to_string(),
                csv_text(&s.attribute_id),
                csv_text(&s.attribute_name),
                csv_text(&s.section_name),
                csv_text(&s.current.id),
                csv_text(&s.next.id),
                csv_text(&s.description),
                csv_text(&tips.join("\n")),
                csv_text(&s.owner),
                csv_text(s.stage.as_ref().map_or("", |(_, g)| g.as_str())),
                csv_text(s.from_facts.as_deref().unwrap_or_default()),
                csv_text(s.in_file.as_deref().unwrap_or_default()),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonPlan<'a> {
    schema_version: u32,
    rubric: JsonRubric<'a>,
    source: &'a str,
    target: &'a str,
    per_quarter: usize,
    start: String,
    quarters: Vec<JsonQuarter<'a>>,
    unanswered: Vec<&'a str>,
    /// When some attribute is planned toward another level than `target`: every attribute's.
    #[serde(skip_serializing_if = "Option::is_none")]
    targets: Option<std::collections::BTreeMap<&'a str, &'a str>>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonRubric<'a> {
    id: &'a str,
    version: &'a str,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonQuarter<'a> {
    quarter: String,
    due: String,
    steps: Vec<JsonStep<'a>>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonStep<'a> {
    attribute: &'a str,
    current: &'a str,
    next: &'a str,
    description: &'a str,
    /// The tips for this step (one quoting the next level's description when the rubric has
    /// none for it).
    tips: Vec<String>,
    /// The same tips with what each draws on and the words of the next level it answers.
    advice: Vec<JsonAdvice>,
    /// The stage of the work the step belongs to (when the rubric names stages).
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<&'a str>,
    owner: &'a str,
    /// Planned from a program file, on an evidence-checked attribute: what the file's facts
    /// must show for `check` (the rule).
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<String>,
    /// Planned from a program file: what the file must show for this step (the exact edit
    /// where the file says it).
    #[serde(skip_serializing_if = "Option::is_none")]
    in_file: Option<String>,
    /// Planned from a program file whose facts support less than the answer: why the step
    /// starts below it.
    #[serde(skip_serializing_if = "Option::is_none")]
    from_facts: Option<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonAdvice {
    text: String,
    /// The guidance id it draws on; null when the rubric has no tip for the step.
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quote: Option<String>,
}

/// The JSON Schema of `plan --format json`.
pub fn json_schema() -> schemars::schema::RootSchema {
    schemars::schema_for!(JsonPlan<'static>)
}

pub fn json(v: &PlanView) -> String {
    let doc = JsonPlan {
        schema_version: crate::render::json::SCHEMA_VERSION,
        rubric: JsonRubric {
            id: &v.rubric.id,
            version: &v.rubric.version,
        },
        source: &v.source,
        target: &v.target.id,
        targets: v
            .targets
            .as_ref()
            .map(|all| all.iter().map(|(a, l)| (a.as_str(), l.as_str())).collect()),
        per_quarter: v.per_quarter,
        start: v.start.to_string(),
        quarters: v
            .quarters
            .iter()
            .map(|q| JsonQuarter {
                quarter: q.label.clone(),
                due: q.due.to_string(),
                steps: q
                    .steps
                    .iter()
                    .map(|s| JsonStep {
                        attribute: &s.attribute_id,
                        current: &s.current.id,
                        next: &s.next.id,
                        description: &s.description,
                        tips: s.tips.iter().map(|t| t.text.clone()).collect(),
                        advice: s
                            .tips
                            .iter()
                            .map(|t| JsonAdvice {
                                text: t.text.clone(),
                                source: t.source.clone(),
                                quote: t.quote.clone(),
                            })
                            .collect(),
                        stage: s.stage.as_ref().map(|(id, _)| id.as_str()),
                        owner: &s.owner,
                        evidence: s.evidence.clone(),
                        in_file: s.in_file.clone(),
                        from_facts: s.from_facts.clone(),
                    })
                    .collect(),
            })
            .collect(),
        unanswered: v.unanswered.iter().map(String::as_str).collect(),
    };
    crate::render::json::to_pretty(&doc)
}

/// The comment beside a kept line.
fn kept_comment(l: &TargetLine) -> &'static str {
    match l.kept {
        Some(Kept::Earlier { .. }) => "  # the program's earlier date, kept",
        Some(Kept::NotAStep) => "  # kept from the program: no step of this plan",
        None => "",
    }
}

/// The `targets:` block of a program file's `policy:`, indented to sit under it.
/// The `targets` of a program file's policy, in the program file's own syntax: YAML to paste under
/// `policy:`, or TOML (one `targets = [ … ]` array, spread over lines, for the `[policy]` table).
pub fn targets(lines: &[TargetLine], source: &str, syntax: crate::source::Syntax) -> String {
    if syntax == crate::source::Syntax::Toml {
        return targets_toml(lines, source);
    }
    let mut out = format!(
        "  # From `persona-maturity plan {}`: one target per step, due on its quarter's last day\n\
         \x20 # (or the program's own earlier date). Paste under `policy:` in the program file (in\n\
         \x20 # place of any `targets:` there); `persona-maturity check` then fails when a step is\n\
         \x20 # overdue.\n",
        escape::visible(source).replace('\n', " ")
    );
    if lines.is_empty() {
        out.push_str("  targets: []\n");
        return out;
    }
    out.push_str("  targets:\n");
    for l in lines {
        out.push_str(&format!(
            "    - {{ attribute: {}, level: {}, due: {}{} }}{}\n",
            l.attribute_id,
            l.level_id,
            l.due,
            match &l.owner {
                None => String::new(),
                Some(o) => format!(", owner: {}", escape::yaml_quoted(o)),
            },
            kept_comment(l)
        ));
    }
    out
}

fn targets_toml(lines: &[TargetLine], source: &str) -> String {
    let mut out = format!(
        "# From `persona-maturity plan {}`: one target per step, due on its quarter's last day\n\
         # (or the program's own earlier date). Put in place of the `targets = …` line under\n\
         # [policy] in the program file; `persona-maturity check` then fails when a step is overdue.\n",
        escape::comment(source)
    );
    if lines.is_empty() {
        out.push_str("targets = []\n");
        return out;
    }
    out.push_str("targets = [\n");
    for l in lines {
        out.push_str(&format!(
            "  {{ attribute = \"{}\", level = \"{}\", due = {}{} }},{}\n",
            l.attribute_id,
            l.level_id,
            l.due,
            match &l.owner {
                None => String::new(),
                Some(o) => format!(", owner = {}", escape::yaml_quoted(o)),
            },
            kept_comment(l)
        ));
    }
    out.push_str("]\n");
    out
}
