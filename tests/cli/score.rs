//! `score`: the reports a user sees for a saved answers file.

use crate::common::{run, run_stdin};

#[test]
fn table_report_for_the_yaml_example() {
    let (code, out, err) = run(&["score", "examples/answers/acme.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    insta::assert_snapshot!("score_table_acme", out);
}

#[test]
fn markdown_report_for_the_yaml_example() {
    let (code, out, _) = run(&[
        "score",
        "examples/answers/acme.yaml",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("score_markdown_acme", out);
}

#[test]
fn table_report_for_the_toml_example_with_a_target() {
    let (code, out, _) = run(&[
        "score",
        "examples/answers/northwind-sales.toml",
        "--target",
        "fully-optimized",
        "--top",
        "3",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("score_table_northwind", out);
}

#[test]
fn json_report_has_the_documented_shape() {
    let (code, out, _) = run(&["score", "examples/answers/acme.yaml", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["rubric"]["id"], "persona-optimization-framework");
    assert_eq!(v["coverage"]["answered"], 16);
    assert_eq!(v["coverage"]["total"], 17);
    // (2.5 + 2.0 + 5/3 + 4/3) / 4 = 1.875 -> experimenting (below Emerging's value 2)
    assert_eq!(v["overall"]["score"], 1.875);
    assert_eq!(v["overall"]["level"], "experimenting");
    let core = &v["sections"][0];
    assert_eq!(core["id"], "core-attributes");
    assert_eq!(core["score"], 2.5);
    assert_eq!(core["level"], "emerging");
    let training = core["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "training")
        .unwrap();
    assert!(training["level"].is_null());
    assert_eq!(v["unanswered"], serde_json::json!(["training"]));
    // Interviews with customers and non-customers come first: their step to Advancing is in the
    // first round of work, before Data Analysis leaves Experimenting.
    let first = &v["next_steps"][0];
    assert_eq!(first["attribute"], "qualitative-interviews");
    assert_eq!(first["current"], "emerging");
    assert_eq!(first["next"], "advancing");
    assert_eq!(first["gap"], 2);
    assert_eq!(first["stage"], "interviews");
    assert_eq!(
        first["description"],
        "A regular cadence of qualitative interviews dedicated to persona research are conducted with both customers & non-customers"
    );
    // A plain answers file: nothing said about a program file's facts.
    assert!(first.get("in_file").is_none() && first.get("from_facts").is_none());
    assert!(v.get("lowered").is_none());
    // Every answered attribute below the top level has a next step.
    assert_eq!(v["next_steps"].as_array().unwrap().len(), 16);
}

#[test]
fn target_limits_next_steps_to_attributes_below_it() {
    let (_, out, _) = run(&[
        "score",
        "examples/answers/acme.yaml",
        "--format",
        "json",
        "--target",
        "Emerging",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["target"], "emerging");
    let steps = v["next_steps"].as_array().unwrap();
    assert!(!steps.is_empty());
    assert!(steps
        .iter()
        .all(|s| s["current"] == "experimenting" && s["gap"] == 1));
}

#[test]
fn csv_has_a_header_and_one_row_per_attribute() {
    let (code, out, _) = run(&["score", "examples/answers/acme.yaml", "--format", "csv"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 18);
    assert!(lines[0].starts_with("section_id,section,attribute_id,attribute,level_id"));
    assert!(out.contains(
        "core-attributes,Core Attributes,training,Training,,,,2.5,emerging,1.875,experimenting,"
    ));
    assert!(out.contains(",Goals and fears yes; no buying preferences or success metrics\n"));
}

#[test]
fn csv_quotes_a_note_with_commas_and_quotes() {
    let yaml = "answers:\n  training: { level: emerging, note: 'sales, \"mostly\"' }\n";
    let (code, out, _) = run_stdin(
        &["score", "-", "--input-format", "yaml", "--format", "csv"],
        yaml,
    );
    assert_eq!(code, 0);
    assert!(out.contains(",\"sales, \"\"mostly\"\"\"\n"), "{out}");
}

#[test]
fn yaml_and_toml_with_the_same_answers_score_the_same() {
    let toml = "[answers]\ntraining = \"advancing\"\nbudget-allocation = \"Fully Optimized\"\n";
    let yaml = "answers:\n  training: advancing\n  budget-allocation: Fully Optimized\n";
    let (c1, t, _) = run_stdin(
        &["score", "-", "--input-format", "toml", "--format", "json"],
        toml,
    );
    let (c2, y, _) = run_stdin(
        &["score", "-", "--input-format", "yaml", "--format", "json"],
        yaml,
    );
    assert_eq!((c1, c2), (0, 0));
    assert_eq!(t, y);
    let v: serde_json::Value = serde_json::from_str(&t).unwrap();
    assert_eq!(v["sections"][0]["score"], 3.5);
    assert_eq!(v["source"], "<stdin>");
}

#[test]
fn a_note_with_an_explicit_unsure_level_counts_as_unanswered() {
    let yaml = "answers:\n  training: { level: unsure, note: ask HR }\n  budget-allocation: ~\n";
    let (code, out, _) = run_stdin(
        &["score", "-", "--input-format", "yaml", "--format", "json"],
        yaml,
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["coverage"]["answered"], 0);
    assert!(v["overall"].is_null());
    assert_eq!(v["sections"][0]["attributes"][3]["note"], "ask HR");
}

#[test]
fn another_rubric_version_is_a_warning_not_an_error() {
    let yaml = "rubric: persona-optimization-framework@0.9\nanswers: {}\n";
    let (code, _, err) = run_stdin(&["score", "-", "--input-format", "yaml"], yaml);
    assert_eq!(code, 0);
    assert!(
        err.contains(
            "warning: <stdin>: answers were given for persona-optimization-framework version 0.9"
        ),
        "{err}"
    );
}

#[test]
fn a_closed_stdout_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["rubric", "show"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away at once, like `| head -0`
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn explain_shows_every_level_where_the_answers_stand_and_the_rule_applied() {
    let (code, out, _) = run(&["explain", "depth-of-personas", "examples/answers/acme.yaml"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("explain_depth_acme", out);
}

#[test]
fn an_attribute_left_as_not_sure_is_called_that_by_score_and_explain_as_by_the_questionnaire() {
    // acme.yaml says `training: unsure`; a file that leaves an attribute out has it not answered.
    let (code, out, _) = run(&["explain", "training", "examples/answers/acme.yaml"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Not sure in this assessment: it does not count toward the score."),
        "{out}"
    );
    let (_, out, _) = run(&[
        "score",
        "examples/answers/acme.yaml",
        "--format",
        "markdown",
    ]);
    assert!(out.contains("| Training | _not sure_ |"), "{out}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    std::fs::write(&path, "answers:\n  sharing-personas: emerging\n").unwrap();
    let (_, out, _) = run(&["explain", "training", path.to_str().unwrap()]);
    assert!(
        out.contains("Not answered in this assessment: it does not count toward the score."),
        "{out}"
    );
}

#[test]
fn explain_of_the_near_identical_attribute_shows_the_note() {
    let (code, out, _) = run(&["explain", "qualitative-interviews"]);
    assert_eq!(code, 0);
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "Note: Advancing: a regular cadence of interviews dedicated to persona research, \
             with customers and non-customers."
        ),
        "{out}"
    );
    assert!(flat.contains("The framework words these two levels almost alike"));
    // Both texts say "dedicated to persona research": the note does not pretend that tells
    // them apart, and keeps the two tests that do, said to the person choosing.
    assert!(
        flat.contains("both say \"dedicated to persona research\": choose between them by the two tests above"),
        "{out}"
    );
    assert!(flat.contains(
        "lost deals and churned customers are interviewed as routinely as customers, and every \
         persona update draws on the latest round"
    ));
}

#[test]
fn explain_suggests_a_close_attribute_name() {
    let (code, _, err) = run(&["explain", "depth-of-persona"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown attribute `depth-of-persona`"),
        "{err}"
    );
    assert!(err.contains("did you mean `depth-of-personas`?"), "{err}");
}

#[test]
fn unknown_target_level_is_a_usage_error_with_a_suggestion() {
    let (code, _, err) = run(&[
        "score",
        "examples/answers/acme.yaml",
        "--target",
        "advanced",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--target: unknown level `advanced`"), "{err}");
    assert!(err.contains("did you mean `advancing`?"), "{err}");
}

#[test]
fn completions_and_man_page_are_printed() {
    let (code, out, _) = run(&["completions", "zsh"]);
    assert_eq!(code, 0);
    assert!(out.contains("#compdef persona-maturity"));
    let (code, out, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(out.contains(".TH PERSONA-MATURITY 1 "), "{out}");
}

#[test]
fn explain_reads_answers_from_standard_input_with_input_format() {
    let (code, out, err) = run_stdin(
        &["explain", "training", "-", "--input-format", "yaml"],
        "answers:\n  training: advancing\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Core Attributes = ([3]) / 1 = 3.00 → Advancing"),
        "{out}"
    );
    let (code, _, err) = run_stdin(&["explain", "training", "-"], "answers: {}\n");
    assert_eq!(code, 2);
    assert!(err.contains("pass --input-format yaml"), "{err}");
}

#[test]
fn the_rubric_can_be_named_in_the_environment_and_a_flag_wins() {
    let rubric = "tests/fixtures/rubrics/three-levels.yaml";
    let out = crate::common::pm()
        .env("PERSONA_MATURITY_RUBRIC", rubric)
        .args(["rubric", "show", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["levels"].as_array().unwrap().len(), 3);
    let out = crate::common::pm()
        .env("PERSONA_MATURITY_RUBRIC", "/nonexistent/rubric.yaml")
        .args(["--rubric", rubric, "rubric", "show", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "the flag is used, not the environment"
    );
}

#[test]
fn the_table_in_colour_is_reviewed_too() {
    let out = crate::common::pm()
        .args([
            "--color",
            "always",
            "score",
            "examples/answers/acme.yaml",
            "--top",
            "2",
        ])
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout).replace('\u{1b}', "␛");
    assert!(
        text.contains("␛[32m") || text.contains("␛[33m"),
        "colour is on"
    );
    insta::assert_snapshot!("score_table_acme_colour", text);
}

/// A report is forwarded: its header names the answers file (and the baseline), never the
/// folders of the computer that made it.
#[test]
fn every_report_header_names_the_file_not_its_absolute_path() {
    let dir = tempfile::tempdir().unwrap();
    let downloads = dir.path().join("home/ana/Downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let now = downloads.join("persona-answers-dana.yaml");
    let before = downloads.join("last-year.yaml");
    std::fs::copy("examples/answers/acme.yaml", &now).unwrap();
    std::fs::copy("examples/answers/acme.yaml", &before).unwrap();
    let folder = downloads.display().to_string();
    for format in ["table", "markdown", "html", "csv"] {
        let r = crate::common::Pm::new([
            "score",
            now.to_str().unwrap(),
            "--baseline",
            before.to_str().unwrap(),
            "--format",
            format,
        ])
        .run()
        .exits(0);
        assert!(
            !r.out.contains(&folder),
            "{format} names {folder}:\n{}",
            r.out
        );
        assert!(!r.out.contains("home/ana"), "{format}:\n{}", r.out);
        if format != "csv" {
            assert!(
                r.out.contains("from persona-answers-dana.yaml"),
                "{format}:\n{}",
                r.out
            );
            assert!(r.out.contains("last-year.yaml"), "{format}:\n{}", r.out);
        }
    }
    // A path as typed inside the working folder stays as typed.
    let r = crate::common::Pm::new(["score", "examples/answers/acme.yaml"])
        .run()
        .exits(0);
    assert!(
        r.out.contains("from examples/answers/acme.yaml"),
        "{}",
        r.out
    );
}

/// A baseline given as a pipe (`--baseline <(git show main:a.yaml)`, a path like /dev/fd/63) is
/// named as a pipe in every report header, never by its descriptor's number.
#[cfg(unix)]
#[test]
fn a_baseline_from_a_pipe_is_named_a_pipe_not_a_number() {
    let bin = assert_cmd::cargo::cargo_bin("persona-maturity");
    for (format, says) in [
        ("table", "<pipe> of 2026-05-14"),
        ("markdown", "## What moved since `<pipe>`"),
        ("html", "What moved since <code>&lt;pipe&gt;</code>"),
    ] {
        let out = std::process::Command::new("bash")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .env_remove("PERSONA_MATURITY_RUBRIC")
            .arg("-c")
            .arg(format!(
                "{} score examples/answers/acme.yaml --baseline <(cat examples/answers/acme-q2.yaml) \
                 --input-format yaml --format {format}",
                bin.display()
            ))
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains(says), "{format}: {says}\n{text}");
        assert!(
            !text.contains("/dev/fd") && !text.contains("with 6") && !text.contains("since 6"),
            "{format}\n{text}"
        );
    }
}

/// A table's header words stay whole however short the names under them: "Attribute" over
/// attributes named "X", never "Attrib/ute" or one letter a line.
#[test]
fn table_headers_never_break_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = std::fs::read_to_string("tests/fixtures/rubrics/three-levels.yaml")
        .unwrap()
        .replace("name: Editorial Calendar", "name: X")
        .replace("name: Audience", "name: Tone")
        .replace("name: Analytics", "name: Funnel");
    let r = dir.path().join("short.yaml");
    std::fs::write(&r, rubric).unwrap();
    let a = dir.path().join("a.yaml");
    std::fs::write(
        &a,
        "rubric: content-maturity@2.1\nanswers:\n  editorial-calendar: repeatable\n  audience: optimized\n",
    )
    .unwrap();
    for columns in ["100", "60", "40"] {
        let out = crate::common::pm()
            .env("COLUMNS", columns)
            .args([
                "--rubric",
                r.to_str().unwrap(),
                "score",
                a.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0));
        for head in ["Attribute", "Level"] {
            assert!(
                text.lines()
                    .any(|l| l.split([' ', '│', '┆']).any(|w| w == head)),
                "COLUMNS={columns}: `{head}` broken\n{text}"
            );
        }
        assert!(!text.contains("Attrib "), "COLUMNS={columns}\n{text}");
    }
}
