//! `assess` without a terminal: one answer a line on standard input, prompts on standard error.
//! And the guarantee that matters most: no way of leaving loses a confirmed answer.

use crate::common::pm;
use persona_maturity::hooks::assessment::{Answer, Assessment};
use persona_maturity::hooks::rubric::Rubric;
use persona_maturity::hooks::source::Source;
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
            "--report",
        ],
        input,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Next steps toward Fully Optimized"), "{out}");
    // The review list after the last question; the input ends there, which finishes.
    assert!(
        err.contains("Review your answers\n17 of 17 answered"),
        "{err}"
    );
    // The summary is the last thing on screen.
    let tail: Vec<&str> = err.trim_end().lines().rev().take(8).collect();
    assert_eq!(
        tail[0], "Full report: persona-maturity score q4.yaml",
        "{err}"
    );
    assert!(
        tail[1].starts_with("Next step: ")
            && tail[1]
                == "Next step: Qualitative Interviews, from Emerging to Advancing (first in the order of \
                    the work); what moves it up: persona-maturity explain qualitative-interviews q4.yaml",
        // Interviews go to Advancing (customers and non-customers) in the first round, before
        // Training and Data Analysis leave Experimenting.
        "the weakest answer (first in the order the work depends on) and the command that \
         explains it, with its id: {err}"
    );
    assert_eq!(tail[2], "Saved in q4.yaml.");
    assert!(
        err.contains("Thank you, Sam Lee. 17 of 17 answered."),
        "{err}"
    );
    assert!(err.contains("Overall: Experimenting (1.80 of 4)"), "{err}");
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
    // Unfinished: a script tells it from finished by the exit code.
    assert_eq!(code, 3);
    assert!(
        err.contains(
            "Input ended: 15 questions are not reached yet. 2 of 17 answers are saved in a.yaml; \
             resume with: persona-maturity assess --out a.yaml --resume"
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
            "Not understood: `maybe`. Type a number from 1 to 4, a level name, s, b, r, q or ?."
        ),
        "{err}"
    );
    assert!(err.contains("Not understood: `7`"), "{err}");
    assert!(
        err.contains("Saved: 2 of 17 answers are saved in a.yaml; resume with: persona-maturity assess --out a.yaml"),
        "{err}"
    );
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
    // A script must say what it means with an existing file.
    let (code, _, err) = assess(dir.path(), "a.yaml", &[], "4\nq\n");
    assert_eq!(code, 2);
    assert!(
        err.contains("a.yaml: exists and has answers already"),
        "{err}"
    );
    assert!(err.contains("pass --resume"), "{err}");
    // Resume, answer q3 and quit.
    let (code, _, err) = assess(dir.path(), "a.yaml", &["--resume"], "4\nq\n");
    assert_eq!(code, 0);
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
    assess(dir.path(), "a.yaml", &["--organization", "Acme"], "3\n2\n");
    let before = std::fs::read_to_string(dir.path().join("a.yaml")).unwrap();
    let (code, _, err) = assess(dir.path(), "a.yaml", &["--start-over"], "1\nq\n");
    assert_eq!(code, 0);
    let a = load(&dir.path().join("a.yaml"));
    assert_eq!(&a.answers[..2], &[Answer::Level(0), Answer::Missing]);
    assert_eq!(a.organization.as_deref(), Some("Acme"), "who and what stay");
    assert_eq!(
        err.matches("the file as it was is kept in a.yaml.bak")
            .count(),
        1,
        "said once: {err}"
    );
    assert!(
        err.contains(
            "The answers in a.yaml were cleared (start over); the file as it was is kept in a.yaml.bak."
        ),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.yaml.bak")).unwrap(),
        before
    );
    // A second start-over never overwrites the first copy.
    assess(dir.path(), "a.yaml", &["--start-over"], "2\nq\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.yaml.bak")).unwrap(),
        before
    );
    assert!(dir.path().join("a.yaml.bak-2").exists());
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
    // The file scores only with the rubric: its header, and the summary's commands, say so (the
    // header names the rubric file, not the folders it is in: the file travels).
    assert!(
        text.contains(
            "# Score it with: persona-maturity score --rubric three-levels.yaml <this file>\n"
        ),
        "{text}"
    );
    let tool = format!("persona-maturity --rubric {}", rubric.display());
    assert!(
        err.contains(&format!("Full report: {tool} score c.yaml")),
        "{err}"
    );
    assert!(
        err.contains(&format!("what moves it up: {tool} explain ")),
        "{err}"
    );
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
            .all(|n| n == "k.yaml" || n == ".k.yaml.lock" || n.starts_with(".persona-maturity-")),
        "{names:?}"
    );
    // The lock of a session that is gone is taken over.
    let (code, _, err) = assess(dir.path(), "k.yaml", &["--resume"], "q\n");
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("an earlier session on k.yaml (process "),
        "{err}"
    );
    assert!(
        err.contains("ended without closing it; this one carried on with the file"),
        "{err}"
    );
    assert!(!dir.path().join(".k.yaml.lock").exists());
}

