//! The JSON Schema of the answers and program file (`persona-maturity schema`), for editors: it
//! names every attribute, level, rule, section and persona value of the rubric in use, so an
//! editor suggests them, and it refuses what the tool refuses (percentages outside 0–100, dates
//! other than `YYYY-MM-DD`, another rubric's id, a rule that does not exist). What JSON Schema
//! cannot say (duplicate keys, YAML syntax, a file's size) is checked by the tool alone; a test
//! runs a JSON Schema validator over the examples and the bad fixtures and compares.

use crate::assessment::{MAX_LABEL_CHARS, MAX_NOTE_CHARS, UNSURE_WORDS};
use crate::program::MAX_PERSONAS;
use crate::rubric::Rubric;
use crate::rule::Rule;
use serde_json::{json, Value};

/// The commands whose JSON output `schema --output` describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaOutput {
    /// `score --format json`
    Score,
    /// `check --format json`
    Check,
    /// `history --format json`
    History,
    /// `plan --format json`
    Plan,
    /// `evidence crm --format json`
    EvidenceCrm,
    /// `evidence interviews --format json`
    EvidenceInterviews,
}

/// The JSON Schema of a command's JSON output, derived from the types that write it (so it
/// cannot drift from them); a test validates real outputs against it.
pub fn output_schema(output: SchemaOutput) -> Value {
    let (name, root, what) = match output {
        SchemaOutput::Score => (
            "score",
            crate::render::json::score_schema(),
            "`persona-maturity score --format json`: one answers file, several combined, or a form export",
        ),
        SchemaOutput::Check => (
            "check",
            crate::render::json::check_schema(),
            "`persona-maturity check --format json`: the verdict, findings, waived findings, evidence and scorecard; or, for a file that cannot be read, one invalid-input finding; for several files, `files` with one of those per file",
        ),
        SchemaOutput::History => (
            "history",
            crate::render::history::json_schema(),
            "`persona-maturity history --format json`: every committed version, scored",
        ),
        SchemaOutput::Plan => (
            "plan",
            crate::render::plan::json_schema(),
            "`persona-maturity plan --format json`: the roadmap, quarter by quarter",
        ),
        SchemaOutput::EvidenceCrm => (
            "evidence-crm",
            crate::render::evidence::crm_schema(),
            "`persona-maturity evidence crm --format json`: Database Completeness measured from a CRM export (counts and persona values only)",
        ),
        SchemaOutput::EvidenceInterviews => (
            "evidence-interviews",
            crate::render::evidence::interviews_schema(),
            "`persona-maturity evidence interviews --format json`: Qualitative Interviews measured from an interview log",
        ),
    };
    let mut v = serde_json::to_value(root).unwrap_or(Value::Null);
    v["$id"] = json!(format!(
        "https://persona-maturity.invalid/schema/output/{}/{name}.schema.json",
        crate::render::json::SCHEMA_VERSION
    ));
    v["title"] = json!(format!("persona-maturity {name} report"));
    v["description"] = json!(format!(
        "{what}. schema_version {}: a field is added without a bump; removing or changing one bumps it.",
        crate::render::json::SCHEMA_VERSION
    ));
    v
}

/// A regular expression for `word` in any letter case.
fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| {
            let (l, u) = (c.to_lowercase().to_string(), c.to_uppercase().to_string());
            if c.is_alphabetic() && l != u {
                format!("[{l}{u}]")
            } else {
                regex_escape(c)
            }
        })
        .collect()
}

