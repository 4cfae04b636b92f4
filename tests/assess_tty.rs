//! `assess` in a real (pseudo-)terminal: arrow keys and Enter, Ctrl-C halfway, then resuming.
#![cfg(unix)]

use expectrl::{ControlCode, Session};
use persona_maturity::assessment::{Answer, Assessment};
use persona_maturity::rubric::Rubric;
use persona_maturity::source::Source;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const DOWN: &str = "\x1b[B";

fn spawn(dir: &Path, args: &[&str]) -> Session {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"));
    cmd.current_dir(dir)
        .arg("assess")
        .args(args)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut s = Session::spawn(cmd).expect("spawns in a pty");
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    s
}

/// Wait until question `n` (1-based) is on screen and its prompt is ready for keys.
fn wait_for(s: &mut Session, n: usize) {
    s.expect(format!("{n} of 17 ·"))
        .expect("the question's screen is shown");
    s.expect("Esc saves and stops")
        .expect("the prompt is ready");
}

/// Answer question `n` by moving down `downs` times and pressing Enter.
fn choose(s: &mut Session, n: usize, downs: usize) {
    wait_for(s, n);
    for _ in 0..downs {
        s.send(DOWN).unwrap();
    }
    s.send("\r").unwrap();
}

fn load(path: &Path) -> Assessment {
    let src = Source::read(path, None).unwrap();
    Assessment::load(&src, &Rubric::builtin()).unwrap().0
}

fn exit_code(s: &mut Session) -> i32 {
    match s.get_process_mut().wait().unwrap() {
        expectrl::WaitStatus::Exited(_, code) => code,
        other => panic!("not a normal exit: {other:?}"),
    }
}

#[test]
fn answering_everything_with_arrow_keys_saves_the_file_and_shows_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(dir.path(), &["--out", "t.yaml"]);
    let downs: Vec<usize> = (0..17).map(|i| i % 4).collect();
    for (i, &d) in downs.iter().enumerate() {
        choose(&mut s, i + 1, d);
    }
    s.expect("Saved to t.yaml").unwrap();
    assert_eq!(exit_code(&mut s), 0);
    let a = load(&dir.path().join("t.yaml"));
    let expected: Vec<Answer> = downs.iter().map(|&d| Answer::Level(d)).collect();
    assert_eq!(a.answers, expected);
}

#[test]
fn ctrl_c_halfway_saves_exits_130_and_resuming_finishes_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(dir.path(), &["--out", "t.yaml"]);
    for n in 1..=8 {
        choose(&mut s, n, 2);
    }
    wait_for(&mut s, 9);
    s.send(ControlCode::EndOfText).unwrap(); // Ctrl-C
    s.expect("Interrupted. 8 of 17 answers are saved in t.yaml")
        .unwrap();
    assert_eq!(exit_code(&mut s), 130);
    assert_eq!(load(&dir.path().join("t.yaml")).answered(), 8);

    let mut s = spawn(dir.path(), &["--out", "t.yaml"]);
    s.expect("8 of 17 questions answered so far.").unwrap();
    s.send("\r").unwrap(); // "Resume where I stopped" is the first choice
    for n in 9..=17 {
        choose(&mut s, n, 1);
    }
    s.expect("Saved to t.yaml").unwrap();
    assert_eq!(exit_code(&mut s), 0);
    let a = load(&dir.path().join("t.yaml"));
    assert_eq!(&a.answers[..8], &[Answer::Level(2); 8]);
    assert_eq!(&a.answers[8..], &[Answer::Level(1); 9]);
}

#[test]
fn esc_also_stops_with_every_answer_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(dir.path(), &["--out", "t.yaml"]);
    choose(&mut s, 1, 3);
    wait_for(&mut s, 2);
    s.send("\x1b").unwrap();
    s.expect("Interrupted. 1 of 17 answers are saved").unwrap();
    assert_eq!(exit_code(&mut s), 130);
    assert_eq!(
        load(&dir.path().join("t.yaml")).answers[0],
        Answer::Level(3)
    );
}