/// Answers for every question: all at `level` (1-4).
fn all(level: &str) -> String {
    format!("{level}\n").repeat(17)
}

#[test]
fn resuming_a_complete_file_in_a_script_answers_the_open_questions_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = all("2");
    input.replace_range(0..2, "s\n");
    assess(dir.path(), "a.yaml", &[], &input);
    assert_eq!(load(&dir.path().join("a.yaml")).answers[0], Answer::Unsure);
    let (code, _, err) = assess(dir.path(), "a.yaml", &["--resume"], "4\n");
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("1 of 17 · Core Attributes · open question 1 of 1"),
        "{err}"
    );
    let a = load(&dir.path().join("a.yaml"));
    assert_eq!(a.answers[0], Answer::Level(3));
    assert_eq!(a.answered(), 17);
}

#[test]
fn review_and_change_one_answer_from_the_list_in_a_script() {
    let dir = tempfile::tempdir().unwrap();
    assess(dir.path(), "a.yaml", &[], &all("2"));
    // Every question reached: the review list. Change question 5, then finish.
    let (code, _, err) = assess(dir.path(), "a.yaml", &["--resume"], "5\n4\nf\n");
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("5 of 17 · Core Attributes · changing an answer"),
        "{err}"
    );
    let a = load(&dir.path().join("a.yaml"));
    assert_eq!(a.answers[4], Answer::Level(3));
    assert_eq!(a.answers[3], Answer::Level(1));
}

#[test]
fn a_file_where_nothing_changed_is_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.toml");
    let text = "# Northwind, sales view\nrubric = \"persona-optimization-framework\"\ndate = 2026-10-15\n\n[answers]\ntraining = { level = \"advancing\", note = \"onboarding\" } # kept\n";
    std::fs::write(&path, text).unwrap();
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    // Quit at once; then walk every question giving the same answers (Enter keeps them).
    let (code, _, err) = assess(dir.path(), "a.toml", &["--resume"], "q\n");
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
}

#[test]
fn a_changed_answer_keeps_the_files_comments_layout_and_toml_date() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("a.yaml");
    let text = "# Acme, marketing\nanswers:\n  # Core\n  internal-persona-ownership: emerging   # Dana\n  sharing-personas: { level: advancing, note: \"only enterprise\" }\n";
    std::fs::write(&yaml, text).unwrap();
    let (code, _, err) = assess(dir.path(), "a.yaml", &["--resume"], "3\nq\n");
    assert_eq!(code, 0, "{err}");
    let now = std::fs::read_to_string(&yaml).unwrap();
    assert!(now.starts_with("# Acme, marketing\ndate: "), "{now}");
    assert!(now.contains("\nanswers:\n  # Core\n  internal-persona-ownership: emerging   # Dana\n  sharing-personas: { level: advancing, note: \"only enterprise\" }\n  budget-allocation: advancing\n"), "{now}");

    let toml = dir.path().join("b.toml");
    let text =
        "# Northwind\ndate = 2026-10-15 # reviewed\n\n[answers]\ntraining = \"emerging\" # HR\n";
    std::fs::write(&toml, text).unwrap();
    let (code, _, err) = assess(dir.path(), "b.toml", &["--resume"], "2\nq\n");
    assert_eq!(code, 0, "{err}");
    let now = std::fs::read_to_string(&toml).unwrap();
    assert!(now.starts_with("# Northwind\ndate = "), "{now}");
    assert!(
        !now.contains("date = \"20"),
        "the date stays a TOML date: {now}"
    );
    assert!(now.contains("# reviewed"), "{now}");
    assert!(now.contains("training = \"emerging\" # HR\n"), "{now}");
    assert!(
        now.contains("internal-persona-ownership = \"emerging\""),
        "{now}"
    );
}

