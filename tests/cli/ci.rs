//! `check` where a team's CI runs it: output files that are inputs refused, an unreadable
//! baseline reported everywhere, paths relative to the repository root from a subfolder (SARIF
//! through the OASIS schema and sarif-tools), GitLab Code Quality, several files in one run,
//! `--fix`/`--diff` on commented files, `--concise`/`--quiet`, the GitHub Action and the
//! pre-commit hook.

use crate::common::Pm;
use serde_json::Value;
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-11-22";
const NORTHWIND: &str = "examples/programs/northwind-program.yaml";

fn manifest(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// A git repository with the failing example at `ops/persona-program.yaml`.
fn repo_with_program() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("ops/team")).unwrap();
    std::fs::copy(
        manifest(NORTHWIND),
        dir.path().join("ops/persona-program.yaml"),
    )
    .unwrap();
    dir
}

#[test]
fn an_output_that_is_an_input_is_refused_by_file_identity_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let program = d.join("persona-program.yaml");
    let base = d.join("base.yaml");
    let rubric = d.join("rubric.yaml");
    std::fs::copy(manifest(NORTHWIND), &program).unwrap();
    std::fs::write(&base, "answers: { training: emerging }\n").unwrap();
    let shown = Pm::new(["rubric", "show", "--format", "yaml"])
        .run()
        .exits(0)
        .out;
    std::fs::write(&rubric, &shown).unwrap();
    std::os::unix::fs::symlink(&program, d.join("link.yaml")).unwrap();
    std::fs::hard_link(&base, d.join("hard.yaml")).unwrap();
    let before = std::fs::read(&program).unwrap();
    for (output, why) in [
        (
            "json=persona-program.yaml",
            "`persona-program.yaml` is an input",
        ),
        (
            "json=./persona-program.yaml",
            "the same file as `persona-program.yaml`",
        ),
        ("sarif=link.yaml", "the same file as `persona-program.yaml`"),
        ("sarif=base.yaml", "`base.yaml` is an input"),
        ("junit=hard.yaml", "the same file as `base.yaml`"),
        (
            "markdown=../{dir}/rubric.yaml",
            "the same file as `rubric.yaml`",
        ),
    ] {
        let output = output.replace("{dir}", d.file_name().unwrap().to_str().unwrap());
        Pm::new([
            "--rubric",
            "rubric.yaml",
            "check",
            "persona-program.yaml",
            "--baseline",
            "base.yaml",
            "--output",
            "html=report.html",
            "--output",
            &output,
        ])
        .dir(d)
        .run()
        .exits(2)
        .says("error: --output: ")
        .says(why)
        .says("write each report to a file of its own");
        assert_eq!(std::fs::read(&program).unwrap(), before, "{output}");
        assert_eq!(std::fs::read_to_string(&rubric).unwrap(), shown);
        assert!(!d.join("report.html").exists(), "nothing written: {output}");
    }
    // Two names for one output file are one file named twice.
    std::fs::write(d.join("out.sarif"), "").unwrap();
    Pm::new([
        "check",
        "persona-program.yaml",
        "--output",
        "sarif=out.sarif",
        "--output",
        "json=./out.sarif",
    ])
    .dir(d)
    .run()
    .exits(2)
    .says("--output: `./out.sarif` is named twice");
}

#[test]
fn an_unreadable_baseline_is_reported_like_a_broken_program_in_every_format_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(manifest(NORTHWIND), d.join("persona-program.yaml")).unwrap();
    // A main branch whose file was broken: a typo in a key on line 3.
    std::fs::write(
        d.join("base.yaml"),
        "answers:\n  training: emerging\n  trainng: emerging\n",
    )
    .unwrap();
    let formats = [
        "json", "markdown", "github", "junit", "html", "sarif", "gitlab", "human",
    ];
    let mut args: Vec<String> = ["check", "persona-program.yaml", "--baseline", "base.yaml"]
        .map(String::from)
        .to_vec();
    for f in formats {
        args.push("--output".into());
        args.push(format!("{f}=out.{f}"));
    }
    for format in formats {
        let mut a = args.clone();
        a.extend(["--format".to_string(), format.to_string()]);
        let r = Pm::new(&a).dir(d).run().exits(2).says("base.yaml:3");
        if format != "human" {
            assert_eq!(
                r.out,
                std::fs::read_to_string(d.join(format!("out.{format}"))).unwrap(),
                "{format}: standard output and its --output file agree"
            );
        }
    }
    let read = |f: &str| std::fs::read_to_string(d.join(format!("out.{f}"))).unwrap();
    let json: Value = serde_json::from_str(&read("json")).unwrap();
    assert_eq!(json["input_error"], true);
    assert_eq!(json["source"], "base.yaml");
    assert_eq!(json["findings"][0]["rule"], "invalid-input");
    assert_eq!(json["findings"][0]["line"], 3);
    assert!(
        read("github").starts_with("::error file=base.yaml,line=3,"),
        "{}",
        read("github")
    );
    assert!(read("junit").contains("failures=\"1\""));
    assert!(read("markdown").contains("`base.yaml` cannot be read"));
    assert!(read("html").contains("<code>base.yaml</code> cannot be read"));
    assert!(
        read("human").starts_with("error: base.yaml:3:"),
        "{}",
        read("human")
    );
    let sarif: Value = serde_json::from_str(&read("sarif")).unwrap();
    assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "invalid-input");
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    let gitlab: Value = serde_json::from_str(&read("gitlab")).unwrap();
    assert_eq!(gitlab[0]["check_name"], "invalid-input");
    assert_eq!(gitlab[0]["location"]["path"], "base.yaml");
}

