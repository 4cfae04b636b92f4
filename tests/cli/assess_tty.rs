//! `assess` in a real (pseudo-)terminal, read back through a terminal emulator (`vt100`), at
//! 80×24 and 60×20: what a person sees on every screen, one key per answer, the review list,
//! changing an answer from it, the start-over confirmation, the summary at the end, and the
//! terminal given back after a signal.
#![cfg(unix)]

use expectrl::Session;
use persona_maturity::hooks::assessment::{Answer, Assessment};
use persona_maturity::hooks::rubric::Rubric;
use persona_maturity::hooks::source::Source;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const DOWN: &str = "\x1b[B";

/// A terminal of a given size with the questionnaire running in it.
struct Term {
    session: Session,
    parser: vt100::Parser,
    /// The last bytes read, to find the end of a frame split over two reads.
    tail: Vec<u8>,
    /// Whether the last thing written was the end of a frame (DEC mode 2026 reset).
    frame_done: bool,
}

/// What the questionnaire writes at the end of every frame: the end of a synchronized update.
const FRAME_END: &[u8] = b"\x1b[?2026l";

impl Term {
    fn spawn(dir: &Path, args: &[&str], cols: u16, rows: u16) -> Term {
        Term::spawn_sh(dir, "exec \"$0\" \"$@\"", args, cols, rows)
    }

    /// [`Term::spawn`], the program started by the shell's `script` (`$0` is the program, `$@`
    /// the arguments): a redirection, for one.
    fn spawn_sh(dir: &Path, script: &str, args: &[&str], cols: u16, rows: u16) -> Term {
        // Through a shell that first sets the terminal the way a person's is (echo on: the pty
        // starts with it off), so "given back as it was" can be checked.
        let mut cmd = Command::new("sh");
        cmd.current_dir(dir)
            .args(["-c", &format!("stty sane; {script}")])
            .arg(assert_cmd::cargo::cargo_bin("persona-maturity"))
            .arg("assess")
            .args(args)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm-256color")
            .env_remove("COLUMNS")
            .env_remove("LINES");
        let mut session = Session::spawn(cmd).expect("spawns in a pty");
        session
            .get_process_mut()
            .set_window_size(cols, rows)
            .expect("sets the size");
        Term {
            session,
            parser: vt100::Parser::new(rows, cols, 0),
            tail: Vec::new(),
            frame_done: false,
        }
    }