#[test]
fn a_layout_beyond_a_safe_edit_is_said_once_and_the_old_file_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    let text = "answers: { training: emerging } # flow style\n";
    std::fs::write(&path, text).unwrap();
    let (code, _, err) = assess(dir.path(), "a.yaml", &["--resume"], "3\n2\nq\n");
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.matches("could not be changed in place").count(),
        1,
        "{err}"
    );
    assert!(
        err.contains(
            "a.yaml could not be changed in place without disturbing how it is written (`answers` \
             is written on one line, in braces ({ … }), not one answer a line), so it is written \
             whole, in this tool's layout, from now on; the file as it was is kept in a.yaml.bak"
        ),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.yaml.bak")).unwrap(),
        text
    );
    let a = load(&path);
    assert_eq!(a.answers[0], Answer::Level(2));
    assert_eq!(a.answers[1], Answer::Level(1));
}

#[cfg(unix)]
#[test]
fn out_that_is_a_link_writes_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("store")).unwrap();
    let target = dir.path().join("store/answers.yaml");
    std::fs::write(&target, "answers:\n  training: emerging\n").unwrap();
    std::os::unix::fs::symlink("store/answers.yaml", dir.path().join("link.yaml")).unwrap();
    let (code, _, err) = assess(dir.path(), "link.yaml", &["--resume"], "4\nq\n");
    assert_eq!(code, 0, "{err}");
    let link = std::fs::symlink_metadata(dir.path().join("link.yaml")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is kept");
    assert_eq!(
        load(&target).answers[0],
        Answer::Level(3),
        "the target has the answer"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_answers_file_is_an_error_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    std::fs::write(&path, "answers:\n  training: emerging\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, err) = assess(dir.path(), "a.yaml", &["--resume"], "4\n");
    assert_eq!(code, 2);
    assert!(err.contains("a.yaml: is read-only"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "answers:\n  training: emerging\n"
    );
}

#[test]
fn long_lines_bad_bytes_and_nonsense_in_a_pipe_are_refused_not_buffered() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = Vec::new();
    input.extend_from_slice(&vec![b'7'; 10 * 1024 * 1024]);
    input.extend_from_slice(b"\n\xff\xfe\n3\n");
    let out = pm()
        .current_dir(dir.path())
        .args(["assess", "--out", "a.yaml"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "one answer, then the input ended"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "That line is longer than 4 KiB and was not read (it began `{}…`).",
            "7".repeat(79)
        )),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(err.len() < 20_000, "the long line is not echoed back");
    assert!(err.contains("That line is not UTF-8 text"), "{err}");
    assert_eq!(
        load(&dir.path().join("a.yaml")).answers[0],
        Answer::Level(2)
    );

    // Twenty lines in a row that mean nothing: exit 2, the answers so far kept.
    let input = format!("2\n{}", "maybe\n".repeat(25));
    let (code, _, err) = assess(dir.path(), "b.yaml", &[], &input);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("Stopping: 20 lines in a row were not answers."),
        "{err}"
    );
    assert_eq!(
        load(&dir.path().join("b.yaml")).answers[0],
        Answer::Level(1)
    );
}

#[cfg(unix)]
#[test]
fn standard_input_that_is_a_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"))
        .current_dir(dir.path())
        .args(["assess", "--out", "a.yaml"])
        .stdin(std::fs::File::open(dir.path()).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("<stdin>: is a folder"), "{err}");
    assert!(!dir.path().join("a.yaml").exists());
}

#[cfg(unix)]
#[test]
fn a_change_made_on_disk_by_someone_else_is_never_overwritten() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"))
        .current_dir(dir.path())
        .args(["assess", "--out", "a.yaml"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "3").unwrap();
    stdin.flush().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !(path.exists() && load(&path).answered() == 1) {
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // Someone else edits the file meanwhile.
    let theirs = "answers:\n  training: fully-optimized\n";
    std::fs::write(&path, theirs).unwrap();
    writeln!(stdin, "2").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "a.yaml: was changed outside this session while you answered; it was not overwritten"
        ),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    let mine = load(&dir.path().join("a.mine.yaml"));
    assert_eq!(&mine.answers[..2], &[Answer::Level(2), Answer::Level(1)]);
}

