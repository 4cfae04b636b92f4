//! One `assess` session from start to end: the answers file and its lock, resuming or starting
//! over, the intro, the questionnaire itself, signals, and what is left on screen at the end.

use super::file::AnswersFile;
use super::flow::{self, Counts, Frontend, Outcome, Start, Stop};
use super::layout;
use super::lock::Lock;
use super::plain::Plain;
use super::tty::{self, Screen};
use crate::assessment::Assessment;
use crate::diagnostic::Diagnostic;
use crate::rubric::Rubric;
use crate::source::Date;
use crate::style::{ColorChoice, Style};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// How a session ends, in the one list of outcomes and exit codes every command uses.
use crate::outcome::Outcome as End;

/// What `assess` was asked to do.
pub struct Options<'a> {
    pub out: &'a Path,
    pub respondent: Option<String>,
    pub role: Option<String>,
    pub organization: Option<String>,
    pub notes: bool,
    pub resume: bool,
    pub start_over: bool,
    /// Print the full report (as `score` does) before the summary.
    pub report: bool,
    /// `--rubric`, repeated in the command that resumes.
    pub rubric_arg: Option<&'a Path>,
    pub color: ColorChoice,
    pub today: Date,
}

/// The session's file and the answers as last saved, shared with the signal handler: it saves
/// what is being typed before the process ends. Locked while a save is written, so a signal
/// never cuts one short.
struct Live {
    file: AnswersFile,
    assessment: Assessment,
    rubric: Rubric,
    today: Date,
}

static LIVE: Mutex<Option<Live>> = Mutex::new(None);

fn live() -> std::sync::MutexGuard<'static, Option<Live>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// What the signal handler needs before the answers are shared: the lock to remove, the command
/// that carries on, and the line to say while there is no file.
static ON_SIGNAL: Mutex<Option<(PathBuf, String, String)>> = Mutex::new(None);

/// A word for the shell that reads back as `s`: as it is when it is safe, else quoted (shlex).
pub fn shell_quote(s: &str) -> String {
    crate::escape::shell(s)
}

/// A path as an argument: quoted for the shell, and never read as an option (`-x.yaml` becomes
/// `./-x.yaml`). Its exact bytes: a name that is not UTF-8, or holds a control character (an
/// escape sequence a terminal would obey), is written in the `$'…'` quoting of bash, zsh and ksh,
/// with such bytes as `\xHH`, so the line opens this file, not the one `bad�.yaml` would name,
/// and prints as plain text.
pub fn path_arg(p: &Path) -> String {
    let bytes = path_bytes(p);
    let bytes = if bytes.starts_with(b"-") {
        [b"./".as_slice(), &bytes].concat()
    } else {
        bytes
    };
    match std::str::from_utf8(&bytes) {
        Ok(s) if s.chars().all(shows_as_itself) => shell_quote(s),
        _ => ansi_c_quote(&bytes),
    }
}

/// A character a terminal shows as itself: no control character, nothing
/// [`escape::visible`](crate::escape::visible) would escape.
fn shows_as_itself(c: char) -> bool {
    let s = c.to_string();
    !c.is_control() && crate::escape::visible(&s) == s
}

/// A path's bytes as the system has them.
#[cfg(unix)]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(p: &Path) -> Vec<u8> {
    p.display().to_string().into_bytes()
}

