//! Progress over time (`history`, from real git repositories built here with set dates) and the
//! roadmap (`plan`), including a plan's targets held by `check`.

use crate::common::Pm;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// Run git in `dir` with both dates set and no user or system configuration; its output.
pub(crate) fn git(dir: &Path, args: &[&str], date: &str) -> String {
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
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"], "2026-01-01");
    git(dir.path(), &["config", "user.name", "Ops"], "2026-01-01");
    git(
        dir.path(),
        &["config", "user.email", "ops@example.com"],
        "2026-01-01",
    );
    dir
}

pub(crate) fn commit(dir: &Path, date: &str, message: &str) {
    git(dir, &["add", "-A"], date);
    git(dir, &["commit", "-q", "-m", message], date);
}

/// An answers file: `date:` (or none) and levels for three attributes.
pub(crate) fn answers(
    date: Option<&str>,
    ownership: &str,
    training: &str,
    updates: &str,
) -> String {
    let mut s = String::new();
    if let Some(d) = date {
        s.push_str(&format!("date: {d}\n"));
    }
    s.push_str(&format!(
        "answers:\n  internal-persona-ownership: {ownership}\n  training: {training}\n  \
         frequency-of-updates: {updates}\n"
    ));
    s
}

fn history(dir: &Path, args: &[&str]) -> (crate::common::Ran, Value) {
    let mut all = vec!["history"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    let r = Pm::new(all).dir(dir).run();
    let v = serde_json::from_str(&r.out).unwrap_or(Value::Null);
    (r, v)
}

fn dates(v: &Value) -> Vec<String> {
    v["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["date"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_version_follows_renames_skips_other_commits_and_ends_with_the_working_copy() {
    let d = repo();
    let p = d.path();
    std::fs::write(p.join("README.md"), "x\n").unwrap();
    commit(p, "2025-11-20", "readme");
    std::fs::write(
        p.join("assessment.yaml"),
        answers(
            Some("2025-12-01"),
            "experimenting",
            "experimenting",
            "emerging",
        ),
    )
    .unwrap();
    commit(p, "2025-12-02", "baseline");
    std::fs::write(
        p.join("assessment.yaml"),
        answers(Some("2026-03-01"), "emerging", "experimenting", "emerging"),
    )
    .unwrap();
    commit(p, "2026-03-05", "q1");
    std::fs::write(p.join("README.md"), "y\n").unwrap();
    commit(p, "2026-04-01", "not the assessment");
    git(p, &["mv", "assessment.yaml", "answers.yaml"], "2026-04-02");
    commit(p, "2026-04-02", "rename");
    // No `date:` in this version: the commit's date is used.
    std::fs::write(
        p.join("answers.yaml"),
        answers(None, "advancing", "emerging", "experimenting"),
    )
    .unwrap();
    commit(p, "2026-06-15", "q2");
    // Uncommitted: the working copy.
    std::fs::write(
        p.join("answers.yaml"),
        answers(Some("2026-09-01"), "advancing", "advancing", "emerging"),
    )
    .unwrap();

    let (r, v) = history(p, &["answers.yaml"]);
    let r = r.exits(0);
    assert_eq!(
        dates(&v),
        ["2025-12-01", "2026-03-01", "2026-06-15", "2026-09-01"],
        "the rename and the README commit are no versions\n{r}"
    );
    let pts = v["points"].as_array().unwrap();
    assert_eq!(pts[0]["dated_by"], "file");
    assert_eq!(pts[2]["dated_by"], "commit");
    assert_eq!(pts[3]["working_copy"], true);
    assert_eq!(pts[3]["revision"], Value::Null);
    assert_eq!(pts[0]["overall"]["level"], "experimenting");
    let moved = |k: usize| -> Vec<(String, String, String)> {
        pts[k]["moved"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["attribute"].as_str().unwrap().into(),
                    m["from"].as_str().unwrap_or("-").into(),
                    m["to"].as_str().unwrap_or("-").into(),
                )
            })
            .collect()
    };
    assert_eq!(
        moved(1),
        [(
            "internal-persona-ownership".into(),
            "experimenting".into(),
            "emerging".into()
        )]
    );
    // Regressions first, then improvements.
    assert_eq!(
        moved(2)[0],
        (
            "frequency-of-updates".into(),
            "emerging".into(),
            "experimenting".into()
        )
    );
    assert_eq!(pts[2]["moved"][0]["change"], -1);

    // The table says the same, for people.
    let t = Pm::new(["history", "answers.yaml"])
        .dir(p)
        .run()
        .exits(0)
        .out;
    assert!(t.contains("4 versions, 2025-12-01 to 2026-09-01 (1 version dated by its commit: no date: in the file)"), "{t}");
    assert!(t.contains("working"), "{t}");
    assert!(
        t.contains("Frequency of Updates ▼ Emerging → Experimenting"),
        "{t}"
    );

    // --by quarter keeps the last of each quarter; --since drops what is older.
    let (_, v) = history(p, &["answers.yaml", "--since", "2026-03-01"]);
    assert_eq!(dates(&v), ["2026-03-01", "2026-06-15", "2026-09-01"]);
    std::fs::write(
        p.join("answers.yaml"),
        answers(Some("2026-06-20"), "advancing", "advancing", "emerging"),
    )
    .unwrap();
    let (_, v) = history(p, &["answers.yaml", "--by", "quarter"]);
    assert_eq!(dates(&v), ["2025-12-01", "2026-03-01", "2026-06-20"]);
}

