//! `init`: a complete, commented persona program file to start from. Dates are relative to today
//! so the template passes `check` as written on the day it is made.

use crate::rubric::Rubric;
use crate::source::Syntax;
use chrono::{Days, NaiveDate};

/// The levels, comments and policy the built-in framework's template uses; a custom rubric's
/// template is made from its own ids instead (every attribute at its second level).
struct Choices<'a> {
    /// Per attribute: the level id answered, and a comment on the same line (YAML).
    answers: Vec<(String, &'a str)>,
    overall: String,
    section: (String, String),
    attribute: Option<(String, String)>,
    target: (String, String),
    levels: String,
}

fn choices(rubric: &Rubric) -> Choices<'static> {
    let level = |l: usize| rubric.levels[l.min(rubric.levels.len() - 1)].id.clone();
    let builtin = rubric.id == Rubric::builtin().id;
    let answers = rubric
        .attributes
        .iter()
        .map(|a| match (builtin, a.id.as_str()) {
            (true, "number-of-personas") => (
                level(2),
                "# evidence: the buying roles your buyer personas cover",
            ),
            (true, "depth-of-personas") => (level(2), "# evidence: what your buyer personas cover"),
            (true, "database-completeness") => (level(2), "# evidence: the database section below"),
            (true, "frequency-of-updates") => (
                level(2),
                "# at most: the oldest buyer persona's last_updated",
            ),
            (true, "industry-research") => (level(2), "# at most: the personas' sources"),
            (
                true,
                "qualitative-interviews"
                | "quantitative-survey"
                | "data-analysis"
                | "organizational-use"
                | "database-segmentation"
                | "use-of-data-to-refine",
            ) => (level(1), ""),
            (true, _) => (level(2), ""),
            (false, _) => (level(1), ""),
        })
        .collect();
    let top = rubric.levels.len() - 1;
    if builtin {
        Choices {
            answers,
            overall: level(1),
            section: ("core-attributes".into(), level(2)),
            attribute: Some(("frequency-of-updates".into(), level(2))),
            target: ("depth-of-personas".into(), level(top)),
            levels: "experimenting | emerging | advancing | fully-optimized".into(),
        }
    } else {
        Choices {
            answers,
            overall: level(1),
            section: (rubric.sections[0].id.clone(), level(1)),
            attribute: None,
            target: (rubric.attributes[0].id.clone(), level(top)),
            levels: rubric
                .levels
                .iter()
                .map(|l| l.id.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
        }
    }
}

/// A commented program file for `rubric` that passes `check` on `today` as written.
pub fn program(syntax: Syntax, today: NaiveDate, rubric: &Rubric) -> String {
    let d = |days: i64| {
        let date = if days >= 0 {
            today.checked_add_days(Days::new(days as u64))
        } else {
            today.checked_sub_days(Days::new(days.unsigned_abs()))
        };
        date.unwrap_or(today).format("%Y-%m-%d").to_string()
    };
    let dates = Dates {
        today: d(0),
        olivia: d(-60),
        carl: d(-30),
        bob: d(-400),
        due: d(120),
        expires: d(90),
    };
    let c = choices(rubric);
    let rubric_ref = format!("{}@{}", rubric.id, rubric.version);
    match syntax {
        Syntax::Yaml => yaml(rubric, &rubric_ref, &c, &dates),
        Syntax::Toml => toml(rubric, &rubric_ref, &c, &dates),
    }
}

struct Dates {
    today: String,
    olivia: String,
    carl: String,
    bob: String,
    due: String,
    expires: String,
}