/// `$'…'`: printable text as it is, `'` and `\` escaped, every other byte (controls, bytes of no
/// UTF-8 character, invisible characters) as `\xHH`.
fn ansi_c_quote(bytes: &[u8]) -> String {
    let mut out = String::from("$'");
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\'' => out.push_str("\\'"),
                '\\' => out.push_str("\\\\"),
                c if !shows_as_itself(c) => {
                    for b in c.to_string().bytes() {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out.push('\'');
    out
}

/// The command that carries on with this file. Line by line (`lines`), an existing file needs
/// `--resume` said, so the command says it.
pub fn resume_command(opts: &Options, lines: bool) -> String {
    let mut cmd = String::from("persona-maturity");
    if let Some(r) = opts.rubric_arg {
        cmd.push_str(&format!(" --rubric {}", path_arg(r)));
    }
    cmd.push_str(&format!(" assess --out {}", path_arg(opts.out)));
    // The flags that change how the session goes carry over (who answers is in the file).
    if opts.notes {
        cmd.push_str(" --notes");
    }
    if opts.report {
        cmd.push_str(" --report");
    }
    if lines {
        cmd.push_str(" --resume");
    }
    cmd
}

/// "8 of 17 answers are saved in a.yaml" (with the not-sure ones when there are any).
pub fn saved_sentence(c: Counts, shown: &str) -> String {
    let mut s = format!(
        "{} of {} {} saved in {shown}",
        c.answered,
        crate::words::count(c.total, "answer", "answers"),
        crate::words::pick(c.answered, "is", "are"),
    );
    if c.not_sure > 0 {
        s.push_str(&format!(" ({} not sure)", c.not_sure));
    }
    s
}

/// What is left on the terminal after the questionnaire: every line wrapped to the terminal's
/// width at word boundaries, and a command to copy (after `: persona-maturity`) on a line of its
/// own, never broken. Into a pipe nothing changes (a script reads whole lines).
///
/// Where the screen was drawn on standard output (standard error is not the terminal: `assess
/// 2>err.log`), the lines go to both: the terminal, where the person looks, and standard error,
/// which keeps the record.
fn say(text: &str) {
    let width = || crate::style::terminal_width().map(|w| w.max(20));
    let on_terminal = std::io::stderr().is_terminal();
    crate::output::to_stderr(&lay_out(text, on_terminal.then(width).flatten()));
    if !on_terminal && tty::drawn_on_stdout() {
        use std::io::Write;
        let mut o = std::io::stdout().lock();
        let _ = writeln!(o, "{}", lay_out(text, width()));
        let _ = o.flush();
    }
}

/// `say`'s layout, for a width (`None`: no wrapping).
fn lay_out(text: &str, width: Option<usize>) -> String {
    let wrap = |line: &str| -> String {
        match width {
            Some(w) if !line.is_empty() => {
                // Words (file names with hyphens too) are never broken.
                let opts = textwrap::Options::new(w)
                    .word_splitter(textwrap::WordSplitter::NoHyphenation)
                    .break_words(false);
                textwrap::wrap(line, opts).join("\n")
            }
            _ => line.to_string(),
        }
    };
    if width.is_none() {
        return text.to_string();
    }
    let mut out: Vec<String> = Vec::new();
    for line in text.split('\n') {
        match line.find(": persona-maturity ") {
            Some(at) => {
                out.push(wrap(&line[..=at]));
                out.push(format!("  {}", &line[at + 2..]));
            }
            None => out.push(wrap(line)),
        }
    }
    out.join("\n")
}

/// How the questions are asked.
enum Ui {
    /// The full-screen terminal questionnaire.
    Screen(Screen),
    /// Line by line. `interactive`: a person at a terminal without cursor control (they may be
    /// asked things); otherwise a script or a pipe (nothing is asked that a script did not say).
    Lines {
        plain: Plain<std::io::StdinLock<'static>, std::io::Stderr>,
        interactive: bool,
    },
}

impl Ui {
    fn frontend(&mut self) -> &mut dyn Frontend {
        match self {
            Ui::Screen(s) => s,
            Ui::Lines { plain, .. } => plain,
        }
    }
}

/// A terminal that can take cursor movement: keys come from a terminal (standard input), the
/// screen can be drawn on one (standard error, or standard output when standard error is
/// redirected: `2>err.log`), and TERM is set and not dumb. Standard error alone does not decide:
/// a person who keeps a log of it still answers on the screen.
fn cursor_terminal() -> bool {
    std::io::stdin().is_terminal()
        && (std::io::stderr().is_terminal() || std::io::stdout().is_terminal())
        && std::env::var("TERM").is_ok_and(|t| !t.is_empty() && t != "dumb")
}

/// Saves of this file that a kill stopped left their temporary files beside it (each holds
/// answers already in the file or given again now): removed, with a note.
fn remove_stopped_saves(path: &Path) {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let stale = crate::save::remove_stopped_writes(folder);
    if stale > 0 {
        crate::output::note(&format!(
            "removed {} left in {} by a save that was stopped",
            crate::words::count(stale, "temporary file", "temporary files"),
            crate::escape::one_line(&folder.display().to_string())
        ));
    }
}

/// Run `assess`. Returns how it ended; input errors (a broken file, a lock held, a file changed
/// behind the session's back) are `Err`, exit 2.
/// How a session ends, for its command to say: the outcome, the closing words (the summary, or
/// how to resume) and, when the questions were answered to the end and a report was asked for
/// (`--report`), the answers to report on and the file as named, which the command renders
/// before the closing words.
pub struct Closing {
    pub outcome: Ended,
    pub words: String,
    pub report: Option<(Assessment, String)>,
}

impl Closing {
    /// Ended with its words said already.
    fn said(outcome: Ended) -> Closing {
        Closing {
            outcome,
            words: String::new(),
            report: None,
        }
    }
}

/// The closing words, wrapped at words on a terminal (for the command, after its report).
pub fn say_closing(words: &str) {
    if !words.is_empty() {
        say(words);
    }
}

pub fn run(opts: &Options, rubric: &Rubric) -> Result<Closing, crate::error::Error> {
    let (mut file, existing) = AnswersFile::open_for(opts.out, rubric, opts.rubric_arg)?;
    let (lock, takeover) = Lock::acquire(&file.path, &file.shown)?;
    remove_stopped_saves(&file.path);
    let lines = !cursor_terminal();
    let resume_cmd = resume_command(opts, lines);
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    let mut style = Style::detect(opts.color, true);
    if dumb && opts.color != ColorChoice::Always {
        style.color = false;
    }
    refuse_a_folder_on_stdin()?;
    // The signal handler is there before the first screen: a SIGTERM or SIGHUP while the
    // intro or the start-over question is up still gives the terminal back.
    let line = match &existing {
        Some((a, _)) => format!(
            "{}; resume with: {resume_cmd}",
            saved_sentence(Counts::of(a), &file.shown)
        ),
        None => format!("Nothing was saved; start again with: {resume_cmd}"),
    };
    arm_signal_handler(&lock, &resume_cmd, line);
    let mut ui = if lines {
        Ui::Lines {
            plain: Plain::new(std::io::stdin().lock(), std::io::stderr(), style)
                .wrapping(std::io::stderr().is_terminal()),
            interactive: std::io::stdin().is_terminal(),
        }
    } else {
        tty::draw_on_stdout(!std::io::stderr().is_terminal());
        Ui::Screen(Screen::start(style).map_err(crate::error::Error::Terminal)?)
    };
    if let Some(note) = takeover {
        // Said where the person looks: on the screen now, and again at the end.
        match &mut ui {
            Ui::Screen(screen) => {
                screen.notice("An earlier session on this file ended without closing it; carry on.")
            }
            Ui::Lines { .. } => crate::output::warn(&note),
        }
        file.notes.push(note);
    }

    let (mut assessment, start, cleared) = match existing {
        Some((a, warnings)) => {
            match resume_or_start_over(opts, rubric, &mut ui, &mut file, a, warnings) {
                Ok(Ok(begin)) => begin,
                // Stopped before anything changed: quit, or Ctrl-C (130, as everywhere).
                Ok(Err(stop)) => {
                    drop(ui);
                    let nothing = format!("Nothing changed in {}.", file.shown);
                    if stop == Stop::Interrupted {
                        say(&format!("Interrupted. {nothing}"));
                        return Ok(Closing::said(Ok(End::Interrupted)));
                    }
                    say(&nothing);
                    return Ok(Closing::said(Ok(End::Success)));
                }
                Err(e) => {
                    drop(ui);
                    return Err(e);
                }
            }
        }
        None => (Assessment::empty(rubric), Start::At(0), None),
    };
    apply_flags(opts, &mut assessment);
    let shown = file.shown.clone();
    let full_path = std::path::absolute(&file.path).unwrap_or(file.path.clone());
    // From here the file and the answers are shared with the signal handler.
    *live() = Some(Live {
        file,
        assessment: assessment.clone(),
        rubric: rubric.clone(),
        today: opts.today,
    });
    let place = (
        shown.as_str(),
        full_path.as_path(),
        resume_cmd.as_str(),
        &style,
    );
    let step = questionnaire(
        opts,
        rubric,
        &mut ui,
        &mut assessment,
        start,
        cleared.as_deref(),
        place,
    );
    drop(ui);
    // Said whichever way it ended: a copy kept, a lock taken over.
    let notes = live()
        .as_mut()
        .map(|l| std::mem::take(&mut l.file.notes))
        .unwrap_or_default();
    for note in &notes {
        // Wrapped at words on a terminal, like every line said at the end.
        say(&format!("warning: {note}"));
    }
    let finished = matches!(step, Ok(Step::Flow(Outcome::Finished)));
    let ended = match step {
        Ok(Step::Intro(code, said)) => Ok((code, said)),
        Ok(Step::Flow(outcome)) => ending(outcome, opts, rubric, &assessment, place, lines)
            .map(|e| with_what_was_kept(e, cleared.as_deref(), &shown, &assessment, rubric)),
        Err(e) => Err(e),
    };
    *live() = None;
    *ON_SIGNAL.lock().unwrap_or_else(|e| e.into_inner()) = None;
    drop(lock);
    let (outcome, words) = ended?;
    Ok(Closing {
        outcome,
        words,
        report: (finished && opts.report).then_some((assessment, shown)),
    })
}

/// How a session ended: as a command ends, or with input that could not be used (said already).
pub type Ended = Result<End, crate::error::Error>;

/// How far the questionnaire went: stopped on the intro (how, and what to say), or through the
/// questions.
enum Step {
    Intro(Ended, String),
    Flow(Outcome),
}

/// Where the answers go and how to carry on: (file as named, full path, command, style).
type Place<'a> = (&'a str, &'a Path, &'a str, &'a Style);

/// The questionnaire proper, from the intro to its end.
fn questionnaire(
    opts: &Options,
    rubric: &Rubric,
    ui: &mut Ui,
    assessment: &mut Assessment,
    start: Start,
    cleared: Option<&Path>,
    (shown, full_path, resume_cmd, _): Place,
) -> Result<Step, crate::error::Error> {
    // The intro: what this is, where the answers go, and who answers.
    let shown_path = crate::escape::one_line(&full_path.display().to_string()).into_owned();
    let intro = layout::Intro {
        rubric,
        path: &shown_path,
        counts: Counts::of(assessment),
    };
    let who_before = (
        assessment.respondent.clone(),
        assessment.organization.clone(),
    );
    let stopped = who_answers(ui, &intro, assessment, rubric, full_path);
    let typed = who_before
        != (
            assessment.respondent.clone(),
            assessment.organization.clone(),
        );
    if let Some(stop) = stopped {
        // What was typed on the intro is kept.
        let said = if typed {
            save_now(assessment)?;
            let before = cleared.map_or(String::new(), |c| format!("{} ", cleared_line(shown, c)));
            format!(
                "{before}Your name, role and organization as typed are saved in {shown}; carry \
                 on with: {resume_cmd}"
            )
        } else {
            stopped_before_answers(cleared, shown)
        };
        let said = match stop {
            Stop::Interrupted => format!("Interrupted. {said}"),
            _ => said,
        };
        return Ok(Step::Intro(
            if stop == Stop::Interrupted {
                Ok(End::Interrupted)
            } else {
                Ok(End::Success)
            },
            said,
        ));
    }
    // From here on the file exists and holds every answer given (a file that exists is written
    // only if who answers changed). A script's new file waits for its first answer.
    let script = matches!(
        ui,
        Ui::Lines {
            interactive: false,
            ..
        }
    );
    let exists = live().as_ref().is_some_and(|l| l.file.exists());
    if exists || !script {
        save_now(assessment)?;
    }
    let mut save = |a: &Assessment| -> Result<(), Diagnostic> { save_now(a) };
    let outcome = flow::run(
        rubric,
        assessment,
        start,
        opts.notes,
        ui.frontend(),
        &mut save,
    )?;
    if outcome == Outcome::Finished {
        // Finished with nothing answered (a script's `f`): the file says so too.
        save_now(assessment)?;
    }
    Ok(Step::Flow(outcome))
}

/// Save `a` now (the file shared with the signal handler).
fn save_now(a: &Assessment) -> Result<(), Diagnostic> {
    let mut guard = live();
    let Some(l) = guard.as_mut() else {
        return Ok(());
    };
    let rubric = l.rubric.clone();
    let said = l.file.notes.len();
    l.file.save(a, &rubric, l.today)?;
    l.assessment = a.clone();
    if l.file.notes.len() > said {
        // Said now on the screen, and again with the last lines.
        tty::announce(format!(
            "{}: written whole now, as its layout could not be kept; old one kept as .bak",
            l.file.shown
        ));
    }
    Ok(())
}

/// Standard input that is a folder cannot hold answers.
fn refuse_a_folder_on_stdin() -> Result<(), Diagnostic> {
    #[cfg(unix)]
    if let Ok(m) = rustix::fs::fstat(std::io::stdin()) {
        if rustix::fs::FileType::from_raw_mode(m.st_mode) == rustix::fs::FileType::Directory {
            return Err(Diagnostic::new(
                "<stdin>",
                "is a folder; expected answers, one a line",
            ));
        }
    }
    Ok(())
}

/// On SIGTERM or SIGHUP: give the terminal back, remove the lock and say how to carry on (`line`
/// until the answers are shared).
fn arm_signal_handler(lock: &Lock, resume_cmd: &str, line: String) {
    *ON_SIGNAL.lock().unwrap_or_else(|e| e.into_inner()) =
        Some((lock.path().to_path_buf(), resume_cmd.to_string(), line));
    #[cfg(unix)]
    install_signal_handler();
}

/// `--organization`, `--respondent` and `--role` over what the file says.
fn apply_flags(opts: &Options, assessment: &mut Assessment) {
    if let Some(o) = &opts.organization {
        assessment.organization = Some(o.trim().to_string());
    }
    if let Some(n) = &opts.respondent {
        assessment.respondent.name = Some(n.trim().to_string());
    }
    if let Some(r) = &opts.role {
        assessment.respondent.role = Some(r.trim().to_string());
    }
}

/// The last lines, with what else was kept: the file as it was before starting over (first), a
/// note that was being typed when the session ended (last).
fn with_what_was_kept(
    (ended, mut said): (Ended, String),
    cleared: Option<&Path>,
    shown: &str,
    assessment: &Assessment,
    rubric: &Rubric,
) -> (Ended, String) {
    if let Some(copy) = cleared {
        said = format!("\n{}{said}", cleared_line(shown, copy));
    }
    if let Some(tty::Draft::Note { attribute, text }) = tty::take_draft() {
        if assessment.notes[attribute].as_deref() == Some(text.as_str()) {
            said.push_str(&format!(
                "\nYour note on {} was saved as you typed it.",
                rubric.attributes[attribute].name
            ));
        }
    }
    (ended, said)
}

/// What is said, once, after starting over: where the file as it was is kept.
fn cleared_line(shown: &str, copy: &Path) -> String {
    format!(
        "The answers in {shown} were cleared (start over); the file as it was is kept in {}.",
        crate::escape::one_line(&copy.display().to_string())
    )
}

/// What is said when the person stops before the first question, having typed nothing.
fn stopped_before_answers(cleared: Option<&std::path::Path>, shown: &str) -> String {
    if let Some(copy) = cleared {
        cleared_line(shown, copy)
    } else if live().as_ref().is_some_and(|l| l.file.exists()) {
        format!("Nothing changed in {shown}.")
    } else {
        "Nothing was saved.".to_string()
    }
}

/// How the questions begin: the answers to go on with, where, and where a cleared file was kept.
type Begin = (Assessment, Start, Option<PathBuf>);

/// An existing file: resume it, or start over (asked, and confirmed, unless a flag says which).
/// The answers to go on with, where to start, and where the cleared file was kept; how the
/// person stopped when they stopped before anything changed.
fn resume_or_start_over(
    opts: &Options,
    rubric: &Rubric,
    ui: &mut Ui,
    file: &mut AnswersFile,
    mut assessment: Assessment,
    warnings: Vec<String>,
) -> Result<Result<Begin, Stop>, crate::error::Error> {
    for w in warnings {
        crate::output::warn(&w);
    }
    let counts = Counts::of(&assessment);
    let reached = counts.answered + counts.not_sure;
    let choice = if opts.start_over {
        'o'
    } else if opts.resume || reached == 0 {
        'r'
    } else {
        match ask_start_over(ui, &file.shown, counts)? {
            Ok(c) => c,
            Err(stop) => return Ok(Err(stop)),
        }
    };
    let start_over = choice == 'o';
    let mut cleared = None;
    if start_over {
        let confirmed = match opts.start_over {
            true => true,
            false => match confirm_erase(ui, counts) {
                Ok(yes) => yes,
                Err(stop) => return Ok(Err(stop)),
            },
        };
        if confirmed {
            // Said once, with the last lines (`cleared_line`).
            cleared = Some(file.start_over(&mut assessment, rubric, opts.today)?);
        }
    }
    let mut start = flow::start_for(&assessment);
    if choice == 'n' {
        // The open ones: not sure, and not reached yet.
        start = Start::Open;
    }
    if start == Start::Review && opts.resume && matches!(ui, Ui::Lines { .. }) {
        // A script resuming a complete file answers the open questions.
        start = Start::Open;
    }
    Ok(Ok((assessment, start, cleared)))
}

/// The intro, and who answers (name, role, organization): asked on the screen, or line by line
/// of a person at a terminal (never of a script). `Some(stop)` when they stopped there.
fn who_answers(
    ui: &mut Ui,
    intro: &layout::Intro,
    assessment: &mut Assessment,
    rubric: &Rubric,
    full_path: &Path,
) -> Option<Stop> {
    match ui {
        Ui::Screen(screen) => {
            let mut fields = vec![
                ("Your name".to_string(), assessment.respondent.name.clone()),
                (
                    "Your role or team (marketing, sales, product, …)".to_string(),
                    assessment.respondent.role.clone(),
                ),
                ("Organization".to_string(), assessment.organization.clone()),
            ];
            let r = screen.intro(intro, &mut fields);
            assessment.respondent.name = fields[0].1.clone();
            assessment.respondent.role = fields[1].1.clone();
            assessment.organization = fields[2].1.clone();
            r.err()
        }
        Ui::Lines { plain, interactive } => {
            plain.print(&format!(
                "Persona maturity self-assessment: {} questions, {}. Every answer is saved as \
                 you go, in {}.\n",
                rubric.attributes.len(),
                layout::duration(rubric.attributes.len()),
                crate::escape::one_line(&full_path.display().to_string())
            ));
            if !*interactive {
                return None;
            }
            for field in [
                &mut assessment.respondent.name,
                &mut assessment.respondent.role,
                &mut assessment.organization,
            ]
            .into_iter()
            .zip(["Your name", "Your role or team", "Organization"])
            {
                if field.0.is_none() {
                    match plain.ask_text(field.1) {
                        Ok(v) => *field.0 = v,
                        Err(s) => return Some(s),
                    }
                }
            }
            None
        }
    }
}

/// How the questionnaire ended, and what to say on standard error (the report, with --report,
/// is printed here).
fn ending(
    outcome: Outcome,
    opts: &Options,
    rubric: &Rubric,
    assessment: &Assessment,
    (shown, _, resume_cmd, style): Place,
    lines: bool,
) -> Result<(Ended, String), crate::error::Error> {
    let counts = Counts::of(assessment);
    let saved = saved_sentence(counts, shown);
    let exists = live().as_ref().is_some_and(|l| l.file.exists());
    // A script's new file is written with its first answer: stopped before it, there is none.
    let nothing = |why: &str| {
        format!(
            "\n{why}: nothing was saved and {shown} was not written. Start with: {}",
            resume_cmd.replace(" --resume", "")
        )
    };
    Ok(match outcome {
        Outcome::Stopped(Stop::EndOfInput) if !exists => (
            Ok(End::Unfinished),
            nothing("Input ended before the first answer"),
        ),
        Outcome::Stopped(Stop::Quit) if !exists => {
            (Ok(End::Success), nothing("Quit before the first answer"))
        }
        Outcome::Stopped(Stop::TooManyBadLines) if !exists => (
            Err(crate::error::Error::Input(Vec::new())),
            nothing("error: too many lines that were not answers"),
        ),
        Outcome::Stopped(Stop::Interrupted) if !exists => {
            (Ok(End::Interrupted), nothing("Interrupted"))
        }
        Outcome::Stopped(Stop::Interrupted) => (
            Ok(End::Interrupted),
            format!("\nInterrupted. {saved}; resume with: {resume_cmd}"),
        ),
        Outcome::Stopped(Stop::Quit) => (
            Ok(End::Success),
            format!("\nSaved: {saved}; resume with: {resume_cmd}"),
        ),
        Outcome::Stopped(Stop::EndOfInput) if counts.not_reached == 0 => (
            Ok(End::Success),
            format!(
                "\nInput ended: every question was reached. {saved}; review or change them \
                 with: {resume_cmd}"
            ),
        ),
        Outcome::Stopped(Stop::EndOfInput) => (
            Ok(End::Unfinished),
            format!(
                "\nInput ended: {} not reached yet. {saved}; resume with: {resume_cmd}",
                crate::words::count(counts.not_reached, "question is", "questions are")
            ),
        ),
        Outcome::Stopped(Stop::TooManyBadLines) => (
            Err(crate::error::Error::Input(Vec::new())),
            format!(
                "\nerror: too many lines that were not answers. {saved}; resume with: {resume_cmd}"
            ),
        ),
        Outcome::Finished => (
            Ok(End::Success),
            summary(
                rubric,
                assessment,
                shown,
                resume_cmd,
                opts.rubric_arg,
                style,
                lines,
            ),
        ),
    })
}

/// Resume (`r`), answer the open ones (`n`, when there are any) or start over (`o`)? How the
/// person stopped instead (quit, or Ctrl-C). Scripts must say which (`--resume`,
/// `--start-over`).
fn ask_start_over(
    ui: &mut Ui,
    shown: &str,
    counts: Counts,
) -> Result<Result<char, Stop>, Diagnostic> {
    let so_far = format!("{shown} has answers already: {}", counts.sentence());
    match ui {
        Ui::Lines {
            interactive: false,
            ..
        } => Err(Diagnostic::new(shown, "exists and has answers already")
            .help("pass --resume to carry on with them, or --start-over to clear them (a copy of the file is kept)")),
        Ui::Lines { plain, .. } => Ok(plain.ask_resume(&so_far, counts.open())),
        Ui::Screen(screen) => {
            let mut choices = vec![('r', "Resume: carry on where you stopped".to_string())];
            if counts.open() > 0 {
                choices.push((
                    'n',
                    format!(
                        "Answer the open ones: the {} not sure or not answered yet",
                        counts.open()
                    ),
                ));
            }
            choices.push((
                'o',
                "Start over: clear the answers (a copy of the file is kept)".to_string(),
            ));
            choices.push(('q', "Quit: leave everything as it is".to_string()));
            let choice = screen.choose(
                &[
                    so_far,
                    "Carry on where you stopped, or start over?".to_string(),
                ],
                &choices,
            );
            Ok(match choice {
                Ok('q') => Err(Stop::Quit),
                Ok(c) => Ok(c),
                Err(stop) => Err(stop),
            })
        }
    }
}

/// "Erase N answers?" — no is the default (Esc and `q` too); Ctrl-C stops.
fn confirm_erase(ui: &mut Ui, c: Counts) -> Result<bool, Stop> {
    // As the file holds them: levels given, and questions marked not sure.
    let what = match (c.answered, c.not_sure) {
        (a, 0) => crate::words::count(a, "answer", "answers"),
        (0, n) => format!("{n} not sure"),
        (a, n) => format!(
            "{} and {n} not sure",
            crate::words::count(a, "answer", "answers")
        ),
    };
    let question = format!(
        "Erase {what}? Name, role and organization stay, and a copy of the file is kept beside it."
    );
    match ui {
        Ui::Lines { plain, .. } => match plain.confirm(&question) {
            Err(Stop::Interrupted) => Err(Stop::Interrupted),
            answer => Ok(answer.unwrap_or(false)),
        },
        Ui::Screen(screen) => match screen.choose(
            &[question],
            &[
                ('n', "No, keep them".to_string()),
                ('y', "Yes, erase them".to_string()),
            ],
        ) {
            Ok(c) => Ok(c == 'y'),
            Err(Stop::Interrupted) => Err(Stop::Interrupted),
            Err(_) => Ok(false),
        },
    }
}

/// On SIGINT, SIGTERM, SIGHUP or SIGQUIT: wait for a save being written, give the terminal back,
/// keep what was being typed (a note, the intro's fields) in the file, remove the lock, say how
/// to resume, and exit with 128 + the signal's number.
#[cfg(unix)]
fn install_signal_handler() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let Ok(mut signals) =
            signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])
        else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let mut guard = live();
                tty::restore();
                let name = match sig {
                    SIGINT => "Interrupted",
                    SIGTERM => "Stopped (SIGTERM)",
                    SIGHUP => "Stopped (the terminal went away)",
                    _ => "Stopped (SIGQUIT)",
                };
                let status = ON_SIGNAL.lock().unwrap_or_else(|e| e.into_inner()).take();
                if let Some((lock, resume_cmd, line)) = status {
                    let mut said = format!("\n{name}. ");
                    match guard.as_mut() {
                        Some(l) => {
                            let kept = tty::take_draft().and_then(|d| keep_draft(l, d));
                            if l.file.exists() {
                                said.push_str(&format!(
                                    "{}; resume with: {resume_cmd}",
                                    saved_sentence(Counts::of(&l.assessment), &l.file.shown)
                                ));
                            } else {
                                said.push_str(&line);
                            }
                            if let Some(kept) = kept {
                                said.push_str(&format!("\n{kept}"));
                            }
                            if let Some(copy) = &l.file.cleared {
                                said.push_str(&format!("\n{}", cleared_line(&l.file.shown, copy)));
                            }
                            for note in &l.file.notes {
                                said.push_str(&format!("\nwarning: {note}"));
                            }
                        }
                        None => said.push_str(&line),
                    }
                    let _ = std::fs::remove_file(lock);
                    say(&said);
                }
                std::process::exit(128 + sig);
            }
        });
    });
}