    /// Read what the program wrote so far into the emulator; whether anything came.
    fn pump(&mut self) -> bool {
        let mut buf = [0u8; 8192];
        let mut any = false;
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    any = true;
                    self.parser.process(&buf[..n]);
                    self.tail.extend_from_slice(&buf[..n]);
                    let keep = self.tail.len().saturating_sub(FRAME_END.len());
                    self.frame_done = self.tail.ends_with(FRAME_END);
                    self.tail.drain(..keep);
                }
                Err(_) => break,
            }
        }
        any
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Wait (at most 60 s: the machine may be loaded) until the screen shows `text` in a frame
    /// the program has finished drawing (the frame's end was the last thing written).
    fn wait_for(&mut self, text: &str) -> String {
        self.wait_until(text, |t, s| t.frame_done && s.contains(text))
    }

    /// Wait (at most 60 s) until `done` holds for the screen; `what` names it in the failure.
    fn wait_until(&mut self, what: &str, done: impl Fn(&Term, &str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            self.pump();
            let s = self.screen();
            if done(self, &s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {what:?}; the screen shows:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn send(&mut self, keys: &str) {
        // What is on the screen now is the frame before these keys.
        self.frame_done = false;
        self.session.write_all(keys.as_bytes()).unwrap();
        self.session.flush().unwrap();
    }

    fn exit_code(&mut self) -> i32 {
        // Keep reading, so the program never blocks on a full terminal.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            self.pump();
            match self.session.get_process().status() {
                Ok(expectrl::WaitStatus::Exited(_, code)) => {
                    self.pump();
                    return code;
                }
                Ok(expectrl::WaitStatus::Signaled(_, sig, _)) => panic!("killed by {sig:?}"),
                _ => {}
            }
            assert!(
                Instant::now() < deadline,
                "did not exit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The pty's line discipline: (canonical mode, echo).
    fn cooked(&self) -> (bool, bool) {
        let fd = self.session.get_process().get_raw_handle().unwrap();
        let t = rustix::termios::tcgetattr(&fd).unwrap();
        (
            t.local_modes.contains(rustix::termios::LocalModes::ICANON),
            t.local_modes.contains(rustix::termios::LocalModes::ECHO),
        )
    }
}

fn load(path: &Path) -> Assessment {
    let src = Source::read(path, None).unwrap();
    Assessment::load(&src, &Rubric::builtin()).unwrap().0
}

/// Get past the intro, giving name, role and organization.
fn through_intro(t: &mut Term) {
    t.wait_for("Your name:");
    t.send("Dana Reyes\r");
    t.wait_for("Your role or team");
    t.send("marketing\r");
    t.wait_for("Organization:");
    t.send("Acme\r");
    t.wait_for("Press Enter to start");
    t.send("\r");
}

/// Get through the intro's fields, then quit where it says "Press Enter to start".
fn through_intro_quitting(t: &mut Term) {
    t.wait_for("Your name:");
    t.send("\r");
    t.wait_for("Your role or team");
    t.send("\r");
    t.wait_for("Organization:");
    t.send("\r");
    t.wait_for("Press Enter to start");
    t.send("q");
}

/// Every question screen at this size shows its progress line, its name, and all four levels;
/// each is answered with one key (1-4, no Enter). Then the review list, a changed answer, the
/// summary.
fn one_key_answers_review_and_summary(cols: u16, rows: u16) {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], cols, rows);
    let intro = t.wait_for("Your name:");
    assert!(intro.contains("17 questions in 4 sections"), "{intro}");
    assert!(
        intro.contains("t.yaml"),
        "the intro says where answers go:\n{intro}"
    );
    through_intro(&mut t);
    let rubric = Rubric::builtin();
    for (i, a) in rubric.attributes.iter().enumerate() {
        let s = t.wait_for(&format!("{} of 17 · ", i + 1));
        let lines: Vec<&str> = s.lines().collect();
        assert!(
            lines[0].starts_with(&format!("{} of 17 · ", i + 1)),
            "{cols}x{rows} q{}: progress on the first line:\n{s}",
            i + 1
        );
        assert!(lines[1].contains(&a.name), "{cols}x{rows}:\n{s}");
        for (k, l) in rubric.levels.iter().enumerate() {
            assert!(
                s.contains(&format!("{} {}", k + 1, l.name)),
                "{cols}x{rows} q{}: level {} missing:\n{s}",
                i + 1,
                l.name
            );
        }
        assert!(s.contains("? help"), "{s}");
        t.send(&format!("{}", i % 4 + 1));
    }
    let review = t.wait_for("Review your answers");
    assert!(review.contains("17 of 17 answered"), "{review}");
    // Change the highlighted (last) answer: Enter, then 1.
    t.send("\r");
    t.wait_for("changing an answer");
    t.send("1");
    let review = t.wait_for("Review your answers");
    assert!(
        review.contains("Use of Data to Refine Personas"),
        "{review}"
    );
    t.send("f");
    assert_eq!(t.exit_code(), 0);
    let end = t.screen();
    assert!(
        end.contains("Thank you, Dana Reyes. 17 of 17 answered."),
        "{end}"
    );
    assert!(end.contains("Overall: "), "{end}");
    assert!(
        end.contains("Full report:\n  persona-maturity score t.yaml"),
        "{end}"
    );
    let a = load(&dir.path().join("t.yaml"));
    let mut expected: Vec<Answer> = (0..17).map(|i| Answer::Level(i % 4)).collect();
    expected[16] = Answer::Level(0);
    assert_eq!(a.answers, expected);
    assert_eq!(a.respondent.name.as_deref(), Some("Dana Reyes"));
    assert_eq!(a.organization.as_deref(), Some("Acme"));
    assert!(
        !dir.path().join(".t.yaml.lock").exists(),
        "the lock is removed"
    );
}

#[test]
fn at_80x24_every_screen_shows_heading_and_levels_and_one_key_answers() {
    one_key_answers_review_and_summary(80, 24);
}

#[test]
fn at_60x20_every_screen_shows_heading_and_levels_and_one_key_answers() {
    one_key_answers_review_and_summary(60, 20);
}

#[test]
fn arrow_keys_never_wrap_onto_an_action_and_enter_chooses() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    through_intro(&mut t);
    t.wait_for("1 of 17 · ");
    // Up from the first level stays on it; ten downs stop at "Not sure".
    t.send("\x1b[A");
    for _ in 0..10 {
        t.send(DOWN);
    }
    t.send("\r");
    t.wait_for("2 of 17 · ");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    assert!(t
        .screen()
        .contains("resume with:\n  persona-maturity assess --out t.yaml"));
    let a = load(&dir.path().join("t.yaml"));
    assert_eq!(a.answers[0], Answer::Unsure);
}

#[test]
fn ctrl_c_saves_exits_130_and_resuming_finishes_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    through_intro(&mut t);
    for n in 1..=8 {
        t.wait_for(&format!("{n} of 17 · "));
        t.send("3");
    }
    t.wait_for("9 of 17 · ");
    t.send("\x03"); // Ctrl-C
    assert_eq!(t.exit_code(), 130);
    assert!(
        t.screen()
            .contains("Interrupted. 8 of 17 answers are saved in t.yaml"),
        "{}",
        t.screen()
    );
    assert_eq!(load(&dir.path().join("t.yaml")).answered(), 8);

    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    t.wait_for("Carry on where you stopped, or start over?");
    t.send("r");
    t.wait_for("Press Enter to start");
    t.send("\r");
    for n in 9..=17 {
        t.wait_for(&format!("{n} of 17 · "));
        t.send("2");
    }
    t.wait_for("Review your answers");
    t.send("f");
    assert_eq!(t.exit_code(), 0);
    let a = load(&dir.path().join("t.yaml"));
    assert_eq!(&a.answers[..8], &[Answer::Level(2); 8]);
    assert_eq!(&a.answers[8..], &[Answer::Level(1); 9]);
}

#[test]
fn starting_over_asks_first_keeps_who_answers_and_a_copy_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    std::fs::write(
        &path,
        "# mine\norganization: Acme\nrespondent: { name: Dana, role: marketing }\nanswers:\n  training: advancing\n",
    )
    .unwrap();
    let before = std::fs::read_to_string(&path).unwrap();
    // No: nothing changes.
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    t.wait_for("Carry on where you stopped, or start over?");
    t.send("o");
    t.wait_for("Erase 1 answer?");
    t.send("n");
    t.wait_for("Press Enter to start");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    // Yes: the answers go, name, role and organization stay, the old file is kept.
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    t.wait_for("Carry on where you stopped, or start over?");
    t.send("o");
    t.wait_for("Erase 1 answer?");
    t.send("y");
    t.wait_for("Press Enter to start");
    t.send("\r");
    t.wait_for("1 of 17 · ");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    let flat = t.screen().split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        flat.matches("the file as it was is kept in t.yaml.bak")
            .count(),
        1,
        "said once: {flat}"
    );
    assert!(
        flat.contains("The answers in t.yaml were cleared (start over)"),
        "{flat}"
    );
    let a = load(&path);
    assert_eq!(a.answered(), 0);
    assert_eq!(a.organization.as_deref(), Some("Acme"));
    assert_eq!(a.respondent.name.as_deref(), Some("Dana"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t.yaml.bak")).unwrap(),
        before
    );
}

#[test]
fn sigterm_gives_the_terminal_back_removes_the_lock_and_says_how_to_resume() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    through_intro(&mut t);
    t.wait_for("1 of 17 · ");
    t.send("2");
    t.wait_for("2 of 17 · ");
    assert!(t.parser.screen().alternate_screen());
    assert_eq!(t.cooked(), (false, false), "raw mode while asking");
    t.session
        .get_process_mut()
        .signal(expectrl::Signal::SIGTERM)
        .unwrap();
    assert_eq!(t.exit_code(), 128 + 15);
    assert!(
        !t.parser.screen().alternate_screen(),
        "back on the main screen"
    );
    assert!(!t.parser.screen().hide_cursor(), "cursor shown");
    assert_eq!(t.cooked(), (true, true), "canonical mode and echo are back");
    let s = t.screen();
    assert!(
        s.contains("Stopped (SIGTERM). 1 of 17 answers is saved in t.yaml; resume with:\n  persona-maturity assess --out t.yaml"),
        "{s}"
    );
    assert!(!dir.path().join(".t.yaml.lock").exists());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["t.yaml"], "no temporary file left");
    assert_eq!(
        load(&dir.path().join("t.yaml")).answers[0],
        Answer::Level(1)
    );
}

