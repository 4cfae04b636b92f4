//! JUnit XML for CI test tabs: one test case per rule and subject evaluated, so passes show too.
//! Findings at or above the failing severity are failures; findings below it pass with the finding
//! in system-out; waived findings are skipped with the waiver's reason.

use super::verdict::CheckReport;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

pub fn render(r: &CheckReport) -> String {
    let v = r.verdict;
    let mut suite = TestSuite::new(format!("persona-maturity check {}", r.source.name));
    for e in &v.evaluations {
        let name = format!("{} · {}", e.rule.id(), e.subject);
        let finding = v
            .findings
            .iter()
            .find(|f| f.rule == e.rule && f.subject == e.subject);
        let waived = v
            .waived
            .iter()
            .find(|w| w.finding.rule == e.rule && w.finding.subject == e.subject);
        let mut case = match (finding, waived) {
            (Some(f), _) if f.severity >= v.fail_on => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(f.message.clone());
                status.set_type(f.severity.as_str());
                status.set_description(f.remediation.clone());
                TestCase::new(name, status)
            }
            (Some(f), _) => {
                let mut case = TestCase::new(name, TestCaseStatus::success());
                case.set_system_out(format!(
                    "{}: {}\n{}",
                    f.severity.as_str(),
                    f.message,
                    f.remediation
                ));
                case
            }
            (None, Some(w)) => {
                let mut status = TestCaseStatus::skipped();
                status.set_message(format!("waived until {}: {}", w.expires, w.reason));
                TestCase::new(name, status)
            }
            (None, None) => TestCase::new(name, TestCaseStatus::success()),
        };
        case.set_classname(e.rule.id());
        suite.add_test_case(case);
    }
    let mut report = Report::new("persona-maturity");
    report.add_test_suite(suite);
    // Serialising to a string only fails on an I/O error, which a String cannot have.
    report.to_string().unwrap_or_default()
}
