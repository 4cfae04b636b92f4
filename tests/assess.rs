//! `assess` without a terminal: one answer a line on standard input, prompts on standard error.
//! And the guarantee that matters most: no way of leaving loses a confirmed answer.

mod common;
use common::pm;
use persona_maturity::assessment::{Answer, Assessment};
use persona_maturity::rubric::Rubric;
use persona_maturity::source::Source;
use std::path::Path;

/// Run `assess --out DIR/NAME` with `stdin`; return (exit code, stderr).
fn assess(dir: &Path, name: &str, extra: &[&str], stdin: &str) -> (i32, String, String) {
    let out = pm()
        .current_dir(dir)
        .arg("assess")
        .args(["--out", name])
        .args(extra)
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Load a saved answers file the way `score` does.
fn load(path: &Path) -> Assessment {
    let src = Source::read(path, None).unwrap();
    Assessment::load(&src, &Rubric::builtin()).unwrap().0
}

#[test]
fn answering_every_question_saves_a_file_that_score_reads_and_prints_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let input = "3\n2\n2\n1\n3\nemerging\n2\n1\nAdvancing\n2\n2\n2\n1\n2\n1\n2\n1\n";
    let (code, out, err) = assess(
        dir.path(),
        "q4.yaml",
        &[
            "--respondent",
            "Sam Lee",
            "--role",
            "Sales",
            "--organization",
            "Acme",
        ],
        input,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Next steps toward Fully Optimized"), "{out}");
    assert!(
        err.contains("Saved to q4.yaml. Score it again with: persona-maturity score q4.yaml"),
        "{err}"
    );
    let a = load(&dir.path().join("q4.yaml"));
    assert_eq!(a.answered(), 17);
    assert_eq!(a.answers[0], Answer::Level(2));
    assert_eq!(a.answers[5], Answer::Level(1));
    assert_eq!(a.respondent.name.as_deref(), Some("Sam Lee"));
    assert_eq!(a.respondent.role.as_deref(), Some("Sales"), "kept as typed");
    assert_eq!(a.organization.as_deref(), Some("Acme"));
    assert!(a.date.is_some());
    let text = std::fs::read_to_string(dir.path().join("q4.yaml")).unwrap();
    assert!(text.contains("rubric: persona-optimization-framework@1.0.0"));
    // And `score` reads it.
    let s = pm()
        .args(["score", dir.path().join("q4.yaml").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(s.status.code(), Some(0));
}

#[test]
fn input_ending_early_saves_what_was_answered_and_says_it_is_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = assess(dir.path(), "a.yaml", &[], "3\n2\n");
    assert_eq!(code, 0);
    assert!(
        err.contains(
            "Input ended: the assessment is incomplete. 2 of 17 answers are saved in a.yaml"
        ),
        "{err}"
    );
    let a = load(&dir.path().join("a.yaml"));
    assert_eq!(
        &a.answers[..3],
        &[Answer::Level(2), Answer::Level(1), Answer::Missing]
    );
}

#[test]
fn skip_back_and_bad_lines_work_like_a_person_expects() {
    let dir = tempfile::tempdir().unwrap();
    // q1 advancing; q2: nonsense, out of range, then skip; back to q2; fully optimized; q3 quit.
    let (code, _, err) = assess(dir.path(), "a.yaml", &[], "3\nmaybe\n7\ns\nb\n4\nq\n");
    assert_eq!(code, 0);
    assert!(
        err.contains(
            "Not understood: `maybe`. Type a number from 1 to 4, a level name, s, b or q."
        ),
        "{err}"
    );
    assert!(err.contains("Not understood: `7`"), "{err}");
    assert!(err.contains("Saved 2 of 17 answers in a.yaml"), "{err}");
    let a = load(&dir.path().join("a.yaml"));
    assert_eq!(
        &a.answers[..3],
        &[Answer::Level(2), Answer::Level(3), Answer::Missing]
    );
}

#[test]
fn a_skipped_question_is_saved_as_unsure() {
    let dir = tempfile::tempdir().unwrap();
    assess(dir.path(), "a.yaml", &[], "s\n1\n");
    let text = std::fs::read_to_string(dir.path().join("a.yaml")).unwrap();
    assert!(
        text.contains("internal-persona-ownership: unsure"),
        "{text}"
    );
}

#[test]
fn resuming_starts_at_the_first_question_not_reached_and_keeps_earlier_answers() {
    let dir = tempfile::tempdir().unwrap();
    assess(dir.path(), "a.yaml", &["--respondent", "Dana"], "3\n2\n");
    // Resume (Enter = the default), answer q3 and quit.
    let (code, _, err) = assess(dir.path(), "a.yaml", &[], "\n4\nq\n");
    assert_eq!(code, 0);
    assert!(
        err.contains(
            "2 of 17 questions answered so far. Resume (r, the default) or start over (o)?"
        ),
        "{err}"
    );
    assert!(
        err.contains("3 of 17 · Core Attributes\nBudget Allocation"),
        "{err}"
    );
    let a = load(&dir.path().join("a.yaml"));
    assert_eq!(
        &a.answers[..4],
        &[
            Answer::Level(2),
            Answer::Level(1),
            Answer::Level(3),
            Answer::Missing
        ]
    );
    assert_eq!(a.respondent.name.as_deref(), Some("Dana"));
}

#[test]
fn starting_over_replaces_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    assess(dir.path(), "a.yaml", &[], "3\n2\n");
    let (code, _, _) = assess(dir.path(), "a.yaml", &[], "o\n1\nq\n");
    assert_eq!(code, 0);
    let a = load(&dir.path().join("a.yaml"));
    assert_eq!(&a.answers[..2], &[Answer::Level(0), Answer::Missing]);
}

#[test]
fn a_broken_existing_file_is_an_error_and_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    std::fs::write(&path, "answers:\n  trainng: advancing\n").unwrap();
    let (code, _, err) = assess(dir.path(), "a.yaml", &[], "1\n");
    assert_eq!(code, 2);
    assert!(err.contains("unknown attribute `trainng`"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "answers:\n  trainng: advancing\n"
    );
}

#[test]
fn notes_are_saved_with_their_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = assess(
        dir.path(),
        "a.toml",
        &["--notes"],
        "3\nDana's KPI since Q2\n2\n\nq\n",
    );
    assert_eq!(code, 0);
    let a = load(&dir.path().join("a.toml"));
    assert_eq!(a.notes[0].as_deref(), Some("Dana's KPI since Q2"));
    assert_eq!(a.notes[1], None);
    assert_eq!(a.answers[1], Answer::Level(1));
}