fn regex_escape(c: char) -> String {
    if "\\^$.|?*+()[]{}/".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// A pattern for a level as the tool reads it: its id or its name, any case, with spaces,
/// hyphens and underscores alike, space around it allowed.
fn level_pattern(rubric: &Rubric) -> String {
    let mut names: Vec<String> = Vec::new();
    for l in &rubric.levels {
        for n in [&l.id, &l.name] {
            let words: Vec<String> = n
                .split([' ', '-', '_'])
                .filter(|w| !w.is_empty())
                .map(any_case)
                .collect();
            let p = words.join("[ _-]+");
            if !names.contains(&p) {
                names.push(p);
            }
        }
    }
    format!("^\\s*[ _-]*({})[ _-]*\\s*$", names.join("|"))
}

/// A pattern for the words that leave an attribute unanswered (and the empty string).
fn unsure_pattern() -> String {
    let words: Vec<String> = UNSURE_WORDS.iter().map(|w| any_case(w)).collect();
    format!("^\\s*({})?\\s*$", words.join("|"))
}

/// Exactly `YYYY-MM-DD` with a year from 0001, a month 01–12 and a day 01–31 (the calendar
/// itself, 30 February, is the tool's to check).
pub const DATE_PATTERN: &str = "^(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

/// The schema, for `rubric`.
pub fn program_schema(rubric: &Rubric) -> Value {
    let level = json!({
        "type": "string",
        "pattern": level_pattern(rubric),
        "description": format!(
            "A level: {}",
            rubric.levels.iter().map(|l| format!("{} ({})", l.id, l.name)).collect::<Vec<_>>().join(", ")
        ),
        "examples": rubric.levels.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
    });
    let answer_level = json!({
        "anyOf": [
            { "type": "null" },
            level.clone(),
            { "type": "string", "pattern": unsure_pattern() }
        ]
    });
    let answers = answers_schema(rubric, &answer_level);
    let date = json!({ "type": "string", "pattern": DATE_PATTERN, "format": "date" });
    let label = json!({ "type": ["string", "null"], "maxLength": MAX_LABEL_CHARS });
    let rubric_ref = format!(
        "^\\s*{}(@.*)?\\s*$",
        rubric.id.chars().map(regex_escape).collect::<String>()
    );
    let percent = json!({ "type": "number", "minimum": 0, "maximum": 100 });
    // `mapped` at most `records` is the tool's to check: JSON Schema cannot compare two values.
    let records = json!({
        "description": "Records counted, and how many have a persona attached (at most `records`).",
        "type": "object",
        "required": ["records", "mapped"],
        "properties": {
            "records": { "type": "integer", "minimum": 0 },
            "mapped": { "type": "integer", "minimum": 0 }
        },
        "additionalProperties": false
    });
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": format!("https://persona-maturity.invalid/schema/{}/{}/program.schema.json", rubric.id, rubric.version),
        "title": format!("Persona maturity answers or program file ({} {})", rubric.name, rubric.version),
        "description": "A self-assessment (answers) against the rubric, and for `persona-maturity check` the program's personas, database coverage and policy. Every section but `answers` is optional.",
        "type": "object",
        "required": ["answers"],
        "additionalProperties": false,
        "properties": {
            "rubric": {
                "description": format!("The rubric the answers are for: `{}`, optionally `@version`.", rubric.id),
                "type": "string",
                "pattern": rubric_ref
            },
            "organization": label.clone(),
            "respondent": {
                "type": "object",
                "properties": { "name": label.clone(), "role": label.clone() },
                "additionalProperties": false
            },
            "date": date.clone(),
            "answers": {
                "description": "One answer per attribute: a level's id or name, `unsure` (or null) to leave it unanswered, or `{ level, note }`.",
                "type": "object",
                "properties": answers,
                "additionalProperties": false,
                "maxProperties": crate::source::MAX_MAP_ENTRIES
            },
            "personas": {
                "type": "array",
                "maxItems": MAX_PERSONAS,
                "items": { "$ref": "#/definitions/persona" }
            },
            "database": {
                "description": "How much of the customer and prospect database is mapped to personas: for each side, the record counts (`customers: { records, mapped }`, which let `check` weigh the whole database) or a percentage (`customers_mapped_pct`), not both.",
                "type": "object",
                "properties": {
                    "customers_mapped_pct": percent.clone(),
                    "prospects_mapped_pct": percent,
                    "customers": records.clone(),
                    "prospects": records,
                    "measured_on": {
                        "description": "The day the figures were measured (`evidence crm --update` writes it); `check` warns (stale-evidence) when it is older than policy.max_evidence_age_days.",
                        "type": "string", "pattern": DATE_PATTERN, "format": "date"
                    },
                    "source": {
                        "description": "What the figures were measured from: a HubSpot export, a Salesforce report, another CRM's export. Needs `measured_on`.",
                        "enum": ["hubspot", "salesforce", "crm"]
                    }
                },
                "additionalProperties": false,
                "dependencies": { "source": ["measured_on"] },
                "allOf": [
                    { "oneOf": [ { "required": ["customers"] }, { "required": ["customers_mapped_pct"] } ] },
                    { "oneOf": [ { "required": ["prospects"] }, { "required": ["prospects_mapped_pct"] } ] }
                ]
            },
            "policy": policy_schema(rubric, &level, &date),
            "measures": {
                "description": "The persona measures (KPIs) the team records: what, the value, the day it was measured, optionally the persona and who answers for it. `check` takes them as the evidence of Internal Persona Ownership's \"persona related KPI accountability\".",
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "value", "as_of"],
                    "additionalProperties": false,
                    "properties": {
                        "name": { "type": "string", "pattern": "\\S", "description": "e.g. `conversion rate`, `win rate`, `sales cycle (days)`." },
                        "value": { "type": "number" },
                        "as_of": date.clone(),
                        "persona": { "type": ["string", "null"], "description": "The id of the persona it is measured for." },
                        "owner": { "type": ["string", "null"], "description": "Who answers for the measure." }
                    }
                }
            },
            "evidence": evidence_schema(),
        },
        "definitions": {
            "persona": persona_schema(&date),
        }
    })
}