#[test]
fn a_second_session_on_the_same_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    through_intro(&mut t);
    t.wait_for("1 of 17 · ");
    let second = Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"))
        .current_dir(dir.path())
        .args(["assess", "--out", "t.yaml", "--resume"])
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(2));
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains("t.yaml: is being answered in another session (pid"),
        "{err}"
    );
    t.send("q");
    assert_eq!(t.exit_code(), 0);
}

#[test]
fn a_dumb_terminal_gets_plain_lines_with_no_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"));
    cmd.current_dir(dir.path())
        .args(["assess", "--out", "t.yaml", "--color", "auto"])
        .env("TERM", "dumb")
        .env_remove("NO_COLOR");
    let mut s = Session::spawn(cmd).unwrap();
    s.set_expect_timeout(Some(Duration::from_secs(30)));
    let seen = s.expect("Your name (Enter skips): ").unwrap();
    let mut all = seen.before().to_vec();
    s.send("Sam\r").unwrap();
    s.send("\r").unwrap();
    s.send("\r").unwrap();
    let seen = s.expect("Answer [1-4").unwrap();
    all.extend_from_slice(seen.before());
    // An empty line, explained in lines wrapped at words to the terminal's width.
    s.send("\r").unwrap();
    let seen = s.expect("r, q or ?.").unwrap();
    let hint = String::from_utf8_lossy(seen.before()).into_owned();
    s.send("q\r").unwrap();
    let seen = s.expect("resume with").unwrap();
    all.extend_from_slice(seen.before());
    let text = String::from_utf8_lossy(&all);
    assert!(!text.contains('\x1b'), "an escape sequence: {text:?}");
    let flat = hint.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "An empty line keeps the answer given before, and this question has none yet"
        ),
        "{hint}"
    );
    // (The pty here does not echo the Enter typed, so the hint starts on the prompt's line.)
    let hint = &hint[hint.find("An empty line").unwrap()..];
    for line in text.lines().chain(hint.lines()) {
        assert!(
            line.trim_end().chars().count() <= 80,
            "wider than the terminal: {line:?}"
        );
    }
    assert!(text.contains("1 of 17 · Core Attributes"), "{text}");
}

#[test]
fn resizing_the_terminal_redraws_the_question_for_the_new_size() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    through_intro(&mut t);
    let wide = t.wait_for("1 of 17 · ");
    assert!(wide.contains("q save & quit · ? help"), "{wide}");
    t.session.get_process_mut().set_window_size(60, 20).unwrap();
    t.parser.screen_mut().set_size(20, 60);
    let narrow = t.wait_for("1-4 · s not sure · b back");
    let lines: Vec<&str> = narrow.lines().collect();
    assert!(
        lines[0].starts_with("1 of 17 · Core Attributes"),
        "{narrow}"
    );
    assert_eq!(lines[1].trim_end(), "Internal Persona Ownership");
    for l in [
        "1 Experimenting",
        "2 Emerging",
        "3 Advancing",
        "4 Fully Optimized",
    ] {
        assert!(narrow.contains(l), "{narrow}");
    }
    t.send("q");
    assert_eq!(t.exit_code(), 0);
}

#[test]
fn a_stray_enter_on_a_new_question_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (cols, rows) in [(80, 24), (60, 20)] {
        let name = format!("t{cols}.yaml");
        let mut t = Term::spawn(dir.path(), &["--out", &name], cols, rows);
        through_intro(&mut t);
        let screen = t.wait_for("1 of 17 · ");
        assert!(!screen.contains("▶"), "no level highlighted yet:\n{screen}");
        t.send("\r");
        let screen = t.wait_for("Nothing chosen yet");
        assert!(
            screen.contains("1 of 17 · "),
            "still on question 1:\n{screen}"
        );
        // An arrow starts at the first level; Enter then chooses it.
        t.send(DOWN);
        t.send("\r");
        t.wait_for("2 of 17 · ");
        t.send("q");
        assert_eq!(t.exit_code(), 0);
        let a = load(&dir.path().join(&name));
        assert_eq!(a.answers[0], Answer::Level(0));
        assert_eq!(a.answers[1], Answer::Missing);
    }
}

#[test]
fn starting_over_then_quitting_on_the_intro_says_the_answers_were_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    std::fs::write(
        &path,
        "answers:\n  training: advancing\n  budget-allocation: unsure\n  sharing-personas: emerging\n",
    )
    .unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    t.wait_for("Carry on where you stopped, or start over?");
    t.send("o");
    // Counted as the file holds them.
    t.wait_for("Erase 2 answers and 1 not sure?");
    t.send("y");
    // Quit before the first answer.
    through_intro_quitting(&mut t);
    assert_eq!(t.exit_code(), 0);
    let screen = t.screen();
    assert!(!screen.contains("Nothing changed"), "{screen}");
    let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("were cleared (start over); the file as it was is kept in t.yaml.bak"),
        "{screen}"
    );
    assert!(dir.path().join("t.yaml.bak").exists());
}

#[test]
fn sigterm_or_sighup_while_typing_on_the_intro_gives_the_terminal_back_and_keeps_the_name() {
    for (signal, code, says) in [
        (expectrl::Signal::SIGTERM, 128 + 15, "Stopped (SIGTERM). "),
        (
            expectrl::Signal::SIGHUP,
            128 + 1,
            "Stopped (the terminal went away). ",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
        t.wait_for("Your name:");
        t.send("Dan");
        t.wait_for("Your name: Dan");
        assert_eq!(t.cooked(), (false, false), "raw mode while typing");
        t.session.get_process_mut().signal(signal).unwrap();
        assert_eq!(t.exit_code(), code);
        assert_eq!(t.cooked(), (true, true), "canonical mode and echo are back");
        assert!(!t.parser.screen().alternate_screen());
        let s = t.screen();
        assert!(s.contains(says), "{s}");
        let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("Your name, role and organization as typed are saved in t.yaml."),
            "{s}"
        );
        // Half typed, and kept.
        assert_eq!(
            load(&dir.path().join("t.yaml")).respondent.name.as_deref(),
            Some("Dan")
        );
        assert!(!dir.path().join(".t.yaml.lock").exists());
    }
}

