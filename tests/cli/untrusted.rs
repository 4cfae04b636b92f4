//! Text from files is shown, never obeyed, and nothing outside a folder is read through it: a
//! note that would write the clipboard (OSC 52) or set the window title (OSC 0), bidi overrides
//! that reorder what a reviewer reads, and a link in a folder of answers that points at a
//! credentials file.

use crate::common::Pm;
use std::path::Path;

/// Escape sequences a terminal would act on.
fn raw_escapes(s: &str) -> bool {
    s.contains('\u{1b}') || s.contains('\u{7}') || s.contains('\u{9b}')
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// A custom rubric whose names and descriptions carry terminal escapes.
fn hostile_rubric(dir: &Path) -> String {
    let text = std::fs::read_to_string("rubric/persona-optimization-framework.yaml")
        .unwrap()
        .replace(
            "name: \"Training\"",
            "name: \"Train\\e]0;pwned\\aing\\e[2J\"",
        )
        .replace(
            "question: \"Who has been trained",
            "question: \"\\e]52;c;aGk=\\aWho has been trained",
        );
    write(dir, "rubric.yaml", &text)
}

#[test]
fn the_questionnaire_and_explain_show_escapes_from_files_instead_of_obeying_them() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = hostile_rubric(dir.path());
    let answers = write(
        dir.path(),
        "a.yaml",
        "respondent:\n  name: \"Ann\\e]0;title\\a\"\nanswers:\n  training:\n    level: emerging\n    \
         note: \"x\\e]52;c;aGk=\\ay\"\n",
    );
    // Line mode (a pipe, TERM=dumb): every question screen, the review list and the summary.
    let r = Pm::new(["--rubric", &rubric, "assess", "--out", &answers, "--resume"])
        .env("TERM", "dumb")
        .stdin("r\n4\nq\n")
        .run();
    assert!(!raw_escapes(&r.err), "{}", r.err);
    assert!(!raw_escapes(&r.out), "{}", r.out);
    assert!(r.err.contains("Train\\u{1b}]0;pwned"), "{}", r.err);
    // explain, with the answers (the note) and the rubric's words.
    let r = Pm::new(["--rubric", &rubric, "explain", "training", &answers])
        .env("CLICOLOR_FORCE", "1")
        .run()
        .exits(0);
    // Colour is on: the tool's own escapes are there, the file's are not.
    assert!(!r.out.contains("\u{1b}]"), "{}", r.out);
    assert!(!r.out.contains("\u{1b}[2J"), "{}", r.out);
    assert!(r.out.contains("\\u{1b}]0;pwned"), "{}", r.out);
}

#[test]
fn bidi_overrides_and_invisible_characters_are_shown_in_every_text_output() {
    let dir = tempfile::tempdir().unwrap();
    let answers = write(
        dir.path(),
        "a.yaml",
        "organization: \"Acme\u{202e}cod.exe\u{2066}\"\nrespondent:\n  name: \"Dana\u{200b}Reyes\"\n\
         answers:\n  training:\n    level: emerging\n    note: \"ok\u{2067}\"\n",
    );
    for format in ["table", "markdown", "csv", "html"] {
        let r = Pm::new(["score", &answers, "--format", format])
            .run()
            .exits(0);
        for c in ['\u{202e}', '\u{2066}', '\u{2067}', '\u{200b}'] {
            assert!(!r.out.contains(c), "{format}: {c:?} raw:\n{}", r.out);
        }
        assert!(r.out.contains("\\u{2067}"), "{format}:\n{}", r.out);
    }
    // JSON keeps the text as it is (a program reads it), escaped by JSON itself.
    let r = Pm::new(["score", &answers, "--format", "json"]).run();
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["organization"], "Acme\u{202e}cod.exe\u{2066}");
}