#[test]
fn a_folder_of_respondents_is_combined_at_every_version() {
    let d = repo();
    let p = d.path();
    std::fs::create_dir(p.join("responses")).unwrap();
    for (name, level) in [("a", "emerging"), ("b", "advancing"), ("c", "emerging")] {
        std::fs::write(
            p.join(format!("responses/{name}.yaml")),
            format!("date: 2026-03-01\nanswers: {{ training: {level} }}\n"),
        )
        .unwrap();
    }
    commit(p, "2026-03-02", "q1 survey");
    std::fs::write(
        p.join("responses/a.yaml"),
        "date: 2026-06-01\nanswers: { training: advancing }\n",
    )
    .unwrap();
    commit(p, "2026-06-02", "a again");
    let (r, v) = history(p, &["responses"]);
    r.exits(0);
    assert_eq!(dates(&v), ["2026-03-01", "2026-06-01"]);
    assert_eq!(v["points"][0]["respondents"], 3);
    assert_eq!(
        v["points"][1]["moved"][0]["to"], "advancing",
        "the median moved"
    );
}

#[test]
fn a_version_that_does_not_parse_is_named_and_left_out() {
    let d = repo();
    let p = d.path();
    std::fs::write(
        p.join("a.yaml"),
        answers(Some("2026-01-10"), "emerging", "emerging", "emerging"),
    )
    .unwrap();
    commit(p, "2026-01-10", "one");
    std::fs::write(p.join("a.yaml"), "answers: [broken\n").unwrap();
    commit(p, "2026-02-10", "broken");
    std::fs::write(
        p.join("a.yaml"),
        answers(Some("2026-03-10"), "advancing", "emerging", "emerging"),
    )
    .unwrap();
    commit(p, "2026-03-10", "fixed");
    let (r, v) = history(p, &["a.yaml"]);
    let r = r.exits(2).says("left out: a.yaml@");
    assert!(r.err.contains("1 version could not be read"), "{r}");
    assert_eq!(
        dates(&v),
        ["2026-01-10", "2026-03-10"],
        "the others are shown"
    );
    assert_eq!(v["invalid"].as_array().unwrap().len(), 1);
    let (r, _) = history(p, &["a.yaml", "--skip-invalid"]);
    r.exits(0).says("warning: version");
}

#[test]
fn outside_a_repository_an_unknown_path_and_no_git_are_clear_errors() {
    let plain = tempfile::tempdir().unwrap();
    std::fs::write(plain.path().join("a.yaml"), "answers: {}\n").unwrap();
    Pm::new(["history", "a.yaml"])
        .dir(plain.path())
        .run()
        .exits(2)
        .says("a.yaml: is not inside a git repository");
    let d = repo();
    std::fs::write(d.path().join("README.md"), "x\n").unwrap();
    commit(d.path(), "2026-01-01", "readme");
    Pm::new(["history", "nowhere.yaml"])
        .dir(d.path())
        .run()
        .exits(2)
        .says("nowhere.yaml: git knows no version of it");
    let empty = tempfile::tempdir().unwrap();
    Pm::new(["history", "nowhere.yaml"])
        .dir(d.path())
        .env("PATH", empty.path().to_str().unwrap())
        .run()
        .exits(2)
        .says("git is not installed (or not on PATH)");
}

