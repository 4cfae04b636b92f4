//! `check`: rules that fire and rules that do not, exit codes, and every output format.

use crate::common::{run, run_stdin};
use serde_json::Value;

const TODAY: &str = "2026-11-22";

/// A sound persona that trips no lint rule.
const GOOD_PERSONAS: &str = "personas:
  - { id: olivia, kind: buyer, buying_role: user, owner: o@x.example, last_updated: 2026-10-01,
      sources: [customer-interviews, sales-input], covers: [demographics, goals-priorities, fears-challenges] }
  - { id: bob, kind: negative, owner: o@x.example, last_updated: 2026-10-01, sources: [crm, sales-input],
      disqualifiers: [tiny companies] }
";

/// Attributes with evidence rules: answered `experimenting` by default, so no evidence can be
/// exceeded unless a test says so.
const EVIDENCED: [&str; 9] = [
    "number-of-personas",
    "depth-of-personas",
    "database-completeness",
    "frequency-of-updates",
    "qualitative-interviews",
    "quantitative-survey",
    "data-analysis",
    "industry-research",
    "use-of-data-to-refine",
];

/// A program with every attribute at `emerging` (the evidenced ones at `experimenting`), some
/// overridden, plus `extra` sections.
fn program(overrides: &[(&str, &str)], extra: &str) -> String {
    let mut s = String::from("answers:\n");
    for attribute in &persona_maturity::hooks::rubric::Rubric::builtin().attributes {
        let id = attribute.id.as_str();
        let default = if EVIDENCED.contains(&id) {
            "experimenting"
        } else {
            "emerging"
        };
        let level = overrides
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, v)| *v)
            .unwrap_or(default);
        s.push_str(&format!("  {id}: {level}\n"));
    }
    s.push_str(extra);
    s
}

/// Check a program from stdin at the fixed date; return (exit code, JSON verdict).
fn check(doc: &str, extra_args: &[&str]) -> (i32, Value) {
    let mut args = vec![
        "check",
        "-",
        "--input-format",
        "yaml",
        "--today",
        TODAY,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra_args);
    let (code, out, err) = run_stdin(&args, doc);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    (
        code,
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}")),
    )
}

