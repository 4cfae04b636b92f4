//! GitHub Actions workflow commands: one annotation per finding on the program file, within
//! GitHub's per-step limits (10 errors, 10 warnings, 10 notices); the rest are summarised in one
//! notice so nothing is silently dropped.

use super::verdict::{headline, CheckReport};
use crate::check::Severity;
use std::fmt::Write;

/// Annotations of one kind GitHub shows per step.
pub const PER_KIND_LIMIT: usize = 10;

/// Escape a message (the part after `::`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (`file=`, `title=`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(r: &CheckReport) -> String {
    let v = r.verdict;
    let mut out = String::new();
    let file = escape_property(&r.source.name);
    let mut left_out = 0usize;
    for (sev, cmd) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "notice"),
    ] {
        for (k, f) in v.findings.iter().filter(|f| f.severity == sev).enumerate() {
            if k >= PER_KIND_LIMIT {
                left_out += 1;
                continue;
            }
            let line = r
                .source
                .line_of_key(&f.subject)
                .map(|l| format!(",line={l}"))
                .unwrap_or_default();
            let title = escape_property(&format!("{} ({})", f.rule.id(), f.subject));
            let msg = escape_data(&format!("{}\n{}", f.message, f.remediation));
            let _ = writeln!(out, "::{cmd} file={file}{line},title={title}::{msg}");
        }
    }
    if left_out > 0 {
        let _ = writeln!(
            out,
            "::notice file={file},title=persona-maturity::{}",
            escape_data(&format!(
                "{} not annotated (GitHub shows {PER_KIND_LIMIT} of each kind per step); see the full report with --format markdown",
                crate::words::count(left_out, "more finding", "more findings")
            ))
        );
    }
    let verdict = if v.passed { "PASS" } else { "FAIL" };
    let _ = writeln!(out, "persona-maturity check: {verdict}: {}", headline(v));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_values_are_escaped() {
        assert_eq!(escape_data("50% done\nnext\r"), "50%25 done%0Anext%0D");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