#[test]
fn the_html_page_has_a_line_per_section_and_the_overall_against_the_level_bands() {
    let d = repo();
    let p = d.path();
    for (k, (date, level)) in [
        ("2026-01-10", "experimenting"),
        ("2026-04-10", "emerging"),
        ("2026-07-10", "advancing"),
    ]
    .iter()
    .enumerate()
    {
        std::fs::write(p.join("a.yaml"), answers(Some(date), level, level, level)).unwrap();
        commit(p, date, &format!("v{k}"));
    }
    let html = Pm::new(["history", "a.yaml", "--format", "html"])
        .dir(p)
        .run()
        .exits(0)
        .out;
    let doc = scraper::Html::parse_document(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    // Overall and the sections that have scores: lines where there are two points or more.
    // Core Attributes and Maintaining have answers (Creating and Using none): their lines and
    // the overall one.
    assert_eq!(
        doc.select(&sel("svg polyline")).count(),
        3,
        "overall + 2 answered sections"
    );
    let labels: Vec<String> = doc
        .select(&sel("svg text"))
        .map(|t| t.text().collect())
        .collect();
    for l in [
        "Experimenting",
        "Emerging",
        "Advancing",
        "Fully Optimized",
        "2026-01-10",
        "2026-07-10",
    ] {
        assert!(labels.iter().any(|x| x == l), "{l} in {labels:?}");
    }
    for needle in ["src=", "href=\"http", "<script", "<link", "url("] {
        assert!(!html.contains(needle), "self-contained: {needle}");
    }
}

// ---- plan ----

fn plan_json(args: &[&str]) -> Value {
    let mut all = vec!["plan"];
    all.extend_from_slice(args);
    all.extend(["--format", "json"]);
    serde_json::from_str(&Pm::new(all).run().exits(0).out).unwrap()
}

#[test]
fn a_plan_moves_one_level_at_a_time_within_the_quarterly_limit() {
    let v = plan_json(&[
        "examples/answers/acme.yaml",
        "--start",
        "2027-02-14",
        "--per-quarter",
        "2",
        "--target",
        "advancing",
    ]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["target"], "advancing");
    assert_eq!(v["per_quarter"], 2);
    let quarters = v["quarters"].as_array().unwrap();
    assert_eq!(quarters[0]["quarter"], "2027-Q1");
    assert_eq!(quarters[0]["due"], "2027-03-31");
    assert_eq!(quarters[1]["due"], "2027-06-30");
    for q in quarters {
        let steps = q["steps"].as_array().unwrap();
        assert!(!steps.is_empty() && steps.len() <= 2);
        for s in steps {
            assert_eq!(s["owner"], "");
            assert!(!s["description"].as_str().unwrap().is_empty());
        }
    }
    // Total steps = the sum of the gaps of the answered attributes.
    let score: Value = serde_json::from_str(
        &Pm::new([
            "score",
            "examples/answers/acme.yaml",
            "--format",
            "json",
            "--target",
            "advancing",
        ])
        .run()
        .exits(0)
        .out,
    )
    .unwrap();
    let gaps: u64 = score["next_steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["gap"].as_u64().unwrap())
        .sum();
    let steps: usize = quarters
        .iter()
        .map(|q| q["steps"].as_array().unwrap().len())
        .sum();
    assert_eq!(steps as u64, gaps);
    assert_eq!(v["unanswered"], serde_json::json!(["training"]));
}

#[test]
fn plan_targets_pasted_into_a_program_file_make_check_fail_the_day_after_a_missed_due_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("persona-program.yaml");
    let file = path.to_str().unwrap().to_string();
    // The template, without its own example targets.
    let program = Pm::new(["init"]).run().exits(0).out;
    let mut base: Vec<String> = Vec::new();
    let mut skip = false;
    for l in program.lines() {
        if l.starts_with("  targets:") {
            skip = true;
            continue;
        }
        if skip && l.starts_with("    - ") {
            continue;
        }
        skip = false;
        base.push(l.to_string());
    }
    std::fs::write(&path, base.join("\n") + "\n").unwrap();
    // The plan of the program's own answers, pasted right under `policy:` as its comment says.
    let targets = Pm::new([
        "plan",
        &file,
        "--start",
        "2027-01-01",
        "--format",
        "targets",
    ])
    .run()
    .exits(0)
    .out;
    assert!(
        targets.contains("  targets:\n    - { attribute: "),
        "{targets}"
    );
    let mut lines: Vec<String> = Vec::new();
    for l in &base {
        lines.push(l.clone());
        if l == "policy:" {
            lines.extend(targets.lines().map(String::from));
        }
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let overdue = |today: &str| -> usize {
        let r = Pm::new([
            "check",
            &file,
            "--today",
            today,
            "--format",
            "json",
            "--no-fail",
        ])
        .run();
        assert_eq!(r.code, 0, "valid as pasted: {}", r.err);
        let v: Value = serde_json::from_str(&r.out).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["rule"] == "overdue-target")
            .count()
    };
    assert_eq!(overdue("2027-03-31"), 0, "due today is not overdue yet");
    let missed = overdue("2027-04-01");
    assert!(
        missed >= 1,
        "the first quarter's steps are overdue the day after"
    );
    assert_eq!(
        missed,
        targets.matches("due: 2027-03-31").count(),
        "one finding per missed step"
    );
    // Without --no-fail, that day's build fails.
    Pm::new(["check", &file, "--today", "2027-04-01"])
        .run()
        .exits(1);
}

#[test]
fn a_plan_reads_as_a_planning_document_and_imports_as_csv() {
    let md = Pm::new([
        "plan",
        "examples/answers/acme.yaml",
        "--start",
        "2027-01-01",
        "--format",
        "markdown",
    ])
    .run()
    .exits(0)
    .out;
    assert!(md.contains("### 2027-Q1 · due 2027-03-31"), "{md}");
    assert!(
        md.contains("- [ ] **Data Analysis** (surveys and data): Experimenting → **Emerging**."),
        "{md}"
    );
    assert!(md.contains("  - Owner: "), "{md}");
    let csv_out = Pm::new([
        "plan",
        "examples/answers/acme.yaml",
        "--start",
        "2027-01-01",
        "--format",
        "csv",
    ])
    .run()
    .exits(0)
    .out;
    let mut rdr = csv::Reader::from_reader(csv_out.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "quarter",
            "due",
            "attribute_id",
            "attribute",
            "section",
            "current",
            "next",
            "description",
            "tips",
            "owner",
            "stage",
            "from_facts",
            "in_file"
        ]
    );
    assert!(rdr.records().count() > 0);
}

