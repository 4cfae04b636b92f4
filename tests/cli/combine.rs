//! Several respondents combined, and `--baseline`: what a team lead sees and relies on.

use crate::common::{run, run_stdin};
use serde_json::Value;
use std::fs;
use std::path::Path;

const Q4: &str = "examples/responses/acme-q4";
const Q2: &str = "examples/responses/acme-q2";

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = run(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("valid JSON")
}

fn attribute<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no attribute {id}"))
}

/// A minimal answers file: every attribute at `level`, except the overrides.
fn answers(role: Option<&str>, level: &str, overrides: &[(&str, &str)]) -> String {
    let rubric = persona_maturity::hooks::rubric::Rubric::builtin();
    let ids = rubric.attributes.iter().map(|a| a.id.as_str());
    let mut s = String::new();
    if let Some(r) = role {
        s.push_str(&format!("respondent: {{ role: {r} }}\n"));
    }
    s.push_str("answers:\n");
    for id in ids {
        let l = overrides
            .iter()
            .find(|(k, _)| *k == id)
            .map_or(level, |(_, v)| v);
        s.push_str(&format!("  {id}: {l}\n"));
    }
    s
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

#[test]
fn a_folder_of_respondents_in_every_text_format() {
    for (format, name) in [
        ("table", "combine_table_acme_q4"),
        ("markdown", "combine_markdown_acme_q4"),
        ("csv", "combine_csv_acme_q4"),
        ("json", "combine_json_acme_q4"),
    ] {
        let (code, out, err) = run(&["score", Q4, "--format", format]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(err, "");
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn a_folder_against_a_folder_baseline() {
    for (format, name) in [
        ("table", "combine_table_q4_vs_q2"),
        ("markdown", "combine_markdown_q4_vs_q2"),
        ("csv", "combine_csv_q4_vs_q2"),
    ] {
        let (code, out, err) = run(&["score", Q4, "--baseline", Q2, "--format", format]);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn one_file_against_its_baseline_lists_what_moved() {
    let (code, out, err) = run(&[
        "score",
        "examples/answers/acme.yaml",
        "--baseline",
        "examples/answers/acme-q2.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("score_table_acme_vs_q2", out);
}

#[test]
fn the_combined_json_has_the_documented_shape() {
    let v = json(&["score", Q4]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["respondents"], 5);
    assert_eq!(v["roles"]["marketing"], 2);
    let sharing = attribute(&v, "sharing-personas");
    assert_eq!(sharing["n"], 5);
    assert_eq!(sharing["median"], "emerging");
    assert_eq!(sharing["min"], "experimenting");
    assert_eq!(sharing["max"], "fully-optimized");
    assert_eq!(sharing["spread"], 3);
    assert_eq!(sharing["counts"]["emerging"], 2);
    assert_eq!(sharing["by_role"]["sales"], "experimenting");
    assert!(v["disagreements"]
        .as_array()
        .unwrap()
        .contains(&Value::from("sharing-personas")));
    assert_eq!(v["role_gaps"][0]["gap"], 2);
    assert_eq!(v["skipped"], Value::Array(vec![]));
}

#[test]
fn files_named_one_by_one_combine_like_their_folder() {
    let files: Vec<String> = fs::read_dir(Q4)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    let mut args = vec!["score"];
    args.extend(files.iter().map(String::as_str));
    let mut by_files = json(&args);
    let mut by_folder = json(&["score", Q4]);
    by_files["source"] = Value::Null;
    by_folder["source"] = Value::Null;
    // Five files named one by one are five inputs: the report counts respondents per input.
    assert_eq!(by_files["sources"].as_object().map(|o| o.len()), Some(5));
    by_files.as_object_mut().unwrap().remove("sources");
    assert_eq!(by_files, by_folder);
}

#[test]
fn an_even_count_takes_the_lower_middle_answer() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.yaml", &answers(None, "emerging", &[]));
    write(dir.path(), "b.yaml", &answers(None, "fully-optimized", &[]));
    let v = json(&["score", dir.path().to_str().unwrap()]);
    let a = attribute(&v, "training");
    assert_eq!(a["median"], "emerging");
    assert_eq!(a["level"], "emerging");
    assert_eq!(a["spread"], 2);
    assert_eq!(v["disagreements"].as_array().unwrap().len(), 17);
}

#[test]
fn an_attribute_nobody_answered_is_reported_unanswered() {
    let dir = tempfile::tempdir().unwrap();
    for k in 0..3 {
        write(
            dir.path(),
            &format!("r{k}.yaml"),
            &answers(None, "advancing", &[("training", "unsure")]),
        );
    }
    let v = json(&["score", dir.path().to_str().unwrap()]);
    let t = attribute(&v, "training");
    assert_eq!(t["n"], 0);
    assert_eq!(t["median"], Value::Null);
    assert_eq!(t["spread"], Value::Null);
    assert_eq!(v["unanswered"], serde_json::json!(["training"]));
    assert_eq!(v["overall"]["level"], "advancing");
}

#[test]
fn one_respondent_in_a_folder_scores_like_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy("examples/answers/acme.yaml", dir.path().join("acme.yaml")).unwrap();
    let combined = json(&["score", dir.path().to_str().unwrap()]);
    let alone = json(&["score", "examples/answers/acme.yaml"]);
    assert_eq!(combined["respondents"], 1);
    assert_eq!(combined["overall"], alone["overall"]);
    for (a, b) in combined["sections"]
        .as_array()
        .unwrap()
        .iter()
        .zip(alone["sections"].as_array().unwrap())
    {
        assert_eq!(a["score"], b["score"]);
        assert_eq!(a["level"], b["level"]);
    }
}

#[test]
fn folders_are_searched_recursively_skipping_hidden_and_other_files() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "team/a.yaml",
        &answers(Some("sales"), "emerging", &[]),
    );
    write(
        dir.path(),
        "team/deeper/b.yml",
        &answers(Some("marketing"), "advancing", &[]),
    );
    write(
        dir.path(),
        "c.toml",
        "[answers]\ntraining = \"advancing\"\n",
    );
    write(dir.path(), "notes.txt", "not an answers file");
    write(dir.path(), ".git/d.yaml", "this: is not read");
    let v = json(&["score", dir.path().to_str().unwrap()]);
    assert_eq!(v["respondents"], 3);
    assert_eq!(attribute(&v, "training")["n"], 3);
}

#[test]
fn a_broken_file_is_reported_the_rest_combined_and_the_run_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "good.yaml", &answers(None, "emerging", &[]));
    write(
        dir.path(),
        "bad.yaml",
        &answers(None, "emerging", &[("training", "expert")]),
    );
    let d = dir.path().to_str().unwrap();
    let (code, out, err) = run(&["score", d, "--format", "json"]);
    assert_eq!(code, 2);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["respondents"], 1);
    assert_eq!(v["skipped"].as_array().unwrap().len(), 1);
    assert!(v["skipped"][0]["file"]
        .as_str()
        .unwrap()
        .ends_with("bad.yaml"));
    assert!(err.contains("bad.yaml:"), "{err}");
    assert!(err.contains("unknown level `expert`"), "{err}");
    assert!(err.contains("--skip-invalid"), "{err}");

    let (code, _, err) = run(&["score", d, "--skip-invalid"]);
    assert_eq!(code, 0);
    assert!(err.contains("warning: skipped"), "{err}");
    assert!(err.contains("bad.yaml"), "{err}");
}

#[test]
fn nothing_to_combine_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&["score", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "no answers files (.yaml, .yml or .toml) or form exports with responses found"
        ),
        "{err}"
    );

    write(dir.path(), "x.yaml", "answers: [1, 2]\n");
    let (code, _, err) = run(&["score", dir.path().to_str().unwrap(), "--skip-invalid"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("nothing to score: the input above could not be read"),
        "{err}"
    );
}