/// A program's `evidence:`: the files its evidence is measured from.
fn evidence_schema() -> Value {
    json!({
        "description": "Files the program's evidence is measured from, relative to the program file.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "interviews": {
                "description": "The research team's interview log (CSV or .xlsx with date, kind, persona, notes; or YAML): `check` measures Qualitative Interviews from it.",
                "type": "string",
                "pattern": "\\S"
            }
        }
    })
}

/// The answers: one property per attribute, a level, `unsure` or `{ level, note }`.
fn answers_schema(rubric: &Rubric, answer_level: &Value) -> serde_json::Map<String, Value> {
    rubric
        .attributes
        .iter()
        .map(|a| {
            let mut description = a.name.clone();
            if let Some(q) = &a.question {
                description.push_str(": ");
                description.push_str(q);
            }
            (
                a.id.clone(),
                json!({
                    "description": description,
                    "anyOf": [
                        answer_level,
                        {
                            "type": "object",
                            "properties": {
                                "level": answer_level,
                                "note": { "type": ["string", "null"], "maxLength": MAX_NOTE_CHARS }
                            },
                            "additionalProperties": false
                        }
                    ]
                }),
            )
        })
        .collect()
}

/// The program's policy: minimums, targets, waivers and severities.
fn policy_schema(rubric: &Rubric, level: &Value, date: &Value) -> Value {
    let attribute_ids: Vec<&str> = rubric.attributes.iter().map(|a| a.id.as_str()).collect();
    let section_ids: Vec<&str> = rubric.sections.iter().map(|s| s.id.as_str()).collect();
    let rule_ids: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| r.waivable())
        .map(|r| r.id())
        .collect();
    json!({
        "description": "The team's own bar for `persona-maturity check`.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "minimum": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "overall": { "anyOf": [ level, { "type": "null" } ] },
                    "sections": {
                        "type": "object",
                        "propertyNames": { "enum": section_ids },
                        "additionalProperties": level
                    },
                    "attributes": {
                        "type": "object",
                        "propertyNames": { "enum": attribute_ids.clone() },
                        "additionalProperties": level
                    }
                }
            },
            "require_complete": { "type": "boolean" },
            "max_persona_age_days": { "type": ["integer", "null"], "minimum": 1, "maximum": u32::MAX },
            "max_evidence_age_days": { "type": ["integer", "null"], "minimum": 1, "maximum": u32::MAX },
            "targets": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["attribute", "level", "due"],
                    "additionalProperties": false,
                    "properties": {
                        "attribute": { "enum": attribute_ids.clone() },
                        "level": level,
                        "due": date,
                        "owner": { "type": ["string", "null"] }
                    }
                }
            },
            "waivers": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["rule", "reason", "expires"],
                    "additionalProperties": false,
                    "properties": {
                        "rule": { "enum": rule_ids.clone() },
                        "subject": { "type": ["string", "null"] },
                        "reason": { "type": "string", "pattern": "\\S" },
                        "owner": { "type": ["string", "null"] },
                        "expires": date
                    }
                }
            },
            "severity": {
                "description": "A rule's severity, or `off`.",
                "type": "object",
                "propertyNames": { "enum": rule_ids },
                "additionalProperties": { "enum": ["error", "warning", "info", "off"] }
            }
        }
    })
}

/// One persona.
fn persona_schema(date: &Value) -> Value {
    json!({
        "type": "object",
        "required": ["id"],
        "additionalProperties": false,
        "properties": {
            "id": { "type": "string", "pattern": "\\S", "description": "A stable id, e.g. `ops-olivia`." },
            "name": { "type": ["string", "null"] },
            "kind": { "enum": ["buyer", "negative"], "description": "buyer (you sell to) or negative (who not to target)." },
            "buying_role": { "enum": ["user", "champion", "economic-buyer", "influencer", "other", null] },
            "owner": { "type": ["string", "null"], "description": "Who keeps this persona current." },
            "last_updated": date,
            "sources": {
                "type": "array",
                "uniqueItems": true,
                "items": { "enum": [
                    "customer-interviews", "non-customer-interviews", "survey", "crm",
                    "third-party-data", "web-analytics", "sales-input", "industry-research",
                    "internal-opinion"
                ] }
            },
            "covers": {
                "type": "array",
                "uniqueItems": true,
                "items": { "enum": [
                    "demographics", "buying-role", "buying-preferences", "hobbies-interests",
                    "goals-priorities", "drivers-motivators", "fears-challenges",
                    "associations", "content-preferences", "success-metrics",
                    "personality-traits"
                ] }
            },
            "disqualifiers": { "type": "array", "items": { "type": "string" } },
            "crm_values": {
                "description": "The values a CRM's persona field holds for this persona, when they are not its name or id (`evidence crm --program`).",
                "type": "array",
                "items": { "type": "string" }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_patterns_read_ids_and_names_in_any_case() {
        let p = level_pattern(&Rubric::builtin());
        assert!(
            p.contains("[fF][uU][lL][lL][yY][ _-]+[oO][pP][tT][iI][mM][iI][zZ][eE][dD]"),
            "{p}"
        );
    }
}