/// A repository with three versions of `answers.yaml` (one regression among the moves).
pub(crate) fn three_versions() -> tempfile::TempDir {
    let d = repo();
    let p = d.path();
    for (date, o, t, u) in [
        ("2025-12-01", "experimenting", "experimenting", "emerging"),
        ("2026-03-02", "emerging", "experimenting", "emerging"),
        ("2026-06-01", "advancing", "emerging", "experimenting"),
    ] {
        std::fs::write(p.join("answers.yaml"), answers(Some(date), o, t, u)).unwrap();
        commit(p, date, date);
    }
    d
}

#[test]
fn history_and_plan_read_well_in_a_terminal() {
    let d = three_versions();
    let p = d.path();
    let h = Pm::new(["history", "answers.yaml"])
        .dir(p)
        .run()
        .exits(0)
        .out;
    insta::assert_snapshot!("history_table", h);
    // Narrow: the overall and the sections as two tables, no number or name split.
    let narrow = Pm::new(["history", "answers.yaml"])
        .dir(p)
        .env("COLUMNS", "60")
        .run()
        .exits(0)
        .out;
    insta::assert_snapshot!("history_table_60_columns", narrow);
    let plan = |format: &str| {
        Pm::new([
            "plan",
            "examples/answers/acme.yaml",
            "--start",
            "2027-01-01",
            "--per-quarter",
            "2",
            "--target",
            "emerging",
            "--format",
            format,
        ])
        .run()
        .exits(0)
        .out
    };
    insta::assert_snapshot!("plan_table", plan("table"));
    let targets = plan("targets");
    insta::assert_snapshot!("plan_targets", targets);
}

