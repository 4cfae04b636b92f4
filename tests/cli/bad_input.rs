//! Bad input: every case exits 2 with a one-paragraph error naming the file, the place and what
//! was expected. Never a panic.

use crate::common::run;

/// Score `tests/fixtures/bad/NAME` and return stderr, asserting exit 2 and no panic.
fn fails(name: &str) -> String {
    let path = format!("tests/fixtures/bad/{name}");
    let (code, out, err) = run(&["score", &path]);
    assert_eq!(code, 2, "{name}: expected exit 2, got {code}\n{err}");
    assert_eq!(out, "", "{name}: nothing on stdout");
    assert!(!err.contains("panicked"), "{name} panicked: {err}");
    assert!(
        err.starts_with(&format!("error: {path}")),
        "{name}: error names the file: {err}"
    );
    err
}

#[test]
fn unknown_attribute_names_the_line_and_suggests_the_close_one() {
    let err = fails("unknown-attribute.yaml");
    assert!(
        err.contains("unknown-attribute.yaml:3: answers.trainng: unknown attribute `trainng`"),
        "{err}"
    );
    assert!(err.contains("did you mean `training`?"), "{err}");
}

#[test]
fn unknown_attribute_in_toml_is_found_too() {
    let err = fails("unknown-attribute.toml");
    assert!(
        err.contains(":2: answers.trainng: unknown attribute `trainng`"),
        "{err}"
    );
    assert!(err.contains("did you mean `training`?"), "{err}");
}

#[test]
fn unknown_level_lists_the_allowed_levels_and_suggests_one() {
    let err = fails("unknown-level.yaml");
    assert!(
        err.contains("answers.training: unknown level `advnced`"),
        "{err}"
    );
    assert!(
        err.contains("expected one of: experimenting, emerging, advancing, fully-optimized"),
        "{err}"
    );
    assert!(err.contains("did you mean `advancing`?"), "{err}");
}

#[test]
fn unknown_top_level_key_lists_the_allowed_keys() {
    let err = fails("unknown-key.yaml");
    assert!(err.contains(":1:1: organisation: unknown field `organisation`, expected one of `rubric`, `organization`"), "{err}");
}

#[test]
fn duplicate_answers_are_refused_not_silently_overwritten() {
    assert!(fails("duplicate-answer.yaml").contains("duplicate key `training`"));
    assert!(fails("duplicate-answer.toml").contains("duplicate key `training`"));
}

#[test]
fn wrong_types_say_what_was_expected() {
    let err = fails("wrong-type.yaml");
    assert!(
        err.contains(":2:13: answers.training: invalid type: integer `3`, expected a level name"),
        "{err}"
    );
    let err = fails("wrong-type-organization.yaml");
    assert!(
        err.contains("organization: invalid type: sequence, expected a string"),
        "{err}"
    );
    let err = fails("wrong-type.toml");
    assert!(
        err.contains("organization: invalid type: integer `5`, expected a string"),
        "{err}"
    );
}

#[test]
fn impossible_dates_are_refused() {
    assert!(fails("invalid-date.yaml")
        .contains("`2026-02-30` is not a valid date; expected YYYY-MM-DD"));
    let err = fails("invalid-date.toml");
    assert!(
        err.contains("invalid-date.toml:1:8: invalid date, expected day between 01 and 28"),
        "{err}"
    );
}

#[test]
fn answers_for_another_rubric_are_an_error() {
    let err = fails("other-rubric.yaml");
    assert!(err.contains("answers are for rubric `maturity-model-x`, but the loaded rubric is `persona-optimization-framework`"), "{err}");
}

#[test]
fn truncated_and_multi_document_files_are_refused() {
    assert!(fails("truncated.yaml").contains("did not find expected ',' or '}'"));
    assert!(fails("two-documents.yaml").contains(
        "the file holds more than one YAML document (a `---` line); expected exactly one"
    ));
}

#[test]
fn missing_answers_and_unknown_answer_keys_are_refused() {
    assert!(fails("missing-answers.yaml").contains("missing field `answers`"));
    assert!(fails("unknown-note-key.yaml")
        .contains("unknown field `comment`, expected `level` or `note`"));
}

#[test]
fn empty_binary_and_utf16_files_are_refused() {
    assert!(fails("empty.yaml").contains("file is empty"));
    assert!(fails("binary.yaml").contains("not valid UTF-8"));
    assert!(fails("utf16.yaml").contains("encoded as UTF-16; expected UTF-8"));
}

#[test]
fn an_unknown_extension_asks_for_the_syntax() {
    let err = fails("answers.txt");
    assert!(
        err.contains("unknown file extension; expected .yaml, .yml or .toml"),
        "{err}"
    );
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let err = fails("deep-nesting.yaml");
    assert!(err.contains("nesting is too deep"), "{err}");
}

#[test]
fn alias_bombs_are_refused_without_expanding() {
    let err = fails("alias-bomb.yaml");
    assert!(err.contains("unknown field `a0`"), "{err}");
}