#[test]
fn standard_input_is_not_combined() {
    let (code, _, err) = run_stdin(
        &["score", "-", Q4, "--input-format", "yaml"],
        "answers: {}\n",
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("standard input (-) can only be scored on its own"),
        "{err}"
    );
}

#[test]
fn a_regression_is_listed_first_in_what_moved() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "before.yaml",
        &answers(None, "emerging", &[("training", "advancing")]),
    );
    write(
        dir.path(),
        "now.yaml",
        &answers(
            None,
            "emerging",
            &[
                ("training", "experimenting"),
                ("data-analysis", "fully-optimized"),
            ],
        ),
    );
    let now = dir.path().join("now.yaml");
    let before = dir.path().join("before.yaml");
    let v = json(&[
        "score",
        now.to_str().unwrap(),
        "--baseline",
        before.to_str().unwrap(),
    ]);
    let moved = v["baseline"]["moved"].as_array().unwrap();
    assert_eq!(moved[0]["attribute"], "training");
    assert_eq!(moved[0]["change"], -2);
    assert_eq!(moved[1]["attribute"], "data-analysis");
    assert_eq!(moved[1]["change"], 2);
    assert_eq!(attribute(&v, "training")["baseline_level"], "advancing");
    assert_eq!(attribute(&v, "training")["change"], -2);

    let (_, table, _) = run(&[
        "score",
        now.to_str().unwrap(),
        "--baseline",
        before.to_str().unwrap(),
    ]);
    let block = table.split("What moved since").nth(1).unwrap();
    let training = block.find("Training").unwrap();
    let data = block.find("Data Analysis").unwrap();
    assert!(training < data, "{block}");
    assert!(
        block.contains("▼ 2 Training · Advancing → Experimenting"),
        "{block}"
    );
}