#[test]
fn a_link_in_a_folder_to_a_file_outside_it_is_reported_and_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = dir.path().join("home");
    std::fs::create_dir(&secrets).unwrap();
    std::fs::write(
        secrets.join(".git-credentials"),
        "https://user:ghp_S3CRET@example.com\n",
    )
    .unwrap();
    let folder = dir.path().join("responses");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy("examples/answers/acme.yaml", folder.join("a.yaml")).unwrap();
    std::os::unix::fs::symlink(secrets.join(".git-credentials"), folder.join("b.yaml")).unwrap();
    // A linked folder that leads outside, too.
    std::os::unix::fs::symlink(&secrets, folder.join("more")).unwrap();
    // A link that stays inside is followed.
    std::os::unix::fs::symlink(folder.join("a.yaml"), folder.join("c.yaml")).unwrap();
    let f = folder.to_str().unwrap();
    let r = Pm::new(["score", f, "--format", "json"]).run().exits(2);
    assert!(
        !r.err.contains("S3CRET") && !r.out.contains("S3CRET"),
        "{r}"
    );
    assert!(r.err.contains("b.yaml: a link to something outside"), "{r}");
    assert!(r.err.contains("more: a link to something outside"), "{r}");
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    // The link inside, c.yaml, is a.yaml itself: one respondent, said.
    assert_eq!(v["respondents"], 1, "{r}");
    assert!(r.err.contains("1 response was read more than once"), "{r}");
    // The HTML report lists the link, not what it leads to.
    let r = Pm::new(["score", f, "--format", "html", "--skip-invalid"])
        .run()
        .exits(0);
    assert!(!r.out.contains("S3CRET"));
    // Named on its own, the file is read, and still not quoted: it is no answers file.
    let r = Pm::new(["score", folder.join("b.yaml").to_str().unwrap()])
        .run()
        .exits(2)
        .says("not an answers file: the file holds a string");
    assert!(!r.err.contains("S3CRET"), "{r}");
}

// ---- CI logs ----

/// What a CI runner would obey in a line of its log: `::command` at the start of a line (after
/// blanks; GitHub Actions), `##[command]` or `##vso[command]` anywhere (GitHub Actions, Azure
/// Pipelines). `github`: the GitHub annotations format, whose own lines are commands on purpose
/// (`::error file=…`, `::warning file=…`, `::notice file=…`).
fn runner_commands(text: &str, github: bool) -> Vec<String> {
    text.lines()
        .filter(|l| {
            let body = l.trim_start();
            let own = github
                && ["::error file=", "::warning file=", "::notice file="]
                    .iter()
                    .any(|p| l.starts_with(p));
            (body.starts_with("::") && !own) || l.contains("##[") || l.contains("##vso[")
        })
        .map(String::from)
        .collect()
}

/// Names, roles, organizations and ids that would forge commands to a CI runner: line breaks
/// before `::error`, the markers that work anywhere in a line, and a name long enough that the
/// report's wrapping would put `::error` at the start of a line.
const FORGED: &str = "::error file=persona-program.yaml,line=1::FORGED";

fn forging_answers(dir: &Path, k: usize) -> String {
    let org = format!("{} {FORGED}", "x".repeat(35 + k));
    let text = format!(
        "organization: \"{org}\"\n\
         respondent: {{ name: \"Dana {k}\\n{FORGED} ##[error]name ##vso[task.complete]x\", role: \"sales\\r\\n{FORGED}\\u2028{FORGED}\" }}\n\
         date: 2026-11-02\n\
         answers:\n  training: advancing\n  sharing-personas:\n    level: emerging\n    note: \"two\\n{FORGED}\\n  ::warning::FORGED ##[warning]note\"\n",
    );
    write(dir, &format!("a{k}.yaml"), &text)
}