#[test]
fn a_file_over_one_mebibyte_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    std::fs::write(&path, format!("answers: {{}}\n{}", "#".repeat(2 << 20))).unwrap();
    let (code, _, err) = run(&["score", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("file is larger than the limit of 1024 KiB"),
        "{err}"
    );
}

#[test]
fn a_missing_file_is_an_input_error() {
    let (code, _, err) = run(&["score", "no/such/answers.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/answers.yaml: cannot read:"), "{err}");
}

#[test]
fn a_usage_error_exits_2() {
    let (code, _, err) = run(&["score"]);
    assert_eq!(code, 2);
    assert!(err.contains("required"), "{err}");
    let (code, _, _) = run(&["score", "examples/answers/acme.yaml", "--format", "pdf"]);
    assert_eq!(code, 2);
}

/// A named pipe that nothing writes to must not leave the tool waiting forever: it is refused at
/// once, as a file, a rubric and inside a folder of respondents (where it is not a file, so it is
/// passed over like any other non-file). The timeout only turns a regression into a failure
/// instead of a hung test run; it is not a speed assertion.
#[cfg(unix)]
#[test]
fn a_named_pipe_with_no_writer_is_refused_not_waited_on() {
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("answers.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let fifo = fifo.to_str().unwrap();
    for args in [
        vec!["score", fifo],
        vec!["check", fifo],
        vec!["--rubric", fifo, "rubric", "show"],
    ] {
        let out = crate::common::pm()
            .args(&args)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("answers.yaml: is a named pipe and nothing is writing to it"),
            "{args:?}: {err}"
        );
    }
    // A form export that is a pipe, read by `import` and by `score`.
    let export = dir.path().join("responses.csv");
    assert!(std::process::Command::new("mkfifo")
        .arg(&export)
        .status()
        .unwrap()
        .success());
    let export = export.to_str().unwrap();
    for args in [vec!["import", export, "--out", "x"], vec!["score", export]] {
        let out = crate::common::pm()
            .args(&args)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("responses.csv: is a named pipe and nothing is writing to it"),
            "{args:?}: {err}"
        );
    }
    std::fs::remove_file(export).unwrap();
    // In a folder: the other respondents are combined, the pipe is not a respondent.
    std::fs::copy("examples/answers/acme.yaml", dir.path().join("dana.yaml")).unwrap();
    let out = crate::common::pm()
        .args(["score", dir.path().to_str().unwrap(), "--format", "json"])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["respondents"], 1);
}

/// Standard error that is closed (`persona-maturity score … 2>&1 | head -1`) must not turn an
/// input error into a panic (exit 101): the exit code is still 2. The other end of a socket pair is
/// dropped first, so every write to standard error fails, without a race.
#[cfg(unix)]
#[test]
fn a_closed_standard_error_keeps_the_exit_code_and_does_not_panic() {
    use std::os::unix::net::UnixStream;
    for args in [
        vec!["score", "tests/fixtures/bad/unknown-attribute.yaml"],
        // Several messages: each broken file, then the summary line.
        vec!["score", "tests/fixtures/bad"],
    ] {
        let (ours, theirs) = UnixStream::pair().unwrap();
        drop(ours);
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_persona-maturity"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(&args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::from(std::os::fd::OwnedFd::from(
                theirs,
            )))
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(2), "{args:?}");
    }
}