/// (rule, subject) of every active finding.
fn fired(v: &Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["subject"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(v: &Value, rule: &str, subject: &str) -> bool {
    fired(v).iter().any(|(r, s)| r == rule && s == subject)
}

fn has_rule(v: &Value, rule: &str) -> bool {
    fired(v).iter().any(|(r, _)| r == rule)
}

#[test]
fn a_sound_program_passes_with_no_findings() {
    let (code, v) = check(&program(&[], GOOD_PERSONAS), &[]);
    assert_eq!(fired(&v), vec![]);
    assert_eq!(code, 0);
    assert_eq!(v["passed"], true);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["scorecard"]["coverage"]["answered"], 17);
}

#[test]
fn below_minimum_fires_for_overall_section_and_attribute_and_not_at_the_minimum() {
    let policy = "policy:\n  minimum: { overall: advancing, sections: { using: advancing }, attributes: { training: emerging } }\n";
    let (code, v) = check(&program(&[], policy), &[]);
    assert_eq!(code, 1);
    assert!(has(&v, "below-minimum", "overall"));
    assert!(has(&v, "below-minimum", "using"));
    assert!(!has(&v, "below-minimum", "training")); // emerging meets emerging
    let (code, v) = check(
        &program(
            &[("training", "experimenting")],
            "policy:\n  minimum: { attributes: { training: emerging } }\n",
        ),
        &[],
    );
    assert_eq!(code, 1);
    assert!(has(&v, "below-minimum", "training"));
}

#[test]
fn incomplete_fires_only_when_required_and_something_is_unanswered() {
    let policy = "policy: { require_complete: true }\n";
    let (_, v) = check(&program(&[("training", "unsure")], policy), &[]);
    assert!(has(&v, "incomplete", "answers"));
    let (_, v) = check(&program(&[], policy), &[]);
    assert!(!has_rule(&v, "incomplete"));
    let (_, v) = check(&program(&[("training", "unsure")], ""), &[]);
    assert!(!has_rule(&v, "incomplete"));
}

#[test]
fn overdue_target_fires_after_the_due_date_while_below_the_level() {
    let past =
        "policy:\n  targets: [ { attribute: training, level: advancing, due: 2026-11-21 } ]\n";
    let (_, v) = check(&program(&[], past), &[]);
    assert!(has(&v, "overdue-target", "training"));
    let today =
        "policy:\n  targets: [ { attribute: training, level: advancing, due: 2026-11-22 } ]\n";
    let (_, v) = check(&program(&[], today), &[]);
    assert!(!has_rule(&v, "overdue-target"));
    let (_, v) = check(&program(&[("training", "advancing")], past), &[]);
    assert!(!has_rule(&v, "overdue-target"));
}

#[test]
fn regression_fires_against_a_baseline_with_a_higher_level() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.yaml");
    std::fs::write(&base, program(&[("training", "advancing")], "")).unwrap();
    let (code, v) = check(&program(&[], ""), &["--baseline", base.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(has(&v, "regression", "training"));
    assert!(has(&v, "regression", "overall"));
    std::fs::write(&base, program(&[("training", "experimenting")], "")).unwrap();
    let (code, v) = check(&program(&[], ""), &["--baseline", base.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(!has_rule(&v, "regression"));
}

#[test]
fn waivers_silence_a_rule_until_they_expire_and_are_still_reported() {
    let waived = "policy:\n  require_complete: true\n  waivers: [ { rule: incomplete, reason: new hires, expires: 2026-12-31 } ]\n";
    let (code, v) = check(&program(&[("training", "unsure")], waived), &[]);
    assert_eq!(code, 0);
    assert!(!has_rule(&v, "incomplete"));
    assert_eq!(v["waived"][0]["rule"], "incomplete");
    assert_eq!(v["waived"][0]["reason"], "new hires");
    let expired = "policy:\n  require_complete: true\n  waivers: [ { rule: incomplete, reason: new hires, expires: 2026-11-21 } ]\n";
    let (code, v) = check(&program(&[("training", "unsure")], expired), &[]);
    assert_eq!(code, 1);
    assert!(has_rule(&v, "incomplete"));
    assert!(has(&v, "expired-waiver", "incomplete"));
}

#[test]
fn a_waiver_for_one_subject_leaves_the_others() {
    let personas = "personas:
  - { id: a, owner: o, last_updated: 2026-10-01, sources: [customer-interviews, sales-input], covers: [goals-priorities] }
  - { id: b, owner: o, last_updated: 2026-10-01, sources: [internal-opinion], covers: [goals-priorities] }
  - { id: c, owner: o, last_updated: 2026-10-01, sources: [], covers: [goals-priorities] }
  - { id: n, kind: negative, owner: o, sources: [crm], disqualifiers: [x] }
policy:
  waivers: [ { rule: guesswork, subject: b, reason: interviews booked, expires: 2027-01-31 } ]
";
    let (_, v) = check(&program(&[], personas), &[]);
    assert!(!has(&v, "guesswork", "a"));
    assert!(!has(&v, "guesswork", "b"));
    assert!(has(&v, "guesswork", "c"));
    assert_eq!(v["waived"][0]["subject"], "b");
}

#[test]
fn sales_input_alone_is_guesswork_for_a_buyer_persona_and_research_for_a_negative_one() {
    let personas = "personas:
  - { id: sales-led, owner: o, last_updated: 2026-10-01, sources: [sales-input], covers: [goals-priorities] }
  - { id: validated, owner: o, last_updated: 2026-10-01, sources: [sales-input, customer-interviews], covers: [goals-priorities] }
  - { id: lost-deals, kind: negative, owner: o, sources: [sales-input], disqualifiers: [x] }
";
    let (_, v) = check(
        &program(&[("qualitative-interviews", "emerging")], personas),
        &[],
    );
    assert!(has(&v, "guesswork", "sales-led"));
    let f = finding(&v, "guesswork", "sales-led");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("internal stakeholder input, not research"),
        "{f:#}"
    );
    assert!(!has(&v, "guesswork", "validated"));
    assert!(!has(&v, "guesswork", "lost-deals"));
    // One buyer persona rests on customer interviews: Emerging interviews stand.
    assert!(!has(&v, "evidence-overclaim", "qualitative-interviews"));
    // Sales input alone on every buyer persona: interviews are at most Experimenting's
    // "internal stakeholder interviews".
    let only_sales = "personas:
  - { id: sales-led, owner: o, last_updated: 2026-10-01, sources: [sales-input], covers: [goals-priorities] }
";
    let (code, v) = check(
        &program(&[("qualitative-interviews", "emerging")], only_sales),
        &[],
    );
    assert_eq!(code, 1);
    assert!(has(&v, "evidence-overclaim", "qualitative-interviews"));
}

#[test]
fn evidence_overclaim_fires_above_the_evidence_and_not_at_it() {
    // Database: 92% / 55% supports fully-optimized; 45% / 40% supports emerging.
    let (_, v) = check(
        &program(
            &[("database-completeness", "fully-optimized")],
            "database: { customers_mapped_pct: 92, prospects_mapped_pct: 55 }\n",
        ),
        &[],
    );
    assert!(!has_rule(&v, "evidence-overclaim"));
    let (code, v) = check(
        &program(
            &[("database-completeness", "advancing")],
            "database: { customers_mapped_pct: 45, prospects_mapped_pct: 40 }\n",
        ),
        &[],
    );
    assert_eq!(code, 1);
    assert!(has(&v, "evidence-overclaim", "database-completeness"));
    let e = v["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["attribute"] == "database-completeness")
        .unwrap();
    assert_eq!(e["claimed"], "advancing");
    assert_eq!(e["evidence"], "emerging");
    assert_eq!(
        e["basis"],
        "45% of customers and 40% of prospects mapped to a persona"
    );
    // 60% / 40%: the whole database lies between them, Emerging to Advancing; a claim of
    // Advancing cannot be shown wrong and stands, Fully Optimized is above the range.
    let db = "database: { customers_mapped_pct: 60, prospects_mapped_pct: 40 }\n";
    let (code, v) = check(&program(&[("database-completeness", "advancing")], db), &[]);
    assert_eq!(code, 0, "{v:#}");
    let e = &v["evidence"][0];
    assert_eq!(
        (e["evidence"].as_str(), e["lowest"].as_str()),
        (Some("advancing"), Some("emerging"))
    );
    assert_eq!(e["ceiling"], true);
    let (code, _) = check(
        &program(&[("database-completeness", "fully-optimized")], db),
        &[],
    );
    assert_eq!(code, 1);
}

#[test]
fn evidence_is_offered_as_a_suggestion_when_the_answer_is_missing() {
    let (code, v) = check(
        &program(
            &[("database-completeness", "unsure")],
            "database: { customers_mapped_pct: 92, prospects_mapped_pct: 55 }\n",
        ),
        &[],
    );
    assert_eq!(code, 0);
    let e = &v["evidence"][0];
    assert!(e["claimed"].is_null());
    assert_eq!(e["evidence"], "fully-optimized");
}

#[test]
fn frequency_evidence_at_exactly_six_months_is_fully_optimized() {
    let personas = |date: &str| {
        format!("personas:
  - {{ id: a, buying_role: user, owner: o, last_updated: {date}, sources: [sales-input], covers: [goals-priorities] }}
  - {{ id: n, kind: negative, owner: o, sources: [crm], disqualifiers: [x] }}
")
    };
    let (_, v) = check(
        &program(
            &[("frequency-of-updates", "fully-optimized")],
            &personas("2026-05-22"),
        ),
        &[],
    );
    assert!(!has_rule(&v, "evidence-overclaim"), "{:?}", fired(&v));
    let (_, v) = check(
        &program(
            &[("frequency-of-updates", "fully-optimized")],
            &personas("2026-05-21"),
        ),
        &[],
    );
    assert!(has(&v, "evidence-overclaim", "frequency-of-updates"));
}

#[test]
fn persona_lint_rules_fire_on_the_mistakes_the_guidance_names() {
    let personas = "personas:
  - { id: demo, buying_role: user, owner: o, last_updated: 2026-10-01, sources: [survey], covers: [demographics, buying-role] }
  - { id: guess, buying_role: champion, last_updated: 2024-01-01, sources: [internal-opinion], covers: [goals-priorities] }
  - { id: guess, buying_role: user, owner: o, sources: [crm], covers: [fears-challenges] }
";
    let (_, v) = check(&program(&[], personas), &[]);
    assert!(has(&v, "demographics-only", "demo"));
    assert!(!has(&v, "demographics-only", "guess"));
    assert!(has(&v, "guesswork", "guess"));
    assert!(!has(&v, "guesswork", "demo"));
    assert!(has(&v, "stale-persona", "guess"));
    assert!(!has(&v, "stale-persona", "demo"));
    assert!(has(&v, "persona-without-owner", "guess"));
    assert!(!has(&v, "persona-without-owner", "demo"));
    assert!(has(&v, "duplicate-persona-id", "guess"));
    assert!(!has(&v, "duplicate-persona-id", "demo"));
    assert!(has(&v, "no-negative-persona", "personas"));
    assert!(has(&v, "no-sales-input", "personas"));
    let negative = "personas:\n  - { id: n, kind: negative, owner: o, sources: [sales-input] }\n";
    let (_, v) = check(&program(&[], negative), &[]);
    assert!(has(&v, "negative-without-disqualifiers", "n"));
    assert!(!has_rule(&v, "no-negative-persona"));
    assert!(!has_rule(&v, "no-sales-input"));
}

#[test]
fn stale_persona_follows_max_persona_age_days() {
    let doc = |days: u32| {
        program(
            &[],
            &format!("{GOOD_PERSONAS}policy: {{ max_persona_age_days: {days} }}\n"),
        )
    };
    // The personas were updated 2026-10-01: 52 days before the fixed date.
    let (_, v) = check(&doc(52), &[]);
    assert!(!has_rule(&v, "stale-persona"));
    let (_, v) = check(&doc(51), &[]);
    assert!(has(&v, "stale-persona", "olivia"));
}

#[test]
fn severity_overrides_and_fail_on_decide_the_exit_code() {
    let personas =
        "personas:\n  - { id: a, owner: o, sources: [sales-input], covers: [goals-priorities] }\n";
    // no-negative-persona is a warning: passes by default, fails with --fail-on warning.
    let (code, _) = check(&program(&[], personas), &[]);
    assert_eq!(code, 0);
    let (code, _) = check(&program(&[], personas), &["--fail-on", "warning"]);
    assert_eq!(code, 1);
    let (code, _) = check(
        &program(&[], personas),
        &["--fail-on", "warning", "--no-fail"],
    );
    assert_eq!(code, 0);
    let escalated = format!("{personas}policy: {{ severity: {{ no-negative-persona: error }} }}\n");
    let (code, v) = check(&program(&[], &escalated), &[]);
    assert_eq!(code, 1);
    assert_eq!(v["findings"][0]["severity"], "error");
    let off = format!("{personas}policy: {{ severity: {{ no-negative-persona: off }} }}\n");
    let (_, v) = check(&program(&[], &off), &[]);
    assert!(!has_rule(&v, "no-negative-persona"));
}

#[test]
fn measures_are_read_checked_and_taken_as_the_evidence_of_kpi_accountability() {
    let personas = "personas:
  - { id: olivia, owner: o, last_updated: 2026-10-01, sources: [customer-interviews], covers: [goals-priorities] }
";
    let measures = |m: &str| format!("{personas}measures:\n{m}");
    // A recorded, owned, recent measure: Ownership's Fully Optimized has its evidence.
    let (code, v) = check(
        &program(
            &[("internal-persona-ownership", "fully-optimized")],
            &measures("  - { name: win rate, value: 31, as_of: 2026-10-01, persona: olivia, owner: dana }\n"),
        ),
        &[],
    );
    assert_eq!(code, 0, "{v:#}");
    let e = v["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["attribute"] == "internal-persona-ownership")
        .unwrap()
        .clone();
    assert_eq!(
        (e["evidence"].as_str(), e["ceiling"].as_bool()),
        (Some("fully-optimized"), Some(false))
    );
    assert!(e.get("note").is_none(), "{e}");
    // Without an owner: a note, and the claim stands (the file cannot show accountability).
    let (code, v) = check(
        &program(
            &[("internal-persona-ownership", "fully-optimized")],
            &measures("  - { name: win rate, value: 31, as_of: 2026-10-01 }\n"),
        ),
        &[],
    );
    assert_eq!(code, 0);
    assert!(v["evidence"]
        .to_string()
        .contains("no measure names who answers for it"));
    // Bad input: a persona the file does not list, a missing date, an unknown key.
    for (m, said) in [
        (
            "  - { name: win rate, value: 31, as_of: 2026-10-01, persona: olvia }\n",
            "measures[0].persona: names persona `olvia`, which `personas` does not list",
        ),
        (
            "  - { name: win rate, value: 31 }\n",
            "missing field `as_of`",
        ),
        (
            "  - { name: win rate, value: 31, as_of: 2026-10-01, unit: pct }\n",
            "unknown field `unit`",
        ),
        (
            "  - { name: \" \", value: 31, as_of: 2026-10-01 }\n",
            "a measure needs a name",
        ),
        (
            "  - { name: x, value: .nan, as_of: 2026-10-01 }\n",
            "is not a number a measure can have",
        ),
    ] {
        let (code, _, err) = run_stdin(
            &["check", "-", "--input-format", "yaml"],
            &program(&[], &measures(m)),
        );
        assert_eq!(code, 2, "{m}");
        assert!(err.contains(said), "{m}: {err}");
    }
}

#[test]
fn unknown_rule_persona_values_and_bad_percentages_are_input_errors() {
    let (code, _, err) = run_stdin(
        &["check", "-", "--input-format", "yaml"],
        &program(&[], "policy: { severity: { stale-personas: error } }\n"),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("policy.severity.stale-personas: unknown rule `stale-personas`"),
        "{err}"
    );
    assert!(err.contains("did you mean `stale-persona`?"), "{err}");
    let (code, _, err) = run_stdin(
        &["check", "-", "--input-format", "yaml"],
        &program(&[], "personas: [ { id: a, sources: [sales-inputs] } ]\n"),
    );
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `sales-input`?"), "{err}");
    let (code, _, err) = run_stdin(
        &["check", "-", "--input-format", "yaml"],
        &program(
            &[],
            "database: { customers_mapped_pct: 120, prospects_mapped_pct: -5 }\n",
        ),
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("120 is not a percentage; expected a number from 0 to 100"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "check",
        "examples/programs/acme-program.yaml",
        "--today",
        "2026-02-30",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--today: `2026-02-30` is not a valid date"),
        "{err}"
    );
}

fn example(name: &str, format: &str) -> (i32, String) {
    let path = format!("examples/programs/{name}");
    let (code, out, err) = run(&["check", &path, "--today", TODAY, "--format", format]);
    assert!(code == 0 || code == 1, "{err}");
    (code, out)
}

#[test]
fn the_passing_example_passes_and_the_failing_one_fails() {
    assert_eq!(example("acme-program.yaml", "human").0, 0);
    assert_eq!(example("northwind-program.yaml", "human").0, 1);
}

#[test]
fn every_check_format_is_snapshotted() {
    for format in ["human", "markdown", "github", "junit", "json", "sarif"] {
        let (_, out) = example("northwind-program.yaml", format);
        // SARIF names the repository's root (originalUriBaseIds): the checkout's own folder.
        let root = format!("file://{}/", env!("CARGO_MANIFEST_DIR"));
        let out = out.replace(&root, "file:///[repository root]/");
        insta::assert_snapshot!(format!("check_northwind_{format}"), out);
    }
    let (_, out) = example("acme-program.yaml", "human");
    insta::assert_snapshot!("check_acme_human", out);
}

#[test]
fn junit_has_a_test_case_per_rule_and_subject_with_failures_for_errors() {
    let (_, out) = example("northwind-program.yaml", "junit");
    assert!(out.starts_with("<?xml"));
    assert!(out.contains("name=\"evidence-overclaim · number-of-personas\""));
    assert!(
        out.contains("name=\"duplicate-persona-id · it-ivan\""),
        "passes are listed too"
    );
    // incomplete, and overclaims on data analysis, industry research (no such source), number,
    // depth, database completeness and frequency.
    assert_eq!(out.matches("<failure").count(), 7);
}

#[test]
fn github_annotations_stay_within_the_per_step_limit() {
    let mut personas = String::from("personas:\n");
    for i in 0..15 {
        personas.push_str(&format!("  - {{ id: p{i}, covers: [demographics] }}\n"));
    }
    let (code, out, _) = run_stdin(
        &[
            "check",
            "-",
            "--input-format",
            "yaml",
            "--today",
            TODAY,
            "--format",
            "github",
        ],
        &program(&[], &personas),
    );
    assert_eq!(code, 0);
    assert_eq!(out.matches("::warning ").count(), 10);
    // The notice counts exactly the warnings left out: every warning the JSON report lists, less 10.
    let (_, json) = check(&program(&[], &personas), &[]);
    let warnings = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "warning")
        .count();
    assert!(warnings > 11, "the case needs several left out: {warnings}");
    let notice = format!("{} more findings not annotated", warnings - 10);
    assert!(out.contains(&notice), "expected {notice:?} in {out}");
}

#[test]
fn init_writes_templates_that_pass_check_as_written() {
    let dir = tempfile::tempdir().unwrap();
    for (format, name) in [("yaml", "p.yaml"), ("toml", "p.toml")] {
        let (code, out, _) = run(&["init", "--format", format]);
        assert_eq!(code, 0);
        let path = dir.path().join(name);
        std::fs::write(&path, out).unwrap();
        let (code, out, err) = run(&["check", path.to_str().unwrap(), "--fail-on", "info"]);
        assert_eq!(code, 0, "{format}: {out}{err}");
        assert!(out.contains("PASS"), "{out}");
    }
}

#[test]
fn schema_is_json_schema_for_the_program_file() {
    let (code, out, _) = run(&["schema"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["$schema"].as_str().unwrap().contains("json-schema.org"));
    for key in ["answers", "personas", "database", "policy", "respondent"] {
        assert!(v["properties"][key].is_object(), "{key}");
    }
    assert_eq!(v["additionalProperties"], false);
}

#[test]
fn a_last_updated_after_today_is_a_future_date_error_and_no_evidence() {
    let personas = "personas:
  - { id: olivia, kind: buyer, buying_role: user, owner: o, last_updated: 2099-01-01,
      sources: [customer-interviews, sales-input], covers: [goals-priorities, fears-challenges] }
  - { id: bob, kind: negative, owner: o, sources: [sales-input], disqualifiers: [tiny] }
";
    let (code, v) = check(
        &program(&[("frequency-of-updates", "fully-optimized")], personas),
        &[],
    );
    assert!(has(&v, "future-date", "olivia"), "{v}");
    assert_eq!(code, 1, "future-date is an error");
    assert!(!has_rule(&v, "stale-persona"));
    // The persona says nothing about how often personas are updated: no evidence, no claim
    // checked against it, no "-26337 days".
    let evidence = v["evidence"].as_array().unwrap();
    assert!(
        !evidence
            .iter()
            .any(|e| e["attribute"] == "frequency-of-updates"),
        "{v}"
    );
    // Today itself is not the future.
    let (_, v) = check(&program(&[], &personas.replace("2099-01-01", TODAY)), &[]);
    assert!(!has_rule(&v, "future-date"));
}

#[test]
fn personas_sharing_an_id_give_one_finding_naming_their_lines() {
    let personas = "personas:
  - { id: dee, owner: o, sources: [sales-input], covers: [goals-priorities] }
  - { id: dee, owner: o, sources: [sales-input], covers: [goals-priorities] }
  - { id: ann, owner: o, sources: [sales-input], covers: [goals-priorities] }
  - { id: dee, sources: [sales-input], covers: [goals-priorities] }
";
    let doc = program(&[], personas);
    let (_, v) = check(&doc, &[]);
    let dup: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "duplicate-persona-id")
        .collect();
    assert_eq!(dup.len(), 1, "{v}");
    let first = doc.lines().position(|l| l.contains("id: dee")).unwrap() + 1;
    assert_eq!(
        dup[0]["message"],
        format!(
            "persona id `dee` is used by 3 personas (lines {}, {} and {})",
            first,
            first + 1,
            first + 3
        )
    );
    // One JUnit case per rule and subject, even where two personas share the subject.
    let mut args = vec!["check", "-", "--input-format", "yaml", "--today", TODAY];
    args.extend(["--format", "junit"]);
    let (_, xml, _) = run_stdin(&args, &doc);
    for rule in ["duplicate-persona-id", "persona-without-owner", "guesswork"] {
        let name = format!("name=\"{rule} · dee\"");
        assert_eq!(xml.matches(&name).count(), 1, "{rule}: {xml}");
    }
    assert!(xml.contains("persona-without-owner · dee"));
}

#[test]
fn a_depth_element_or_source_listed_twice_is_an_input_error_naming_it() {
    let doc = program(
        &[],
        "personas:\n  - id: a\n    covers: [demographics, goals-priorities, demographics]\n",
    );
    let (code, _, err) = run_stdin(&["check", "-", "--input-format", "yaml"], &doc);
    assert_eq!(code, 2);
    let line = doc
        .lines()
        .position(|l| l.contains("covers: [demographics"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!(
            "<stdin>:{line}: personas[0].covers: lists `demographics` twice"
        )),
        "{err}"
    );
    let doc = program(
        &[],
        "personas: [ { id: a, sources: [crm, survey, crm] } ]\n",
    );
    let (code, _, err) = run_stdin(&["check", "-", "--input-format", "yaml"], &doc);
    assert_eq!(code, 2);
    assert!(
        err.contains("personas[0].sources: lists `crm` twice"),
        "{err}"
    );
}

#[test]
fn today_accepts_only_yyyy_mm_dd_with_a_real_year() {
    for bad in ["+2026-11-22", " 2026-11-22", "0000-01-01", "2026-2-3"] {
        let (code, _, err) = run(&[
            "check",
            "examples/programs/acme-program.yaml",
            "--today",
            bad,
        ]);
        assert_eq!(code, 2, "{bad:?}");
        assert!(err.contains("--today:"), "{bad:?}: {err}");
    }
}

#[test]
fn a_program_file_that_cannot_be_read_is_a_finding_in_every_machine_format() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("persona-program.yaml");
    std::fs::write(
        &typo,
        "answers:\n  training: emerging\npersonas:\n  - id: a\n    sorces: [interviews]\n",
    )
    .unwrap();
    let f = typo.to_str().unwrap();
    let run = |format: &str| {
        crate::common::Pm::new(["check", f, "--format", format])
            .run()
            .exits(2)
            .says("unknown field `sorces`")
    };
    let r = run("json");
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["passed"], false);
    assert_eq!(v["findings"][0]["rule"], "invalid-input");
    assert_eq!(v["findings"][0]["line"], 5);
    assert_eq!(v["findings"][0]["column"], 5);
    assert_eq!(v["findings"][0]["remediation"], "did you mean `sources`?");
    let r = run("github");
    assert!(
        r.out.starts_with(&format!(
            "::error file={f},line=5,endLine=5,col=5,title=invalid-input::"
        )),
        "{}",
        r.out
    );
    let r = run("markdown");
    assert!(
        r.out.contains("## Persona program check: ❌ FAIL"),
        "{}",
        r.out
    );
    assert!(r.out.contains("`invalid-input`"), "{}", r.out);
    let r = run("junit");
    assert!(r.out.contains("<failure"), "{}", r.out);
    let r = run("human");
    assert!(
        r.out.is_empty(),
        "the error is on standard error: {}",
        r.out
    );
}

#[test]
fn a_waiver_that_silences_nothing_is_a_warning_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("persona-program.yaml");
    std::fs::write(
        &path,
        "answers:\n  training: emerging\npersonas:\n  - { id: olivia, kind: buyer, owner: a@b.c, sources: [customer-interviews], covers: [goals-priorities, fears-challenges] }\npolicy:\n  waivers:\n    - { rule: stale-persona, subject: olivai, reason: typo, expires: 2099-01-01 }\n",
    )
    .unwrap();
    let r = crate::common::Pm::new([
        "check",
        path.to_str().unwrap(),
        "--today",
        "2026-11-22",
        "--format",
        "json",
        "--no-fail",
    ])
    .run()
    .exits(0);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let unused: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unused-waiver")
        .collect();
    assert_eq!(unused.len(), 1, "{}", r.out);
    assert_eq!(unused[0]["line"], 7);
    assert_eq!(unused[0]["severity"], "warning");
    assert!(
        unused[0]["message"]
            .as_str()
            .unwrap()
            .contains("on `olivai` silences nothing"),
        "{}",
        unused[0]
    );
}

/// The finding for (rule, subject).
fn finding<'a>(v: &'a Value, rule: &str, subject: &str) -> &'a Value {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule && f["subject"] == subject)
        .unwrap_or_else(|| panic!("no {rule} · {subject}: {v:#}"))
}

#[test]
fn below_minimum_names_the_attributes_to_raise_with_their_lines() {
    let policy =
        "policy:\n  minimum: { overall: advancing, sections: { core-attributes: advancing } }\n";
    let doc = program(&[("training", "experimenting")], policy);
    let (_, v) = check(&doc, &[]);
    let line_of = |id: &str| {
        doc.lines()
            .position(|l| l.trim_start().starts_with(&format!("{id}:")))
            .unwrap()
            + 1
    };
    let section = finding(&v, "below-minimum", "core-attributes")["remediation"]
        .as_str()
        .unwrap()
        .to_string();
    // The lowest first, each with its line and level; only the section's own attributes.
    assert!(
        section.starts_with(&format!(
            "In Core Attributes: raise `training` (line {}, Experimenting), ",
            line_of("training")
        )),
        "{section}"
    );
    assert!(
        section.contains(&format!(
            "`budget-allocation` (line {}, Emerging)",
            line_of("budget-allocation")
        )),
        "{section}"
    );
    assert!(!section.contains("data-analysis"), "{section}");
    let overall = finding(&v, "below-minimum", "overall")["remediation"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(overall.contains("`training` (line"), "{overall}");
    assert!(
        overall.contains("and "),
        "more than eight are counted: {overall}"
    );
}

#[test]
fn evidence_overclaims_name_the_covers_the_date_and_the_roles_to_add() {
    let personas = "personas:
  - { id: olivia, kind: buyer, buying_role: user, owner: o, last_updated: 2024-03-01,
      sources: [sales-input], covers: [demographics, goals-priorities, fears-challenges] }
  - { id: bob, kind: negative, owner: o, last_updated: 2026-10-01, sources: [sales-input],
      disqualifiers: [tiny companies] }
";
    let (_, v) = check(
        &program(
            &[
                ("depth-of-personas", "advancing"),
                ("frequency-of-updates", "advancing"),
                ("number-of-personas", "advancing"),
            ],
            personas,
        ),
        &[],
    );
    let fix = |id: &str| {
        finding(&v, "evidence-overclaim", id)["remediation"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Everything the persona needs, at once: grounding in research and the covers to add.
    let depth = fix("depth-of-personas");
    assert!(
        depth.contains(
            "persona `olivia` (line 20) rests on internal stakeholder input only: ground it in \
             research"
        ),
        "{depth}"
    );
    assert!(depth.contains("and add 3 of `buying-role`"), "{depth}");
    assert!(
        !depth.contains("`goals-priorities`"),
        "already covered: {depth}"
    );
    // Advancing is 12 months: reviewed on or after 2025-11-22.
    let freq = fix("frequency-of-updates");
    assert!(
        freq.contains(
            "set last_updated on or after 2025-11-22: `olivia` (line 20), last updated 2024-03-01"
        ),
        "{freq}"
    );
    // One user persona, resting on sales input alone: it does not count until it is grounded,
    // and a second group is needed besides.
    let roles = fix("number-of-personas");
    assert!(
        roles.contains("`olivia` (line 20) (user) rests on internal stakeholder input only"),
        "{roles}"
    );
    assert!(
        roles.contains("add a buyer persona for 1 more group (buying_role champion or economic-buyer or influencer)"),
        "{roles}"
    );
}

#[test]
fn findings_are_in_file_order_within_a_severity() {
    let (_, v) = check(
        &program(
            &[("training", "experimenting")],
            "personas:
  - { id: zed, kind: buyer, last_updated: 2026-10-01, sources: [sales-input], covers: [goals-priorities] }
  - { id: amy, kind: buyer, last_updated: 2026-10-01, sources: [sales-input], covers: [goals-priorities] }
policy:
  minimum: { attributes: { training: emerging } }
",
        ),
        &[],
    );
    let found: Vec<(String, Option<u64>)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_string(),
                f["line"].as_u64(),
            )
        })
        .collect();
    let warnings: Vec<u64> = found
        .iter()
        .filter(|(s, _)| s == "warning")
        .filter_map(|(_, l)| *l)
        .collect();
    let mut sorted = warnings.clone();
    sorted.sort();
    assert_eq!(warnings, sorted, "{found:?}");
    // `zed` comes before `amy` because it is written first.
    let subjects: Vec<String> = fired(&v).into_iter().map(|(_, s)| s).collect();
    let zed = subjects.iter().position(|s| s == "zed").unwrap();
    let amy = subjects.iter().position(|s| s == "amy").unwrap();
    assert!(zed < amy, "{subjects:?}");
}

#[test]
fn lowering_an_overclaim_to_the_evidence_is_not_a_regression() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.yaml");
    let db = "database: { customers_mapped_pct: 45, prospects_mapped_pct: 40 }\n";
    std::fs::write(
        &base,
        program(&[("database-completeness", "fully-optimized")], db),
    )
    .unwrap();
    let baseline = ["--baseline", base.to_str().unwrap()];
    // What evidence-overclaim asked for: down to emerging, what 45% / 40% supports.
    let (code, v) = check(
        &program(&[("database-completeness", "emerging")], db),
        &baseline,
    );
    assert_eq!(code, 0, "{v:#}");
    assert!(!has_rule(&v, "regression"), "{v:#}");
    // Below the evidence is a regression, and the message says where the way out is.
    let (code, v) = check(
        &program(&[("database-completeness", "experimenting")], db),
        &baseline,
    );
    assert_eq!(code, 1);
    let f = finding(&v, "regression", "database-completeness");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("below the Emerging the file's facts support"),
        "{f:#}"
    );
    assert!(
        f["remediation"]
            .as_str()
            .unwrap()
            .starts_with("Set it to emerging"),
        "{f:#}"
    );
    // An ordinary drop names the waiver that accepts it.
    std::fs::write(&base, program(&[("training", "advancing")], "")).unwrap();
    let (_, v) = check(&program(&[], ""), &baseline);
    let f = finding(&v, "regression", "training");
    assert!(
        f["remediation"]
            .as_str()
            .unwrap()
            .contains("waive `regression` for `training`"),
        "{f:#}"
    );
}

