//! Every output checked by the program that reads it: a Markdown renderer, a JSON Schema
//! validator, bash and fish completing, mandoc, xmllint with the JUnit schema Jenkins uses, the
//! Nu HTML validator; and the promises every medium keeps (control characters never raw, CSV
//! cells that a spreadsheet would run turned into text, tables within the terminal's width).
//!
//! Tools that are not Rust crates are found on the machine; `.ci/run` installs them. Where one is
//! missing the test says so and passes, except under CI (`CI` set), where it fails.

use crate::common::{pm, run, run_stdin};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether a program is on the machine; under CI a missing one fails the test.
fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is needed for this test (.ci/run installs it)"
        );
        eprintln!("skipped: {tool} is not installed");
    }
    found
}

fn out(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert!(code == 0 || code == 1, "{args:?}: exit {code}: {err}");
    out
}

// ---- Markdown, through a CommonMark/GFM renderer ----

fn markdown_html(md: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let mut out = String::new();
    html::push_html(
        &mut out,
        Parser::new_ext(
            md,
            Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS,
        ),
    );
    out
}

#[test]
fn form_plan_and_history_markdown_render_as_written() {
    // The form: a heading and one list of 5 options per question, one list of respondent fields.
    let html = markdown_html(&out(&["form", "--format", "markdown"]));
    assert_eq!(html.matches("<h3>").count(), 17, "{html}");
    assert_eq!(html.matches("<ul>").count(), 18, "{html}");
    assert_eq!(html.matches("<li>").count(), 4 + 17 * 5);
    assert!(html.contains("<li>1 · Experimenting — Ad hoc budget allocated, heavy reliance on internal opinions, resources &amp; data</li>"), "{html}");
    // The plan: one checkbox and one owner per step, the tips nested under their step.
    let args = [
        "plan",
        "examples/answers/acme.yaml",
        "--start",
        "2027-01-01",
    ];
    let json: serde_json::Value =
        serde_json::from_str(&out(&[&args[..], &["--format", "json"]].concat())).unwrap();
    let steps: usize = json["quarters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["steps"].as_array().unwrap().len())
        .sum();
    let html = markdown_html(&out(&[&args[..], &["--format", "markdown"]].concat()));
    assert_eq!(html.matches("type=\"checkbox\"").count(), steps, "{html}");
    assert_eq!(html.matches("<li>Owner:").count(), steps, "{html}");
    assert_eq!(
        html.matches("<h3>").count(),
        json["quarters"].as_array().unwrap().len()
    );
    // History: one table, a row per version, and what moved as lists.
    let repo = crate::history::three_versions();
    let (code, md, err) =
        crate::common::Pm::new(["history", "answers.yaml", "--format", "markdown"])
            .dir(repo.path())
            .run()
            .into_parts();
    assert_eq!(code, 0, "{err}");
    let html = markdown_html(&md);
    assert_eq!(html.matches("<table>").count(), 1, "{html}");
    assert_eq!(html.matches("<tr>").count(), 1 + 3, "{html}");
    assert!(
        html.contains("<li>Frequency of Updates ▼ Emerging → Experimenting</li>"),
        "{html}"
    );
}

#[test]
fn markdown_next_steps_stay_one_list_of_every_step() {
    let md = out(&[
        "score",
        "examples/responses/acme-q4",
        "--format",
        "markdown",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out(&[
        "score",
        "examples/responses/acme-q4",
        "--format",
        "json",
    ]))
    .unwrap();
    let steps = json["next_steps"].as_array().unwrap().len();
    assert!(
        steps >= 10,
        "the example needs ten or more steps to test this: {steps}"
    );
    let html = markdown_html(&md);
    let section = &html[html.find("Next steps toward").unwrap()..];
    let list = &section[..section.find("</ol>").unwrap()];
    assert_eq!(html.matches("<ol").count(), 1, "{html}");
    let items = list.matches("<li>").count();
    let tips = list.matches("<li>Tip: ").count();
    assert_eq!(
        items - tips,
        steps,
        "one list item per step (tips are their own items)"
    );
}

#[test]
fn markdown_escapes_every_input_text_and_tables_keep_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = dir.path().join("r.yaml");
    let mut text = std::fs::read_to_string("tests/fixtures/rubrics/three-levels.yaml").unwrap();
    text = text.replacen("name: Ad hoc", "name: \"Ad hoc | none\"", 1);
    std::fs::write(&rubric, &text).unwrap();
    let answers =
        "organization: \"*Acme* _Inc_ `x` \\\\ & <b> [link](http://x) | a\"\nanswers: {}\n";
    let (code, md, err) = run_stdin(
        &[
            "--rubric",
            rubric.to_str().unwrap(),
            "score",
            "-",
            "--input-format",
            "yaml",
            "--format",
            "markdown",
        ],
        answers,
    );
    assert_eq!(code, 0, "{err}");
    let html = markdown_html(&md);
    assert!(
        !html.contains("<em>Acme</em>") && !html.contains("<em>Inc</em>"),
        "{html}"
    );
    assert!(!html.contains("<b>"), "{html}");
    assert!(!html.contains("<a "), "{html}");
    assert!(!html.contains("<code>x</code>"), "{html}");
    assert!(
        html.contains("*Acme* _Inc_ `x` \\ &amp; &lt;b&gt; [link](http://x) | a"),
        "{html}"
    );
    // Every row of the attributes table has its five cells.
    let table = &html[html.find("<h2>Attributes</h2>").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    for row in table.split("<tr>").skip(2) {
        assert_eq!(row.matches("<td").count(), 3, "{row}");
    }
}

// ---- JSON Schema, through a validator ----

fn schema_validator(rubric: Option<&str>) -> jsonschema::Validator {
    let mut args = vec![];
    if let Some(r) = rubric {
        args.extend(["--rubric", r]);
    }
    args.push("schema");
    let schema: serde_json::Value = serde_json::from_str(&out(&args)).unwrap();
    assert!(
        schema["$id"].is_string()
            && schema["title"].is_string()
            && schema["description"].is_string()
    );
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

/// A YAML or TOML file as the JSON value an editor's schema check sees.
fn as_json(path: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(path).ok()?;
    match path.extension()?.to_str()? {
        "toml" => {
            let v: toml::Value = toml::from_str(&text).ok()?;
            // TOML dates become their text, as YAML writes them.
            let s = serde_json::to_string(&v).ok()?;
            let v: serde_json::Value = serde_json::from_str(&s).ok()?;
            Some(untoml_dates(v))
        }
        _ => serde_yaml::from_str(&text).ok(),
    }
}

fn untoml_dates(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Object(m) if m.len() == 1 && m.contains_key("$__toml_private_datetime") => {
            m["$__toml_private_datetime"].clone()
        }
        Value::Object(m) => {
            Value::Object(m.into_iter().map(|(k, v)| (k, untoml_dates(v))).collect())
        }
        Value::Array(a) => Value::Array(a.into_iter().map(untoml_dates).collect()),
        v => v,
    }
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            out.push(e.into_path());
        }
    }
    out.sort();
    out
}

