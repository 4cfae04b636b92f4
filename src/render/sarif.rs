//! SARIF 2.1.0 for code scanning (GitHub's "Code scanning alerts", and any SARIF viewer): one run
//! whose driver lists every rule with its help and a link to its README entry, and one result per
//! finding with the program file (relative to the repository's root, `%SRCROOT%`) and line.
//! Waived findings are results with an in-source suppression carrying the waiver's reason, so a
//! viewer shows them as dismissed, not as gone.
//! Valid against the OASIS SARIF 2.1.0 schema (checked in CI).

use crate::rule::{Rule, Severity};
use crate::rule_help::{help, help_uri, waive};
use crate::view::check::{CheckView, FindingView, InputErrorView, Report};
use serde_json::{json, Value};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
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

fn rule_descriptor(r: Rule, default: Severity, enabled: bool) -> Value {
    let h = help(r);
    let id = r.id();
    let (help_text, help_markdown) = if r.waivable() {
        (
            format!("{}\n\nTo waive it:\n{}", h.fix, waive(id)),
            format!(
                "{}\n\nTo waive it:\n\n```yaml\n{}```\n\n[More]({})",
                h.fix,
                waive(id),
                help_uri(id)
            ),
        )
    } else {
        (
            format!("{}\n\n{}", h.fix, waive(id)),
            format!("{}\n\n{}\n[More]({})", h.fix, waive(id), help_uri(id)),
        )
    };
    let configuration = json!({ "level": level(default), "enabled": enabled });
    json!({
        "id": id,
        "name": r.name(),
        "shortDescription": { "text": sentence(r.summary()) },
        "fullDescription": { "text": h.why },
        "help": {
            "text": help_text,
            "markdown": help_markdown,
        },
        "helpUri": help_uri(id),
        "defaultConfiguration": configuration,
        "properties": { "tags": ["persona-program"] },
    })
}