#[test]
fn json_findings_carry_the_file_and_the_report_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("persona-program.yaml");
    std::fs::write(
        &path,
        program(
            &[("training", "experimenting")],
            "personas:\n  - { id: a, kind: buyer, last_updated: 2026-10-01, sources: [sales-input], covers: [goals-priorities] }\npolicy:\n  minimum: { attributes: { training: emerging } }\n",
        ),
    )
    .unwrap();
    let file = path.to_str().unwrap();
    let (_, out, _) = run(&["check", file, "--today", TODAY, "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["source"], file);
    assert_eq!(v["input_error"], false);
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| f["file"] == file), "{v:#}");
    let count = |s: &str| findings.iter().filter(|f| f["severity"] == s).count();
    assert_eq!(v["summary"]["errors"], count("error"));
    assert_eq!(v["summary"]["warnings"], count("warning"));
    assert_eq!(v["summary"]["failing"], count("error"));
    assert_eq!(v["summary"]["waived"], 0);
    assert!(count("error") >= 1 && count("warning") >= 1, "{v:#}");
}

#[test]
fn output_writes_every_format_asked_for_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let program = "examples/programs/northwind-program.yaml";
    let r = crate::common::Pm::new([
        "check",
        program,
        "--today",
        TODAY,
        "--output",
        &format!("junit={}", at("persona-check.xml")),
        "--output",
        &format!("sarif={}", at("persona.sarif")),
        "--output",
        &format!("markdown={}", at("summary.md")),
    ])
    .run()
    .exits(1);
    // The terminal still gets the human report; each file is what --format alone prints.
    assert!(r.out.starts_with("FAIL "), "{}", r.out);
    for (format, name) in [
        ("junit", "persona-check.xml"),
        ("sarif", "persona.sarif"),
        ("markdown", "summary.md"),
    ] {
        let (_, alone) = example("northwind-program.yaml", format);
        assert_eq!(
            std::fs::read_to_string(at(name)).unwrap(),
            alone,
            "{format}"
        );
    }
    // A file that cannot be read: every file says so, the exit code stays 2.
    let bad = at("bad.yaml");
    std::fs::write(&bad, "answers:\n  trainin: emerging\n").unwrap();
    crate::common::Pm::new([
        "check",
        &bad,
        "--output",
        &format!("junit={}", at("bad.xml")),
        "--output",
        &format!("human={}", at("bad.txt")),
    ])
    .run()
    .exits(2)
    .says("did you mean `training`?");
    assert!(std::fs::read_to_string(at("bad.xml"))
        .unwrap()
        .contains("failures=\"1\""));
    let human = std::fs::read_to_string(at("bad.txt")).unwrap();
    assert!(human.starts_with(&format!("error: {bad}:2: ")), "{human}");
}