#[test]
fn no_placeholder_word_reaches_a_report_when_no_program_file_is_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for format in ["github", "json", "markdown", "sarif", "gitlab"] {
        let r = Pm::new(["check", "--format", format])
            .dir(dir.path())
            .run()
            .exits(2)
            .says("no persona program file here or above");
        assert!(!r.out.contains("FILE"), "{format}: {}", r.out);
        assert!(
            r.out.contains("persona-program.yaml"),
            "{format}: {}",
            r.out
        );
    }
    let r = Pm::new(["check"]).dir(dir.path()).run().exits(2);
    assert!(!r.err.contains("FILE"), "{}", r.err);
    let r = Pm::new(["check", NORTHWIND, "--today", TODAY, "--format", "json"])
        .run()
        .exits(1);
    assert!(!r.out.contains("FILE"), "{}", r.out);
    assert!(r
        .out
        .contains("persona-maturity assess --out examples/programs/northwind-program.yaml"));
}

/// Run `check` from `ops/team` inside the repository, as a workflow's `working-directory` does.
fn from_subfolder(repo: &Path, format: &str, env: &[(&str, &str)]) -> String {
    let mut pm = Pm::new([
        "check",
        "../persona-program.yaml",
        "--today",
        TODAY,
        "--format",
        format,
    ])
    .dir(&repo.join("ops/team"))
    .env("GITHUB_WORKSPACE", "")
    .env("CI_PROJECT_DIR", "");
    for (k, v) in env {
        pm = pm.env(k, v);
    }
    pm.run().exits(1).out
}

#[test]
fn reports_from_a_subfolder_name_the_file_relative_to_the_repository_root() {
    let repo = repo_with_program();
    let sarif: Value = serde_json::from_str(&from_subfolder(repo.path(), "sarif", &[])).unwrap();
    let run = &sarif["runs"][0];
    for r in run["results"].as_array().unwrap() {
        let at = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(at["uri"], "ops/persona-program.yaml");
        assert_eq!(at["uriBaseId"], "%SRCROOT%");
    }
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    let github = from_subfolder(repo.path(), "github", &[]);
    for line in github.lines().filter(|l| l.starts_with("::")) {
        assert!(line.contains("file=ops/persona-program.yaml,"), "{line}");
    }
    // GITHUB_WORKSPACE names the root GitHub places annotations against.
    let ws = repo.path().join("ops");
    let github = from_subfolder(
        repo.path(),
        "github",
        &[("GITHUB_WORKSPACE", ws.to_str().unwrap())],
    );
    assert!(
        github.starts_with("::error file=persona-program.yaml,"),
        "{github}"
    );
    let gitlab: Value = serde_json::from_str(&from_subfolder(repo.path(), "gitlab", &[])).unwrap();
    assert_eq!(gitlab[0]["location"]["path"], "ops/persona-program.yaml");
    // Outside any repository the file is named as given.
    let loose = tempfile::tempdir().unwrap();
    std::fs::copy(manifest(NORTHWIND), loose.path().join("p.yaml")).unwrap();
    let out = Pm::new(["check", "p.yaml", "--format", "github", "--today", TODAY])
        .dir(loose.path())
        .env("GITHUB_WORKSPACE", "")
        .run()
        .exits(1)
        .out;
    assert!(out.starts_with("::error file=p.yaml,"), "{out}");
}

/// The OASIS SARIF 2.1.0 schema, as CI installs it, with its one erratum removed.
fn sarif_validator() -> Option<jsonschema::Validator> {
    let path = crate::common::tool_path("SARIF_SCHEMA", "the path of sarif-schema-2.1.0.json")?;
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for on in ["run", "toolComponent"] {
        schema["definitions"][on]["properties"]["language"]
            .as_object_mut()
            .unwrap()
            .remove("pattern");
    }
    Some(
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap(),
    )
}

