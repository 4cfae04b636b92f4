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