/// A character device to write to: a private copy of `/dev/null` (or `/dev/full`) made in `dir`
/// where the system allows it (root in a container), else the system's own, which a process
/// without root cannot replace anyway (the old behaviour then showed as an error).
#[cfg(target_os = "linux")]
fn char_device(dir: &std::path::Path, name: &str, minor: u32) -> std::path::PathBuf {
    use rustix::fs::{mknodat, FileType, Mode, CWD};
    let private = dir.join(name);
    let made = mknodat(
        CWD,
        &private,
        FileType::CharacterDevice,
        Mode::from_raw_mode(0o666),
        rustix::fs::makedev(1, minor),
    );
    match made {
        Ok(()) => private,
        Err(_) => std::path::Path::new("/dev").join(name),
    }
}

#[cfg(target_os = "linux")]
fn is_char_device(p: &std::path::Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(p)
        .unwrap()
        .file_type()
        .is_char_device()
}

#[cfg(target_os = "linux")]
#[test]
fn output_onto_a_device_writes_into_it_and_never_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let program = "examples/programs/northwind-program.yaml";
    let null = char_device(dir.path(), "null", 3);
    let r = crate::common::Pm::new([
        "check",
        program,
        "--today",
        TODAY,
        "--output",
        &format!("sarif={}", null.display()),
    ])
    .run()
    .exits(1);
    assert!(r.err.is_empty(), "{}", r.err);
    assert!(is_char_device(&null), "{} was replaced", null.display());
    // A full device: its error, the write failure's code (74), and still the device.
    let full = char_device(dir.path(), "full", 7);
    crate::common::Pm::new([
        "check",
        program,
        "--today",
        TODAY,
        "--output",
        &format!("junit={}", full.display()),
    ])
    .run()
    .exits(74)
    .says(&format!("cannot write {}", full.display()))
    .says("No space left on device");
    assert!(is_char_device(&full), "{} was replaced", full.display());
    // A link to the device: written through, the link and the device stay.
    let link = dir.path().join("report.sarif");
    std::os::unix::fs::symlink(&null, &link).unwrap();
    crate::common::Pm::new([
        "check",
        program,
        "--today",
        TODAY,
        "--output",
        &format!("sarif={}", link.display()),
    ])
    .run()
    .exits(1);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(is_char_device(&null));
}