#[test]
#[cfg_attr(
    without_tool = "SARIF_SCHEMA",
    ignore = "SARIF_SCHEMA (the path of sarif-schema-2.1.0.json) is not set"
)]
fn sarif_from_a_subfolder_and_for_several_files_is_valid_against_the_schema() {
    let Some(validator) = sarif_validator() else {
        return;
    };
    let repo = repo_with_program();
    std::fs::write(
        repo.path().join("ops/broken.yaml"),
        "answers:\n  trainin: emerging\n",
    )
    .unwrap();
    let valid = |text: &str, what: &str| {
        let doc: Value = serde_json::from_str(text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{what}: {errors:#?}");
        doc
    };
    let doc = valid(&from_subfolder(repo.path(), "sarif", &[]), "subfolder");
    // Rule names differ from their ids (SARIF Multitool's SARIF1001), and no message ends in
    // "?." or starts a key path with a capital.
    for rule in doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
    {
        let (id, name) = (rule["id"].as_str().unwrap(), rule["name"].as_str().unwrap());
        assert_ne!(
            id.replace('-', "").to_lowercase(),
            name.to_lowercase(),
            "{id}"
        );
    }
    let several = Pm::new([
        "check",
        "../persona-program.yaml",
        "../broken.yaml",
        "--today",
        TODAY,
        "--format",
        "sarif",
    ])
    .dir(&repo.path().join("ops/team"))
    .env("GITHUB_WORKSPACE", "")
    .run()
    .exits(2)
    .out;
    let doc = valid(&several, "several files");
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let broken = results.last().unwrap();
    assert_eq!(broken["ruleId"], "invalid-input");
    assert_eq!(
        broken["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "ops/broken.yaml"
    );
    let text = broken["message"]["text"].as_str().unwrap();
    assert!(
        text.starts_with("answers: Unknown field `trainin`") || text.starts_with("answers.trainin"),
        "{text}"
    );
    assert!(!text.contains("?."), "{text}");
    assert_eq!(
        doc["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
}

#[test]
#[cfg_attr(
    without_tool = "SARIF_TOOLS",
    ignore = "SARIF_TOOLS (the path of sarif-tools' `sarif` program) is not set"
)]
fn sarif_tools_reads_the_sarif_written_from_a_subfolder() {
    let Some(sarif) = crate::common::tool_path("SARIF_TOOLS", "sarif-tools' `sarif` program")
    else {
        return;
    };
    let repo = repo_with_program();
    let file = repo.path().join("persona.sarif");
    std::fs::write(&file, from_subfolder(repo.path(), "sarif", &[])).unwrap();
    let json = Pm::new(["check", NORTHWIND, "--today", TODAY, "--format", "json"])
        .run()
        .out;
    let findings = serde_json::from_str::<Value>(&json).unwrap()["findings"]
        .as_array()
        .unwrap()
        .len();
    // `sarif ls` lists the file; `sarif summary` counts the results by level; `sarif csv` has
    // one row per result, each at the repository-relative path.
    let run = |args: &[&str]| {
        let o = std::process::Command::new(&sarif)
            .args(args)
            .current_dir(repo.path())
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "sarif {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let summary = run(&["summary", "persona.sarif"]);
    assert!(summary.contains("error: "), "{summary}");
    let csv_out = repo.path().join("out.csv");
    run(&[
        "csv",
        "persona.sarif",
        "--output",
        csv_out.to_str().unwrap(),
    ]);
    let csv = std::fs::read_to_string(&csv_out).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    // Waived findings are results too (suppressed); at least every active one is listed.
    assert!(rows.len() >= findings, "{csv}");
    assert!(
        rows.iter().all(|r| r.contains("ops/persona-program.yaml")),
        "{csv}"
    );
}

/// GitLab's Code Quality report fields, as its documentation lists them: an array of issues with
/// `description`, `check_name`, `fingerprint`, `severity` (info, minor, major, critical,
/// blocker) and `location.path` (relative, no `./`) with `location.lines.begin` (from 1).
fn gitlab_validator() -> jsonschema::Validator {
    let schema = serde_json::json!({
        "type": "array",
        "items": {
            "type": "object",
            "required": ["description", "check_name", "fingerprint", "severity", "location"],
            "properties": {
                "type": { "const": "issue" },
                "description": { "type": "string", "minLength": 1 },
                "check_name": { "type": "string", "minLength": 1 },
                "fingerprint": { "type": "string", "minLength": 1 },
                "severity": { "enum": ["info", "minor", "major", "critical", "blocker"] },
                "categories": { "type": "array", "items": { "type": "string" } },
                "location": {
                    "type": "object",
                    "required": ["path", "lines"],
                    "properties": {
                        "path": { "type": "string", "pattern": "^[^/.]" },
                        "lines": {
                            "type": "object",
                            "required": ["begin"],
                            "properties": { "begin": { "type": "integer", "minimum": 1 } }
                        }
                    }
                }
            }
        }
    });
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn gitlab_code_quality_has_gitlabs_fields_no_waived_findings_and_stable_fingerprints() {
    let validator = gitlab_validator();
    // The failing example with its waiver still in force.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("persona-program.yaml");
    let text = std::fs::read_to_string(manifest(NORTHWIND))
        .unwrap()
        .replace("expires: 2026-09-30", "expires: 2027-09-30");
    std::fs::write(&path, &text).unwrap();
    let run = |format: &str| {
        Pm::new([
            "check",
            "persona-program.yaml",
            "--today",
            TODAY,
            "--format",
            format,
        ])
        .dir(dir.path())
        .run()
        .exits(1)
        .out
    };
    let doc: Value = serde_json::from_str(&run("gitlab")).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let mut wrong = doc.clone();
    wrong[0]["severity"] = "error".into();
    assert!(
        !validator.is_valid(&wrong),
        "the field check refuses what GitLab would"
    );
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let issues = doc.as_array().unwrap();
    assert_eq!(json["waived"][0]["subject"], "it-ivan");
    assert_eq!(
        issues.len(),
        json["findings"].as_array().unwrap().len(),
        "waived left out"
    );
    let fingerprints: std::collections::BTreeSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), issues.len(), "unique");
    // Severities: a failing error is critical, a warning below --fail-on minor.
    for (i, f) in issues.iter().zip(json["findings"].as_array().unwrap()) {
        let want = match f["severity"].as_str().unwrap() {
            "error" => "critical",
            "warning" => "minor",
            _ => "info",
        };
        assert_eq!(i["severity"], want, "{i:#}");
        assert_eq!(i["check_name"], f["rule"]);
        assert_eq!(i["location"]["lines"]["begin"], f["line"]);
    }
    // Lines moved (two comment lines added at the top): each issue keeps its fingerprint.
    std::fs::write(&path, format!("# moved\n# down\n{text}")).unwrap();
    let moved: Value = serde_json::from_str(&run("gitlab")).unwrap();
    let by_print = |d: &Value| -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = d
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().unwrap().to_string(),
                    i["location"]["lines"]["begin"].as_u64().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let (before, after) = (by_print(&doc), by_print(&moved));
    assert_eq!(before.len(), after.len());
    for ((p0, l0), (p1, l1)) in before.iter().zip(&after) {
        assert_eq!(p0, p1);
        assert!(*l1 == l0 + 2 || (*l0 == 1 && *l1 == 1), "{l0} → {l1}");
    }
}

#[test]
fn several_files_in_one_run_each_in_every_format_and_the_worst_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(
        manifest("examples/programs/acme-program.yaml"),
        d.join("acme.yaml"),
    )
    .unwrap();
    std::fs::copy(manifest(NORTHWIND), d.join("northwind.yaml")).unwrap();
    std::fs::write(d.join("broken.yaml"), "answers:\n  trainin: emerging\n").unwrap();
    let check = |files: &[&str], format: &str| {
        let mut args = vec!["check"];
        args.extend_from_slice(files);
        args.extend(["--today", TODAY, "--format", format]);
        Pm::new(args).dir(d).run()
    };
    // Exit codes: the worst of the files.
    check(&["acme.yaml"], "json").exits(0);
    check(&["acme.yaml", "northwind.yaml"], "json").exits(1);
    check(&["acme.yaml", "northwind.yaml", "broken.yaml"], "json")
        .exits(2)
        .says("broken.yaml:2");
    let r = check(&["acme.yaml", "northwind.yaml", "broken.yaml"], "json");
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["passed"], false);
    assert_eq!(v["input_error"], true);
    let files = v["files"].as_array().unwrap();
    let sources: Vec<&str> = files
        .iter()
        .map(|f| f["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["acme.yaml", "northwind.yaml", "broken.yaml"]);
    assert_eq!(files[0]["passed"], true);
    assert_eq!(files[2]["findings"][0]["rule"], "invalid-input");
    // Its shape is in `schema --output check`.
    let schema: Value =
        serde_json::from_str(&Pm::new(["schema", "--output", "check"]).run().exits(0).out).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let all = ["acme.yaml", "northwind.yaml", "broken.yaml"];
    let github = check(&all, "github").out;
    assert!(
        github.contains("::error file=northwind.yaml,line="),
        "{github}"
    );
    assert!(
        github.contains("::error file=broken.yaml,line=2,"),
        "{github}"
    );
    assert!(
        github.contains("persona-maturity check: PASS: acme.yaml: "),
        "{github}"
    );
    assert!(
        github.contains("persona-maturity check: FAIL: broken.yaml cannot be read"),
        "{github}"
    );
    let junit = check(&all, "junit").out;
    assert_eq!(junit.matches("<testsuite ").count(), 3, "{junit}");
    let md = check(&all, "markdown").out;
    assert_eq!(md.matches("## Persona program check").count(), 3, "{md}");
    let gitlab: Value = serde_json::from_str(&check(&all, "gitlab").out).unwrap();
    let paths: std::collections::BTreeSet<&str> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["location"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["broken.yaml", "northwind.yaml"].into_iter().collect()
    );
    let human = check(&["acme.yaml", "northwind.yaml"], "human").out;
    assert!(human.starts_with("PASS "), "{human}");
    assert!(human.contains("\nFAIL "), "{human}");
    assert!(human.ends_with("2 files checked: 1 fail\n"), "{human}");
    // HTML is one page per program file: several are refused before anything is read.
    check(&["acme.yaml", "northwind.yaml"], "html")
        .exits(2)
        .says("--format html: shows one program file on one page");
    // One baseline is for one file.
    Pm::new([
        "check",
        "acme.yaml",
        "northwind.yaml",
        "--baseline",
        "acme.yaml",
    ])
    .dir(d)
    .run()
    .exits(2)
    .says("--baseline: compares one program file with its earlier version, but 2 files are named");
}

#[test]
fn concise_and_quiet_print_one_line_per_finding_with_its_source_line() {
    let r = Pm::new(["check", NORTHWIND, "--today", TODAY, "--concise"])
        .run()
        .exits(1);
    insta::assert_snapshot!("check_northwind_concise", r.out);
    assert!(
        !r.out.contains("Scorecard") && !r.out.contains("Evidence"),
        "{}",
        r.out
    );
    let r = Pm::new(["check", NORTHWIND, "--today", TODAY, "--quiet"])
        .run()
        .exits(1);
    let lines: Vec<&str> = r.out.lines().collect();
    assert!(
        lines.iter().all(
            |l| l.starts_with("examples/programs/northwind-program.yaml:")
                && l.contains(": error ")
        ),
        "{}",
        r.out
    );
    let json: Value = serde_json::from_str(
        &Pm::new(["check", NORTHWIND, "--today", TODAY, "--format", "json"])
            .run()
            .out,
    )
    .unwrap();
    assert_eq!(
        lines.len() as u64,
        json["summary"]["failing"].as_u64().unwrap()
    );
    // A passing check is silent with --quiet.
    let r = Pm::new([
        "check",
        "examples/programs/acme-program.yaml",
        "--today",
        TODAY,
        "-q",
    ])
    .run()
    .exits(0);
    assert_eq!(r.out, "");
    // An input error on standard error shows its line with a caret under the column.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.yaml"),
        "answers:\n  training: emerging\npersonas:\n  - id: pat\n    sorces: [sales-input]\n",
    )
    .unwrap();
    Pm::new(["check", "p.yaml"])
        .dir(dir.path())
        .run()
        .exits(2)
        .says("error: p.yaml:5:5: personas[0].sorces: unknown field `sorces`")
        .says("\n  5 |     sorces: [sales-input]\n    |     ^\n");
}

/// A program file written by a person: comments on and between the answers, the overclaimed
/// ones among them, in YAML and TOML.
const COMMENTED_YAML: &str = "\
# Our persona program (reviewed quarterly)
answers:
  # Core
  internal-persona-ownership: emerging   # Dana owns it
  number-of-personas: fully-optimized    # we think
  database-completeness: advancing       # CRM says so?
  training: emerging
database: { customers_mapped_pct: 40, prospects_mapped_pct: 8 }   # from the CRM, Q3
personas:
  - { id: ivan, kind: buyer, buying_role: user, owner: o, last_updated: 2026-10-01, sources: [sales-input], covers: [goals-priorities] }
";

const COMMENTED_TOML: &str = "\
# Our persona program (reviewed quarterly)
[answers]
# Core
internal-persona-ownership = \"emerging\"   # Dana owns it
number-of-personas = \"fully-optimized\"    # we think
database-completeness = \"advancing\"       # CRM says so?
training = \"emerging\"

[database]   # from the CRM, Q3
customers_mapped_pct = 40
prospects_mapped_pct = 8

[[personas]]
id = \"ivan\"
kind = \"buyer\"
buying_role = \"user\"
owner = \"o\"
last_updated = 2026-10-01
sources = [\"sales-input\"]
covers = [\"goals-priorities\"]
";

#[test]
fn fix_sets_overclaims_to_the_evidence_keeping_comments_and_diff_shows_it_first() {
    // 40% of customers and 8% of prospects: the whole database lies between 8% and 40% mapped,
    // Experimenting to Emerging. An Advancing claim is above the range's top; --fix sets it to
    // that top, the highest level the facts allow (any level in the range passes).
    for (name, text, number, database) in [
        (
            "persona-program.yaml",
            COMMENTED_YAML,
            (
                "number-of-personas: fully-optimized    # we think",
                "number-of-personas: experimenting    # we think",
            ),
            (
                "database-completeness: advancing       # CRM says so?",
                "database-completeness: emerging       # CRM says so?",
            ),
        ),
        (
            "persona-program.toml",
            COMMENTED_TOML,
            (
                "number-of-personas = \"fully-optimized\"    # we think",
                "number-of-personas = \"experimenting\"    # we think",
            ),
            (
                "database-completeness = \"advancing\"       # CRM says so?",
                "database-completeness = \"emerging\"       # CRM says so?",
            ),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let expected = text
            .replace(number.0, number.1)
            .replace(database.0, database.1);
        // --diff: the change as a unified diff, nothing written, exit 1.
        let r = Pm::new(["check", name, "--today", TODAY, "--diff"])
            .dir(dir.path())
            .run()
            .exits(1);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            text,
            "{name}: --diff writes nothing"
        );
        assert!(
            r.out
                .starts_with(&format!("--- a/{name}\n+++ b/{name}\n@@ ")),
            "{}",
            r.out
        );
        let line = |t: &str, part: &str| t.lines().find(|l| l.contains(part)).unwrap().to_string();
        assert!(
            r.out.contains(&format!("\n-{}\n", line(text, number.0))),
            "{}",
            r.out
        );
        assert!(
            r.out
                .contains(&format!("\n+{}\n", line(&expected, number.1))),
            "{}",
            r.out
        );
        // The diff applies with patch and gives what --fix writes.
        let patched = dir.path().join("patched");
        std::fs::write(&patched, text).unwrap();
        let mut p = std::process::Command::new("patch")
            .args(["-s", "-o", "-", patched.to_str().unwrap()])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(p.stdin.as_mut().unwrap(), r.out.as_bytes()).unwrap();
        let o = p.wait_with_output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&o.stdout),
            expected,
            "{name}: patch"
        );
        // --fix: written in place, every comment kept, each change said, the check re-run on
        // what is left (nothing above the evidence: it passes).
        let r = Pm::new(["check", name, "--today", TODAY, "--fix", "--format", "json"])
            .dir(dir.path())
            .run()
            .exits(0)
            .says(&format!(
                "fixed {name}:5: number-of-personas fully-optimized → experimenting"
            ))
            .says(&format!(
                "fixed {name}:6: database-completeness advancing → emerging"
            ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), expected, "{name}");
        let v: Value = serde_json::from_str(&r.out).unwrap();
        assert!(v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] != "evidence-overclaim"));
        // Nothing left to fix: --diff is empty and exits 0.
        let r = Pm::new(["check", name, "--today", TODAY, "--diff"])
            .dir(dir.path())
            .run()
            .exits(0);
        assert_eq!(r.out, "");
    }
    // Standard input has no file to fix.
    Pm::new(["check", "-", "--fix"])
        .stdin(COMMENTED_YAML)
        .run()
        .exits(2)
        .says("--fix: edits files in place");
}