#[test]
fn finishing_with_open_questions_asks_first_and_the_summary_says_the_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    through_intro(&mut t);
    t.wait_for("1 of 17 · ");
    t.send("3");
    t.wait_for("2 of 17 · ");
    t.send("r");
    t.wait_for("Review your answers");
    t.send("f");
    t.wait_for("16 questions are still open: finish anyway?");
    t.send("n");
    t.wait_for("Review your answers");
    t.send("f");
    t.wait_for("finish anyway?");
    t.send("y");
    assert_eq!(t.exit_code(), 0);
    let s = t.screen();
    assert!(
        s.contains("Overall: Advancing (3.00 of 4) · from 1 of 17 answered"),
        "{s}"
    );
    // The way to answer the open ones works as it says: the same command, then n.
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "To answer them later, run this and press n: persona-maturity assess --out t.yaml"
        ),
        "{flat}"
    );
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    let menu = t.wait_for("Carry on where you stopped, or start over?");
    assert!(
        menu.contains("n  Answer the open ones: the 16 not sure or not answered yet"),
        "{menu}"
    );
    t.send("n");
    t.wait_for("Press Enter to start");
    t.send("\r");
    let s = t.wait_for("open question 1 of 16");
    assert!(s.contains("2 of 17 · Core Attributes"), "{s}");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
}

#[test]
fn the_review_list_says_what_is_out_of_sight_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    through_intro(&mut t);
    t.wait_for("1 of 17 · ");
    t.send("r");
    let s = t.wait_for("Review your answers");
    assert!(s.contains("↓ ") && s.contains("more below"), "{s}");
    // At the end of the list: the last attribute and the actions are there, and what is above
    // is said.
    for _ in 0..30 {
        t.send(DOWN);
    }
    // The keys arrive while the list redraws: wait for the frame that shows the end of the list,
    // not the first one that has scrolled at all.
    let s = t.wait_until("the end of the list", |t, s| {
        t.frame_done && s.contains("more above") && s.contains("Use of Data to Refine Personas")
    });
    assert!(s.contains("Save and quit"), "{s}");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
}

#[test]
fn the_lines_left_after_quitting_are_wrapped_by_words_with_the_command_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(
        dir.path(),
        &["--out", "a-rather-long-file-name.yaml", "--notes"],
        40,
        12,
    );
    through_intro(&mut t);
    t.wait_for("1 of 17");
    t.send("3");
    t.wait_for("Note");
    t.send("\r");
    t.wait_for("2 of 17");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    let s = t.screen();
    // The command to copy starts a line of its own (wider than the terminal, it runs on).
    let at = s
        .find("  persona-maturity assess --out a-rather-long-file-name.yaml --notes")
        .or_else(|| s.find("  persona-maturity assess --out a-rather-long-file-na"))
        .expect("the command");
    assert!(s[..at].ends_with("with:\n"), "{s}");
    // No word is broken across lines.
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("1 of 17 answers is saved in a-rather-long-file-name.yaml"),
        "{s}"
    );
}

#[test]
fn the_interviews_note_is_there_at_every_size_and_a_small_terminal_is_told_once() {
    for (cols, rows, says) in [
        // The rule that tells Advancing from Fully Optimized, whole.
        (80, 24, "every persona update draws on the latest round"),
        (60, 20, "Note: Advancing: a regular cadence of interviews"),
        (40, 12, "40×12 is below 60×20: ? shows everything"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("q.yaml"),
            "answers:\n  internal-persona-ownership: emerging\n  sharing-personas: emerging\n  \
             budget-allocation: emerging\n  training: emerging\n  executive-sponsorship: emerging\n",
        )
        .unwrap();
        let mut t = Term::spawn(dir.path(), &["--out", "q.yaml", "--resume"], cols, rows);
        through_intro(&mut t);
        let s = t.wait_for("6 of 17");
        let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(says), "{cols}x{rows}:\n{s}");
        t.send("3");
        let s = t.wait_for("7 of 17");
        assert!(!s.contains("is below 60×20"), "said once:\n{s}");
        t.send("q");
        assert_eq!(t.exit_code(), 0);
    }
}

#[test]
fn a_note_being_typed_stays_in_sight_and_edits_like_a_shell_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml", "--notes"], 60, 20);
    through_intro(&mut t);
    t.wait_for("1 of 17");
    t.send("3");
    t.wait_for("Note (optional");
    let long = "Only the sales team took the training so far and marketing will follow in March";
    t.send(long);
    // The end of what is typed is on screen, not cut off at the edge.
    let s = t.wait_for("follow in March");
    assert!(
        s.contains("…"),
        "the start is out of sight, said with …:\n{s}"
    );
    // Home, a word at the start; End, Ctrl-W takes the last word back; ← and a letter.
    t.send("\x1b[H");
    t.send("Note: ");
    t.send("\x1b[F");
    t.send("\x17");
    t.send("April");
    t.send("\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D");
    t.send("early ");
    t.send("\r");
    t.wait_for("2 of 17");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    let a = load(&dir.path().join("t.yaml"));
    assert_eq!(
        a.notes[0].as_deref(),
        Some(
            "Note: Only the sales team took the training so far and marketing will follow in \
             early April"
        )
    );
}

