//! GitHub Actions workflow commands: one annotation per finding, on the finding's own line of the
//! program file (`line=` and `endLine=`; the file relative to the workspace root), within GitHub's per-step limits (10 errors, 10 warnings,
//! 10 notices); the rest are summarised in one notice so nothing is silently dropped.

use crate::escape::{github_data, github_property, terminal};
use crate::rule::Severity;
use crate::view::check::Report;
use std::fmt::Write;

/// Annotations of one kind GitHub shows per step.
pub const PER_KIND_LIMIT: usize = 10;

/// One annotation: kind, file, line, column, title, message.
struct Annotation {
    severity: Severity,
    props: String,
    title: String,
    text: String,
}

/// Annotations for every file checked (paths relative to the workspace), within GitHub's
/// per-kind limits across them all, then one verdict line per file.
pub fn render(reports: &[Report]) -> String {
    let mut all: Vec<Annotation> = Vec::new();
    for r in reports {
        match r {
            Report::Checked(v) => {
                let file = github_property(&v.location);
                for sev in [Severity::Error, Severity::Warning, Severity::Info] {
                    for f in v.of(sev) {
                        // A finding that is about the file as a whole points at its first line.
                        let line = f.line.unwrap_or(1);
                        all.push(Annotation {
                            severity: sev,
                            props: format!("file={file},line={line},endLine={line}"),
                            title: format!("{} ({})", f.rule, f.subject),
                            text: format!("{}\n{}", f.message, f.remediation),
                        });
                    }
                }
            }
            Report::Unreadable(e) => {
                let mut props = format!("file={}", github_property(&e.location));
                if let Some(l) = e.line {
                    let _ = write!(props, ",line={l},endLine={l}");
                    if let Some(c) = e.column {
                        let _ = write!(props, ",col={c}");
                    }
                }
                let mut text = e.message.clone();
                for help in &e.help {
                    text.push('\n');
                    text.push_str(help);
                }
                all.push(Annotation {
                    severity: Severity::Error,
                    props,
                    title: crate::rule::Rule::InvalidInput.id().to_string(),
                    text,
                });
            }
        }
    }
    let mut out = String::new();
    let mut left_out = 0usize;
    for (sev, cmd) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "notice"),
    ] {
        for (k, a) in all.iter().filter(|a| a.severity == sev).enumerate() {
            if k >= PER_KIND_LIMIT {
                left_out += 1;
                continue;
            }
            let _ = writeln!(
                out,
                "::{cmd} {},title={}::{}",
                a.props,
                github_property(&a.title),
                github_data(&a.text)
            );
        }
    }
    if left_out > 0 {
        let file = reports
            .first()
            .map(|r| match r {
                Report::Checked(v) => v.location.as_str(),
                Report::Unreadable(e) => e.location.as_str(),
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "::notice file={},line=1,endLine=1,title=persona-maturity::{}",
            github_property(file),
            github_data(&format!(
                "{} not annotated (GitHub shows {PER_KIND_LIMIT} of each kind per step); see the full report with --format markdown",
                crate::words::count(left_out, "more finding", "more findings")
            ))
        );
    }
    for r in reports {
        let _ = match r {
            Report::Checked(v) => writeln!(
                out,
                "persona-maturity check: {}: {}{}",
                if v.passed { "PASS" } else { "FAIL" },
                if reports.len() > 1 {
                    format!("{}: ", terminal(&v.file))
                } else {
                    String::new()
                },
                terminal(&v.headline)
            ),
            Report::Unreadable(e) => writeln!(
                out,
                "persona-maturity check: FAIL: {} cannot be read",
                terminal(&e.file)
            ),
        };
    }
    out
}
