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

/// The answers a program file's facts do not support, each in a sentence: the plan starts
/// those attributes from the supported level.
fn lowered_lines(p: &Plan, r: &Rubric) -> Vec<String> {
    p.lowered
        .iter()
        .map(|l| crate::view::score::lowered_sentence(r, l))
        .collect()
}

const LOWERED_HEADING: &str =
    "Planned from what the file's facts support, where the answers claim more:";

/// Why a step starts below the answer, in a few words: "answered Advancing; the facts support
/// at most Experimenting".
fn from_facts(p: &Plan, r: &Rubric, s: &crate::plan::Step) -> Option<String> {
    p.lowered_for(s).map(|l| {
        format!(
            "answered {}; the file's facts support {}{}",
            r.levels[l.claimed].name,
            if l.ceiling { "at most " } else { "" },
            r.levels[l.supported].name
        )
    })
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
    let lowered = lowered_lines(p, r);
    if !lowered.is_empty() {
        out.push_str(&format!("\n{}\n", style.yellow(LOWERED_HEADING)));
        for l in &lowered {
            out.push_str(&crate::style::wrap(&t(l), style.width, "  - ", "    "));
            out.push('\n');
        }
    }
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
                Cell::new(match from_facts(p, r, s) {
                    Some(why) => format!(
                        "{} → {}\n{}",
                        t(&r.levels[s.current].name),
                        style.bold(&t(&r.levels[s.next].name)),
                        style.dim(&format!("({})", t(&why)))
                    ),
                    None => format!(
                        "{} → {}",
                        t(&r.levels[s.current].name),
                        style.bold(&t(&r.levels[s.next].name))
                    ),
                }),
                Cell::new(match p.in_file.get(&(s.attribute, s.next)) {
                    Some(e) => format!(
                        "{}\n(in the program file: {})",
                        t(&a.descriptions[s.next]),
                        t(e)
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
    let lowered = lowered_lines(p, r);
    if !lowered.is_empty() {
        out.push_str(&format!("\n{}\n\n", md(LOWERED_HEADING)));
        for l in &lowered {
            out.push_str(&format!("- {}\n", md(l)));
        }
    }
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
            if let Some(why) = from_facts(p, r, s) {
                out.push_str(&format!("  - From the file's facts: {}.\n", md(&why)));
            }
            for tip in tips(r, s) {
                let src = tip
                    .source_label
                    .map(|l| format!(" ({})", md(&l)))
                    .unwrap_or_default();
                out.push_str(&format!("  - {}{src}\n", md(&tip.text)));
            }
            if let Some(e) = p.in_file.get(&(s.attribute, s.next)) {
                out.push_str(&format!("  - In the program file: {}\n", md(e)));
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
        "from_facts",
        "in_file",
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
                csv_text(&from_facts(p, r, s).unwrap_or_default()),
                csv_text(
                    p.in_file
                        .get(&(s.attribute, s.next))
                        .map_or("", |e| e.as_str()),
                ),
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
                            evidence: p
                                .in_file
                                .contains_key(&(s.attribute, s.next))
                                .then(|| crate::check::evidence::requirement(&a.id, s.next))
                                .flatten(),
                            in_file: p.in_file.get(&(s.attribute, s.next)).cloned(),
                            from_facts: from_facts(p, r, s),
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

/// One target to write: a step of the plan, or a target of the program the plan has no step
/// for (kept as it was).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetLine {
    pub attribute: usize,
    pub level: usize,
    pub due: crate::source::Date,
    pub owner: Option<String>,
    /// Why the date or the target is the program's: its earlier date kept for a step (with the
    /// date the plan alone gives it), or a target of the program that is no step of this plan.
    pub kept: Option<Kept>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// The program's target (attribute, level, due) is due before the step's quarter ends.
    Earlier {
        level: usize,
        planned: crate::source::Date,
    },
    /// A target of the program with no step in this plan (already reached, or planned lower).
    NotAStep,
}

/// The targets a program gets from its plan, never moving one of its own targets later: a step
/// is due on its quarter's last day, or earlier when the program already asks for that level (or
/// a higher one) of the attribute by an earlier date; a target of the program the plan has no
/// step for is kept as it was.
pub fn target_lines(p: &Plan, existing: &[crate::program::Target]) -> Vec<TargetLine> {
    let mut out = Vec::new();
    for q in &p.quarters {
        for s in &q.steps {
            let earliest = existing
                .iter()
                .filter(|t| t.attribute == s.attribute && t.level >= s.next && t.due < q.due())
                .min_by_key(|t| (t.due, t.level));
            let owner = match p.owner(s.attribute) {
                "" => None,
                o => Some(o.to_string()),
            };
            out.push(TargetLine {
                attribute: s.attribute,
                level: s.next,
                due: earliest.map_or(q.due(), |t| t.due),
                owner,
                kept: earliest.map(|t| Kept::Earlier {
                    level: t.level,
                    planned: q.due(),
                }),
            });
        }
    }
    let steps: Vec<(usize, usize)> = out.iter().map(|l| (l.attribute, l.level)).collect();
    for t in existing {
        let covered = steps.iter().any(|&(a, l)| a == t.attribute && l >= t.level);
        if !covered {
            out.push(TargetLine {
                attribute: t.attribute,
                level: t.level,
                due: t.due,
                owner: t.owner.clone(),
                kept: Some(Kept::NotAStep),
            });
        }
    }
    out
}

/// Why a line keeps the program's date or target, said on stderr and beside the line.
pub fn kept_note(l: &TargetLine, r: &Rubric) -> Option<String> {
    let name = &r.attributes[l.attribute].name;
    match l.kept.as_ref()? {
        Kept::Earlier { level, planned } => {
            let whose = if *level == l.level {
                "the program's own target".to_string()
            } else {
                format!(
                    "the program's target for {name} → {}",
                    r.levels[*level].name
                )
            };
            Some(format!(
                "{name} → {} stays due {}, as {whose} asks; the plan alone would make it \
                 {planned}",
                r.levels[l.level].name, l.due
            ))
        }
        Kept::NotAStep => Some(format!(
            "{name} → {} due {} is kept from the program: it is no step of this plan (reached \
             already, or planned lower)",
            r.levels[l.level].name, l.due
        )),
    }
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
pub fn targets(
    lines: &[TargetLine],
    r: &Rubric,
    source: &str,
    syntax: crate::source::Syntax,
) -> String {
    if syntax == crate::source::Syntax::Toml {
        return targets_toml(lines, r, source);
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
            r.attributes[l.attribute].id,
            r.levels[l.level].id,
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

fn targets_toml(lines: &[TargetLine], r: &Rubric, source: &str) -> String {
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
            r.attributes[l.attribute].id,
            r.levels[l.level].id,
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