/// A step of the action (action.yml at the repository's root), by name.
fn action_step(name: &str) -> serde_yaml::Value {
    let doc: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(manifest("action.yml")).unwrap()).unwrap();
    assert_eq!(doc["runs"]["using"].as_str(), Some("composite"));
    doc["runs"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no step {name}"))
        .clone()
}

fn git(dir: &Path, args: &[&str]) {
    let o = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Run an action step's script as the runner does (`bash --noprofile --norc -eo pipefail`), in
/// `dir`, with the tool on PATH and the runner's files; returns (exit code, standard output).
fn run_action_step(step: &serde_yaml::Value, dir: &Path, env: &[(&str, &str)]) -> (i32, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_persona-maturity"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = std::process::Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-e", "-o", "pipefail", "-c"])
        .arg(step["run"].as_str().unwrap())
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_WORKSPACE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
    )
}

#[test]
fn the_action_checks_against_the_base_branch_annotates_summarises_and_uploads_sarif() {
    let install = action_step("Install persona-maturity");
    assert!(install["run"]
        .as_str()
        .unwrap()
        .contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\""));
    let check = action_step("Check the persona program");
    let summary = action_step("Report in the job summary");
    let upload = action_step("Upload to code scanning");
    assert_eq!(
        check["working-directory"].as_str(),
        Some("${{ inputs.working-directory }}")
    );
    assert_eq!(check["env"]["FILES"].as_str(), Some("${{ inputs.files }}"));
    assert_eq!(
        check["env"]["FAIL_ON"].as_str(),
        Some("${{ inputs.fail-on }}")
    );
    assert_eq!(
        upload["uses"].as_str().unwrap().split('@').next(),
        Some("github/codeql-action/upload-sarif")
    );
    assert_eq!(
        upload["with"]["sarif_file"].as_str(),
        Some("${{ runner.temp }}/persona-check.sarif")
    );
    assert_eq!(summary["if"].as_str(), Some("always()"));
    assert!(upload["if"].as_str().unwrap().starts_with("always()"));

    // A repository whose main branch has the program at ops/; the pull request turns an answer
    // `unsure`.
    let repo = tempfile::tempdir().unwrap();
    let r = repo.path();
    std::fs::create_dir(r.join("ops")).unwrap();
    let template = Pm::new(["init"]).run().exits(0).out;
    std::fs::write(r.join("ops/persona-program.yaml"), &template).unwrap();
    git(r, &["init", "-q", "-b", "main"]);
    git(r, &["add", "."]);
    git(r, &["commit", "-q", "-m", "program"]);
    let changed = template.replacen("training: advancing", "training: unsure", 1);
    assert_ne!(changed, template);
    std::fs::write(r.join("ops/persona-program.yaml"), &changed).unwrap();
    let temp = tempfile::tempdir().unwrap();
    let t = |name: &str| temp.path().join(name).to_str().unwrap().to_string();
    let (output, summary_md) = (t("output"), t("summary.md"));
    let env: [(&str, &str); 6] = [
        ("FILES", ""),
        ("BASELINE_REF", "main"),
        ("FAIL_ON", "error"),
        ("RUNNER_TEMP", temp.path().to_str().unwrap()),
        ("GITHUB_OUTPUT", &output),
        ("GITHUB_STEP_SUMMARY", &summary_md),
    ];
    let (code, out) = run_action_step(&check, &r.join("ops"), &env);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("::error file=ops/persona-program.yaml,line=")
            && out.contains("title=regression (training)::"),
        "{out}"
    );
    let sarif_path = t("persona-check.sarif");
    assert!(std::fs::read_to_string(t("output"))
        .unwrap()
        .contains(&format!("sarif={sarif_path}")));
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif_path).unwrap()).unwrap();
    assert!(sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["ruleId"] == "regression"
            && x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "ops/persona-program.yaml"));
    let (code, _) = run_action_step(&summary, r, &env);
    assert_eq!(code, 0);
    let md = std::fs::read_to_string(t("summary.md")).unwrap();
    assert!(md.starts_with("## Persona program check: ❌ FAIL"), "{md}");

    // A broken main: its file cannot be read, so the pull request that repairs it is checked
    // without a baseline (with a warning) and can pass.
    std::fs::write(
        r.join("ops/persona-program.yaml"),
        "answers:\n  trainng: emerging\n",
    )
    .unwrap();
    git(r, &["commit", "-q", "-am", "broken"]);
    std::fs::write(r.join("ops/persona-program.yaml"), &template).unwrap();
    let (code, out) = run_action_step(&check, &r.join("ops"), &env);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "::warning title=persona-maturity::persona-program.yaml on main cannot be read"
        ),
        "{out}"
    );
}