#[test]
fn a_custom_rubric_is_asked_with_its_own_levels() {
    let dir = tempfile::tempdir().unwrap();
    let rubric =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rubrics/three-levels.yaml");
    let (code, _, err) = assess(
        dir.path(),
        "c.yaml",
        &["--rubric", rubric.to_str().unwrap()],
        "3\n4\nrepeatable\n1\n",
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Answer [1-3, s not sure"), "{err}");
    assert!(err.contains("Not understood: `4`"), "{err}");
    let text = std::fs::read_to_string(dir.path().join("c.yaml")).unwrap();
    assert!(text.contains("rubric: content-maturity@2.1"), "{text}");
    assert!(text.contains("analytics: ad-hoc"), "{text}");
}

#[cfg(unix)]
#[test]
fn sigkill_between_answers_leaves_a_file_with_every_confirmed_answer() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.yaml");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"))
        .current_dir(dir.path())
        .args(["assess", "--out", "k.yaml"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let answers = ["3", "2", "4", "1", "2"];
    for (k, a) in answers.iter().enumerate() {
        writeln!(stdin, "{a}").unwrap();
        stdin.flush().unwrap();
        // Wait (bounded) until the answer is on disk: the file must show k + 1 answers.
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if path.exists() && load(&path).answered() == k + 1 {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "answer {} never reached the file",
                k + 1
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let a = load(&path);
    assert_eq!(
        &a.answers[..6],
        &[
            Answer::Level(2),
            Answer::Level(1),
            Answer::Level(3),
            Answer::Level(0),
            Answer::Level(1),
            Answer::Missing
        ]
    );
    // No temporary file is left looking like an answers file.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n == "k.yaml" || n.starts_with(".persona-maturity-")),
        "{names:?}"
    );
}
