//! SARIF 2.1.0 for code scanning (GitHub's "Code scanning alerts", and any SARIF viewer): one run
//! whose driver lists every rule with its help and a link to its README entry, and one result per
//! finding with the program file and line. Waived findings are results with an in-source
//! suppression carrying the waiver's reason, so a viewer shows them as dismissed, not as gone.
//! Valid against the OASIS SARIF 2.1.0 schema (checked in CI).

use crate::rule::{Rule, Severity};
use crate::rule_help::{help, help_uri, waive};
use crate::view::check::{CheckView, FindingView, InputErrorView};
use serde_json::{json, Value};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `below-minimum` → `BelowMinimum` (SARIF's `name`, a readable identifier).
fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// A file name as a relative URI reference: `/` separators, anything outside the unreserved
/// characters percent-encoded (a space, `#`, `%`, non-ASCII).
pub fn uri(file: &str) -> String {
    let mut out = String::new();
    for b in file.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn rule_descriptor(id: &str, summary: &str, why: &str, fix: &str, default: Severity) -> Value {
    let help_text = format!("{fix}\n\nTo waive it:\n{}", waive(id));
    json!({
        "id": id,
        "name": pascal(id),
        "shortDescription": { "text": format!("{summary}.") },
        "fullDescription": { "text": why },
        "help": {
            "text": help_text,
            "markdown": format!("{fix}\n\nTo waive it:\n\n```yaml\n{}```\n\n[More]({})", waive(id), help_uri(id)),
        },
        "helpUri": help_uri(id),
        "defaultConfiguration": { "level": level(default) },
        "properties": { "tags": ["persona-program"] },
    })
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>() + ".",
        None => String::new(),
    }
}

fn rules() -> Vec<Value> {
    Rule::ALL
        .iter()
        .map(|&r| {
            let h = help(r);
            rule_descriptor(r.id(), r.summary(), h.why, h.fix, r.default_severity())
        })
        .collect()
}

/// One result, written straight to the output: 40,000 findings as `serde_json::Value` trees took
/// 13 KB each before a byte was written.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: Option<usize>,
    level: &'static str,
    message: Message,
    locations: [Location<'a>; 1],
    partial_fingerprints: Fingerprints,
    properties: Properties<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[Suppression; 1]>,
}

#[derive(serde::Serialize)]
struct Message {
    text: String,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(serde::Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
}

#[derive(serde::Serialize)]
struct Fingerprints {
    #[serde(rename = "ruleSubject/v1")]
    rule_subject: String,
}

#[derive(serde::Serialize)]
struct Properties<'a> {
    subject: &'a str,
    remediation: &'a str,
    failing: bool,
}

#[derive(serde::Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
}

/// The result for one finding; `uri` is the program file's, made once.
fn result<'a>(uri: &'a str, f: &'a FindingView) -> SarifResult<'a> {
    SarifResult {
        rule_id: &f.rule,
        rule_index: Rule::ALL.iter().position(|r| r.id() == f.rule),
        level: level(f.severity),
        message: Message {
            text: format!("{} {}", capitalised(&f.message), f.remediation),
        },
        // A finding about the whole program has no line: it is shown at the file's first line.
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri },
                region: Region {
                    start_line: f.line.unwrap_or(1),
                },
            },
        }],
        partial_fingerprints: Fingerprints {
            rule_subject: format!("{}:{}", f.rule, f.subject),
        },
        properties: Properties {
            subject: &f.subject,
            remediation: &f.remediation,
            failing: f.failing,
        },
        suppressions: None,
    }
}

/// The whole document: `$schema`, `version`, and its runs.
#[derive(serde::Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Value,
    column_kind: &'static str,
    invocations: Value,
    results: Vec<SarifResult<'a>>,
}

fn document(run: Run) -> String {
    let doc = Document {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [run],
    };
    crate::escape::json_text(serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n")
}

fn driver(rules: Vec<Value>) -> Value {
    json!({ "driver": {
        "name": env!("CARGO_PKG_NAME"),
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": env!("CARGO_PKG_HOMEPAGE"),
        "rules": rules,
    }})
}

pub fn render(v: &CheckView) -> String {
    let uri = uri(&v.file);
    let mut results: Vec<SarifResult> = v.findings.iter().map(|f| result(&uri, f)).collect();
    for w in &v.waived {
        let mut r = result(&uri, &w.finding);
        r.suppressions = Some([Suppression {
            kind: "inSource",
            status: "accepted",
            justification: format!("{} (waived until {})", w.reason, w.expires),
        }]);
        results.push(r);
    }
    document(Run {
        tool: driver(rules()),
        column_kind: "unicodeCodePoints",
        invocations: json!([{ "executionSuccessful": true }]),
        results,
    })
}

/// A program file that could not be read: one `invalid-input` result where the reading stopped,
/// and the run marked as not having executed successfully.
pub fn input_error(e: &InputErrorView) -> String {
    let rule = super::input_error::RULE;
    let mut all = rules();
    all.push(rule_descriptor(
        rule,
        "the program file cannot be read (broken YAML or TOML, an unknown key, a wrong value)",
        "Nothing else can be checked until the file reads.",
        "Correct the file at the place the message names; the message says what was expected.",
        Severity::Error,
    ));
    let mut text = capitalised(&e.message);
    for h in &e.help {
        text.push(' ');
        text.push_str(&capitalised(h));
    }
    let line = e.line.map(|l| l as usize);
    let mut region = json!({ "startLine": line.unwrap_or(1) });
    if let Some(c) = e.column {
        region["startColumn"] = json!(c);
    }
    let doc = json!({ "$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": driver(all),
        "columnKind": "unicodeCodePoints",
        "invocations": [{ "executionSuccessful": false, "exitCode": 2 }],
        "results": [{
            "ruleId": rule,
            "ruleIndex": Rule::ALL.len(),
            "level": "error",
            "message": { "text": text },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": uri(&e.file) },
                "region": region,
            }}],
        }],
    }]});
    crate::escape::json_text(serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_become_relative_uri_references() {
        assert_eq!(uri("persona-program.yaml"), "persona-program.yaml");
        assert_eq!(
            uri("ops/persona program #2.yaml"),
            "ops/persona%20program%20%232.yaml"
        );
        assert_eq!(uri("marché\\p.yaml"), "march%C3%A9/p.yaml");
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(
            pascal("negative-without-disqualifiers"),
            "NegativeWithoutDisqualifiers"
        );
    }
}