#[test]
#[cfg_attr(
    without_tool = "PRE_COMMIT",
    ignore = "PRE_COMMIT (the path of the pre-commit program) is not set"
)]
fn the_pre_commit_hook_and_the_actions_install_build_the_tool_from_this_checkout() {
    let Some(pre_commit) = crate::common::tool_path("PRE_COMMIT", "the pre-commit program") else {
        return;
    };
    // Both build the tool with cargo from this checkout; one target folder for both, and a
    // release profile without LTO so the build takes a debug build's time.
    let target = manifest("target/hook-install");
    let cargo_env = [
        ("CARGO_TARGET_DIR", target.to_str().unwrap()),
        ("CARGO_PROFILE_RELEASE_LTO", "false"),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
        ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
    ];
    let project = tempfile::tempdir().unwrap();
    let p = project.path();
    std::fs::create_dir(p.join("ops")).unwrap();
    std::fs::copy(manifest(NORTHWIND), p.join("persona-program.yaml")).unwrap();
    let template = Pm::new(["init"]).run().exits(0).out;
    std::fs::write(p.join("ops/persona-program.yaml"), &template).unwrap();
    std::fs::write(p.join("notes.yaml"), "not: a program\n").unwrap();
    git(p, &["init", "-q"]);
    git(p, &["add", "."]);
    git(p, &["commit", "-q", "-m", "program"]);
    let home = tempfile::tempdir().unwrap();
    let try_repo = |files: &[&str]| {
        let mut cmd = std::process::Command::new(&pre_commit);
        cmd.args([
            "try-repo",
            env!("CARGO_MANIFEST_DIR"),
            "persona-maturity-check",
            "--verbose",
            "--files",
        ])
        .args(files)
        .current_dir(p)
        .env("PRE_COMMIT_HOME", home.path())
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_WORKSPACE");
        for (k, v) in cargo_env {
            cmd.env(k, v);
        }
        let o = cmd.output().unwrap();
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    };
    // The failing program and the passing one in one run; notes.yaml is no program file.
    let (code, out) = try_repo(&[
        "persona-program.yaml",
        "ops/persona-program.yaml",
        "notes.yaml",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("persona program check"), "{out}");
    assert!(out.contains("Failed"), "{out}");
    assert!(
        out.contains("persona-program.yaml:17: error evidence-overclaim (number-of-personas)"),
        "{out}"
    );
    assert!(out.contains("PASS ops/persona-program.yaml"), "{out}");
    assert!(out.contains("2 files checked: 1 fail"), "{out}");
    assert!(!out.contains("notes.yaml"), "{out}");
    let (code, out) = try_repo(&["ops/persona-program.yaml"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Passed"), "{out}");

    // The action's install step, run as the runner runs it.
    let install = action_step("Install persona-maturity");
    let temp = tempfile::tempdir().unwrap();
    let path_file = temp.path().join("path");
    let mut env: Vec<(&str, &str)> = cargo_env.to_vec();
    env.extend([
        ("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR")),
        ("RUNNER_TEMP", temp.path().to_str().unwrap()),
        ("GITHUB_PATH", path_file.to_str().unwrap()),
    ]);
    let (code, out) = run_action_step(&install, temp.path(), &env);
    assert_eq!(code, 0, "{out}");
    let bin_dir = std::fs::read_to_string(&path_file).unwrap();
    let installed = Path::new(bin_dir.trim()).join("persona-maturity");
    let o = std::process::Command::new(&installed)
        .arg("--version")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("persona-maturity "));
}

#[test]
fn lines_point_at_what_to_edit_and_merge_keys_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let check = |name: &str, text: &str| {
        std::fs::write(d.join(name), text).unwrap();
        Pm::new(["check", name, "--today", TODAY, "--format", "json"])
            .dir(d)
            .run()
    };
    // A duplicate key: at the duplicate, not at the start of its map.
    check(
        "dup.yaml",
        "answers:\n  training: emerging\n  sharing-personas: emerging\n  training: advancing\n",
    )
    .exits(2)
    .says("dup.yaml:4:3: answers: duplicate key `training`");
    // A quote never closed: at the quote, never past the end of the file.
    let r = check(
        "quote.yaml",
        "answers:\n  training: emerging\npersonas:\n  - id: \"pat\n    kind: buyer\n",
    )
    .exits(2)
    .says("quote.yaml:4:9: personas[0].id: this quoted text is never closed");
    let v: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["findings"][0]["line"], 4);
    // A flow map cut short: where it opened.
    check(
        "cut.yaml",
        "answers: { training: emerging,\n  sharing-personas: emerging\n",
    )
    .exits(2)
    .says("cut.yaml:1:");
    // Merge keys: refused by name, with the way that works.
    check(
        "merge.yaml",
        "answers:\n  training: emerging\npersonas:\n  - &amy { id: amy, kind: buyer, owner: o }\n  - <<: *amy\n    id: pat\n",
    )
    .exits(2)
    .says("merge.yaml:5:5: personas[1].<<: YAML merge keys (`<<:`) are not supported")
    .says("write the keys out in full");
    // A stale persona at its last_updated, in YAML and TOML.
    let r = check(
        "stale.yaml",
        "answers: { training: emerging }\npersonas:\n  - id: amy\n    kind: buyer\n    owner: o\n    sources: [sales-input]\n    last_updated: 2020-01-01   # last_updated: not this\n",
    );
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let stale = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "stale-persona")
        .unwrap();
    assert_eq!(stale["line"], 7);
    let r = check(
        "stale.toml",
        "[answers]\ntraining = \"emerging\"\n\n[[personas]]\nid = \"amy\"\nkind = \"buyer\"\nowner = \"o\"\nlast_updated = 2099-01-01\n",
    );
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let future = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "future-date")
        .unwrap();
    assert_eq!(future["line"], 8);
}