#[test]
fn changing_an_answer_from_the_list_part_way_returns_to_the_list_which_carries_on_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    through_intro(&mut t);
    t.wait_for("1 of 17 · ");
    t.send("3");
    t.wait_for("2 of 17 · ");
    t.send("3");
    t.wait_for("3 of 17 · ");
    t.send("r");
    t.wait_for("Review your answers");
    // The list opens at question 3; up twice is question 1.
    t.send("\x1b[A\x1b[A\r");
    t.wait_for("changing an answer");
    t.send("1");
    // Back to the list, at the answer changed, offering to carry on where the walk was.
    let s = t.wait_for("Review your answers");
    assert!(
        s.contains("→ Carry on at question 3 (Budget Allocation)"),
        "{s}"
    );
    assert!(s.contains("▶ Internal Persona Ownership"), "{s}");
    t.send("c");
    let s = t.wait_for("3 of 17 · ");
    assert!(!s.contains("Review your answers"), "{s}");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    let a = load(&dir.path().join("t.yaml"));
    assert_eq!(a.answers[0], Answer::Level(0));
    assert_eq!(a.answers[1], Answer::Level(2));
}

/// Text as a terminal sends a paste when bracketed paste is on.
fn paste(text: &str) -> String {
    format!("\x1b[200~{text}\x1b[201~")
}

#[test]
fn a_multi_line_paste_into_a_note_lands_whole_and_answers_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml", "--notes"], 80, 24);
    through_intro(&mut t);
    t.wait_for("1 of 17 · ");
    t.send("3");
    t.wait_for("Note (optional");
    // Four lines, as a terminal sends them (CR), one with a CR LF; words that are keys too.
    t.send(&paste("aid 3 or 4 items\r2k budget\r\nr then q\rs"));
    let s = t.wait_for("aid 3 or 4 items↵2k budget↵r then q↵s");
    assert!(
        s.contains("1 of 17 · "),
        "still the note of question 1:\n{s}"
    );
    t.send("\r");
    let s = t.wait_for("2 of 17 · ");
    assert!(!s.contains("▶"), "nothing chosen on question 2:\n{s}");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    let a = load(&dir.path().join("t.yaml"));
    assert_eq!(a.answers[0], Answer::Level(2));
    assert_eq!(
        a.notes[0].as_deref(),
        Some("aid 3 or 4 items\n2k budget\nr then q\ns"),
        "the line breaks are kept"
    );
    assert_eq!(&a.answers[1..], &[Answer::Missing; 16]);
}

#[test]
fn a_paste_into_a_name_is_one_line_and_a_paste_on_a_question_is_never_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    t.wait_for("Your name:");
    t.send("Dr ");
    t.send(&paste("Dana\r\nReyes"));
    t.wait_for("Your name: Dr Dana Reyes");
    t.send("\r");
    t.wait_for("Your role or team");
    t.send("\r");
    t.wait_for("Organization:");
    t.send("\r");
    t.wait_for("Press Enter to start");
    // A paste where keys are read: refused with a message, never read as keys.
    t.send(&paste("3\r4\rr\rq\r"));
    t.wait_for("A paste is ignored here");
    t.send("\r");
    let s = t.wait_for("1 of 17 · ");
    t.send(&paste("2\r3\rr\r"));
    let s2 = t.wait_for("A paste is ignored here");
    assert!(s2.contains("1 of 17 · "), "still question 1:\n{s}\n{s2}");
    assert!(!s2.contains("▶"), "nothing chosen:\n{s2}");
    // The next key clears the message and answers.
    t.send("2");
    let s = t.wait_for("2 of 17 · ");
    assert!(!s.contains("A paste is ignored"), "{s}");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    let a = load(&dir.path().join("t.yaml"));
    assert_eq!(a.respondent.name.as_deref(), Some("Dr Dana Reyes"));
    assert_eq!(a.answers[0], Answer::Level(1));
    assert_eq!(&a.answers[1..], &[Answer::Missing; 16]);
}

#[test]
fn a_half_typed_note_is_kept_on_sighup_and_on_ctrl_c() {
    for (how, code, says) in [
        ("SIGHUP", 128 + 1, "Stopped (the terminal went away). "),
        ("Ctrl-C", 130, "Interrupted. "),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Term::spawn(dir.path(), &["--out", "t.yaml", "--notes"], 80, 24);
        through_intro(&mut t);
        t.wait_for("1 of 17 · ");
        t.send("3");
        t.wait_for("Note (optional");
        t.send("ask fin");
        t.wait_for("> ask fin");
        if how == "SIGHUP" {
            t.session
                .get_process_mut()
                .signal(expectrl::Signal::SIGHUP)
                .unwrap();
        } else {
            t.send("\x03");
        }
        assert_eq!(t.exit_code(), code, "{how}");
        assert_eq!(
            t.cooked(),
            (true, true),
            "{how}: the terminal is given back"
        );
        let s = t.screen();
        assert!(s.contains(says), "{how}: {s}");
        let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("1 of 17 answers is saved in t.yaml"),
            "{how}: {s}"
        );
        assert!(
            flat.contains(
                "The note you were typing on Internal Persona Ownership is saved with it."
            ) || flat
                .contains("Your note on Internal Persona Ownership was saved as you typed it."),
            "{how}: {s}"
        );
        let a = load(&dir.path().join("t.yaml"));
        assert_eq!(a.answers[0], Answer::Level(2), "{how}");
        assert_eq!(a.notes[0].as_deref(), Some("ask fin"), "{how}");
        assert!(!dir.path().join(".t.yaml.lock").exists(), "{how}");
    }
}

#[test]
fn esc_after_typing_a_name_asks_before_dropping_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    t.wait_for("Your name:");
    t.send("Dana");
    t.wait_for("Your name: Dana");
    t.send("\x1b");
    let s = t.wait_for("Esc again drops what you typed; Enter keeps it.");
    assert!(s.contains("Your name: Dana"), "{s}");
    t.send("\r");
    t.wait_for("Your role or team");
    // Esc on an empty field skips it at once.
    t.send("\x1b");
    t.wait_for("Organization:");
    // Ctrl-C at the intro keeps what was typed.
    t.send("Acme");
    t.wait_for("Organization: Acme");
    t.send("\x03");
    assert_eq!(t.exit_code(), 130);
    let flat = t.screen().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Interrupted. Your name, role and organization as typed are saved in t.yaml"),
        "{flat}"
    );
    let a = load(&dir.path().join("t.yaml"));
    assert_eq!(a.respondent.name.as_deref(), Some("Dana"));
    assert_eq!(a.respondent.role, None);
    assert_eq!(a.organization.as_deref(), Some("Acme"));
    assert_eq!(a.answered(), 0);
}

