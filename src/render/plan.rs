//! `plan` in every format: quarter by quarter, each step's attribute, its level now and next, the
//! next level's description (the framework's words), the tips and an owner to fill in; and
//! `targets`, the YAML that goes under `policy:` of a program file so that `check` holds the team
//! to the plan.

use crate::escape;
use crate::plan::Plan;
use crate::rubric::Rubric;
use crate::style::Style;
use comfy_table::Cell;
use serde::Serialize;

fn t(s: &str) -> String {
    escape::terminal(s).into_owned()
}

/// The tips for a step (one quoting the next level when the rubric has none for it).
fn tips(r: &Rubric, s: &crate::plan::Step) -> Vec<crate::view::score::TipView> {
    crate::view::score::step_tips(r, s.attribute, s.next)
}

/// The attribute's stage name, lower case, when the rubric names stages.
fn stage(r: &Rubric, s: &crate::plan::Step) -> Option<String> {
    r.attributes[s.attribute]
        .stage
        .map(|g| r.stages[g].name.to_lowercase())
}

/// Where the plan goes: one level, or the levels set per attribute.
fn goal(p: &Plan, r: &Rubric) -> String {
    if p.varied() {
        "the levels set per attribute".to_string()
    } else {
        r.levels[p.target].name.clone()
    }
}

fn heading(p: &Plan, r: &Rubric, source: &str) -> String {
    format!(
        "Plan to {} for {}: {} in {} ({} a quarter at most), from {}",
        goal(p, r),
        crate::view::shown_path(source),
        crate::words::count(p.steps(), "step", "steps"),
        crate::words::count(p.quarters.len(), "quarter", "quarters"),
        p.per_quarter,
        p.quarters
            .first()
            .map_or_else(|| p.start.to_string(), |q| q.label()),
    )
}