#[test]
fn the_json_schema_accepts_every_example_and_refuses_what_the_tool_refuses() {
    let v = schema_validator(None);
    for path in files("examples/answers")
        .into_iter()
        .chain(files("examples/programs"))
        .chain(files("examples/organizations"))
        .chain(files("examples/responses"))
    {
        let doc = as_json(&path).unwrap();
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    // The tool and the schema agree on every bad answers file, except what JSON Schema cannot
    // say: a file's bytes, YAML syntax, duplicate keys and impossible calendar dates.
    let beyond_schema = [
        "alias-bomb.yaml",
        "answers.txt",
        "binary.yaml",
        "deep-nesting.yaml",
        "duplicate-answer.toml",
        "duplicate-answer.yaml",
        "empty.yaml",
        "invalid-date.toml",
        "invalid-date.yaml",
        "truncated.yaml",
        "two-documents.yaml",
        "utf16.yaml",
    ];
    for path in files("tests/fixtures/bad") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (code, _, _) = run(&["score", path.to_str().unwrap()]);
        assert_eq!(code, 2, "{name}: the tool refuses it");
        if beyond_schema.contains(&name.as_str()) {
            continue;
        }
        let doc = as_json(&path).unwrap_or_else(|| panic!("{name} parses"));
        assert!(
            !v.is_valid(&doc),
            "{name}: the schema accepts what the tool refuses"
        );
    }
}