/// The process id a session wrote into its lock file.
fn lock_pid(dir: &Path) -> i32 {
    let text = std::fs::read_to_string(dir.join(".t.yaml.lock")).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("pid: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// A process's state letter (`T`: stopped).
fn state(pid: i32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    after.chars().next().unwrap()
}

/// How the questionnaire is stopped as a shell job.
#[derive(Clone, Copy, Debug)]
enum StopBy {
    /// The Ctrl-Z key (in raw mode it is a key, not the terminal's signal).
    CtrlZ,
    /// `kill -TSTP PID` from outside.
    SigTstp,
}

/// A shell with job control, as a person has, in an 80×24 pty: bash, interactive, without line
/// editing (so the terminal it leaves is in canonical mode), its prompt shown.
fn bash_in_a_pty(dir: &Path) -> Term {
    let mut cmd = Command::new("bash");
    cmd.current_dir(dir)
        .args(["--norc", "--noprofile", "--noediting", "-i"])
        .env("PS1", "ready$ ")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm-256color")
        .env_remove("COLUMNS")
        .env_remove("LINES");
    let session = Session::spawn(cmd).expect("spawns in a pty");
    let mut t = Term {
        session,
        parser: vt100::Parser::new(24, 80, 0),
        tail: Vec::new(),
        frame_done: false,
    };
    t.session.get_process_mut().set_window_size(80, 24).unwrap();
    t.wait_until("the prompt", |_, s| s.contains("ready$"));
    t
}

/// Stop the questionnaire on question 2 (`how`), check the terminal is the shell's, `fg`, and
/// carry on: the question is drawn again in raw mode and keys answer.
fn suspended_and_continued(how: StopBy) {
    let dir = tempfile::tempdir().unwrap();
    let mut t = bash_in_a_pty(dir.path());
    let bin = assert_cmd::cargo::cargo_bin("persona-maturity");
    t.send(&format!("{} assess --out t.yaml\r", bin.display()));
    through_intro(&mut t);
    t.wait_for("1 of 17 · ");
    t.send("3");
    t.wait_for("2 of 17 · ");
    let pid = lock_pid(dir.path());
    match how {
        StopBy::CtrlZ => t.send("\x1a"),
        StopBy::SigTstp => {
            let pid = rustix::process::Pid::from_raw(pid).unwrap();
            rustix::process::kill_process(pid, rustix::process::Signal::TSTP).unwrap();
        }
    }
    let s = t.wait_until("suspended, at the prompt", |t, s| {
        !t.parser.screen().alternate_screen()
            && s.contains("Suspended: every answer so far is saved. Type fg to carry on.")
            && s.trim_end().ends_with("ready$")
    });
    assert!(
        !t.parser.screen().hide_cursor(),
        "{how:?}: cursor shown:\n{s}"
    );
    assert_eq!(state(pid), 'T', "{how:?}: the questionnaire is stopped");
    assert!(
        t.cooked().0,
        "{how:?}: the shell has a line-by-line terminal"
    );
    // Keys typed now go to the shell, not to the questionnaire.
    t.send("echo typed-while-stopped\r");
    t.wait_until("the shell's echo", |_, s| {
        s.contains("typed-while-stopped") && s.trim_end().ends_with("ready$")
    });
    // fg: the shell sends SIGCONT; the question is drawn again, as it was.
    t.send("fg\r");
    let s = t.wait_until("question 2 again", |t, s| {
        t.frame_done && t.parser.screen().alternate_screen() && s.contains("2 of 17 · ")
    });
    assert!(s.contains("Sharing Personas"), "{how:?}: {s}");
    assert!(
        s.contains("1 Experimenting"),
        "{how:?}: the whole screen: {s}"
    );
    assert!(
        t.parser.screen().hide_cursor(),
        "{how:?}: cursor hidden again"
    );
    assert_eq!(t.cooked(), (false, false), "{how:?}: raw mode again");
    // Enter is Enter again (not a line feed read as ↓): with nothing highlighted it says so.
    t.send("\r");
    t.wait_for("Nothing chosen yet");
    t.send("2");
    t.wait_for("3 of 17 · ");
    // A paste is still a paste: bracketed paste is on again.
    t.send(&paste("4\r4\r"));
    t.wait_for("A paste is ignored here");
    t.send("q");
    t.wait_until("back at the prompt", |t, s| {
        !t.parser.screen().alternate_screen()
            && s.contains("resume with:")
            && s.trim_end().ends_with("ready$")
    });
    let a = load(&dir.path().join("t.yaml"));
    assert_eq!(
        &a.answers[..3],
        &[Answer::Level(2), Answer::Level(1), Answer::Missing]
    );
    t.send("exit\r");
    assert_eq!(t.exit_code(), 0);
}

#[test]
fn ctrl_z_suspends_with_the_terminal_given_back_and_fg_draws_the_question_again() {
    suspended_and_continued(StopBy::CtrlZ);
}

#[test]
fn sigtstp_from_outside_is_handled_like_ctrl_z() {
    suspended_and_continued(StopBy::SigTstp);
}

#[test]
fn ctrl_z_without_job_control_says_so_and_keys_still_answer() {
    // Started as its session's leader (no shell with job control): nothing could bring it back.
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    through_intro(&mut t);
    t.wait_for("1 of 17 · ");
    t.send("\x1a");
    let s = t.wait_for("Ctrl-Z cannot suspend here");
    assert!(s.contains("1 of 17 · "), "{s}");
    t.send("3");
    t.wait_for("2 of 17 · ");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    assert_eq!(
        load(&dir.path().join("t.yaml")).answers[0],
        Answer::Level(2)
    );
}

#[test]
fn a_lock_left_by_a_killed_session_is_taken_over_and_said_on_screen_and_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    // The lock file a session killed with `kill -9` leaves: a process that has ended.
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    let host = Command::new("uname").arg("-n").output().unwrap();
    let host = String::from_utf8_lossy(&host.stdout).trim().to_string();
    std::fs::write(
        dir.path().join(".t.yaml.lock"),
        format!("# persona-maturity assess is answering this file.\npid: {pid}\nhost: {host}\n"),
    )
    .unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    let s = t.wait_for("Your name:");
    assert!(
        s.contains("An earlier session on this file ended without closing it; carry on."),
        "{s}"
    );
    t.send("\r");
    t.wait_for("Your role or team");
    assert!(
        !t.screen().contains("ended without closing it"),
        "gone with the next key"
    );
    t.send("\x1b");
    t.wait_for("Organization:");
    t.send("\x1b");
    t.wait_for("Press Enter to start");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    let flat = t.screen().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!(
            "warning: an earlier session on t.yaml (process {pid}) ended without closing it; this one carried on with the file"
        )),
        "{flat}"
    );
}

