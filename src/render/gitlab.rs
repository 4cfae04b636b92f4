//! GitLab Code Quality: the Code Climate JSON array GitLab shows in merge requests and pipelines
//! (`artifacts: reports: codequality`). One issue per active finding (waived findings are left
//! out: GitLab has no suppressed state), a file that cannot be read as one `invalid-input` issue;
//! severities mapped (error → major, a failing error → critical, warning → minor, info → info),
//! paths relative to the repository's root, and a fingerprint from the rule, the subject and the
//! file alone, so an issue keeps its identity when lines move and GitLab can tell new from fixed.

use crate::rule::Severity;
use crate::view::check::{FindingView, Report};
use serde::Serialize;

#[derive(Serialize)]
struct Issue {
    /// GitLab requires it: the Code Climate issue type.
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
    categories: [&'static str; 1],
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// FNV-1a, 128 bits, as 32 hex digits: stable across runs, versions and machines.
fn fingerprint(rule: &str, subject: &str, path: &str) -> String {
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    for b in [rule, subject, path].join("\u{0}").bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000000001000000000000000000013B);
    }
    format!("{h:032x}")
}

fn severity(f: &FindingView) -> &'static str {
    match f.severity {
        Severity::Error if f.failing => "critical",
        Severity::Error => "major",
        Severity::Warning if f.failing => "major",
        Severity::Warning => "minor",
        Severity::Info if f.failing => "minor",
        Severity::Info => "info",
    }
}

pub fn render(reports: &[Report]) -> String {
    let mut issues = Vec::new();
    for r in reports {
        match r {
            Report::Checked(v) => {
                for f in &v.findings {
                    issues.push(Issue {
                        kind: "issue",
                        description: format!("{} ({}): {}", f.rule, f.subject, f.message),
                        check_name: f.rule.clone(),
                        fingerprint: fingerprint(&f.rule, &f.subject, &v.location),
                        severity: severity(f),
                        location: Location {
                            path: v.location.clone(),
                            lines: Lines {
                                begin: f.line.unwrap_or(1),
                            },
                        },
                        categories: ["Style"],
                    });
                }
            }
            Report::Unreadable(e) => {
                let rule = crate::rule::Rule::InvalidInput.id();
                let mut description = format!("{rule}: {}", e.message);
                for h in &e.help {
                    description.push_str("; ");
                    description.push_str(h);
                }
                issues.push(Issue {
                    kind: "issue",
                    description,
                    check_name: rule.to_string(),
                    fingerprint: fingerprint(rule, "", &e.location),
                    severity: "blocker",
                    location: Location {
                        path: e.location.clone(),
                        lines: Lines {
                            begin: e.line.map_or(1, |l| l as usize),
                        },
                    },
                    categories: ["Bug Risk"],
                });
            }
        }
    }
    crate::render::json::to_pretty(&issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_tell_rule_subject_and_file_apart() {
        let f = fingerprint("stale-persona", "pat", "ops/persona-program.yaml");
        assert_eq!(f.len(), 32);
        assert_eq!(
            f,
            fingerprint("stale-persona", "pat", "ops/persona-program.yaml")
        );
        assert_ne!(
            f,
            fingerprint("stale-persona", "pa", "tops/persona-program.yaml")
        );
        assert_ne!(
            f,
            fingerprint("guesswork", "pat", "ops/persona-program.yaml")
        );
    }
}