#[test]
fn waivers_misspelt_or_expired_twice_are_named_and_severity_settings_reach_sarif() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("p.yaml"),
        "answers: { training: emerging }\n\
         personas:\n  - { id: olivia, kind: buyer, owner: o, last_updated: 2026-10-01, sources: [internal-opinion], covers: [demographics] }\n\
         policy:\n  severity: { demographics-only: error, no-sales-input: off }\n  waivers:\n\
         \x20   - { rule: guesswork, subject: olivai, reason: interviews booked, expires: 2027-03-31 }\n\
         \x20   - { rule: no-negative-persona, reason: drafting, expires: 2026-01-31 }\n\
         \x20   - { rule: no-negative-persona, reason: still drafting, expires: 2026-06-30 }\n",
    )
    .unwrap();
    let r = Pm::new(["check", "p.yaml", "--today", TODAY, "--format", "json"])
        .dir(d)
        .run()
        .exits(1);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let find = |rule: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .cloned()
            .unwrap()
    };
    let unused = find("unused-waiver");
    assert_eq!(
        unused["remediation"],
        "The subject may be misspelt: did you mean `olivia`?"
    );
    let expired = find("expired-waiver");
    assert_eq!(
        expired["message"],
        "2 waivers for `no-negative-persona` expired: on 2026-01-31 (line 8, reason: drafting); \
         on 2026-06-30 (line 9, reason: still drafting)"
    );
    assert_eq!(expired["line"], 8);
    let sarif: Value = serde_json::from_str(
        &Pm::new(["check", "p.yaml", "--today", TODAY, "--format", "sarif"])
            .dir(d)
            .run()
            .out,
    )
    .unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let rule =
        |id: &str| rules.iter().find(|r| r["id"] == id).unwrap()["defaultConfiguration"].clone();
    assert_eq!(
        rule("demographics-only"),
        serde_json::json!({ "level": "error", "enabled": true })
    );
    assert_eq!(rule("no-sales-input")["enabled"], false);
    assert_eq!(
        rule("guesswork"),
        serde_json::json!({ "level": "warning", "enabled": true })
    );
    // Markdown cells show the tool's backticked ids as code, not as escaped backticks.
    let md = Pm::new(["check", NORTHWIND, "--today", TODAY, "--format", "markdown"])
        .run()
        .out;
    assert!(
        md.contains("persona `director-dee` (line 35) needs 3 of `buying-role`"),
        "{md}"
    );
    assert!(!md.contains("\\`"), "{md}");
}

