//! GitHub Actions workflow commands: one annotation per finding, on the finding's own line of the
//! program file (`line=` and `endLine=`), within GitHub's per-step limits (10 errors, 10 warnings,
//! 10 notices); the rest are summarised in one notice so nothing is silently dropped.

use crate::escape::{github_data, github_property, terminal};
use crate::rule::Severity;
use crate::view::check::CheckView;
use std::fmt::Write;

/// Annotations of one kind GitHub shows per step.
pub const PER_KIND_LIMIT: usize = 10;

pub fn render(v: &CheckView) -> String {
    let mut out = String::new();
    let file = github_property(&v.file);
    let mut left_out = 0usize;
    for (sev, cmd) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "notice"),
    ] {
        for (k, f) in v.of(sev).enumerate() {
            if k >= PER_KIND_LIMIT {
                left_out += 1;
                continue;
            }
            // A finding that is about the file as a whole points at its first line.
            let line = f.line.unwrap_or(1);
            let title = github_property(&format!("{} ({})", f.rule, f.subject));
            let msg = github_data(&format!("{}\n{}", f.message, f.remediation));
            let _ = writeln!(
                out,
                "::{cmd} file={file},line={line},endLine={line},title={title}::{msg}"
            );
        }
    }
    if left_out > 0 {
        let _ = writeln!(
            out,
            "::notice file={file},line=1,endLine=1,title=persona-maturity::{}",
            github_data(&format!(
                "{} not annotated (GitHub shows {PER_KIND_LIMIT} of each kind per step); see the full report with --format markdown",
                crate::words::count(left_out, "more finding", "more findings")
            ))
        );
    }
    let verdict = if v.passed { "PASS" } else { "FAIL" };
    let _ = writeln!(
        out,
        "persona-maturity check: {verdict}: {}",
        terminal(&v.headline)
    );
    out
}