#[test]
fn plan_targets_for_a_toml_program_are_toml_and_check_holds_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("persona-program.toml");
    let file = path.to_str().unwrap().to_string();
    let program = Pm::new(["init", "--format", "toml"]).run().exits(0).out;
    std::fs::write(&path, &program).unwrap();
    let targets = Pm::new([
        "plan",
        &file,
        "--start",
        "2027-01-01",
        "--format",
        "targets",
    ])
    .run()
    .exits(0)
    .out;
    assert!(
        targets.contains("targets = [\n  { attribute = \""),
        "{targets}"
    );
    // In place of the template's own `targets = …` line, as its comment says.
    let pasted: String = program
        .lines()
        .map(|l| {
            if l.starts_with("targets = ") {
                targets.clone()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(&path, pasted).unwrap();
    let r = Pm::new([
        "check",
        &file,
        "--today",
        "2027-04-01",
        "--format",
        "json",
        "--no-fail",
    ])
    .run();
    assert_eq!(r.code, 0, "valid TOML as pasted: {}", r.err);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let overdue = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "overdue-target")
        .count();
    assert_eq!(overdue, targets.matches("due = 2027-03-31").count());
    assert!(overdue >= 1);
}

/// Every step of a JSON plan: (quarter, attribute, next level).
fn plan_steps(v: &Value) -> Vec<(String, String, String)> {
    v["quarters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|q| {
            q["steps"].as_array().unwrap().iter().map(move |s| {
                (
                    q["quarter"].as_str().unwrap().to_string(),
                    s["attribute"].as_str().unwrap().to_string(),
                    s["next"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect()
}

#[test]
fn a_plan_takes_a_target_per_attribute_and_an_order() {
    let base = ["examples/answers/acme.yaml", "--start", "2027-01-01"];
    // Advancing everywhere, but Sharing Personas all the way.
    let v = plan_json(
        &[
            &base[..],
            &[
                "--target",
                "advancing",
                "--target",
                "sharing-personas=fully-optimized",
            ],
        ]
        .concat(),
    );
    let steps = plan_steps(&v);
    assert!(steps
        .iter()
        .any(|(_, a, l)| a == "sharing-personas" && l == "fully-optimized"));
    assert!(!steps
        .iter()
        .any(|(_, a, l)| a != "sharing-personas" && l == "fully-optimized"));
    // Quick wins first: the first quarter's steps are those one level from the target.
    let gap = plan_steps(&plan_json(&[&base[..], &["--per-quarter", "1"]].concat()));
    let quick = plan_steps(&plan_json(
        &[&base[..], &["--per-quarter", "1", "--order", "quick-wins"]].concat(),
    ));
    assert_ne!(gap[0].1, quick[0].1, "a different first step");
    // The first quick win is one level from the top: its next level is the target.
    assert_eq!(quick[0].2, "fully-optimized", "{quick:?}");
    // A misspelt attribute is named, with a suggestion.
    Pm::new(["plan", base[0], "--target", "trainng=advancing"])
        .run()
        .exits(2)
        .says("`trainng` is no attribute")
        .says("did you mean `training`?");
}

#[test]
fn a_plan_that_starts_in_the_past_or_runs_past_two_years_says_so() {
    Pm::new([
        "plan",
        "examples/answers/acme.yaml",
        "--start",
        "2020-01-01",
    ])
    .run()
    .exits(0)
    .says("--start 2020-01-01 is in the past");
    Pm::new(["plan", "examples/answers/acme.yaml", "--per-quarter", "1"])
        .run()
        .exits(0)
        .says("(more than two years)");
}

#[test]
fn a_plan_of_a_program_file_keeps_its_policy_as_floors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("persona-program.yaml");
    // The template: minimum overall emerging, core attributes advancing, Frequency of Updates
    // advancing, and a target of fully-optimized for Depth of Personas.
    let program = Pm::new(["init"]).run().exits(0).out;
    std::fs::write(&path, &program).unwrap();
    let file = path.to_str().unwrap();
    // Toward Emerging, but the policy asks for more of Depth of Personas.
    let r = Pm::new([
        "plan",
        file,
        "--start",
        "2027-01-01",
        "--target",
        "emerging",
        "--format",
        "json",
    ])
    .run()
    .exits(0)
    .says("planned above Emerging")
    .says("policy asks for more");
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(
        v["targets"]["depth-of-personas"], "fully-optimized",
        "{}",
        r.out
    );
    assert_eq!(v["targets"]["sharing-personas"], "advancing", "{}", r.out);
    assert_eq!(v["targets"]["data-analysis"], "emerging", "{}", r.out);
    assert!(plan_steps(&v)
        .iter()
        .any(|(_, a, l)| a == "depth-of-personas" && l == "fully-optimized"));
}

#[test]
fn a_step_on_an_evidence_checked_attribute_says_what_check_will_need() {
    let steps_of = |v: &Value| -> Vec<Value> {
        v["quarters"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|q| q["steps"].as_array().unwrap().clone())
            .collect()
    };
    // A program file: each step on an evidence-checked attribute says what the file must show.
    let v = plan_json(&[
        "examples/programs/acme-program.yaml",
        "--start",
        "2027-01-01",
        "--today",
        "2026-11-22",
    ]);
    let steps = steps_of(&v);
    let depth = steps
        .iter()
        .find(|s| s["attribute"] == "depth-of-personas")
        .expect("a depth step");
    assert!(
        depth["evidence"]
            .as_str()
            .unwrap()
            .contains("depth elements (covers)"),
        "{depth}"
    );
    assert!(depth["in_file"].as_str().is_some(), "{depth}");
    let sharing = steps
        .iter()
        .find(|s| s["attribute"] == "sharing-personas")
        .unwrap();
    assert!(
        sharing.get("evidence").is_none(),
        "no evidence rule: {sharing}"
    );
    let md = Pm::new([
        "plan",
        "examples/programs/acme-program.yaml",
        "--start",
        "2027-01-01",
        "--today",
        "2026-11-22",
        "--format",
        "markdown",
    ])
    .run()
    .exits(0)
    .out;
    assert!(md.contains("In the program file: "), "{md}");
    // A plain answers file: no file fields, no command names, in any format.
    let v = plan_json(&["examples/answers/acme.yaml", "--start", "2027-01-01"]);
    for s in steps_of(&v) {
        assert!(
            s.get("evidence").is_none() && s.get("in_file").is_none(),
            "{s}"
        );
    }
    for format in ["markdown", "table", "csv"] {
        let out = Pm::new([
            "plan",
            "examples/answers/acme.yaml",
            "--start",
            "2027-01-01",
            "--format",
            format,
        ])
        .run()
        .exits(0)
        .out;
        for word in [
            "covers",
            "last_updated",
            "check ",
            "customer-interviews",
            "third-party-data",
            "records, mapped",
        ] {
            assert!(!out.contains(word), "{format}: `{word}` in {out}");
        }
    }
}

#[test]
fn an_owner_per_step_is_carried_into_targets_and_named_when_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("persona-program.yaml");
    let file = path.to_str().unwrap().to_string();
    // The template without its own targets, then the plan's targets with owners under policy:.
    let program = Pm::new(["init"]).run().exits(0).out;
    let base: Vec<&str> = program
        .lines()
        .filter(|l| !l.starts_with("  targets:") && !l.starts_with("    - { attribute"))
        .collect();
    std::fs::write(&path, base.join("\n") + "\n").unwrap();
    let targets = Pm::new([
        "plan",
        &file,
        "--start",
        "2027-01-01",
        "--target",
        "fully-optimized",
        "--owner",
        "depth-of-personas=Ana <ana@acme.example>",
        "--format",
        "targets",
    ])
    .run()
    .exits(0)
    .out;
    let depth = targets
        .lines()
        .find(|l| l.contains("attribute: depth-of-personas, level: fully-optimized"))
        .expect("a depth step");
    assert!(
        depth.ends_with(", owner: \"Ana <ana@acme.example>\" }"),
        "{targets}"
    );
    let mut lines: Vec<String> = Vec::new();
    for l in &base {
        lines.push(l.to_string());
        if *l == "policy:" {
            lines.extend(targets.lines().map(String::from));
        }
    }
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let r = Pm::new([
        "check",
        &file,
        "--today",
        "2030-01-01",
        "--format",
        "json",
        "--no-fail",
    ])
    .run()
    .exits(0);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let overdue: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "overdue-target" && f["subject"] == "depth-of-personas")
        .collect();
    assert_eq!(overdue.len(), 1, "{}", r.out);
    assert!(
        overdue[0]["message"]
            .as_str()
            .unwrap()
            .contains("(owner: Ana <ana@acme.example>)"),
        "{}",
        overdue[0]
    );
    // And the plan of that program file names the owner on its steps.
    let md = Pm::new([
        "plan",
        &file,
        "--target",
        "fully-optimized",
        "--format",
        "markdown",
    ])
    .run()
    .exits(0)
    .out;
    assert!(md.contains("Owner: Ana"), "{md}");
}

#[test]
fn plan_targets_never_move_a_program_s_earlier_due_date_later_without_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    let answers = "  training: experimenting\n  internal-persona-ownership: emerging\n  \
                   sharing-personas: advancing\n";
    let yaml = |targets: &str| format!("answers:\n{answers}policy:\n{targets}");
    let own = "  targets:\n    - { attribute: training, level: advancing, due: 2026-06-30, owner: Ana }\n    \
               - { attribute: sharing-personas, level: advancing, due: 2026-03-31 }\n";
    let path = dir.path().join("program.yaml");
    std::fs::write(&path, yaml(own)).unwrap();
    let file = path.to_str().unwrap();
    let r = Pm::new([
        "plan",
        file,
        "--start",
        "2027-01-01",
        "--target",
        "advancing",
        "--format",
        "targets",
    ])
    .run()
    .exits(0);
    let lines: Vec<&str> = r.out.lines().filter(|l| l.contains("attribute:")).collect();
    assert_eq!(
        lines,
        [
            "    - { attribute: training, level: emerging, due: 2026-06-30, owner: \"Ana\" }  # the program's earlier date, kept",
            "    - { attribute: internal-persona-ownership, level: advancing, due: 2027-03-31 }",
            "    - { attribute: training, level: advancing, due: 2026-06-30, owner: \"Ana\" }  # the program's earlier date, kept",
            "    - { attribute: sharing-personas, level: advancing, due: 2026-03-31 }  # kept from the program: no step of this plan",
        ],
        "{}",
        r.out
    );
    let r = r
        .says("Training → Advancing stays due 2026-06-30, as the program's own target asks; the plan alone would make it 2027-06-30")
        .says("Sharing Personas → Advancing due 2026-03-31 is kept from the program");
    // Pasted in place of the program's targets, check still fails training the day after its
    // own due date.
    std::fs::write(&path, yaml(&r.out)).unwrap();
    let c = Pm::new([
        "check",
        file,
        "--today",
        "2026-07-01",
        "--format",
        "json",
        "--no-fail",
    ])
    .run();
    assert_eq!(c.code, 0, "valid as pasted: {c}");
    let v: Value = serde_json::from_str(&c.out).unwrap();
    let overdue: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "overdue-target")
        .collect();
    assert!(
        !overdue.is_empty() && overdue.iter().all(|f| f["subject"] == "training"),
        "training is overdue as it was before the paste: {overdue:?}"
    );
    // The same in TOML.
    let toml = dir.path().join("program.toml");
    let body = "[answers]\ntraining = \"experimenting\"\n\n[policy]\n";
    std::fs::write(
        &toml,
        format!("{body}targets = [{{ attribute = \"training\", level = \"emerging\", due = 2026-06-30 }}]\n"),
    )
    .unwrap();
    let t = toml.to_str().unwrap();
    let r = Pm::new([
        "plan",
        t,
        "--start",
        "2027-01-01",
        "--target",
        "emerging",
        "--format",
        "targets",
    ])
    .run()
    .exits(0);
    assert!(
        r.out.contains("{ attribute = \"training\", level = \"emerging\", due = 2026-06-30 },  # the program's earlier date, kept"),
        "{}",
        r.out
    );
    std::fs::write(&toml, format!("{body}{}", r.out)).unwrap();
    Pm::new(["check", t, "--today", "2026-07-01", "--no-fail"])
        .run()
        .exits(0);
}