/// `form --format html` with an option that would put nonsense on the page: exit 2, nothing
/// written, the option named and what it expects.
#[test]
fn the_page_options_refuse_nonsense_before_anything_is_written() {
    use crate::common::Pm;
    let html = ["form", "--format", "html"];
    let yesterday = (chrono::Local::now().date_naive() - chrono::Days::new(1)).to_string();
    for (args, says) in [
        (
            vec!["--return-to", "notanemail"],
            "--return-to: `notanemail` is not an email address (no @)",
        ),
        (
            vec!["--return-to", "ana@acme"],
            "is not an email address (the part after the @ is not a domain",
        ),
        (
            vec!["--return-to", "ana@acme.example, bo@acme.example"],
            "is not an email address (`,` in it)",
        ),
        (
            vec!["--due", "2020-01-01"],
            "--due: 2020-01-01 is in the past (today is ",
        ),
        (vec!["--due", &yesterday], "is in the past"),
        (vec!["--due", "15/01/2027"], "--due:"),
        (vec!["--from", ""], "--from: the value is empty"),
        (vec!["--from", "   "], "--from: the value is empty"),
        (
            vec!["--organization", ""],
            "--organization: the value is empty",
        ),
        (vec!["--role", "a\nb"], "--role: has a line break"),
        // What would change the Email link, or is no address a mail program takes.
        (
            vec!["--return-to", "ana@acme.example&body=x"],
            "is not an email address (`&` in the domain)",
        ),
        (
            vec!["--return-to", "ana@-acme.example"],
            "(a domain part that starts or ends with `-`)",
        ),
        (
            vec!["--return-to", ".ana@acme.example"],
            "(a dot at the start or end of the name, or two dots together)",
        ),
        // A year is the furthest a questionnaire is due.
        (
            vec!["--due", "9999-12-31"],
            "--due: 9999-12-31 is more than a year away (today is ",
        ),
        // One-line fields: no line or paragraph separator, no NEL; nothing that reorders text.
        (
            vec!["--organization", "Acme\u{2028}Corp"],
            "--organization: has a line break in it (U+2028)",
        ),
        (
            vec!["--organization", "Acme\u{2029}Corp"],
            "--organization: has a line break in it (U+2029)",
        ),
        (
            vec!["--role", "sales\u{85}ops"],
            "--role: has a line break in it (U+0085)",
        ),
        (
            vec!["--from", "Ana \u{202e}spO gnitekraM"],
            "--from: has a bidirectional override (it makes the text show in another order) in it (U+202E)",
        ),
        (
            vec!["--from", "Ana \u{2067}x\u{2069}"],
            "--from: has a bidirectional override",
        ),
    ] {
        let r = Pm::new([&html[..], &args[..]].concat()).run();
        assert_eq!(r.out, "", "nothing on the page for {args:?}");
        let r = r.exits(2).says(says);
        assert!(!r.err.contains("panicked"), "{}", r.err);
    }
    let long = "x".repeat(201);
    Pm::new([&html[..], &["--organization", &long]].concat())
        .run()
        .exits(2)
        .says("--organization: is longer than 200 characters");
    // Today is a fine due date, and so is a year from today.
    let today = chrono::Local::now().date_naive().to_string();
    let in_a_year = (chrono::Local::now().date_naive() + chrono::Days::new(365)).to_string();
    Pm::new([&html[..], &["--due", &in_a_year]].concat())
        .run()
        .exits(0);
    Pm::new(
        [
            &html[..],
            &["--due", &today, "--return-to", "ana@acme.example"],
        ]
        .concat(),
    )
    .run()
    .exits(0);
}

/// `form --out FILE`: the questionnaire written whole; a refused option leaves an existing file as
/// it was and creates none.
#[test]
fn form_out_writes_the_file_whole_or_not_at_all() {
    use crate::common::Pm;
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("persona-questionnaire.html");
    let p = page.to_str().unwrap();
    // Refused before anything is written: no file.
    let r = Pm::new([
        "form",
        "--format",
        "html",
        "--due",
        "9999-12-31",
        "--out",
        p,
    ])
    .run();
    r.exits(2).says("--due:");
    assert!(!page.exists(), "a refused option made a file");
    // Written: the page, and only a line on standard error.
    let r = Pm::new([
        "form",
        "--format",
        "html",
        "--organization",
        "Acme",
        "--out",
        p,
    ])
    .run();
    assert_eq!(r.out, "");
    let r = r.exits(0).says("Wrote ");
    assert!(r.err.contains("persona-questionnaire.html"), "{}", r.err);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>"),
        "{}",
        &html[..80]
    );
    assert!(html.contains("value=\"Acme\""));
    // Refused again: the page already there stays as it was (not emptied).
    Pm::new([
        "form",
        "--format",
        "html",
        "--return-to",
        "notanemail",
        "--out",
        p,
    ])
    .run()
    .exits(2);
    assert_eq!(std::fs::read_to_string(&page).unwrap(), html);
    // Every format: the same text as on standard output.
    let text = dir.path().join("questionnaire.txt");
    Pm::new(["form", "--out", text.to_str().unwrap()])
        .run()
        .exits(0);
    let out = Pm::new(["form"]).run().exits(0).out;
    assert_eq!(std::fs::read_to_string(&text).unwrap(), out);
    // A folder is not a file.
    Pm::new(["form", "--out", dir.path().to_str().unwrap()])
        .run()
        .exits(2)
        .says("is a folder");
    // Nothing left behind but the two files.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["persona-questionnaire.html", "questionnaire.txt"]);
}

/// `score` given the questionnaire page (the file that was sent round) says what it is and what
/// to score instead; a report made by the tool, likewise.
#[test]
fn score_of_the_questionnaire_page_says_it_is_the_page_not_an_answers_file() {
    use crate::common::Pm;
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("questionnaire.html");
    Pm::new(["form", "--format", "html", "--out", page.to_str().unwrap()])
        .run()
        .exits(0);
    let r = Pm::new(["score", page.to_str().unwrap()]).run();
    let r = r.exits(2).says(
        "questionnaire.html: is the questionnaire page (`form --format html`), not an answers file",
    );
    assert!(r.err.contains("press Download answers"), "{}", r.err);
    assert!(!r.err.contains("--input-format"), "{}", r.err);
    let report = dir.path().join("report.html");
    let html = Pm::new(["score", "examples/answers/acme.yaml", "--format", "html"])
        .run()
        .exits(0)
        .out;
    std::fs::write(&report, html).unwrap();
    Pm::new(["score", report.to_str().unwrap()])
        .run()
        .exits(2)
        .says("report.html: is a report made by persona-maturity, not an answers file");
}