#[cfg(unix)]
#[test]
fn sigterm_in_a_pipe_exits_143_with_the_answers_saved_and_no_lock_left() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"))
        .current_dir(dir.path())
        .args(["assess", "--out", "a.yaml"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "4").unwrap();
    stdin.flush().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !(path.exists() && load(&path).answered() == 1) {
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let pid = rustix::process::Pid::from_raw(child.id() as i32).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Stopped (SIGTERM). 1 of 17 answers is saved in a.yaml; resume with: persona-maturity assess --out a.yaml"),
        "{err}"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["a.yaml"]);
}

#[test]
fn the_resume_line_quotes_a_name_with_spaces_and_a_leading_dash() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = assess(dir.path(), "my answers.yaml", &[], "3\nq\n");
    assert_eq!(code, 0);
    assert!(
        err.contains("resume with: persona-maturity assess --out 'my answers.yaml' --resume"),
        "{err}"
    );
    let out = pm()
        .current_dir(dir.path())
        .args(["assess", "--out=-q4.yaml"])
        .write_stdin("3\nq\n")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("resume with: persona-maturity assess --out ./-q4.yaml"),
        "{err}"
    );
}

#[test]
fn notes_also_follow_not_sure() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = assess(dir.path(), "a.yaml", &["--notes"], "s\nask finance\nq\n");
    assert_eq!(code, 0);
    let a = load(&dir.path().join("a.yaml"));
    assert_eq!(a.answers[0], Answer::Unsure);
    assert_eq!(a.notes[0].as_deref(), Some("ask finance"));
}

#[cfg(unix)]
#[test]
fn dev_zero_on_standard_input_stops_with_exit_2_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"))
        .current_dir(dir.path())
        .args(["assess", "--out", "a.yaml"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Stopping: 20 lines in a row were not answers."),
        "{err}"
    );
    assert!(
        err.contains("\\u{0}"),
        "NUL bytes are shown as escapes: {err}"
    );
    assert!(!err.contains('\0'));
}

#[test]
fn input_ending_when_every_question_has_an_answer_is_not_called_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    // Sixteen levels and one "not sure": every question reached; a script resumes it (the
    // not-sure one is asked again) and its input ends at once.
    let mut input = "3\n".repeat(16);
    input.push_str("s\n");
    let (code, _, err) = assess(dir.path(), "a.yaml", &[], &input);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = assess(dir.path(), "a.yaml", &["--resume"], "");
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("incomplete"), "{err}");
    assert!(
        err.contains("Input ended: every question was reached. 16 of 17 answers are saved in a.yaml (1 not sure)"),
        "{err}"
    );
}

#[test]
fn the_resume_command_keeps_the_flags_that_change_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, err) = assess(dir.path(), "a.yaml", &["--notes"], "3\n\n");
    assert!(
        err.contains("resume with: persona-maturity assess --out a.yaml --notes --resume"),
        "{err}"
    );
}

#[test]
fn a_script_tells_nothing_answered_from_unfinished_from_finished_by_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing on standard input (`< /dev/null`): exit 3, and no file.
    let (code, _, err) = assess(dir.path(), "a.yaml", &[], "");
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains(
            "Input ended before the first answer: nothing was saved and a.yaml was not written."
        ),
        "{err}"
    );
    assert!(
        !dir.path().join("a.yaml").exists(),
        "no `answers: {{}}` file"
    );
    // `q` before the first answer: nothing to keep either, and it was asked for (0).
    let (code, _, err) = assess(dir.path(), "a.yaml", &[], "q\n");
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Quit before the first answer: nothing was saved"),
        "{err}"
    );
    assert!(!dir.path().join("a.yaml").exists());
    // An empty line on a question without an answer is explained, not "Not understood: ``".
    let (code, _, err) = assess(dir.path(), "a.yaml", &[], "3\n\n");
    assert_eq!(code, 3, "unfinished: {err}");
    assert!(
        err.contains("An empty line keeps the answer given before, and this question has none yet"),
        "{err}"
    );
    assert!(!err.contains("Not understood: ``"), "{err}");
    assert!(
        err.contains("resume with: persona-maturity assess --out a.yaml --resume"),
        "the command a script needs: {err}"
    );
    // The rest, then the end of the input on the review list: finished, exit 0.
    let rest = "2\n".repeat(16);
    let (code, _, err) = assess(dir.path(), "a.yaml", &["--resume"], &rest);
    assert_eq!(code, 0, "{err}");
    assert_eq!(load(&dir.path().join("a.yaml")).answered(), 17);
}