#[test]
fn the_json_schema_refuses_each_value_the_tool_refuses_in_a_program_file() {
    let v = schema_validator(None);
    let base = std::fs::read_to_string("examples/programs/acme-program.yaml").unwrap();
    let mut doc: serde_json::Value = serde_yaml::from_str(&base).unwrap();
    assert!(v.is_valid(&doc));
    let cases: Vec<(&str, serde_json::Value)> = vec![
        ("/database/customers_mapped_pct", serde_json::json!(150)),
        ("/database/prospects_mapped_pct", serde_json::json!(-5)),
        ("/answers/training", serde_json::json!("expert")),
        ("/policy/minimum/overall", serde_json::json!("superb")),
        ("/policy/max_persona_age_days", serde_json::json!(0)),
        ("/date", serde_json::json!("2026-11-2")),
        ("/date", serde_json::json!("0000-01-01")),
        ("/rubric", serde_json::json!("another-rubric")),
        ("/policy/targets/0/attribute", serde_json::json!("trainng")),
        ("/policy/waivers/0/rule", serde_json::json!("no-such-rule")),
    ];
    for (pointer, value) in cases {
        let mut bad = doc.clone();
        *bad.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer} in the example")) = value.clone();
        assert!(!v.is_valid(&bad), "schema accepts {pointer} = {value}");
        let yaml = serde_yaml::to_string(&bad).unwrap();
        let (code, _, err) = run_stdin(&["check", "-", "--input-format", "yaml"], &yaml);
        assert_eq!(code, 2, "the tool accepts {pointer} = {value}: {err}");
    }
    // A misspelt key and an unknown rule in `severity`.
    doc["answers"]["trainin"] = serde_json::json!("advancing");
    assert!(!v.is_valid(&doc));
    let mut doc: serde_json::Value = serde_yaml::from_str(&base).unwrap();
    doc["policy"]["severity"]["no-such-rule"] = serde_json::json!("error");
    assert!(!v.is_valid(&doc));
    // Display names and any case, as the tool reads them.
    let mut doc: serde_json::Value = serde_yaml::from_str(&base).unwrap();
    doc["answers"]["training"] = serde_json::json!("fully optimized");
    doc["answers"]["budget-allocation"] = serde_json::json!(" EMERGING ");
    doc["answers"]["sharing-personas"] = serde_json::json!("Not Sure");
    assert!(
        v.is_valid(&doc),
        "{:?}",
        v.iter_errors(&doc)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    // The database: counts or a percentage per side, never both, never neither.
    let counts = serde_json::json!({
        "customers": { "records": 1000, "mapped": 600 },
        "prospects": { "records": 10000, "mapped": 800 }
    });
    let mixed = serde_json::json!({
        "customers": { "records": 1000, "mapped": 600 },
        "prospects_mapped_pct": 8
    });
    let both = serde_json::json!({
        "customers": { "records": 1000, "mapped": 600 },
        "customers_mapped_pct": 60,
        "prospects_mapped_pct": 8
    });
    let neither = serde_json::json!({ "prospects_mapped_pct": 8 });
    let negative = serde_json::json!({
        "customers": { "records": -1, "mapped": 0 },
        "prospects_mapped_pct": 8
    });
    let extra = serde_json::json!({
        "customers": { "records": 10, "mapped": 1, "as_of": "2026-11-01" },
        "prospects_mapped_pct": 8
    });
    for (db, ok) in [
        (counts, true),
        (mixed, true),
        (both, false),
        (neither, false),
        (negative, false),
        (extra, false),
    ] {
        let mut doc: serde_json::Value = serde_yaml::from_str(&base).unwrap();
        doc["database"] = db.clone();
        assert_eq!(v.is_valid(&doc), ok, "schema on {db}");
        let yaml = serde_yaml::to_string(&doc).unwrap();
        let (code, _, err) = run_stdin(
            &[
                "check",
                "-",
                "--input-format",
                "yaml",
                "--today",
                "2026-11-22",
            ],
            &yaml,
        );
        assert_eq!(code != 2, ok, "the tool on {db}: {err}");
    }
    // Measures: name, value and date required, persona and owner optional, nothing else.
    for (m, ok) in [
        (
            serde_json::json!([{ "name": "win rate", "value": 31, "as_of": "2026-10-01", "owner": "dana" }]),
            true,
        ),
        (
            serde_json::json!([{ "name": "win rate", "value": 31.5, "as_of": "2026-10-01", "persona": "ops-olivia" }]),
            true,
        ),
        (
            serde_json::json!([{ "name": "win rate", "value": 31 }]),
            false,
        ),
        (
            serde_json::json!([{ "name": "win rate", "value": "31%", "as_of": "2026-10-01" }]),
            false,
        ),
        (
            serde_json::json!([{ "name": "win rate", "value": 31, "as_of": "2026-10-01", "unit": "%" }]),
            false,
        ),
        (
            serde_json::json!([{ "name": " ", "value": 31, "as_of": "2026-10-01" }]),
            false,
        ),
    ] {
        let mut doc: serde_json::Value = serde_yaml::from_str(&base).unwrap();
        doc["measures"] = m.clone();
        assert_eq!(v.is_valid(&doc), ok, "schema on {m}");
        let yaml = serde_yaml::to_string(&doc).unwrap();
        let (code, _, err) = run_stdin(
            &[
                "check",
                "-",
                "--input-format",
                "yaml",
                "--today",
                "2026-11-22",
            ],
            &yaml,
        );
        assert_eq!(code != 2, ok, "the tool on {m}: {err}");
    }
    // What JSON Schema cannot compare, the tool refuses alone: more mapped than records.
    let mut doc: serde_json::Value = serde_yaml::from_str(&base).unwrap();
    doc["database"] = serde_json::json!({
        "customers": { "records": 10, "mapped": 11 },
        "prospects_mapped_pct": 8
    });
    let (code, _, err) = run_stdin(
        &["check", "-", "--input-format", "yaml"],
        &serde_yaml::to_string(&doc).unwrap(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("database.customers.mapped: 11 mapped of 10 records: mapped cannot be more than records"), "{err}");
    // The attributes are listed for editors to suggest.
    let schema: serde_json::Value = serde_json::from_str(&out(&["schema"])).unwrap();
    let answers = schema["properties"]["answers"]["properties"]
        .as_object()
        .unwrap();
    assert_eq!(answers.len(), 17);
    assert!(answers.contains_key("depth-of-personas"));
}

#[test]
fn a_custom_rubric_gets_its_own_schema() {
    let v = schema_validator(Some("tests/fixtures/rubrics/three-levels.yaml"));
    let ok: serde_json::Value =
        serde_json::json!({ "rubric": "content-maturity", "answers": { "analytics": "ad-hoc" } });
    assert!(
        v.is_valid(&ok),
        "{:?}",
        v.iter_errors(&ok)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    let bad = serde_json::json!({ "answers": { "training": "advancing" } });
    assert!(!v.is_valid(&bad));
}

// ---- completions, in the shells themselves ----

fn bash_complete(line: &str) -> Vec<String> {
    let script = out(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pm.bash");
    std::fs::write(&path, script).unwrap();
    let words: Vec<&str> = line.split(' ').collect();
    let cword = words.len() - 1;
    let array = words
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let prev = if cword > 0 { words[cword - 1] } else { "" };
    let program = format!(
        "source '{}'; COMP_WORDS=({array}); COMP_CWORD={cword}; _persona__maturity persona-maturity '{}' '{prev}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display(),
        words[cword]
    );
    let o = Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_commands_options_and_every_options_values() {
    if !have("bash") {
        return;
    }
    assert!(bash_complete("persona-maturity sc").contains(&"score".to_string()));
    let formats = bash_complete("persona-maturity score --format ");
    for f in ["table", "json", "markdown", "csv", "html"] {
        assert!(formats.contains(&f.to_string()), "{formats:?}");
    }
    let fail_on = bash_complete("persona-maturity check x.yaml --fail-on ");
    assert_eq!(fail_on, vec!["info", "warning", "error"], "no `off`");
    let options = bash_complete("persona-maturity check --");
    for o in [
        "--format",
        "--baseline",
        "--today",
        "--fail-on",
        "--no-fail",
    ] {
        assert!(options.contains(&o.to_string()), "{options:?}");
    }
    let shows = bash_complete("persona-maturity rubric show --format ");
    assert_eq!(shows, vec!["table", "yaml", "json"]);
}

#[test]
fn bash_completes_file_names_and_every_known_value() {
    if !have("bash") {
        return;
    }
    // Nothing typed after a command that takes files: file names, never a lone `-`.
    for line in [
        "persona-maturity check ",
        "persona-maturity score ",
        "persona-maturity score answers.yaml ",
        "persona-maturity plan ",
        "persona-maturity history ",
        "persona-maturity import ",
        "persona-maturity explain training ",
    ] {
        let got = bash_complete(line);
        assert!(got.contains(&"Cargo.toml".to_string()), "{line}: {got:?}");
        assert!(got.iter().all(|w| !w.starts_with('-')), "{line}: {got:?}");
    }
    // Options still complete after a `-`.
    assert!(bash_complete("persona-maturity check --out").contains(&"--output".to_string()));
    // Known values: levels, attribute ids, command names, rule ids.
    for line in [
        "persona-maturity score x.yaml --target ",
        "persona-maturity plan x.yaml --target ",
        "persona-maturity check x.yaml --target ",
    ] {
        assert_eq!(
            bash_complete(line),
            vec!["experimenting", "emerging", "advancing", "fully-optimized"],
            "{line}"
        );
    }
    assert_eq!(
        bash_complete("persona-maturity explain depth"),
        vec!["depth-of-personas"]
    );
    assert!(bash_complete("persona-maturity man ").contains(&"check".to_string()));
    assert_eq!(
        bash_complete("persona-maturity man ru"),
        vec!["rubric", "rules"]
    );
    assert_eq!(
        bash_complete("persona-maturity rules evidence"),
        vec!["evidence-overclaim"]
    );
}

#[test]
fn fish_completes_option_values_and_zsh_reads_its_script() {
    if have("fish") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pm.fish");
        std::fs::write(&path, out(&["completions", "fish"])).unwrap();
        let program = format!(
            "source '{}'; complete -C 'persona-maturity check x.yaml --fail-on '",
            path.display()
        );
        let o = Command::new("fish")
            .args(["--no-config", "-c", &program])
            .output()
            .unwrap();
        let got: Vec<String> = String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").to_string())
            .collect();
        let mut got = got;
        got.sort();
        assert_eq!(
            got,
            vec!["error", "info", "warning"],
            "no `off`: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        // After `rules`: the rule ids, and no file names (the folder holds files).
        std::fs::write(dir.path().join("stale-notes.txt"), "").unwrap();
        let program = format!(
            "cd '{}'; source '{}'; complete -C 'persona-maturity rules stale'",
            dir.path().display(),
            path.display()
        );
        let o = Command::new("fish")
            .args(["--no-config", "-c", &program])
            .output()
            .unwrap();
        let got: Vec<String> = String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or("").to_string())
            .collect();
        assert_eq!(
            got,
            vec!["stale-evidence", "stale-persona"],
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    if have("zsh") {
        let script = out(&["completions", "zsh"]);
        assert!(
            script.contains("(info warning error)") || script.contains("info\\:"),
            "{script}"
        );
        assert!(!script.contains("off\\:"), "no `off` for --fail-on");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("_persona-maturity");
        std::fs::write(&path, script).unwrap();
        let o = Command::new("zsh")
            .args(["-n", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
}

// ---- man pages, through mandoc ----

#[test]
fn every_man_page_is_mandoc_lint_clean_and_documents_every_option() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&["man", "--all", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let pages = files(dir.path().to_str().unwrap());
    assert_eq!(pages.len(), 20, "{pages:?}");
    let check = std::fs::read_to_string(dir.path().join("persona-maturity-check.1")).unwrap();
    for option in ["format", "baseline", "fail\\-on", "today", "no\\-fail"] {
        assert!(
            check.contains(&format!("\\-\\-{option}")),
            "{option} in the check page"
        );
    }
    let without_date = |page: &str| {
        page.lines()
            .filter(|l| !l.starts_with(".TH"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_date(&out(&["man", "check"])), without_date(&check));
    if !have("mandoc") {
        return;
    }
    for page in &pages {
        let o = Command::new("mandoc")
            .arg("-Tlint")
            .arg(page)
            .output()
            .unwrap();
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(said.is_empty(), "{}: {said}", page.display());
        // As `man` shows it at MANWIDTH=80: no line wider than 80 columns, and an EXIT STATUS
        // section on every command's page that has exit codes.
        let o = Command::new("mandoc")
            .args(["-Tutf8", "-O", "width=80"])
            .arg(page)
            .output()
            .unwrap();
        let mut shown = String::new();
        for line in String::from_utf8_lossy(&o.stdout).lines() {
            let mut plain = String::new();
            for c in line.chars() {
                match c {
                    '\u{8}' => {
                        plain.pop();
                    }
                    '\t' => {
                        let pad = 8 - plain.chars().count() % 8;
                        plain.push_str(&" ".repeat(pad));
                    }
                    c => plain.push(c),
                }
            }
            assert!(
                plain.chars().count() <= 80,
                "{}: {} columns: {plain}",
                page.display(),
                plain.chars().count()
            );
            shown.push_str(&plain);
            shown.push('\n');
        }
        let name = page.file_name().unwrap().to_str().unwrap();
        if ["check", "score", "assess", "import", "plan", "history"]
            .iter()
            .any(|c| name == format!("persona-maturity-{c}.1"))
        {
            assert!(shown.contains("EXIT STATUS"), "{name}");
            assert!(
                shown.contains("       2      usage error, input that cannot be read"),
                "{name}: {shown}"
            );
            assert!(
                shown.contains("       74     an output cannot be written"),
                "{name}: {shown}"
            );
        }
    }
}

#[test]
fn man_for_a_command_that_does_not_exist_says_which_do() {
    let (code, _, err) = run(&["man", "chek"]);
    assert_eq!(code, 2);
    assert!(err.contains("`chek` is not a command"), "{err}");
    assert!(err.contains("did you mean `check`?"), "{err}");
}

// ---- JUnit, through xmllint and junit-10.xsd ----

#[test]
#[cfg_attr(
    without_tool = "JUNIT_XSD",
    ignore = "JUNIT_XSD (the path of junit-10.xsd) is not set"
)]
fn junit_is_valid_against_the_jenkins_schema_and_counts_agree_with_json() {
    let Some(p) = crate::common::tool_path("JUNIT_XSD", "the path of junit-10.xsd") else {
        return;
    };
    let xsd = PathBuf::from(p);
    if !have("xmllint") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join("p.yaml");
    std::fs::write(
        &hostile,
        "answers:\n  training: emerging\npersonas:\n  - { id: \"evil\\u001b]0;x\\u0007\", owner: \"<&>\" }\n",
    )
    .unwrap();
    // U+FFFE and U+FFFF are not XML characters: a TOML file (which allows them) must not make
    // the document ill-formed.
    let nonchars = dir.path().join("nonchars.toml");
    std::fs::write(
        &nonchars,
        "[answers]\ntraining = \"emerging\"\n[[personas]]\nid = \"odd\\uFFFEid\\uFFFF\"\n",
    )
    .unwrap();
    // A program file that cannot be read is a failed case, not an empty file.
    let typo = dir.path().join("typo.yaml");
    std::fs::write(
        &typo,
        "answers:\n  training: emerging\npersonas:\n  - id: a\n    sorces: [interviews]\n",
    )
    .unwrap();
    let r = crate::common::Pm::new(["check", typo.to_str().unwrap(), "--format", "junit"])
        .run()
        .exits(2);
    let path = dir.path().join("typo.xml");
    std::fs::write(&path, &r.out).unwrap();
    let o = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg(&path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(r.out.contains("failures=\"1\""), "{}", r.out);
    assert!(r.out.contains("invalid-input"), "{}", r.out);
    // Several files in one run: one valid document, a suite per file.
    let r = crate::common::Pm::new([
        "check",
        "examples/programs/northwind-program.yaml",
        "examples/programs/acme-program.yaml",
        typo.to_str().unwrap(),
        "--today",
        "2026-11-22",
        "--format",
        "junit",
    ])
    .run()
    .exits(2);
    std::fs::write(&path, &r.out).unwrap();
    let o = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg(&path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(r.out.matches("<testsuite ").count(), 3, "{}", r.out);
    for program in [
        "examples/programs/northwind-program.yaml",
        "examples/programs/acme-program.yaml",
        hostile.to_str().unwrap(),
        nonchars.to_str().unwrap(),
    ] {
        let args = ["check", program, "--today", "2026-11-22"];
        let (code, xml, _) = run(&[&args[..], &["--format", "junit"]].concat());
        let path = dir.path().join("j.xml");
        std::fs::write(&path, &xml).unwrap();
        let o = Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(&xsd)
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{program}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        if code == 2 {
            // A persona id with a control character (an escape sequence, a bell) is refused as
            // input: still a valid document, its one failure the input error, the id escaped.
            assert_eq!(program, hostile.to_str().unwrap(), "{xml}");
            assert!(xml.contains("failures=\"1\""), "{xml}");
            assert!(xml.contains("invalid-input"), "{xml}");
            assert!(!xml.contains('\u{1b}') && !xml.contains('\u{7}'), "{xml}");
            continue;
        }
        assert!(code == 0 || code == 1, "{program}: exit {code}");
        let json: serde_json::Value =
            serde_json::from_str(&out(&[&args[..], &["--format", "json"]].concat())).unwrap();
        let failing = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .count();
        let waived = json["waived"].as_array().unwrap().len();
        assert!(
            xml.contains(&format!("failures=\"{failing}\"")),
            "{program}: {xml}"
        );
        assert!(
            xml.contains(&format!("skipped=\"{waived}\"")),
            "{program}: {xml}"
        );
        // The file is on the suite, and each failure's message starts with its place.
        assert!(xml.contains(&format!("file=\"{program}\"")), "{xml}");
        for f in json["findings"].as_array().unwrap() {
            if f["severity"] == "error" {
                let place = match f["line"].as_u64() {
                    Some(l) => format!("message=\"{program}:{l}: "),
                    None => format!("message=\"{program}: "),
                };
                assert!(xml.contains(&place), "{place}: {xml}");
            }
        }
    }
}

// ---- HTML, through the Nu validator ----

#[test]
#[cfg_attr(
    without_tool = "VNU_JAR",
    ignore = "VNU_JAR (the Nu validator's vnu.jar) is not set"
)]
fn html_reports_pass_the_nu_validator() {
    let Some(jar) = crate::common::tool_path("VNU_JAR", "the Nu validator's vnu.jar") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let repo = crate::history::three_versions();
    let mut pages = Vec::new();
    for (name, args) in [
        (
            "single",
            vec!["score", "examples/answers/acme.yaml", "--format", "html"],
        ),
        (
            "combined",
            vec![
                "score",
                "examples/responses/acme-q4",
                "--baseline",
                "examples/responses/acme-q2",
                "--format",
                "html",
            ],
        ),
        (
            "check",
            vec![
                "check",
                "examples/programs/northwind-program.yaml",
                "--today",
                "2026-11-22",
                "--format",
                "html",
            ],
        ),
        (
            "history",
            vec!["history", "answers.yaml", "--format", "html"],
        ),
        (
            "questionnaire",
            vec![
                "form",
                "--format",
                "html",
                "--organization",
                "Acme <&> \"Corp\"",
            ],
        ),
    ] {
        let path = dir.path().join(format!("{name}.html"));
        let page = if name == "history" {
            let r = crate::common::Pm::new(&args)
                .dir(repo.path())
                .run()
                .exits(0);
            r.out
        } else {
            out(&args)
        };
        std::fs::write(&path, page).unwrap();
        pages.push(path);
    }
    // The page `check` writes for a program file it cannot read.
    let typo = dir.path().join("typo.yaml");
    std::fs::write(&typo, "answers:\n  trainng: emerging\n").unwrap();
    let r = crate::common::Pm::new(["check", typo.to_str().unwrap(), "--format", "html"])
        .run()
        .exits(2);
    assert!(r.out.contains("invalid-input"), "{}", r.out);
    let path = dir.path().join("check-input-error.html");
    std::fs::write(&path, &r.out).unwrap();
    pages.push(path);
    let o = Command::new("java")
        .args(["-jar", &jar, "--errors-only"])
        .args(&pages)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

// ---- control characters and formulas, in every medium ----

const EVIL: &str = "organization: \"Evil\\e]0;pwned\\aCo\"\nrespondent: { name: \"=HYPERLINK(\\\"http://x\\\",\\\"click\\\")\" }\nanswers:\n  training: { level: emerging, note: \"=HYPERLINK(\\\"http://x\\\",\\\"click\\\") \\x01 \\u009b\" }\n";

#[test]
fn control_characters_from_input_never_reach_any_output_raw() {
    // (JSON keeps the data exact: it escapes C0 controls as \u00XX itself.)
    for format in ["table", "markdown", "csv", "html"] {
        let (code, out, err) = run_stdin(
            &["score", "-", "--input-format", "yaml", "--format", format],
            EVIL,
        );
        assert_eq!(code, 0, "{format}: {err}");
        for c in ['\u{1b}', '\u{7}', '\u{1}', '\u{9b}'] {
            assert!(!out.contains(c), "{format} carries {c:?} raw");
        }
    }
    let (_, table, _) = run_stdin(&["score", "-", "--input-format", "yaml"], EVIL);
    assert!(table.contains(r"Evil\u{1b}]0;pwned\u{7}Co"), "{table}");
}

#[test]
fn csv_text_that_a_spreadsheet_would_run_is_text() {
    let (code, csv, err) = run_stdin(
        &["score", "-", "--input-format", "yaml", "--format", "csv"],
        EVIL,
    );
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let note = headers.iter().position(|h| h == "note").unwrap();
    let notes: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[note].to_string())
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(notes.len(), 1);
    assert!(notes[0].starts_with("'=HYPERLINK("), "{notes:?}");
}

// ---- the terminal's width ----

fn visible_width(line: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    let mut plain = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        plain.push(c);
    }
    plain.width()
}

#[test]
fn every_terminal_report_fits_the_width_down_to_60_columns_in_colour_too() {
    let reports: Vec<Vec<&str>> = vec![
        vec!["score", "examples/answers/acme.yaml"],
        vec![
            "score",
            "examples/answers/acme.yaml",
            "--baseline",
            "examples/answers/acme-q2.yaml",
        ],
        vec!["score", "examples/responses/acme-q4"],
        vec![
            "score",
            "examples/responses/acme-q4",
            "--baseline",
            "examples/responses/acme-q2",
        ],
        vec![
            "check",
            "examples/programs/northwind-program.yaml",
            "--today",
            "2026-11-22",
        ],
        vec![
            "explain",
            "qualitative-interviews",
            "examples/answers/acme.yaml",
        ],
        vec!["rubric", "show"],
    ];
    for columns in ["60", "80", "100"] {
        for colour in ["never", "always"] {
            for args in &reports {
                let o = pm()
                    .env("COLUMNS", columns)
                    .args(["--color", colour])
                    .args(args)
                    .output()
                    .unwrap();
                let text = String::from_utf8_lossy(&o.stdout);
                let width: usize = columns.parse().unwrap();
                for line in text.lines() {
                    assert!(
                        visible_width(line) <= width,
                        "{args:?} at {columns} ({colour}): {} columns: {line}",
                        visible_width(line)
                    );
                }
            }
        }
    }
}

// ---- help that cannot be written ----

/// Help or a version that cannot be written is an output that cannot be written (74), as any
/// report is; a closed pipe is not an error.
#[cfg(target_os = "linux")]
#[test]
fn help_and_version_that_cannot_be_written_exit_74() {
    for arg in ["--help", "--version"] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let status = Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"))
            .arg(arg)
            .stdout(full)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(74), "{arg}");
    }
}

/// A report onto a full disk is said as a failed write with its own code (74, the README's
/// table), never as input that cannot be read (2): the input was fine.
#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_is_a_write_failure_not_bad_input() {
    for args in [
        &["score", "examples/answers/acme.yaml"][..],
        &["score", "examples/answers/acme.yaml", "--format", "json"],
        &["rubric", "show"],
        &["explain", "training"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"))
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(74), "{args:?}: {err}");
        assert!(
            err.starts_with(
                "error: cannot write to standard output\n  caused by: No space left on device"
            ),
            "{args:?}: {err}"
        );
        assert!(!err.contains("cannot be read"), "{args:?}: {err}");
    }
}

// ---- SARIF, through the OASIS SARIF 2.1.0 schema ----

#[test]
#[cfg_attr(
    without_tool = "SARIF_SCHEMA",
    ignore = "SARIF_SCHEMA (the path of sarif-schema-2.1.0.json) is not set"
)]
fn sarif_is_valid_against_the_sarif_schema_and_agrees_with_json() {
    let Some(schema) =
        crate::common::tool_path("SARIF_SCHEMA", "the path of sarif-schema-2.1.0.json")
    else {
        return;
    };
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
    // The one pattern of the OASIS schema that is not a valid regular expression (a stray `]`,
    // an erratum), on `language`, which the tool does not write. Everything else as issued.
    for on in ["run", "toolComponent"] {
        schema["definitions"][on]["properties"]["language"]
            .as_object_mut()
            .unwrap()
            .remove("pattern");
    }
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo program.yaml");
    std::fs::write(
        &typo,
        "answers:\n  training: emerging\npersonas:\n  - id: a\n    sorces: [interviews]\n",
    )
    .unwrap();
    let valid = |doc: &serde_json::Value, what: &str| {
        let errors: Vec<String> = validator
            .iter_errors(doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{what}: {errors:#?}");
    };
    // The file that cannot be read: one invalid-input result at its line.
    let r = crate::common::Pm::new(["check", typo.to_str().unwrap(), "--format", "sarif"])
        .run()
        .exits(2);
    let doc: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    valid(&doc, "typo");
    // The validator does refuse what code scanning would: a level SARIF does not have.
    let mut wrong = doc.clone();
    wrong["runs"][0]["results"][0]["level"] = "critical".into();
    assert!(!validator.is_valid(&wrong));
    let result = &doc["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "invalid-input");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        5
    );
    assert!(doc["runs"][0]["invocations"][0]["executionSuccessful"] == false);
    let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("typo%20program.yaml"), "{uri}");
    for program in [
        "examples/programs/northwind-program.yaml",
        "examples/programs/acme-program.yaml",
    ] {
        let args = ["check", program, "--today", "2026-11-22"];
        let doc: serde_json::Value =
            serde_json::from_str(&out(&[&args[..], &["--format", "sarif"]].concat())).unwrap();
        valid(&doc, program);
        let json: serde_json::Value =
            serde_json::from_str(&out(&[&args[..], &["--format", "json"]].concat())).unwrap();
        let run = &doc["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        // One result per finding and per waived finding; waived ones are suppressed.
        let findings = json["findings"].as_array().unwrap();
        let waived = json["waived"].as_array().unwrap();
        assert_eq!(results.len(), findings.len() + waived.len(), "{program}");
        let suppressed = results
            .iter()
            .filter(|r| r["suppressions"].is_array())
            .count();
        assert_eq!(suppressed, waived.len(), "{program}");
        for (r, f) in results.iter().zip(findings) {
            assert_eq!(r["ruleId"], f["rule"]);
            // ruleIndex points at the rule's own descriptor, which links to its README entry.
            let k = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[k]["id"], f["rule"]);
            assert!(rules[k]["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("#rule-{}", f["rule"].as_str().unwrap())));
            let region = &r["locations"][0]["physicalLocation"]["region"];
            if let Some(line) = f["line"].as_u64() {
                assert_eq!(region["startLine"], line);
            }
            let level = match f["severity"].as_str().unwrap() {
                "info" => "note",
                s => s,
            };
            assert_eq!(r["level"], level);
        }
    }
}

// ---- the JSON outputs, against the schemas `schema --output` prints ----

#[test]
fn every_json_output_is_valid_against_its_printed_schema() {
    let validator = |kind: &str| {
        let schema: serde_json::Value =
            serde_json::from_str(&out(&["schema", "--output", kind])).unwrap();
        assert!(schema["$id"].is_string() && schema["description"].is_string());
        jsonschema::validator_for(&schema).expect("a valid JSON Schema")
    };
    let repo = crate::history::three_versions();
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo.yaml");
    std::fs::write(&typo, "answers:\n  trainng: emerging\n").unwrap();
    let typo = typo.to_str().unwrap().to_string();
    let runs: Vec<(&str, Vec<&str>, i32)> = vec![
        ("score", vec!["score", "examples/answers/acme.yaml"], 0),
        (
            "score",
            vec![
                "score",
                "examples/responses/acme-q4",
                "--baseline",
                "examples/responses/acme-q2",
            ],
            0,
        ),
        (
            "score",
            vec![
                "score",
                "tests/fixtures/forms/google-forms.csv",
                "--invited",
                "40",
            ],
            0,
        ),
        (
            "check",
            vec![
                "check",
                "examples/programs/northwind-program.yaml",
                "--today",
                "2026-11-22",
            ],
            1,
        ),
        (
            "check",
            vec![
                "check",
                "examples/programs/acme-program.yaml",
                "--today",
                "2026-11-22",
            ],
            0,
        ),
        ("check", vec!["check", &typo], 2),
        ("history", vec!["history", "answers.yaml"], 0),
        (
            "plan",
            vec![
                "plan",
                "examples/answers/acme.yaml",
                "--start",
                "2027-01-01",
            ],
            0,
        ),
        (
            "plan",
            vec![
                "plan",
                "examples/programs/acme-program.yaml",
                "--start",
                "2027-01-01",
            ],
            0,
        ),
    ];
    for (kind, args, code) in runs {
        let mut pm = crate::common::Pm::new([&args[..], &["--format", "json"]].concat());
        if kind == "history" {
            pm = pm.dir(repo.path());
        }
        let r = pm.run().exits(code);
        let doc: serde_json::Value = serde_json::from_str(&r.out).unwrap();
        let v = validator(kind);
        let errors: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
        // The schema is not a formality: a wrong type in the same report is refused.
        let mut wrong = doc.clone();
        wrong["schema_version"] = "1".into();
        assert!(!v.is_valid(&wrong), "{args:?}");
    }
}