#[test]
fn the_gitlab_example_writes_the_code_quality_report_gitlab_reads() {
    let doc: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(manifest("examples/ci/gitlab-ci.yml")).unwrap(),
    )
    .unwrap();
    let job = &doc["persona-program"];
    let report = job["artifacts"]["reports"]["codequality"].as_str().unwrap();
    let script: Vec<&str> = job["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let check = script
        .iter()
        .find(|s| s.starts_with("persona-maturity check"))
        .unwrap();
    assert!(
        check.contains(&format!("--output gitlab={report}")),
        "{check}"
    );
    assert_eq!(job["artifacts"]["when"].as_str(), Some("always"));
    // Run as GitLab runs it (CI_PROJECT_DIR the checkout), from the checkout's root.
    let repo = repo_with_program();
    let o = std::process::Command::new("bash")
        .args(["-e", "-c", check])
        .current_dir(repo.path())
        .env(
            "PATH",
            format!(
                "{}:{}",
                Path::new(env!("CARGO_BIN_EXE_persona-maturity"))
                    .parent()
                    .unwrap()
                    .display(),
                std::env::var("PATH").unwrap()
            ),
        )
        .env("CI_PROJECT_DIR", repo.path())
        .env_remove("GITHUB_WORKSPACE")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let issues: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.path().join(report)).unwrap()).unwrap();
    assert!(gitlab_validator().is_valid(&issues));
    assert_eq!(issues[0]["location"]["path"], "ops/persona-program.yaml");
}