#[cfg(target_os = "linux")]
#[test]
fn output_onto_a_named_pipe_or_standard_output_is_read_by_what_is_on_the_other_end() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.pipe");
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let program = "examples/programs/northwind-program.yaml";
    crate::common::Pm::new([
        "check",
        program,
        "--today",
        TODAY,
        "--output",
        &format!("sarif={}", fifo.display()),
    ])
    .run()
    .exits(1);
    let (_, alone) = example("northwind-program.yaml", "sarif");
    assert_eq!(reader.join().unwrap(), alone);
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    // `--output junit=/dev/stdout`, the usual idiom: the report comes out on standard output,
    // before the human one (files are written first).
    let r = crate::common::Pm::new([
        "check",
        program,
        "--today",
        TODAY,
        "--output",
        "junit=/dev/stdout",
    ])
    .run()
    .exits(1);
    let (_, junit) = example("northwind-program.yaml", "junit");
    assert!(r.out.starts_with(&junit), "{}", r.out);
    assert!(r.out[junit.len()..].starts_with("FAIL "), "{}", r.out);
}

#[cfg(unix)]
#[test]
fn output_through_a_link_to_a_file_replaces_the_file_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("reports")).unwrap();
    let file = dir.path().join("reports/persona.sarif");
    std::fs::write(&file, "old").unwrap();
    let link = dir.path().join("persona.sarif");
    std::os::unix::fs::symlink("reports/persona.sarif", &link).unwrap();
    crate::common::Pm::new([
        "check",
        "examples/programs/northwind-program.yaml",
        "--today",
        TODAY,
        "--output",
        &format!("sarif={}", link.display()),
    ])
    .run()
    .exits(1);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let (_, alone) = example("northwind-program.yaml", "sarif");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), alone);
}