/// Keep what was being typed when a signal came: a note becomes the attribute's note, the
/// intro's fields the file's name, role and organization. What to say about it. Called by
/// the signal handler, which only unix has.
#[cfg(unix)]
fn keep_draft(l: &mut Live, draft: tty::Draft) -> Option<String> {
    let mut a = l.assessment.clone();
    let said = match draft {
        tty::Draft::Note { attribute, text } => {
            let text = text.trim();
            if text.is_empty() || !l.file.exists() || a.notes[attribute].as_deref() == Some(text) {
                return None;
            }
            a.notes[attribute] = Some(text.to_string());
            format!(
                "The note you were typing on {} is saved with it.",
                l.rubric.attributes[attribute].name
            )
        }
        tty::Draft::Who(values) => {
            let get = |k: usize| values.get(k).cloned().flatten();
            a.respondent.name = get(0).or(a.respondent.name);
            a.respondent.role = get(1).or(a.respondent.role);
            a.organization = get(2).or(a.organization);
            if a == l.assessment {
                return None;
            }
            format!(
                "Your name, role and organization as typed are saved in {}.",
                l.file.shown
            )
        }
    };
    let rubric = l.rubric.clone();
    match l.file.save(&a, &rubric, l.today) {
        Ok(()) => {
            l.assessment = a;
            Some(said)
        }
        Err(e) => Some(format!("What you were typing could not be saved: {e}")),
    }
}