fn unanswered_note(p: &Plan, r: &Rubric) -> Option<String> {
    (!p.unanswered.is_empty()).then(|| {
        format!(
            "Not planned until answered: {}.",
            p.unanswered
                .iter()
                .map(|&i| r.attributes[i].name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

pub fn table(p: &Plan, r: &Rubric, source: &str, style: &Style) -> String {
    let mut out = format!("{}\n", style.bold(&t(&heading(p, r, source))));
    if p.quarters.is_empty() {
        out.push_str(&format!(
            "\nEvery answered attribute is at {} or above: nothing to plan.\n",
            t(&goal(p, r))
        ));
    }
    for q in &p.quarters {
        out.push_str(&format!(
            "\n{} {}\n",
            style.bold(&q.label()),
            style.dim(&format!("due {}", q.due()))
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
            let a = &r.attributes[s.attribute];
            tb.add_row(vec![
                Cell::new(match stage(r, s) {
                    Some(g) => format!("{}\n{}", t(&a.name), style.dim(&t(&format!("({g})")))),
                    None => t(&a.name),
                }),
                Cell::new(format!(
                    "{} → {}",
                    t(&r.levels[s.current].name),
                    style.bold(&t(&r.levels[s.next].name))
                )),
                Cell::new(match crate::check::evidence::requirement(&a.id, s.next) {
                    Some(e) => format!(
                        "{}\n(check will need: {})",
                        t(&a.descriptions[s.next]),
                        t(&e)
                    ),
                    None => t(&a.descriptions[s.next]),
                }),
                Cell::new(t(p.owner(s.attribute))),
            ]);
        }
        out.push_str(&tb.to_string());
        out.push('\n');
    }
    if let Some(n) = unanswered_note(p, r) {
        out.push_str(&format!("\n{}\n", t(&n)));
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

pub fn markdown(p: &Plan, r: &Rubric, source: &str) -> String {
    use crate::escape::markdown as md;
    let mut out = format!("## {}\n", md(&heading(p, r, source)));
    if p.quarters.is_empty() {
        out.push_str(&format!(
            "\nEvery answered attribute is at {} or above: nothing to plan.\n",
            md(&goal(p, r))
        ));
    }
    for q in &p.quarters {
        out.push_str(&format!("\n### {} · due {}\n\n", q.label(), q.due()));
        for s in &q.steps {
            let a = &r.attributes[s.attribute];
            out.push_str(&format!(
                "- [ ] **{}**{}: {} → **{}**. {}\n",
                md(&a.name),
                stage(r, s)
                    .map(|g| format!(" ({})", md(&g)))
                    .unwrap_or_default(),
                md(&r.levels[s.current].name),
                md(&r.levels[s.next].name),
                md(&a.descriptions[s.next])
            ));
            for tip in tips(r, s) {
                let src = tip
                    .source_label
                    .map(|l| format!(" ({})", md(&l)))
                    .unwrap_or_default();
                out.push_str(&format!("  - {}{src}\n", md(&tip.text)));
            }
            if let Some(e) = crate::check::evidence::requirement(&a.id, s.next) {
                out.push_str(&format!("  - What `check` will need: {}\n", md(&e)));
            }
            out.push_str(&format!("  - Owner: {}\n", md(p.owner(s.attribute))));
        }
    }
    if let Some(n) = unanswered_note(p, r) {
        out.push_str(&format!("\n{}\n", md(&n)));
    }
    out
}

pub fn csv(p: &Plan, r: &Rubric) -> String {
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
    ]);
    for q in &p.quarters {
        for s in &q.steps {
            let a = &r.attributes[s.attribute];
            let tips: Vec<String> = tips(r, s).into_iter().map(|t| t.text).collect();
            let _ = w.write_record([
                q.label(),
                q.due().to_string(),
                csv_text(&a.id),
                csv_text(&a.name),
                csv_text(&r.sections[a.section].name),
                csv_text(&r.levels[s.current].id),
                csv_text(&r.levels[s.next].id),
                csv_text(&a.descriptions[s.next]),
                csv_text(&tips.join("\n")),
                csv_text(p.owner(s.attribute)),
                csv_text(&stage(r, s).unwrap_or_default()),
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
    /// On an evidence-checked attribute: what the program file must show for `check`.
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<String>,
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

pub fn json(p: &Plan, r: &Rubric, source: &str) -> String {
    let doc = JsonPlan {
        schema_version: crate::render::json::SCHEMA_VERSION,
        rubric: JsonRubric {
            id: &r.id,
            version: &r.version,
        },
        source,
        target: &r.levels[p.target].id,
        targets: p.varied().then(|| {
            p.targets
                .iter()
                .enumerate()
                .map(|(i, &l)| (r.attributes[i].id.as_str(), r.levels[l].id.as_str()))
                .collect()
        }),
        per_quarter: p.per_quarter,
        start: p.start.to_string(),
        quarters: p
            .quarters
            .iter()
            .map(|q| JsonQuarter {
                quarter: q.label(),
                due: q.due().to_string(),
                steps: q
                    .steps
                    .iter()
                    .map(|s| {
                        let a = &r.attributes[s.attribute];
                        let tips = tips(r, s);
                        JsonStep {
                            attribute: &a.id,
                            current: &r.levels[s.current].id,
                            next: &r.levels[s.next].id,
                            description: &a.descriptions[s.next],
                            tips: tips.iter().map(|t| t.text.clone()).collect(),
                            advice: tips
                                .into_iter()
                                .map(|t| JsonAdvice {
                                    text: t.text,
                                    source: t.source,
                                    quote: t.quote,
                                })
                                .collect(),
                            stage: a.stage.map(|g| r.stages[g].id.as_str()),
                            owner: p.owner(s.attribute),
                            evidence: crate::check::evidence::requirement(&a.id, s.next),
                        }
                    })
                    .collect(),
            })
            .collect(),
        unanswered: p
            .unanswered
            .iter()
            .map(|&i| r.attributes[i].id.as_str())
            .collect(),
    };
    crate::render::json::to_pretty(&doc)
}

/// The `targets:` block of a program file's `policy:`, indented to sit under it.
/// The `targets` of a program file's policy, in the program file's own syntax: YAML to paste under
/// `policy:`, or TOML (one `targets = [ … ]` array, spread over lines, for the `[policy]` table).
pub fn targets(p: &Plan, r: &Rubric, source: &str, syntax: crate::source::Syntax) -> String {
    if syntax == crate::source::Syntax::Toml {
        return targets_toml(p, r, source);
    }
    let mut out = format!(
        "  # From `persona-maturity plan {}`: one target per step, due on its quarter's last day.\n\
         \x20 # Paste under `policy:` in the program file (in place of any `targets:` there);\n\
         \x20 # `persona-maturity check` then fails when a step is overdue.\n",
        escape::visible(source).replace('\n', " ")
    );
    if p.quarters.is_empty() {
        out.push_str("  targets: []\n");
        return out;
    }
    out.push_str("  targets:\n");
    for q in &p.quarters {
        for s in &q.steps {
            out.push_str(&format!(
                "    - {{ attribute: {}, level: {}, due: {}{} }}\n",
                r.attributes[s.attribute].id,
                r.levels[s.next].id,
                q.due(),
                match p.owner(s.attribute) {
                    "" => String::new(),
                    o => format!(", owner: {}", escape::yaml_quoted(o)),
                }
            ));
        }
    }
    out
}

fn targets_toml(p: &Plan, r: &Rubric, source: &str) -> String {
    let mut out = format!(
        "# From `persona-maturity plan {}`: one target per step, due on its quarter's last day.\n\
         # Put in place of the `targets = …` line under [policy] in the program file;\n\
         # `persona-maturity check` then fails when a step is overdue.\n",
        escape::comment(source)
    );
    let steps: Vec<String> = p
        .quarters
        .iter()
        .flat_map(|q| {
            q.steps.iter().map(move |s| {
                format!(
                    "  {{ attribute = \"{}\", level = \"{}\", due = {}{} }},",
                    r.attributes[s.attribute].id,
                    r.levels[s.next].id,
                    q.due(),
                    match p.owner(s.attribute) {
                        "" => String::new(),
                        o => format!(", owner = {}", escape::yaml_quoted(o)),
                    }
                )
            })
        })
        .collect();
    if steps.is_empty() {
        out.push_str("targets = []\n");
    } else {
        out.push_str("targets = [\n");
        for s in steps {
            out.push_str(&s);
            out.push('\n');
        }
        out.push_str("]\n");
    }
    out
}