#[test]
fn a_layout_beyond_an_exact_edit_is_kept_as_bak_and_said_when_it_happens_and_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    let original = "# ours\nanswers: { training: emerging }   # flow style\n";
    std::fs::write(&path, original).unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml", "--resume"], 80, 24);
    through_intro_skipping(&mut t);
    t.wait_for("1 of 17 · ");
    t.send("3");
    let s = t.wait_for("2 of 17 · ");
    assert!(
        s.contains(
            "t.yaml: written whole now, as its layout could not be kept; old one kept as .bak"
        ),
        "{s}"
    );
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    let flat = t.screen().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "warning: t.yaml could not be changed in place without disturbing how it is written"
        ),
        "{flat}"
    );
    assert!(flat.contains("the file as it was is kept in"), "{flat}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t.yaml.bak")).unwrap(),
        original
    );
    assert_eq!(load(&path).answers[0], Answer::Level(2));
}

/// Get past the intro, leaving name, role and organization empty.
fn through_intro_skipping(t: &mut Term) {
    t.wait_for("Your name:");
    t.send("\r");
    t.wait_for("Your role or team");
    t.send("\r");
    t.wait_for("Organization:");
    t.send("\r");
    t.wait_for("Press Enter to start");
    t.send("\r");
}

#[test]
fn with_standard_error_kept_in_a_log_the_screen_is_still_drawn_and_the_end_is_on_both() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn_sh(
        dir.path(),
        "exec \"$0\" \"$@\" 2>err.log",
        &["--out", "t.yaml"],
        80,
        24,
    );
    // The full screen, on the terminal (standard output), not prompts in the log.
    let s = t.wait_for("Your name:");
    assert!(t.parser.screen().alternate_screen(), "{s}");
    through_intro(&mut t);
    t.wait_for("1 of 17 · ");
    t.send("3");
    t.wait_for("2 of 17 · ");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    let end = t.screen();
    assert!(!t.parser.screen().alternate_screen());
    assert!(
        end.contains("Saved: 1 of 17 answers is saved in t.yaml; resume with:"),
        "the last lines on the terminal, where the person looks:\n{end}"
    );
    let log = std::fs::read_to_string(dir.path().join("err.log")).unwrap();
    assert!(
        log.contains("Saved: 1 of 17 answers is saved in t.yaml; resume with: persona-maturity assess --out t.yaml"),
        "and in the log, whole lines: {log:?}"
    );
    assert!(!log.contains("\x1b["), "no screen in the log: {log:?}");
    assert_eq!(
        load(&dir.path().join("t.yaml")).answers[0],
        Answer::Level(2)
    );
}

#[test]
fn a_long_multi_line_note_never_pushes_the_screen_and_a_pasted_tab_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml", "--notes"], 80, 24);
    through_intro(&mut t);
    t.wait_for("1 of 17 · ");
    t.send("3");
    t.wait_for("Note (optional");
    // Twelve lines, two of them longer than the screen, one with tabs (columns from a sheet).
    let mut lines = vec![
        "region\towner\tKPI".to_string(),
        "Interviewed owners of every region and the persona steering group about accountability"
            .to_string(),
        "Budget review with finance is due next quarter, and the owner named in each job description will sign".to_string(),
    ];
    lines.extend((4..=12).map(|k| format!("point {k}")));
    t.send(&paste(&lines.join("\r")));
    t.wait_for("↵point 11↵point 12");
    // Home: the start of the note, its tabs shown.
    t.send("\x1b[H");
    t.wait_for("region⇥owner⇥KPI");
    t.send("\r");
    t.wait_for("2 of 17 · ");
    t.send("b");
    let s = t.wait_for("note continues:");
    let rows: Vec<&str> = s.lines().collect();
    assert!(
        rows[0].starts_with("1 of 17 · Core Attributes"),
        "the progress line stays on top:\n{s}"
    );
    assert!(s.contains("Your note: region owner KPI"), "{s}");
    assert!(s.contains("? help"), "the keys stay:\n{s}");
    // `?` shows it whole.
    t.send("?");
    let help = t.wait_for("Your note:");
    assert!(help.contains("Your note: region owner KPI"), "{help}");
    t.send(" ");
    t.wait_for("point 12");
    t.send("x");
    t.wait_for("note continues:");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    let a = load(&dir.path().join("t.yaml"));
    assert_eq!(
        a.notes[0].as_deref(),
        Some(lines.join("\n").as_str()),
        "whole, tabs and all"
    );
}

#[test]
fn alt_or_option_with_a_key_is_never_an_answer_or_an_action() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    t.wait_for("Your name:");
    // In a field Alt moves by words (Esc b, Esc f) and types nothing else.
    t.send("Dana Reyes");
    t.wait_for("Your name: Dana Reyes");
    t.send("\x1bb");
    t.send("M.");
    t.wait_for("Your name: Dana M.Reyes");
    t.send("\x1bq\x1b1");
    t.wait_for("Alt (Option) with a key does nothing here");
    t.send("\r");
    t.wait_for("Your role or team");
    t.send("\x1b");
    t.wait_for("Organization:");
    t.send("\x1b");
    let s = t.wait_for("Press Enter to start");
    assert!(s.contains("Your name: Dana M.Reyes"), "{s}");
    // Alt-q on the intro's last screen does not quit.
    t.send("\x1bq");
    t.wait_for("Alt (Option) with a key does nothing here");
    t.send("\r");
    t.wait_for("1 of 17 · ");
    // On a question: M-1, M-s, M-q, M-r, M-b, ESC f — none answers, none acts.
    t.send("\x1b1\x1bs\x1bq\x1br\x1bb\x1bf");
    let s = t.wait_for("Alt (Option) with a key does nothing here");
    assert!(s.contains("1 of 17 · "), "still question 1:\n{s}");
    assert!(!s.contains("▶"), "nothing chosen:\n{s}");
    t.send("2");
    t.wait_for("2 of 17 · ");
    // On the review list: M-f does not finish, M-q does not quit, M-n walks nothing.
    t.send("r");
    t.wait_for("Review your answers");
    t.send("\x1bf\x1bq\x1bn");
    let s = t.wait_for("Alt (Option) with a key does nothing here");
    assert!(s.contains("Review your answers"), "{s}");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    let a = load(&dir.path().join("t.yaml"));
    assert_eq!(a.respondent.name.as_deref(), Some("Dana M.Reyes"));
    assert_eq!(a.answers[0], Answer::Level(1));
    assert_eq!(&a.answers[1..], &[Answer::Missing; 16]);
}