#[test]
fn a_file_saved_by_notepad_with_a_byte_order_mark_is_resumed_and_started_over() {
    // Notepad's UTF-8 starts with a byte-order mark; Windows line breaks too, or not.
    for (name, text) in [
        (
            "a.yaml",
            "# ours\nanswers:\n  internal-persona-ownership: advancing\n  sharing-personas: unsure\n",
        ),
        (
            "a.toml",
            "# ours\n[answers]\ninternal-persona-ownership = \"advancing\"\nsharing-personas = \"unsure\"\n",
        ),
    ] {
        for crlf in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(name);
            let text = if crlf {
                text.replace('\n', "\r\n")
            } else {
                text.to_string()
            };
            let original = format!("\u{feff}{text}");
            std::fs::write(&path, &original).unwrap();
            // Resumed: the first save is no conflict, the mark stays, the comment too.
            let (code, _, err) = assess(dir.path(), name, &["--resume"], "1\n");
            assert_eq!(code, 3, "{name} crlf {crlf}: {err}");
            assert!(!err.contains("changed outside"), "{name} crlf {crlf}: {err}");
            let now = std::fs::read_to_string(&path).unwrap();
            assert!(
                now.starts_with('\u{feff}') && now.contains("# ours"),
                "{now:?}"
            );
            assert_eq!(now.contains("\r\n"), crlf, "{now:?}");
            assert_eq!(load(&path).answers[2], Answer::Level(0));
            // Again: a second session carries on where the first stopped.
            let (code, _, err) = assess(dir.path(), name, &["--resume"], "2\n");
            assert_eq!(code, 3, "{name} crlf {crlf}: {err}");
            assert_eq!(load(&path).answers[3], Answer::Level(1));
            // Started over: written whole, the mark kept; the copy is the file byte for byte.
            let before = std::fs::read(&path).unwrap();
            let (code, _, err) = assess(dir.path(), name, &["--start-over"], "4\n");
            assert_eq!(code, 3, "{name} crlf {crlf}: {err}");
            assert!(!err.contains("changed outside"), "{err}");
            assert!(std::fs::read(&path).unwrap().starts_with(b"\xEF\xBB\xBF"));
            assert_eq!(load(&path).answers[0], Answer::Level(3));
            assert_eq!(
                std::fs::read(dir.path().join(format!("{name}.bak"))).unwrap(),
                before
            );
            assert!(
                std::fs::read_dir(dir.path())
                    .unwrap()
                    .all(|e| !e.unwrap().file_name().to_string_lossy().contains(".mine")),
                "no conflict copy"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn every_copy_of_a_private_file_is_as_private_as_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    let private = |p: &Path| std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600));
    // A copy kept before starting over.
    assess(dir.path(), "a.yaml", &[], "3\n2\n");
    private(&path).unwrap();
    let (code, _, err) = assess(dir.path(), "a.yaml", &["--start-over"], "1\n");
    assert_eq!(code, 3, "{err}");
    assert_eq!(mode(&dir.path().join("a.yaml.bak")), 0o600);
    let (code, _, err) = assess(dir.path(), "a.yaml", &["--start-over"], "1\n");
    assert_eq!(code, 3, "{err}");
    assert_eq!(mode(&dir.path().join("a.yaml.bak-2")), 0o600);
    // A copy kept before writing a layout beyond an exact edit whole.
    std::fs::write(&path, "answers: { training: emerging }\n").unwrap();
    private(&path).unwrap();
    let (code, _, err) = assess(dir.path(), "a.yaml", &["--resume"], "1\n");
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("a.yaml.bak-3"), "{err}");
    assert_eq!(mode(&dir.path().join("a.yaml.bak-3")), 0o600);
    assert_eq!(mode(&path), 0o600);
    // The answers kept beside a file changed by someone else.
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"))
        .current_dir(dir.path())
        .args(["assess", "--out", "a.yaml", "--resume"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "3").unwrap();
    stdin.flush().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while load(&path).answers[1] != Answer::Level(2) {
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    std::fs::write(&path, "answers:\n  training: fully-optimized\n").unwrap();
    writeln!(stdin, "2").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(mode(&dir.path().join("a.mine.yaml")), 0o600);
}

#[test]
fn input_ending_on_the_review_list_before_every_question_is_reached_is_unfinished() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = assess(dir.path(), "s1.yaml", &[], "2\n3\nr\n");
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("Input ended: 15 questions are not reached yet."),
        "{err}"
    );
    assert!(
        !err.contains("Thank you"),
        "no summary of a finished one: {err}"
    );
    // `f` said on the list finishes, open questions or not.
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = assess(dir.path(), "s2.yaml", &[], "2\n3\nr\nf\n");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Thank you. 2 of 17 answered"), "{err}");
    // Every question reached: the end of the input on the list finishes.
    let dir = tempfile::tempdir().unwrap();
    let input = format!("{}s\n", "2\n".repeat(16));
    let (code, _, err) = assess(dir.path(), "s3.yaml", &[], &input);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Thank you. 16 of 17 answered, 1 not sure."),
        "{err}"
    );
}

