//! `check --history`: Frequency of Updates measured from how often each buyer persona's
//! `last_updated` moved in the program file's committed versions, on repositories built here
//! with set dates. Without the flag, one date is a ceiling only.

use crate::common::Pm;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const TODAY: &str = "2026-11-22";

fn git(dir: &Path, args: &[&str], date: &str) {
    let o = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00+00:00"))
        .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00+00:00"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"], "2025-01-01");
    git(dir.path(), &["config", "user.name", "Ops"], "2025-01-01");
    git(
        dir.path(),
        &["config", "user.email", "ops@example.com"],
        "2025-01-01",
    );
    dir
}

/// The program file with frequency claimed at `claim` and the two buyer personas' dates.
fn program(claim: &str, olivia: &str, carl: &str) -> String {
    format!(
        "answers:\n  frequency-of-updates: {claim}\npersonas:\n\
         \x20 - {{ id: olivia, buying_role: user, last_updated: {olivia}, sources: [customer-interviews], covers: [goals-priorities, fears-challenges] }}\n\
         \x20 - {{ id: carl, buying_role: economic-buyer, last_updated: {carl}, sources: [customer-interviews], covers: [goals-priorities, fears-challenges] }}\n"
    )
}

/// Commit `text` as `persona-program.yaml` on `date`.
fn version(dir: &Path, text: &str, date: &str) {
    std::fs::write(dir.join("persona-program.yaml"), text).unwrap();
    git(dir, &["add", "-A"], date);
    git(dir, &["commit", "-q", "-m", "personas reviewed"], date);
}

/// `check` in `dir`, JSON; the frequency evidence and the exit code.
fn frequency(dir: &Path, history: bool) -> (i32, Value, String) {
    let mut args = vec![
        "check",
        "persona-program.yaml",
        "--today",
        TODAY,
        "--format",
        "json",
    ];
    if history {
        args.push("--history");
    }
    let r = Pm::new(args)
        .dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .run();
    let v: Value = serde_json::from_str(&r.out).unwrap_or(Value::Null);
    let e = v["evidence"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["attribute"] == "frequency-of-updates"))
        .cloned()
        .unwrap_or(Value::Null);
    (r.code, e, r.err)
}

#[test]
fn updates_every_six_months_in_git_show_fully_optimized_and_one_date_only_caps_it() {
    let dir = repo();
    let d = dir.path();
    version(
        d,
        &program("fully-optimized", "2025-05-20", "2025-06-01"),
        "2025-06-01",
    );
    version(
        d,
        &program("fully-optimized", "2025-11-10", "2025-11-20"),
        "2025-11-20",
    );
    version(
        d,
        &program("fully-optimized", "2026-05-04", "2026-05-15"),
        "2026-05-15",
    );
    version(
        d,
        &program("fully-optimized", "2026-10-30", "2026-11-02"),
        "2026-11-02",
    );
    let (code, e, err) = frequency(d, true);
    assert_eq!(code, 0, "{err}");
    assert_eq!(e["evidence"], "fully-optimized");
    assert_eq!(e["ceiling"], false, "measured: {e}");
    assert!(
        e["basis"]
            .as_str()
            .unwrap()
            .contains("in 4 committed versions of the file"),
        "{e}"
    );
    // The same file without --history: the same level, but only as a ceiling.
    let (code, e, _) = frequency(d, false);
    assert_eq!(code, 0);
    assert_eq!(
        (e["evidence"].as_str(), e["ceiling"].as_bool()),
        (Some("fully-optimized"), Some(true))
    );
}

#[test]
fn one_gap_of_eight_months_makes_a_six_monthly_claim_an_overclaim() {
    let dir = repo();
    let d = dir.path();
    version(
        d,
        &program("fully-optimized", "2025-09-01", "2025-09-01"),
        "2025-09-01",
    );
    // Carl waits eight months; Olivia keeps to six.
    version(
        d,
        &program("fully-optimized", "2026-03-01", "2025-09-01"),
        "2026-03-01",
    );
    version(
        d,
        &program("fully-optimized", "2026-08-20", "2026-05-01"),
        "2026-08-20",
    );
    version(
        d,
        &program("fully-optimized", "2026-11-10", "2026-11-01"),
        "2026-11-10",
    );
    // One date alone (the last) allows Fully Optimized at most.
    let (code, e, _) = frequency(d, false);
    assert_eq!((code, e["evidence"].as_str()), (0, Some("fully-optimized")));
    // The history shows Carl's eight months: measured Advancing, the claim fails.
    let (code, e, err) = frequency(d, true);
    assert_eq!(code, 1, "{err}");
    assert_eq!(e["evidence"], "advancing");
    assert_eq!(e["ceiling"], false);
    assert!(
        e["basis"]
            .as_str()
            .unwrap()
            .contains("`carl` 2025-09-01 to 2026-05-01 (242 days)"),
        "{e}"
    );
}

#[test]
fn a_persona_that_never_moved_in_the_history_keeps_the_evidence_a_ceiling() {
    let dir = repo();
    let d = dir.path();
    version(
        d,
        &program("advancing", "2026-05-01", "2026-09-01"),
        "2026-05-01",
    );
    version(
        d,
        &program("advancing", "2026-10-01", "2026-09-01"),
        "2026-10-01",
    );
    let (code, e, err) = frequency(d, true);
    assert_eq!(code, 0, "{err}");
    assert_eq!(e["ceiling"], true, "{e}");
    assert!(
        e["basis"].as_str().unwrap().contains("`carl` never moved"),
        "{e}"
    );
}

#[test]
fn history_outside_a_repository_or_from_standard_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("persona-program.yaml"),
        program("advancing", "2026-05-01", "2026-09-01"),
    )
    .unwrap();
    let (code, _, err) = frequency(dir.path(), true);
    assert_eq!(code, 2);
    assert!(err.contains("is not inside a git repository"), "{err}");
    let r = Pm::new(["check", "-", "--input-format", "yaml", "--history"])
        .stdin(program("advancing", "2026-05-01", "2026-09-01"))
        .run();
    assert_eq!(r.code, 2, "{}", r.err);
    assert!(r.err.contains("--history: reads the program file's versions from git: it needs the file, not standard input"), "{}", r.err);
}