fn yaml(rubric: &Rubric, rubric_ref: &str, c: &Choices, d: &Dates) -> String {
    let mut answers = String::new();
    for s in &rubric.sections {
        answers.push_str(&format!("  # {}\n", s.name));
        for ai in s.attributes.clone() {
            let (level, comment) = &c.answers[ai];
            let line = format!("  {}: {level}", rubric.attributes[ai].id);
            if comment.is_empty() {
                answers.push_str(&format!("{line}\n"));
            } else {
                answers.push_str(&format!("{line:<39}{comment}\n"));
            }
        }
    }
    let attribute = c
        .attribute
        .as_ref()
        .map(|(a, l)| format!("\n    attributes: {{ {a}: {l} }}"))
        .unwrap_or_default();
    let (today_s, olivia, carl, bob, due, expires) =
        (&d.today, &d.olivia, &d.carl, &d.bob, &d.due, &d.expires);
    let (overall, (section, section_level), (target, target_level), levels) =
        (&c.overall, &c.section, &c.target, &c.levels);
    format!(
        r#"# Persona program: the self-assessment, the personas and the policy `persona-maturity check` enforces.
# Check it:  persona-maturity check persona-program.yaml
# Every key is explained below; delete what you do not use. Ids: persona-maturity rubric show

rubric: {rubric_ref}
organization: Example Co
respondent: {{ name: Your Name, role: marketing }}
date: {today_s}

# Your self-assessment: one level per attribute
# ({levels}, or unsure).
answers:
{answers}
# Your personas. kind: buyer | negative
# buying_role: user | champion | economic-buyer | influencer | other
# sources: customer-interviews, non-customer-interviews, survey, crm, third-party-data,
#          web-analytics, sales-input, industry-research, internal-opinion
# covers: demographics, buying-role, buying-preferences, hobbies-interests, goals-priorities,
#         drivers-motivators, fears-challenges, associations, content-preferences,
#         success-metrics, personality-traits
personas:
  - id: ops-olivia
    name: Operations Olivia
    kind: buyer
    buying_role: user
    owner: owner@example.com
    last_updated: {olivia}
    sources: [customer-interviews, non-customer-interviews, survey, crm, sales-input,
              industry-research]
    covers: [demographics, buying-role, buying-preferences, goals-priorities, drivers-motivators,
             fears-challenges, content-preferences, success-metrics, personality-traits]
  - id: cfo-carl
    name: CFO Carl
    kind: buyer
    buying_role: economic-buyer
    owner: owner@example.com
    last_updated: {carl}
    sources: [customer-interviews, sales-input, third-party-data]
    covers: [demographics, buying-role, goals-priorities, drivers-motivators, fears-challenges,
             success-metrics, content-preferences]
  - id: bargain-bob
    name: Bargain Bob
    kind: negative                      # who not to target
    owner: owner@example.com
    last_updated: {bob}
    sources: [crm, sales-input]
    disqualifiers: ["fewer than 20 employees", "asks for an on-premise install"]

# How much of your database carries a persona: record counts, as a CRM report gives them (check
# weighs the whole database with them), or percentages (customers_mapped_pct: 92, 0-100).
database:
  customers: {{ records: 1200, mapped: 1104 }}
  prospects: {{ records: 18000, mapped: 9900 }}

# Persona measures (KPIs) and who answers for them: check reads them as the evidence of
# "persona related KPI accountability". Optional; record a measure each time you take it.
measures:
  - {{ name: conversion rate, value: 3.8, as_of: {carl}, persona: ops-olivia, owner: owner@example.com }}
  - {{ name: win rate, value: 24, as_of: {carl}, owner: owner@example.com }}

# The bar `check` holds you to.
policy:
  minimum:
    overall: {overall}
    sections: {{ {section}: {section_level} }}{attribute}
  require_complete: true                # every attribute answered
  max_persona_age_days: 365             # older personas are stale
  targets:                              # overdue when the date passes below the level
    - {{ attribute: {target}, level: {target_level}, due: {due} }}
  waivers:                              # silence a rule (optionally for one subject) until it expires
    - {{ rule: stale-persona, subject: bargain-bob, reason: "Refresh planned with the new CRM", owner: owner@example.com, expires: {expires} }}
  severity: {{ demographics-only: error }}  # override a rule's default severity (error | warning | info | off)
"#
    )
}

fn toml(rubric: &Rubric, rubric_ref: &str, c: &Choices, d: &Dates) -> String {
    let mut answers = String::new();
    for (ai, a) in rubric.attributes.iter().enumerate() {
        answers.push_str(&format!("{} = \"{}\"\n", a.id, c.answers[ai].0));
    }
    let attribute = c
        .attribute
        .as_ref()
        .map(|(a, l)| format!(", attributes = {{ {a} = \"{l}\" }}"))
        .unwrap_or_default();
    let (today_s, olivia, carl, bob, due, expires) =
        (&d.today, &d.olivia, &d.carl, &d.bob, &d.due, &d.expires);
    let (overall, (section, section_level), (target, target_level), levels) =
        (&c.overall, &c.section, &c.target, &c.levels);
    format!(
        r#"# Persona program: the self-assessment, the personas and the policy `persona-maturity check` enforces.
# Check it:  persona-maturity check persona-program.toml
# Ids: persona-maturity rubric show. The YAML template (persona-maturity init) explains every key.

rubric = "{rubric_ref}"
organization = "Example Co"
date = {today_s}
respondent = {{ name = "Your Name", role = "marketing" }}

# Your self-assessment: {levels}, or unsure.
[answers]
{answers}
[[personas]]
id = "ops-olivia"
name = "Operations Olivia"
kind = "buyer"
buying_role = "user"
owner = "owner@example.com"
last_updated = {olivia}
sources = ["customer-interviews", "non-customer-interviews", "survey", "crm", "sales-input", "industry-research"]
covers = ["demographics", "buying-role", "buying-preferences", "goals-priorities", "drivers-motivators",
          "fears-challenges", "content-preferences", "success-metrics", "personality-traits"]

[[personas]]
id = "cfo-carl"
name = "CFO Carl"
kind = "buyer"
buying_role = "economic-buyer"
owner = "owner@example.com"
last_updated = {carl}
sources = ["customer-interviews", "sales-input", "third-party-data"]
covers = ["demographics", "buying-role", "goals-priorities", "drivers-motivators", "fears-challenges",
          "success-metrics", "content-preferences"]

[[personas]]
id = "bargain-bob"
name = "Bargain Bob"
kind = "negative"
owner = "owner@example.com"
last_updated = {bob}
sources = ["crm", "sales-input"]
disqualifiers = ["fewer than 20 employees", "asks for an on-premise install"]

[database]
customers = {{ records = 1200, mapped = 1104 }}
prospects = {{ records = 18000, mapped = 9900 }}

# Persona measures (KPIs) and who answers for them: the evidence of KPI accountability.
[[measures]]
name = "conversion rate"
value = 3.8
as_of = {carl}
persona = "ops-olivia"
owner = "owner@example.com"

[[measures]]
name = "win rate"
value = 24
as_of = {carl}
owner = "owner@example.com"

[policy]
require_complete = true
max_persona_age_days = 365
minimum = {{ overall = "{overall}", sections = {{ {section} = "{section_level}" }}{attribute} }}
targets = [{{ attribute = "{target}", level = "{target_level}", due = {due} }}]
waivers = [{{ rule = "stale-persona", subject = "bargain-bob", reason = "Refresh planned with the new CRM", owner = "owner@example.com", expires = {expires} }}]
severity = {{ demographics-only = "error" }}
"#
    )
}