/// The first letter capitalised and a full stop, unless the text already ends a sentence. A
/// first word that is a key path or an id (`policy.require_complete`, `personas[0].sorces`) is
/// kept as written.
fn sentence(s: &str) -> String {
    let first = s.split(' ').next().unwrap_or_default();
    let code = first.contains(['.', '_', '[', '`', '-']);
    let mut c = s.chars();
    let mut out = match c.next() {
        Some(f) if !code => f.to_uppercase().chain(c).collect::<String>(),
        Some(_) => s.to_string(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

/// Every rule, each with the default configuration the checked programs give it: the severity
/// their `policy.severity` sets when all agree (`off`: disabled), else the rule's own default.
fn rules(views: &[&CheckView]) -> Vec<Value> {
    Rule::ALL
        .iter()
        .map(|&r| {
            let setting = |v: &CheckView| {
                v.settings
                    .iter()
                    .find(|(id, _)| id == r.id())
                    .map(|(_, s)| *s)
            };
            let first = views.first().and_then(|v| setting(v));
            let agreed = views.iter().all(|v| setting(v) == first);
            match (agreed, first) {
                (true, Some(Some(s))) => rule_descriptor(r, s, true),
                (true, Some(None)) => rule_descriptor(r, r.default_severity(), false),
                _ => rule_descriptor(r, r.default_severity(), true),
            }
        })
        .collect()
}

/// The base every artifact's `uri` is relative to: the repository's root.
const SRCROOT: &str = "%SRCROOT%";

fn index_of(rule: &str) -> Option<usize> {
    Rule::ALL.iter().position(|r| r.id() == rule)
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
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
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
#[serde(rename_all = "camelCase")]
struct ArtifactLocation<'a> {
    uri: &'a str,
    uri_base_id: &'static str,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
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

/// Where a result is: the file's `uri` (made once per file) relative to `%SRCROOT%`. A finding
/// about the whole program has no line: it is shown at the file's first line.
fn location(uri: &str, line: Option<usize>, column: Option<u32>) -> [Location<'_>; 1] {
    [Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri,
                uri_base_id: SRCROOT,
            },
            region: Region {
                start_line: line.unwrap_or(1),
                start_column: column,
            },
        },
    }]
}

/// The result for one finding; `uri` is the program file's, made once.
fn result<'a>(uri: &'a str, f: &'a FindingView) -> SarifResult<'a> {
    SarifResult {
        rule_id: &f.rule,
        rule_index: index_of(&f.rule),
        level: level(f.severity),
        message: Message {
            text: format!("{} {}", sentence(&f.message), f.remediation),
        },
        locations: location(uri, f.line, None),
        partial_fingerprints: Fingerprints {
            rule_subject: format!("{}:{}", f.rule, f.subject),
        },
        properties: Some(Properties {
            subject: &f.subject,
            remediation: &f.remediation,
            failing: f.failing,
        }),
        suppressions: None,
    }
}

/// A file that could not be read: one `invalid-input` result where the reading stopped. The key
/// path stays as written (never capitalised).
fn input_error_result<'a>(uri: &'a str, e: &'a InputErrorView) -> SarifResult<'a> {
    let mut text = match &e.path {
        Some(p) => format!("{p}: {}", sentence(&e.detail)),
        None => sentence(&e.detail),
    };
    for h in &e.help {
        text.push(' ');
        text.push_str(&sentence(h));
    }
    SarifResult {
        rule_id: Rule::InvalidInput.id(),
        rule_index: index_of(Rule::InvalidInput.id()),
        level: "error",
        message: Message { text },
        locations: location(uri, e.line.map(|l| l as usize), e.column),
        partial_fingerprints: Fingerprints {
            rule_subject: format!("{}:{}", Rule::InvalidInput.id(), e.location),
        },
        properties: None,
        suppressions: None,
    }
}

/// The whole document: `$schema`, `version`, and its one run.
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
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<Value>,
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

/// The repository's root as a `file:` URI with a trailing slash, for `originalUriBaseIds`.
fn root_uri(root: &std::path::Path) -> String {
    let mut text = root.to_string_lossy().replace('\\', "/");
    if !text.ends_with('/') {
        text.push('/');
    }
    if !text.starts_with('/') {
        text.insert(0, '/');
    }
    format!("file://{}", uri(&text))
}

/// One run for every file checked: findings, waived findings as suppressed results, and each
/// file that could not be read as an `invalid-input` result (the run then did not succeed).
pub fn render(reports: &[Report], root: Option<&std::path::Path>) -> String {
    let views: Vec<&CheckView> = reports
        .iter()
        .filter_map(|r| match r {
            Report::Checked(v) => Some(v.as_ref()),
            Report::Unreadable(_) => None,
        })
        .collect();
    // Each file's `uri`, made once, before the results borrow them.
    let uris: Vec<String> = reports
        .iter()
        .map(|r| match r {
            Report::Checked(v) => uri(&v.location),
            Report::Unreadable(e) => uri(&e.location),
        })
        .collect();
    let mut results: Vec<SarifResult> = Vec::new();
    for (r, uri) in reports.iter().zip(&uris) {
        match r {
            Report::Checked(v) => {
                results.extend(v.findings.iter().map(|f| result(uri, f)));
                for w in &v.waived {
                    let mut r = result(uri, &w.finding);
                    r.suppressions = Some([Suppression {
                        kind: "inSource",
                        status: "accepted",
                        justification: format!("{} (waived until {})", w.reason, w.expires),
                    }]);
                    results.push(r);
                }
            }
            Report::Unreadable(e) => results.push(input_error_result(uri, e)),
        }
    }
    let failed = reports.iter().any(|r| matches!(r, Report::Unreadable(_)));
    let invocation = if failed {
        json!({ "executionSuccessful": false, "exitCode": 2 })
    } else {
        json!({ "executionSuccessful": true })
    };
    let doc = Document {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: driver(rules(&views)),
            column_kind: "unicodeCodePoints",
            invocations: json!([invocation]),
            results,
            original_uri_base_ids: root.map(|root| json!({ SRCROOT: { "uri": root_uri(root) } })),
        }],
    };
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
}