#[test]
fn the_way_to_answer_the_open_questions_later_works_as_it_says_in_a_script() {
    let dir = tempfile::tempdir().unwrap();
    // Finished with questions never reached: carrying on starts at the first of them.
    let (code, _, err) = assess(dir.path(), "s.yaml", &[], "2\nr\nf\n");
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "To carry on at question 2 (Sharing Personas): persona-maturity assess --out s.yaml --resume"
        ),
        "{err}"
    );
    let (_, _, err) = assess(dir.path(), "s.yaml", &["--resume"], "3\n");
    assert!(err.contains("2 of 17 · Core Attributes"), "{err}");
    assert_eq!(
        load(&dir.path().join("s.yaml")).answers[1],
        Answer::Level(2)
    );
    // Every question reached, some not sure: the first lines answer those.
    let dir = tempfile::tempdir().unwrap();
    let input = format!("s\n{}", "2\n".repeat(16));
    let (code, _, err) = assess(dir.path(), "s.yaml", &[], &input);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "To answer them later (the first lines answer them): persona-maturity assess --out s.yaml --resume"
        ),
        "{err}"
    );
    let (_, _, err) = assess(dir.path(), "s.yaml", &["--resume"], "4\n");
    assert!(
        err.contains("1 of 17 · Core Attributes · open question 1 of 1"),
        "{err}"
    );
    assert_eq!(
        load(&dir.path().join("s.yaml")).answers[0],
        Answer::Level(3)
    );
}

#[test]
fn why_a_file_is_written_whole_names_the_answer_and_the_real_reason() {
    // An old Mac file: lines end with CR alone. Not "flow style".
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("cr.yaml"),
        "answers:\r  training: emerging\r",
    )
    .unwrap();
    let (_, _, err) = assess(dir.path(), "cr.yaml", &["--resume"], "1\n");
    assert!(
        err.contains("(its lines end with CR alone (old Mac line breaks))"),
        "{err}"
    );
    assert!(
        !err.contains("flow style") && !err.contains("braces"),
        "{err}"
    );
    // An answer in a form the edit does not handle: which one, and where.
    std::fs::write(
        dir.path().join("a.yaml"),
        "answers:\n  internal-persona-ownership: emerging\n  training:\n    advancing\n",
    )
    .unwrap();
    // Change Training from the review list.
    let (_, _, err) = assess(dir.path(), "a.yaml", &["--resume"], "r\n4\n1\nq\n");
    assert!(
        err.contains(
            "(the answer to Training on line 3: it is written in a form this tool cannot change \
             without touching text around it)"
        ),
        "{err}"
    );
    assert_eq!(
        load(&dir.path().join("a.yaml")).answers[3],
        Answer::Level(0)
    );
}

