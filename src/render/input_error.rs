//! `check` on a program file that cannot be read (a typo in a key, broken YAML, a missing file):
//! the error is still a finding in every format, so CI shows it where it shows findings — an
//! annotation on the line, a failed JUnit case, a line in the step summary, JSON with
//! `findings[{rule: "invalid-input"}]` — rather than an empty file beside exit code 2.

use crate::escape::{html as h, markdown_code, xml};
use crate::view::check::InputErrorView;
use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};
use serde::Serialize;
use std::fmt::Write;

/// The rule id such a finding carries.
pub const RULE: &str = "invalid-input";

#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct JsonReport<'a> {
    schema_version: u32,
    source: &'a str,
    passed: bool,
    /// The file could not be read: no other finding was looked for.
    input_error: bool,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize, schemars::JsonSchema)]
struct Summary {
    errors: usize,
    warnings: usize,
    info: usize,
    failing: usize,
    waived: usize,
}

#[derive(Serialize, schemars::JsonSchema)]
struct JsonFinding<'a> {
    file: &'a str,
    rule: &'a str,
    severity: &'a str,
    subject: &'a str,
    message: &'a str,
    remediation: String,
    line: Option<u32>,
    column: Option<u32>,
}

pub fn json(e: &InputErrorView) -> String {
    let doc = JsonReport {
        schema_version: crate::render::json::SCHEMA_VERSION,
        source: &e.file,
        passed: false,
        input_error: true,
        summary: Summary {
            errors: 1,
            warnings: 0,
            info: 0,
            failing: 1,
            waived: 0,
        },
        findings: vec![JsonFinding {
            file: &e.file,
            rule: RULE,
            severity: "error",
            subject: &e.file,
            message: &e.message,
            remediation: e.help.join("\n"),
            line: e.line,
            column: e.column,
        }],
    };
    crate::escape::json_text(serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n")
}

pub fn markdown(e: &InputErrorView) -> String {
    let mut out = format!(
        "## Persona program check: ❌ FAIL\n\n{} cannot be read, so nothing else was checked.\n\n",
        markdown_code(&e.file)
    );
    let _ = writeln!(
        out,
        "- **error** · {} · {}: {}",
        markdown_code(RULE),
        markdown_code(&e.place()),
        crate::escape::markdown(&e.message)
    );
    for help in &e.help {
        let _ = writeln!(out, "  - {}", crate::escape::markdown(help));
    }
    out
}

/// The JUnit suite of a file that cannot be read: one failed case.
pub fn junit_suite(e: &InputErrorView) -> TestSuite {
    let mut suite = TestSuite::new(xml(&format!("persona-maturity check {}", e.file)));
    suite
        .extra
        .insert("file".into(), xml(&e.file).as_str().into());
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    status.set_message(xml(&format!("{}: {}", e.place(), e.message)));
    status.set_type("error");
    status.set_description(xml(&e.help.join("\n")));
    let mut case = TestCase::new(xml(&format!("{RULE} · {}", e.file)), status);
    case.set_classname(RULE);
    suite.add_test_case(case);
    suite
}

pub fn html(e: &InputErrorView) -> String {
    let helps: String = e
        .help
        .iter()
        .map(|l| format!("<li>{}</li>", h(l)))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Persona program check: FAIL</title>\n\
         <style>body{{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;\
         padding:0 1rem;color:#1a1a1a}}code{{background:#f2f2f2;padding:0 .2em}}\
         .error{{border-left:4px solid #b00020;padding:.5rem 1rem;background:#fdf2f3}}</style>\n\
         </head>\n<body>\n<main>\n<h1>Persona program check: FAIL</h1>\n\
         <p><code>{}</code> cannot be read, so nothing else was checked.</p>\n\
         <div class=\"error\"><p><strong>error</strong> · <code>{RULE}</code> · \
         <code>{}</code>: {}</p>\n<ul>{helps}</ul></div>\n</main>\n</body>\n</html>\n",
        h(&e.file),
        h(&e.place()),
        h(&e.message),
    )
}