#[test]
fn csv_baseline_columns_carry_the_same_section_and_overall_changes_as_json() {
    let args = ["score", Q4, "--baseline", Q2];
    let j = json(&args);
    let mut all = args.to_vec();
    all.extend(["--format", "csv"]);
    let (code, out, err) = run(&all);
    assert_eq!(code, 0, "{err}");
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let header = rows.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let num = |s: &str| s.parse::<f64>().unwrap();
    let b = &j["baseline"];
    let mut seen = 0;
    for row in rows.records() {
        let row = row.unwrap();
        let section = b["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == row[col("section_id")])
            .unwrap();
        assert_eq!(
            num(&row[col("section_change")]),
            section["change"].as_f64().unwrap()
        );
        assert_eq!(
            num(&row[col("baseline_section_score")]),
            section["score"].as_f64().unwrap()
        );
        assert_eq!(
            num(&row[col("overall_change")]),
            b["overall_change"].as_f64().unwrap()
        );
        assert_eq!(
            num(&row[col("baseline_overall_score")]),
            b["overall"]["score"].as_f64().unwrap()
        );
        seen += 1;
    }
    assert_eq!(seen, 17, "one row per attribute");
    assert!(
        b["overall_change"].as_f64().unwrap() > 0.0,
        "Q4 improved on Q2"
    );
}

#[test]
fn a_baseline_whose_name_does_not_tell_its_syntax_takes_input_format() {
    // Like `--baseline <(git show main:answers.yaml)`: a path with no extension.
    let dir = tempfile::tempdir().unwrap();
    let previous = dir.path().join("previous");
    fs::copy("examples/answers/acme-q2.yaml", &previous).unwrap();
    let previous = previous.to_str().unwrap();
    let (code, _, err) = run(&[
        "score",
        "examples/answers/acme.yaml",
        "--baseline",
        previous,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("pass --input-format yaml|toml"), "{err}");
    let j = json(&[
        "score",
        "examples/answers/acme.yaml",
        "--baseline",
        previous,
        "--input-format",
        "yaml",
    ]);
    assert_eq!(j["baseline"]["date"], "2026-05-14");
    // The baseline's own extension wins over --input-format given for standard input.
    let (code, out, err) = run_stdin(
        &[
            "score",
            "-",
            "--input-format",
            "yaml",
            "--baseline",
            "examples/answers/northwind-sales.toml",
            "--format",
            "json",
        ],
        &fs::read_to_string("examples/answers/acme.yaml").unwrap(),
    );
    assert_eq!(code, 0, "{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        j["baseline"]["source"],
        "examples/answers/northwind-sales.toml"
    );
    // So do the files of a folder baseline, and a named file: the flag is for names that say nothing.
    let (code, out, err) = run_stdin(
        &[
            "score",
            "-",
            "--input-format",
            "toml",
            "--baseline",
            Q2,
            "--format",
            "json",
        ],
        &fs::read_to_string("examples/answers/northwind-sales.toml").unwrap(),
    );
    assert_eq!(code, 0, "{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["baseline"]["respondents"], 3);
    let (code, _, err) = run(&[
        "score",
        "examples/answers/acme.yaml",
        "--input-format",
        "toml",
    ]);
    assert_eq!(code, 0, "{err}");
}

#[cfg(unix)]
#[test]
fn a_dangling_link_that_is_no_answers_file_is_skipped_and_one_that_is_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.yaml", &answers(None, "emerging", &[]));
    write(dir.path(), "b.yaml", &answers(None, "advancing", &[]));
    std::os::unix::fs::symlink("/nonexistent/notes", dir.path().join("notes.txt")).unwrap();
    let folder = dir.path().to_str().unwrap();
    let v = json(&["score", folder]);
    assert_eq!(v["respondents"], 2);
    assert_eq!(v["skipped"].as_array().unwrap().len(), 0);

    std::os::unix::fs::symlink("/nonexistent/c", dir.path().join("c.yaml")).unwrap();
    let (code, _, err) = run(&["score", folder, "--format", "json"]);
    assert_eq!(
        code, 2,
        "a respondent that cannot be read is not silently dropped"
    );
    assert!(err.contains("c.yaml"), "{err}");
}

#[test]
fn roles_that_differ_only_in_case_or_unicode_form_are_one_role() {
    let dir = tempfile::tempdir().unwrap();
    for (k, role) in [
        "Marketing",
        "MARKETING",
        "marketing",
        "  Marketing ",
        "Ｍarketing",
        "Vertrieb STRASSE",
        "vertrieb straße",
    ]
    .iter()
    .enumerate()
    {
        write(
            dir.path(),
            &format!("r{k}.yaml"),
            &answers(Some(&format!("\"{role}\"")), "emerging", &[]),
        );
    }
    let v = json(&["score", dir.path().to_str().unwrap()]);
    let roles = v["roles"].as_object().unwrap();
    assert_eq!(roles.len(), 2, "{roles:?}");
    assert_eq!(roles["marketing"], 5);
    assert_eq!(roles["vertrieb strasse"], 2);
}

#[test]
fn what_could_not_be_read_is_counted_as_files_and_rows() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("answers");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("ok.yaml"), "answers:\n  training: emerging\n").unwrap();
    for k in 0..25 {
        fs::write(folder.join(format!("bad-{k:02}.yaml")), "answers: [\n").unwrap();
    }
    let mut csv = String::from("Your name,Training\n");
    for k in 0..60 {
        csv.push_str(&format!(
            "P{k},{}\n",
            if k < 50 { "junk" } else { "emerging" }
        ));
    }
    let export = dir.path().join("responses.csv");
    fs::write(&export, csv).unwrap();
    let (f, e) = (folder.to_str().unwrap(), export.to_str().unwrap());
    let (code, _, err) = run(&["score", f, e, "--allow-missing"]);
    assert_eq!(code, 2, "{err}");
    // 20 listed (the export's first rows come after the folder's files), the rest counted as
    // what they are, and the total in the last line.
    assert!(
        err.contains("… and 5 more files and 50 more rows that could not be read"),
        "{err}"
    );
    assert!(
        err.contains("25 files and 50 rows could not be read and are left out"),
        "{err}"
    );
    let (code, out, _) = run(&[
        "score",
        f,
        e,
        "--allow-missing",
        "--skip-invalid",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let skipped = v["skipped"].as_array().unwrap();
    // Every file; the export's first 20 rows, then one entry counting the other 30.
    let rows = skipped.iter().filter(|s| s["row"].is_u64()).count();
    assert_eq!(rows, 20);
    assert_eq!(skipped.len(), 25 + 20 + 1);
    let last = skipped.last().unwrap();
    assert!(last["row"].is_null());
    assert!(
        last["reason"]
            .as_str()
            .unwrap()
            .contains("30 more rows with problems, not listed"),
        "{last}"
    );
}