#[test]
fn output_specs_that_cannot_work_are_usage_errors() {
    let program = "examples/programs/acme-program.yaml";
    for (spec, says) in [
        ("sarif", "expected FORMAT=FILE"),
        ("sarf=x.sarif", "did you mean `sarif`?"),
        ("json=-", "standard output is for --format"),
    ] {
        crate::common::Pm::new(["check", program, "--output", spec])
            .run()
            .exits(2)
            .says(says);
    }
    let dir = tempfile::tempdir().unwrap();
    let same = dir.path().join("r.txt");
    let same = same.to_str().unwrap();
    crate::common::Pm::new([
        "check",
        program,
        "--output",
        &format!("json={same}"),
        "--output",
        &format!("sarif={same}"),
    ])
    .run()
    .exits(2)
    .says("is named twice");
    assert!(!std::path::Path::new(same).exists());
}

#[test]
fn check_without_a_file_finds_the_program_up_to_the_repository_root() {
    let top = tempfile::tempdir().unwrap();
    // A program above the repository must never be picked up.
    let template = crate::common::Pm::new(["init"]).run().exits(0).out;
    std::fs::write(top.path().join("persona-program.yaml"), &template).unwrap();
    let repo = top.path().join("repo");
    let deep = repo.join("marketing/personas");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::create_dir(repo.join(".git")).unwrap();
    crate::common::Pm::new(["check"])
        .dir(&deep)
        .run()
        .exits(2)
        .says("no persona program file here or above, up to the repository's root")
        .says("looked for persona-program.yaml, persona-program.yml, persona-program.toml");
    // At the root of the repository: found from two folders down, and named from there.
    std::fs::write(repo.join("persona-program.yaml"), &template).unwrap();
    let r = crate::common::Pm::new(["check", "--format", "json"])
        .dir(&deep)
        .run()
        .exits(0)
        .says("note: checking ../../persona-program.yaml");
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["source"], "../../persona-program.yaml");
    // Two candidates in one folder: which one is meant is not guessed.
    std::fs::write(repo.join("persona-program.toml"), "").unwrap();
    crate::common::Pm::new(["check"])
        .dir(&repo)
        .run()
        .exits(2)
        .says("2 persona program files in one folder: persona-program.yaml, persona-program.toml");
}