#[test]
fn input_text_never_gives_a_ci_runner_a_command_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let one = forging_answers(dir.path(), 0);
    let folder = dir.path().join("team");
    std::fs::create_dir(&folder).unwrap();
    for k in 1..4 {
        forging_answers(&folder, k);
    }
    let folder = folder.to_str().unwrap().to_string();
    let program = write(
        dir.path(),
        "persona-program.yaml",
        &format!(
            "organization: \"Acme\\n{FORGED}\"\nanswers:\n  training: advancing\npersonas:\n  - id: ops-olivia\n    \
             name: \"Olivia\\n{FORGED} ##[error]pname\"\n    kind: buyer\n    owner: \"##vso[task.complete]\\n{FORGED}\"\n    \
             last_updated: 2020-01-01\n    covers: [demographics]\n"
        ),
    );
    let bad_id = write(
        dir.path(),
        "bad-id.yaml",
        &format!("answers:\n  training: advancing\npersonas:\n  - id: \"p1\\n{FORGED}\"\n    kind: buyer\n"),
    );
    let mut runs: Vec<(Vec<String>, bool)> = Vec::new();
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    for input in [&one, &folder] {
        for format in ["table", "markdown", "csv", "html", "json"] {
            runs.push((s(&["score", input, "--format", format]), false));
        }
        for format in ["table", "markdown", "csv", "json"] {
            runs.push((s(&["plan", input, "--format", format]), false));
        }
        runs.push((s(&["explain", "sharing-personas", &one]), false));
    }
    for p in [&program, &bad_id] {
        for format in [
            "human", "markdown", "github", "junit", "json", "sarif", "html",
        ] {
            runs.push((
                s(&["check", p, "--today", "2026-11-22", "--format", format]),
                format == "github",
            ));
        }
    }
    for (args, github) in &runs {
        let r = Pm::new(args).run();
        assert!(
            matches!(r.code, 0..=2),
            "{}: exit {}: {}",
            args.join(" "),
            r.code,
            r.err
        );
        let out = runner_commands(&r.out, *github);
        assert!(
            out.is_empty(),
            "{}: standard output: {out:#?}",
            args.join(" ")
        );
        let err = runner_commands(&r.err, false);
        assert!(
            err.is_empty(),
            "{}: standard error: {err:#?}",
            args.join(" ")
        );
    }
    // The one-line fields show their line breaks as escapes; the markers stay readable.
    let table = Pm::new(["score", &one]).run().exits(0).out;
    assert!(table.contains(r"Dana 0\n::error file="), "{table}");
    // Wrapped at its blank, the organization would start a line with `::`: escaped there.
    assert!(table.contains("\n\\u{3a}:error file="), "{table}");
    assert!(table.contains(r"#\u{23}[error]name"), "{table}");
    // JSON keeps the data exact: the same text to any JSON reader.
    let json = Pm::new(["score", &one, "--format", "json"])
        .run()
        .exits(0)
        .out;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["respondent"]["name"]
        .as_str()
        .unwrap()
        .ends_with("##[error]name ##vso[task.complete]x"));
    // A persona id is one line: refused, saying why.
    Pm::new(["check", &bad_id, "--today", "2026-11-22"])
        .run()
        .exits(2)
        .says(r"personas[0].id: persona id `p1\n::error")
        .says("an id is one line of text");
}

#[test]
fn a_history_of_forged_files_gives_a_ci_runner_no_command() {
    let repo = crate::history::repo();
    let dir = repo.path();
    forging_answers(dir, 0);
    crate::history::commit(dir, "2026-02-01", &format!("first\n{FORGED}"));
    let text = std::fs::read_to_string(dir.join("a0.yaml"))
        .unwrap()
        .replace("training: advancing", "training: fully-optimized");
    std::fs::write(dir.join("a0.yaml"), text).unwrap();
    crate::history::commit(dir, "2026-05-01", "second");
    // A version that does not read, for a key that forges a command in its message.
    std::fs::write(
        dir.join("a0.yaml"),
        format!("answers:\n  \"training\\n{FORGED} ##[error]key\": emerging\n"),
    )
    .unwrap();
    crate::history::commit(dir, "2026-08-01", "third");
    for format in ["table", "markdown", "csv", "html", "json"] {
        for skip in [false, true] {
            let mut args = vec!["history", "a0.yaml", "--format", format];
            if skip {
                args.push("--skip-invalid");
            }
            let r = Pm::new(&args).dir(dir).run();
            assert!(
                r.code == if skip { 0 } else { 2 },
                "{args:?}: exit {}: {}",
                r.code,
                r.err
            );
            let out = runner_commands(&r.out, false);
            assert!(out.is_empty(), "{args:?}: standard output: {out:#?}");
            let err = runner_commands(&r.err, false);
            assert!(err.is_empty(), "{args:?}: standard error: {err:#?}");
            // The forged key is named, its line break and marker as escapes.
            assert!(
                r.err.contains(r"training\n::error file=") && r.err.contains(r"#\u{23}[error]key"),
                "{args:?}: {}",
                r.err
            );
        }
    }
    // Two versions read, the second moved Training: the table shows them.
    let r = Pm::new(["history", "a0.yaml", "--skip-invalid"])
        .dir(dir)
        .run()
        .exits(0);
    assert!(r.out.contains("2 versions"), "{}", r.out);
}