#[test]
fn a_multi_line_note_of_a_crlf_toml_file_is_one_note_with_line_breaks_wherever_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.toml");
    // A note over two lines in a Windows file, and a note whose removal takes a comment with it
    // (so the file is written whole).
    std::fs::write(
        &path,
        "[answers]\r\nsharing-personas = { level = \"emerging\", note = \"\"\"line one\r\nline two\"\"\" }\r\n\r\n[answers.training]\r\nlevel = \"emerging\"\r\nnote = \"x\" # why\r\n",
    )
    .unwrap();
    assert_eq!(load(&path).notes[1].as_deref(), Some("line one\nline two"));
    // Training's note removed (from the review list): its comment would go, so the file is
    // written whole, in the tool's layout (LF).
    let (_, _, err) = assess(
        dir.path(),
        "d.toml",
        &["--resume", "--notes"],
        "r\n4\n2\n-\nq\n",
    );
    assert!(err.contains("written whole"), "{err}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains('\r'), "no CR left inside the note: {text:?}");
    let a = load(&path);
    assert_eq!(
        a.notes[1].as_deref(),
        Some("line one\nline two"),
        "{text:?}"
    );
    assert_eq!(a.notes[3], None);
}

#[test]
fn a_file_deleted_while_answering_says_where_the_only_copy_is() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.yaml");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"))
        .current_dir(dir.path())
        .args(["assess", "--out", "a.yaml"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "3").unwrap();
    stdin.flush().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !(path.exists() && load(&path).answered() == 1) {
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    std::fs::remove_file(&path).unwrap();
    writeln!(stdin, "2").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("a.yaml: was deleted outside this session while you answered"),
        "{err}"
    );
    assert!(
        err.contains("your answers are saved in ")
            && err.contains(
                "a.mine.yaml, the only copy now: rename it to a.yaml to carry on with it"
            ),
        "{err}"
    );
    assert!(!err.contains("compare the two"), "{err}");
}

#[test]
fn a_rubric_with_ten_levels_lines_up_its_descriptions_and_takes_10_as_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut rubric = String::from("id: ten\nversion: 1.0.0\nname: Ten levels\nlevels:\n");
    for n in 1..=10 {
        rubric.push_str(&format!("- id: l{n}\n  name: Level {n}\n"));
    }
    rubric.push_str(
        "sections:\n- id: s1\n  name: One\n  attributes:\n  - id: a1\n    name: First\n    \
         levels:\n",
    );
    for n in 1..=10 {
        rubric.push_str(&format!(
            "      l{n}: Description of level {n}, long enough.\n"
        ));
    }
    std::fs::write(dir.path().join("ten.yaml"), rubric).unwrap();
    let (code, _, err) = assess(dir.path(), "a.yaml", &["--rubric", "ten.yaml"], "10\n");
    assert_eq!(code, 0, "{err}");
    // Every description starts in the same column, the numbers right-aligned.
    let rows: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("Description of level"))
        .take(10)
        .collect();
    assert_eq!(rows.len(), 10, "{err}");
    let cols: Vec<usize> = rows
        .iter()
        .map(|l| l.find("Description").unwrap())
        .collect();
    assert!(cols.iter().all(|&c| c == cols[0]), "{rows:#?}");
    assert!(rows[0].starts_with("   1 Level 1 "), "{rows:#?}");
    assert!(rows[9].starts_with("  10 Level 10 "), "{rows:#?}");
    let text = std::fs::read_to_string(dir.path().join("a.yaml")).unwrap();
    assert!(text.contains("a1: l10"), "{text}");
}

#[test]
fn out_that_is_not_an_answers_file_name_gets_the_name_that_would_work() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("q4")).unwrap();
    for (out, said, help) in [
        (
            "q4",
            "error: --out: `q4` is a folder; expected the answers file to write in it",
            "for example --out q4/answers.yaml",
        ),
        (
            "-",
            "error: --out: `-` (standard output) cannot hold answers saved as you go",
            "for example --out answers.yaml",
        ),
        (
            "answers",
            "error: --out: `answers` has an unknown extension; expected .yaml, .yml or .toml",
            "did you mean --out answers.yaml?",
        ),
    ] {
        let (code, _, err) = assess(dir.path(), out, &[], "3\n");
        assert_eq!(code, 2, "{out}: {err}");
        assert!(err.contains(said) && err.contains(help), "{out}: {err}");
    }
    // Nothing was written anywhere.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["q4"]);
    assert_eq!(std::fs::read_dir(dir.path().join("q4")).unwrap().count(), 0);
}