#[test]
fn backspace_takes_a_whole_emoji_in_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml", "--notes"], 80, 24);
    t.wait_for("Your name:");
    // A woman office worker with a skin tone (four code points), then a flag, then an accent.
    t.send("Dana 👩🏽\u{200d}💼");
    t.wait_for("Your name: Dana 👩🏽");
    t.send("\x7f");
    t.send("x");
    t.wait_for("Your name: Dana x");
    t.send("\x7f\x7f\r");
    t.wait_for("Your role or team");
    t.send("Ops 🇫🇷");
    t.wait_for("Ops 🇫🇷");
    t.send("\x7f\r");
    t.wait_for("Organization:");
    t.send("Acme e\u{301}");
    t.send("\x1b[D\x1b[3~\r"); // ← then Delete: the accented e goes whole
    t.wait_for("Press Enter to start");
    t.send("\r");
    t.wait_for("1 of 17 · ");
    t.send("3");
    t.wait_for("Note (optional");
    t.send("ok 👍🏽");
    t.wait_for("> ok 👍");
    t.send("\x7f\r");
    t.wait_for("2 of 17 · ");
    t.send("q");
    assert_eq!(t.exit_code(), 0);
    let a = load(&dir.path().join("t.yaml"));
    assert_eq!(a.respondent.name.as_deref(), Some("Dana"), "no joiner left");
    assert_eq!(a.respondent.role.as_deref(), Some("Ops"));
    assert_eq!(a.organization.as_deref(), Some("Acme"));
    assert_eq!(a.notes[0].as_deref(), Some("ok"));
}

#[test]
fn ctrl_c_on_the_resume_question_and_on_the_erase_confirmation_stops_with_130() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    std::fs::write(&path, "# mine\nanswers:\n  training: advancing\n").unwrap();
    let before = std::fs::read_to_string(&path).unwrap();
    // On "Carry on or start over?".
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    t.wait_for("Carry on where you stopped, or start over?");
    t.send("\x03");
    assert_eq!(t.exit_code(), 130);
    let end = t.screen();
    assert!(
        end.contains("Interrupted. Nothing changed in t.yaml."),
        "{end}"
    );
    // On "Erase 1 answer?": a stop, not "No" and on to the questions.
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 80, 24);
    t.wait_for("Carry on where you stopped, or start over?");
    t.send("o");
    t.wait_for("Erase 1 answer?");
    t.send("\x03");
    assert_eq!(t.exit_code(), 130);
    let end = t.screen();
    assert!(
        end.contains("Interrupted. Nothing changed in t.yaml."),
        "{end}"
    );
    assert!(!end.contains("Press Enter"), "{end}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    assert!(!dir.path().join("t.yaml.bak").exists());
    assert!(!dir.path().join(".t.yaml.lock").exists());
}

#[test]
fn on_a_dumb_terminal_o_starts_over_and_r_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yaml");
    std::fs::write(&path, "answers:\n  training: advancing\n").unwrap();
    let spawn = || {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("persona-maturity"));
        cmd.current_dir(dir.path())
            .args([
                "assess",
                "--out",
                "t.yaml",
                "--respondent",
                "Sam",
                "--role",
                "x",
            ])
            .args(["--organization", "Acme"])
            .env("TERM", "dumb");
        let mut s = Session::spawn(cmd).unwrap();
        s.set_expect_timeout(Some(Duration::from_secs(30)));
        s
    };
    // r (the default) resumes: at question 1, nothing erased, nothing asked.
    let mut s = spawn();
    s.expect("start over (o)? ").unwrap();
    s.send("r\r").unwrap();
    let seen = s.expect("Answer [1-4").unwrap();
    let text = String::from_utf8_lossy(seen.before()).into_owned();
    assert!(!text.contains("Erase"), "{text}");
    s.send("q\r").unwrap();
    s.expect("resume with").unwrap();
    assert_eq!(load(&path).answers[3], Answer::Level(2));
    // o starts over: asked first, and y erases.
    let mut s = spawn();
    s.expect("start over (o)? ").unwrap();
    s.send("o\r").unwrap();
    s.expect("Erase 1 answer?").unwrap();
    s.send("y\r").unwrap();
    s.expect("Answer [1-4").unwrap();
    s.send("q\r").unwrap();
    s.expect("resume with").unwrap();
    assert_eq!(load(&path).answers[3], Answer::Missing);
    assert!(dir.path().join("t.yaml.bak").exists());
}

#[test]
fn the_last_error_is_wrapped_at_words_on_a_narrow_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Term::spawn(dir.path(), &["--out", "t.yaml"], 40, 12);
    through_intro(&mut t);
    t.wait_for("1 of 17 · ");
    t.send("3");
    t.wait_for("2 of 17 · ");
    // Someone else edits the file meanwhile.
    std::fs::write(
        dir.path().join("t.yaml"),
        "answers:\n  training: emerging\n",
    )
    .unwrap();
    t.send("2");
    assert_eq!(t.exit_code(), 2);
    let end = t.screen();
    let expected = "error: t.yaml: was changed outside this session while you answered; it \
                    was not overwritten";
    let rows: Vec<&str> = end.lines().collect();
    for word in expected.split_whitespace() {
        assert!(
            rows.iter().any(|r| r.split_whitespace().any(|w| w == word)),
            "{word:?} cut at the edge:\n{end}"
        );
    }
}