#[test]
fn each_program_file_reads_the_interview_log_it_names_relative_to_itself() {
    // Two teams' programs, each naming `interviews.csv` beside it: a customer interview in one
    // log (Emerging), only internal ones in the other (Experimenting).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let program = "answers:\n  qualitative-interviews: emerging   # kept\nevidence: { interviews: interviews.csv }\n";
    for (team, log) in [
        ("north", "date,kind\n2026-10-01,customer\n"),
        (
            "south",
            "date,kind\n2026-10-01,internal\n2026-10-02,internal\n",
        ),
    ] {
        std::fs::create_dir(d.join(team)).unwrap();
        std::fs::write(d.join(team).join("persona-program.yaml"), program).unwrap();
        std::fs::write(d.join(team).join("interviews.csv"), log).unwrap();
    }
    let files = ["north/persona-program.yaml", "south/persona-program.yaml"];
    let check = |extra: &[&str]| {
        let mut args = vec!["check"];
        args.extend_from_slice(&files);
        args.extend(["--today", TODAY]);
        args.extend_from_slice(extra);
        Pm::new(args).dir(d).run()
    };
    let r = check(&["--format", "json"]).exits(1);
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let measured = |file: &Value| {
        let e = file["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["attribute"] == "qualitative-interviews")
            .unwrap()
            .clone();
        let overclaim =
            file["findings"].as_array().unwrap().iter().any(|f| {
                f["rule"] == "evidence-overclaim" && f["subject"] == "qualitative-interviews"
            });
        (e["evidence"].as_str().unwrap().to_string(), overclaim)
    };
    let f = v["files"].as_array().unwrap();
    assert_eq!(measured(&f[0]), ("emerging".into(), false), "{v:#}");
    assert_eq!(measured(&f[1]), ("experimenting".into(), true), "{v:#}");
    // --fix weighs the same logs: only the south program is lowered.
    check(&["--fix"]);
    assert_eq!(
        std::fs::read_to_string(d.join("north/persona-program.yaml")).unwrap(),
        program
    );
    assert_eq!(
        std::fs::read_to_string(d.join("south/persona-program.yaml")).unwrap(),
        program.replace(
            "qualitative-interviews: emerging ",
            "qualitative-interviews: experimenting "
        )
    );
    // A log missing beside one file is that file's input error; the other is still checked.
    std::fs::remove_file(d.join("south/interviews.csv")).unwrap();
    let r = check(&["--format", "json"]).exits(2);
    assert!(
        r.err
            .contains("evidence.interviews: `interviews.csv` does not exist"),
        "{r}"
    );
    let v: Value = serde_json::from_str(&r.out).unwrap();
    let f = v["files"].as_array().unwrap();
    assert_eq!(measured(&f[0]), ("emerging".into(), false), "{v:#}");
    assert_eq!(f[1]["findings"][0]["rule"], "invalid-input", "{v:#}");
}