#[test]
fn check_without_a_file_outside_a_repository_looks_only_in_the_current_folder() {
    // The system's temporary folder is shared: another user's program file in it is not this
    // folder's.
    let shared = tempfile::tempdir().unwrap();
    let template = crate::common::Pm::new(["init"]).run().exits(0).out;
    std::fs::write(shared.path().join("persona-program.yaml"), &template).unwrap();
    let mine = shared.path().join("my-project");
    std::fs::create_dir(&mine).unwrap();
    assert!(
        !mine.ancestors().any(|d| d.join(".git").exists()),
        "the test needs a folder outside any repository"
    );
    crate::common::Pm::new(["check"])
        .dir(&mine)
        .run()
        .exits(2)
        .says("no persona program file in this folder (outside a git repository, the folders above are not searched)");
    std::fs::write(mine.join("persona-program.yaml"), &template).unwrap();
    let r = crate::common::Pm::new(["check", "--format", "json"])
        .dir(&mine)
        .run()
        .exits(0);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["source"], "persona-program.yaml");
}

#[test]
fn stdin_filename_names_standard_input_in_every_report() {
    let bad = "answers:\n  trainin: emerging\n";
    let r = crate::common::Pm::new([
        "check",
        "-",
        "--stdin-filename",
        "ops/persona-program.yaml",
        "--format",
        "github",
    ])
    .stdin(bad)
    .run()
    .exits(2)
    .says("ops/persona-program.yaml:2: answers.trainin");
    assert!(
        r.out
            .starts_with("::error file=ops/persona-program.yaml,line=2,"),
        "{}",
        r.out
    );
    // Its extension tells the syntax; findings carry the name.
    let r = crate::common::Pm::new([
        "check",
        "-",
        "--stdin-filename",
        "persona-program.toml",
        "--format",
        "json",
    ])
    .stdin("[answers]\ntraining = \"emerging\"\n")
    .run()
    .exits(0);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["source"], "persona-program.toml");
    crate::common::Pm::new(["check", "x.yaml", "--stdin-filename", "y.yaml"])
        .run()
        .exits(2)
        .says("--stdin-filename: names standard input, but no file to check is `-`");
}