/// How to answer the open questions later, with a command that does what it says: on the full
/// screen the resume question offers `n` (it is asked once something was answered); line by
/// line `--resume` answers the open ones of a file where every question was reached, else
/// carries on at the first question not reached.
fn answer_later(rubric: &Rubric, a: &Assessment, resume_cmd: &str, lines: bool) -> String {
    let counts = Counts::of(a);
    match (lines, flow::first_open(a)) {
        (false, _) if counts.answered + counts.not_sure > 0 => {
            format!("To answer them later, run this and press n: {resume_cmd}")
        }
        (false, _) => format!("To answer them later, run: {resume_cmd}"),
        (true, None) => {
            format!("To answer them later (the first lines answer them): {resume_cmd}")
        }
        (true, Some(i)) => format!(
            "To carry on at question {} ({}): {resume_cmd}",
            i + 1,
            rubric.attributes[i].name
        ),
    }
}

/// What stays on screen at the end: the overall level and score, every section, the counts, the
/// file and the command for the full report.
fn summary(
    rubric: &Rubric,
    a: &Assessment,
    shown: &str,
    resume_cmd: &str,
    rubric_arg: Option<&Path>,
    style: &Style,
    lines: bool,
) -> String {
    let sc = crate::score::score(rubric, a, rubric.top_level());
    // A custom rubric is named in every command given, or the command would not read the file.
    let tool = match rubric_arg {
        Some(r) => format!("persona-maturity --rubric {}", path_arg(r)),
        None => "persona-maturity".to_string(),
    };
    let counts = Counts::of(a);
    let n = rubric.levels.len();
    let mut out = String::from("\n");
    let thanks = match &a.respondent.name {
        Some(name) => format!("Thank you, {}.", crate::escape::terminal(name)),
        None => "Thank you.".to_string(),
    };
    out.push_str(&style.bold(&format!("{thanks} {}.", counts.sentence())));
    out.push('\n');
    // A level from a few answers is said to be one.
    let coverage = if counts.answered < counts.total {
        format!(" · from {} of {} answered", counts.answered, counts.total)
    } else {
        String::new()
    };
    match sc.overall {
        Some(o) => out.push_str(&format!(
            "Overall: {} ({:.2} of {n}){coverage}\n",
            style.level(o.level, n, &rubric.levels[o.level].name),
            o.value
        )),
        None => out.push_str("Overall: no score yet (nothing answered)\n"),
    }
    let name_w = rubric
        .sections
        .iter()
        .map(|s| s.name.chars().count())
        .max()
        .unwrap_or(0);
    for s in &sc.sections {
        let name = &rubric.sections[s.section].name;
        match s.score {
            Some(x) => out.push_str(&format!(
                "  {name:<name_w$}  {:.2}  {}\n",
                x.value,
                style.level(x.level, n, &rubric.levels[x.level].name)
            )),
            None => out.push_str(&format!("  {name:<name_w$}  no score yet\n")),
        }
    }
    let open: Vec<&str> = (0..a.answers.len())
        .filter(|&i| a.answers[i].level().is_none())
        .map(|i| rubric.attributes[i].name.as_str())
        .collect();
    if !open.is_empty() {
        out.push_str(&format!(
            "Still open ({}): {}. {}\n",
            open.len(),
            open.join(", "),
            answer_later(rubric, a, resume_cmd, lines)
        ));
    }
    let path = if shown.starts_with('-') {
        format!("./{shown}")
    } else {
        shown.to_string()
    };
    out.push_str(&format!("Saved in {shown}.\n"));
    // The next step: the first in the order of the work, and the command that explains it.
    if let Some(step) = sc.next_steps.first() {
        let a = &rubric.attributes[step.attribute];
        out.push_str(&format!(
            "Next step: {}, from {} to {} (first in the order of the work); what moves it up: {tool} explain {} {}\n",
            a.name,
            rubric.levels[step.current].name,
            rubric.levels[step.next].name,
            shell_quote(&a.id),
            shell_quote(&path)
        ));
    }
    out.push_str(&format!("Full report: {tool} score {}", shell_quote(&path)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_commands_are_quoted_for_the_shell() {
        assert_eq!(shell_quote("q4.yaml"), "q4.yaml");
        assert_eq!(shell_quote("my answers.yaml"), "'my answers.yaml'");
        assert_eq!(path_arg(Path::new("-x.yaml")), "./-x.yaml");
        assert_eq!(path_arg(Path::new("-a b.yaml")), "'./-a b.yaml'");
        // What the shell itself reads back: every quoted word is the text it quotes.
        for s in [
            "it's.yaml",
            "a \"b\" $HOME `x` \\ !x *.yaml",
            "tab\there; rm -rf ~",
            "ünïcödé q4.yaml",
            "{a,b}.yaml",
        ] {
            let quoted = shell_quote(s);
            let out = std::process::Command::new("sh")
                .args(["-c", &format!("printf %s {quoted}")])
                .output()
                .unwrap();
            assert_eq!(String::from_utf8_lossy(&out.stdout), s, "{quoted}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_file_name_that_is_not_utf8_or_holds_an_escape_is_quoted_byte_for_byte() {
        use std::os::unix::ffi::OsStrExt;
        for name in [
            b"bad\xff.yaml".as_slice(),
            b"\x1b]0;pwned\x07q4.yaml",
            b"it's \\ \xc3\xbc\xe2\x80\xae.yaml",
            b"-\x1b[2J.yaml",
        ] {
            let arg = path_arg(Path::new(std::ffi::OsStr::from_bytes(name)));
            assert!(arg.chars().all(|c| !c.is_control()), "{arg:?}");
            let out = std::process::Command::new("bash")
                .args(["-c", &format!("printf %s {arg}")])
                .output()
                .unwrap();
            let want = if name.starts_with(b"-") {
                [b"./".as_slice(), name].concat()
            } else {
                name.to_vec()
            };
            assert_eq!(out.stdout, want, "{arg}");
        }
        // Plain names keep their usual quoting.
        assert_eq!(path_arg(Path::new("ünïcödé q4.yaml")), "'ünïcödé q4.yaml'");
    }

    #[test]
    fn the_saved_sentence_agrees_with_its_number() {
        let c = |answered, not_sure| Counts {
            answered,
            not_sure,
            not_reached: 17 - answered - not_sure,
            total: 17,
        };
        assert_eq!(
            saved_sentence(c(1, 0), "a.yaml"),
            "1 of 17 answers is saved in a.yaml"
        );
        assert_eq!(
            saved_sentence(c(8, 2), "a.yaml"),
            "8 of 17 answers are saved in a.yaml (2 not sure)"
        );
    }
}
