//! JUnit XML for CI test tabs: one test case per rule and subject evaluated, so passes show too.
//! Findings at or above the failing severity are failures; findings below it pass with the finding
//! in system-out; waived findings are skipped with the waiver's reason. Valid against the
//! junit-10.xsd schema Jenkins and pytest use (checked with xmllint in CI); text from the program
//! file has its control characters made visible (XML 1.0 cannot hold them).

use crate::escape::xml;
use crate::view::check::{CaseOutcome, CheckView};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

/// `FILE:LINE` of a finding, or the file alone.
fn place(file: &str, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("{file}:{l}"),
        None => file.to_string(),
    }
}

/// One suite per file: its cases, or the one failed case of a file that cannot be read.
pub fn render(reports: &[crate::view::check::Report]) -> String {
    let mut report = Report::new("persona-maturity");
    for r in reports {
        report.add_test_suite(match r {
            crate::view::check::Report::Checked(v) => suite(v),
            crate::view::check::Report::Unreadable(e) => crate::render::input_error::junit_suite(e),
        });
    }
    // Serialising to a string only fails on an I/O error, which a String cannot have.
    let xml = report.to_string().unwrap_or_default();
    without_testsuites_skipped(&xml)
}

fn suite(v: &CheckView) -> TestSuite {
    let mut suite = TestSuite::new(xml(&format!("persona-maturity check {}", v.file)));
    // junit-10.xsd allows `file` on the suite but no `file`/`line` on a case: a case carries
    // its place at the start of its message instead, where every JUnit viewer shows it.
    suite
        .extra
        .insert("file".into(), xml(&v.file).as_str().into());
    for c in &v.cases {
        let name = xml(&format!("{} · {}", c.rule, c.subject));
        let mut case = match &c.outcome {
            CaseOutcome::Failed(k) => {
                let f = &v.findings[*k];
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(xml(&format!("{}: {}", place(&v.file, f.line), f.message)));
                status.set_type(f.severity.as_str());
                status.set_description(xml(&f.remediation));
                TestCase::new(name, status)
            }
            CaseOutcome::Reported(k) => {
                let f = &v.findings[*k];
                let mut case = TestCase::new(name, TestCaseStatus::success());
                case.set_system_out(xml(&format!(
                    "{}: {}: {}\n{}",
                    place(&v.file, f.line),
                    f.severity.as_str(),
                    f.message,
                    f.remediation
                )));
                case
            }
            CaseOutcome::Waived(k) => {
                let w = &v.waived[*k];
                let mut status = TestCaseStatus::skipped();
                status.set_message(xml(&format!("waived until {}: {}", w.expires, w.reason)));
                TestCase::new(name, status)
            }
            CaseOutcome::Passed => TestCase::new(name, TestCaseStatus::success()),
        };
        case.set_classname(c.rule.clone());
        suite.add_test_case(case);
    }
    suite
}

/// junit-10.xsd allows `skipped` on `<testsuite>` (where quick-junit also writes it) but not on
/// `<testsuites>`; the count stays on the suite.
pub(crate) fn without_testsuites_skipped(xml: &str) -> String {
    let Some(start) = xml.find("<testsuites ") else {
        return xml.to_string();
    };
    let end = xml[start..].find('>').map_or(xml.len(), |e| start + e);
    let tag = &xml[start..end];
    let Some(at) = tag.find(" skipped=\"") else {
        return xml.to_string();
    };
    let close = tag[at + 10..]
        .find('"')
        .map_or(tag.len(), |c| at + 10 + c + 1);
    format!("{}{}{}", &xml[..start + at], &tag[close..], &xml[end..])
}