/// The `run:` script of the step named `name` in the GitHub Actions example.
fn workflow_step(name: &str) -> serde_yaml::Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/ci/github-actions.yml"
    ))
    .unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    doc["jobs"]["check"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no step {name}"))
        .clone()
}

/// Run a workflow step's script with bash as the runner does (`bash -e`), the tool on PATH.
fn run_step(
    step: &serde_yaml::Value,
    dir: &std::path::Path,
    summary: &std::path::Path,
) -> (i32, String) {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_persona-maturity"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let o = std::process::Command::new("bash")
        .args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c"])
        .arg(step["run"].as_str().unwrap())
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("GITHUB_STEP_SUMMARY", summary)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn the_github_actions_example_annotates_summarises_and_uploads_sarif_even_for_a_typo() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let check = workflow_step("Check the persona program");
    let report = workflow_step("Report in the job summary");
    let upload = workflow_step("Upload to code scanning");
    // What the upload step reads is what the check step writes, and both run after a failure.
    assert_eq!(
        upload["uses"].as_str().unwrap().split('@').next(),
        Some("github/codeql-action/upload-sarif")
    );
    let sarif_file = upload["with"]["sarif_file"].as_str().unwrap();
    assert!(check["run"]
        .as_str()
        .unwrap()
        .contains(&format!("sarif={sarif_file}")));
    assert_eq!(report["if"].as_str(), Some("always()"));
    assert_eq!(upload["if"].as_str(), Some("always()"));

    // A typo in a key: the step fails with 2, the annotation points at the line, and the
    // summary and the SARIF still say what is wrong.
    std::fs::write(
        dir.path().join("persona-program.yaml"),
        "answers:\n  training: emerging\npersonas:\n  - id: pat\n    sorces: [sales-input]\n",
    )
    .unwrap();
    let (code, out) = run_step(&check, dir.path(), &summary);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.starts_with("::error file=persona-program.yaml,line=5,"),
        "{out}"
    );
    let (code, _) = run_step(&report, dir.path(), &summary);
    assert_eq!(code, 0);
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("## Persona program check: ❌ FAIL"), "{md}");
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(sarif_file)).unwrap())
            .unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "invalid-input");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        5
    );

    // The template as `init` writes it passes, and every output is rewritten.
    let template = crate::common::Pm::new(["init"]).run().exits(0).out;
    std::fs::write(dir.path().join("persona-program.yaml"), template).unwrap();
    std::fs::remove_file(&summary).unwrap();
    let (code, out) = run_step(&check, dir.path(), &summary);
    assert_eq!(code, 0, "{out}");
    run_step(&report, dir.path(), &summary);
    assert!(std::fs::read_to_string(&summary)
        .unwrap()
        .contains("## Persona program check: ✅ PASS"));
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(sarif_file)).unwrap())
            .unwrap();
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );

    // A pull request against a main branch whose file is broken: the baseline step leaves it
    // out with a warning, and the check passes on the repaired file.
    let git = |args: &[&str]| {
        let o = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let fixed = std::fs::read_to_string(dir.path().join("persona-program.yaml")).unwrap();
    std::fs::write(
        dir.path().join("persona-program.yaml"),
        "answers:\n  trainng: x\n",
    )
    .unwrap();
    git(&["init", "-q"]);
    git(&["add", "persona-program.yaml"]);
    git(&["commit", "-q", "-m", "broken main"]);
    git(&["update-ref", "refs/remotes/origin/main", "HEAD"]);
    std::fs::write(dir.path().join("persona-program.yaml"), &fixed).unwrap();
    let mut baseline = workflow_step("Baseline from the base branch (pull requests)");
    let script = baseline["run"]
        .as_str()
        .unwrap()
        .replace("${{ github.base_ref }}", "main");
    baseline["run"] = script.into();
    let (code, out) = run_step(&baseline, dir.path(), &summary);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("::warning title=persona-maturity::the base branch's persona-program.yaml cannot be read"), "{out}");
    assert!(!dir.path().join("base.yaml").exists());
    let (code, out) = run_step(&check, dir.path(), &summary);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn init_honours_rubric_and_its_template_passes_check_with_that_rubric() {
    let dir = tempfile::tempdir().unwrap();
    // A team's copy of the framework under its own id, and a small rubric of its own.
    let copy = dir.path().join("our-framework.yaml");
    let shown = crate::common::Pm::new(["rubric", "show", "--format", "yaml"])
        .run()
        .exits(0)
        .out
        .replace("id: persona-optimization-framework", "id: our-framework");
    std::fs::write(&copy, shown).unwrap();
    for rubric in [
        "tests/fixtures/rubrics/three-levels.yaml",
        copy.to_str().unwrap(),
    ] {
        for format in ["yaml", "toml"] {
            let r = crate::common::Pm::new(["--rubric", rubric, "init", "--format", format])
                .run()
                .exits(0);
            assert!(
                !r.out.contains("persona-optimization-framework"),
                "{}",
                r.out
            );
            if rubric.ends_with("three-levels.yaml") {
                // The rubric's own ids and levels, none of the built-in framework's.
                assert!(!r.out.contains("core-attributes"), "{}", r.out);
                assert!(r.out.contains("content-maturity@2.1"), "{}", r.out);
                assert!(r.out.contains("editorial-calendar"), "{}", r.out);
            }
            let path = dir.path().join(format!("p.{format}"));
            std::fs::write(&path, &r.out).unwrap();
            crate::common::Pm::new(["--rubric", rubric, "check", path.to_str().unwrap()])
                .run()
                .exits(0);
        }
    }
}
