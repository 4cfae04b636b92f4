//! The terminal front-end: one full screen per question on the terminal's alternate screen (so
//! the questionnaire never scrolls the person's terminal, and the summary printed after it stays),
//! one key per answer, the review list, the intro, and help. Screens come from `layout`; this
//! module reads keys (crossterm), paints lines, and redraws when the terminal is resized.
//!
//! Raw mode, bracketed paste and the alternate screen are left on every way out: normal return
//! and panics (the `Drop` of [`Screen`]), signals (`restore`, called by the signal handler in
//! `session`), and Ctrl-Z, which suspends the questionnaire as a shell job (the terminal given
//! back first, the screen drawn again on `fg`).
//!
//! A paste (bracketed paste, which the terminal marks as such) is text, never keys: into a note
//! or a field it lands whole; anywhere else it is ignored with a message. What is being typed is
//! published as a [`Draft`], so a signal that ends the session keeps it.

use super::field::Field;
use super::flow::{Frontend, NoteReply, Question, Reply, Review, ReviewReply, Stop};
use super::layout::{self, Line, Row, Tint};
use crate::style::{Style, Tone};
use crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers,
};
use crossterm::{cursor, execute, queue, terminal};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Whether the terminal is in raw mode on the alternate screen (for the signal handler).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Held while the terminal is taken, given back or drawn on: a stop from outside (SIGTSTP)
/// never falls in the middle of a frame, and nothing is drawn while the questionnaire is
/// stopped.
static TERMINAL: Mutex<()> = Mutex::new(());

fn terminal_lock() -> std::sync::MutexGuard<'static, ()> {
    TERMINAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// The screen is drawn on standard output (standard error is not the terminal: `2>err.log`).
static ON_STDOUT: AtomicBool = AtomicBool::new(false);

/// Draw on standard output instead of standard error (which is redirected away from the
/// terminal).
pub fn draw_on_stdout(yes: bool) {
    ON_STDOUT.store(yes, Ordering::SeqCst);
}

/// Whether the screen is drawn on standard output.
pub fn drawn_on_stdout() -> bool {
    ON_STDOUT.load(Ordering::SeqCst)
}

/// The stream the screen is drawn on: standard error, or standard output when standard error is
/// not the terminal.
pub enum Out {
    Err(std::io::StderrLock<'static>),
    Out(std::io::StdoutLock<'static>),
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::Err(e) => e.write(buf),
            Out::Out(o) => o.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::Err(e) => e.flush(),
            Out::Out(o) => o.flush(),
        }
    }
}

/// The terminal's stream (see [`Out`]).
pub fn out() -> Out {
    if drawn_on_stdout() {
        Out::Out(std::io::stdout().lock())
    } else {
        Out::Err(std::io::stderr().lock())
    }
}

/// Give the terminal back as it was: cooked mode, main screen, cursor shown, bracketed paste
/// off. Safe to call from any thread and more than once.
pub fn restore() {
    let _held = terminal_lock();
    give_back();
}

/// [`restore`], the terminal lock held by the caller.
fn give_back() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut o = out();
        let _ = execute!(
            o,
            DisableBracketedPaste,
            cursor::Show,
            terminal::LeaveAlternateScreen
        );
        let _ = terminal::disable_raw_mode();
    }
}

/// Take the terminal: raw mode, alternate screen, cursor hidden, bracketed paste on.
fn take() -> std::io::Result<()> {
    let _held = terminal_lock();
    take_locked()
}

/// [`take`], the terminal lock held by the caller.
fn take_locked() -> std::io::Result<()> {
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut o = out();
    execute!(
        o,
        terminal::EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )
}

/// Whether a stop could ever be continued: not when the process leads its session's group (no
/// shell with job control started it; the kernel would not stop the orphaned group either).
#[cfg(unix)]
fn job_control() -> bool {
    use rustix::process::{getpgrp, getsid};
    !getsid(None).is_ok_and(|sid| sid == getpgrp())
}

/// What is said when the questionnaire is stopped as a shell job.
#[cfg(unix)]
const SUSPENDED: &str = "Suspended: every answer so far is saved. Type fg to carry on.";

/// What is said when a stop is asked for where nothing could continue it.
const NO_JOB_CONTROL: &str = "Ctrl-Z cannot suspend here (no job control); q saves and quits.";

/// Make the next `event::read` return a resize, so the screen is drawn again (after a stop, or
/// to show a notice).
#[cfg(unix)]
fn wake_for_redraw() {
    let _ =
        rustix::process::kill_process(rustix::process::getpid(), rustix::process::Signal::WINCH);
}

/// A stop from outside (`kill -TSTP`, or the Ctrl-Z key, which sends the same signal) is
/// handled as the key is: the terminal given back, stopped as a shell job, taken again on
/// `fg` (SIGCONT) and drawn again. A SIGCONT after a stop this cannot catch (SIGSTOP) takes the
/// terminal again too, as the shell may have changed it meanwhile. Installed once, with the
/// first screen.
#[cfg(unix)]
fn handle_stops() {
    use signal_hook::consts::{SIGCONT, SIGTSTP};
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTSTP, SIGCONT]) else {
            return;
        };
        std::thread::spawn(move || {
            // A continue that follows this thread's own stop: the terminal is taken already.
            let mut own_stop = false;
            for sig in signals.forever() {
                if sig == SIGCONT {
                    if !std::mem::take(&mut own_stop) && ACTIVE.load(Ordering::SeqCst) {
                        let _held = terminal_lock();
                        give_back();
                        let _ = take_locked();
                        drop(_held);
                        wake_for_redraw();
                    }
                    continue;
                }
                if !job_control() {
                    // Nothing could continue it: the kernel's own default is to ignore it.
                    if ACTIVE.load(Ordering::SeqCst) {
                        announce(NO_JOB_CONTROL.to_string());
                        wake_for_redraw();
                    }
                    continue;
                }
                let held = terminal_lock();
                let was = ACTIVE.load(Ordering::SeqCst);
                if was {
                    give_back();
                    let _ = write!(out(), "\r\n{SUSPENDED}\r\n");
                    let _ = out().flush();
                }
                own_stop = true;
                // To this thread (raise): it stops before the call returns, so nothing after it
                // runs before `fg` (a signal to the process may be taken by another thread while
                // this one runs on and takes the terminal again).
                let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
                // Continued (fg).
                if was {
                    let _ = take_locked();
                }
                drop(held);
                if was {
                    wake_for_redraw();
                }
            }
        });
    });
}

/// What a person is typing and has not confirmed yet, for the signal handler to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Draft {
    /// A note being typed for this attribute.
    Note { attribute: usize, text: String },
    /// The intro's fields (name, role, organization) as far as typed, the one being typed too.
    Who(Vec<Option<String>>),
}

static DRAFT: Mutex<Option<Draft>> = Mutex::new(None);

fn publish(d: Option<Draft>) {
    *DRAFT.lock().unwrap_or_else(|e| e.into_inner()) = d;
}

/// What is being typed right now (and no longer published).
pub fn take_draft() -> Option<Draft> {
    DRAFT.lock().unwrap_or_else(|e| e.into_inner()).take()
}

/// Something the session has to say while a screen is up (a file rewritten whole, its copy
/// kept): shown on the bottom line of the next frame.
static ANNOUNCED: Mutex<Option<String>> = Mutex::new(None);

/// Show `text` on the bottom line of the next frame drawn.
pub fn announce(text: String) {
    *ANNOUNCED.lock().unwrap_or_else(|e| e.into_inner()) = Some(text);
}

/// A key, as the questionnaire understands it.
enum Input {
    Key(KeyEvent),
    /// Something to draw again: the size changed, or the questionnaire came back from Ctrl-Z.
    Resized,
    /// Pasted text (only where text is typed; elsewhere it is refused with a notice).
    Paste(String),
}

/// What typing into a field came to.
enum Typed {
    /// Enter: the text, trimmed.
    Enter(String),
    /// Esc (a second one, when something had been typed).
    Esc,
    /// Ctrl-C, Ctrl-D or the terminal gone, with what was typed so far.
    Stop(Stop, String),
}

/// What a field holds: a note (line breaks kept) or a name (one line).
#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    Note,
    Label,
}

impl FieldKind {
    fn limit(self) -> usize {
        match self {
            FieldKind::Note => crate::assessment::MAX_NOTE_CHARS,
            FieldKind::Label => crate::assessment::MAX_LABEL_CHARS,
        }
    }
}

/// Pasted text as a field takes it whole: every line break (CR LF, CR, LF) one `\n` in a note
/// and one space in a name; a tab stays a tab in a note (a table pasted from a spreadsheet keeps
/// its columns; the file holds it as `\t`) and is a space in a name; other control characters
/// are dropped.
fn pasted(text: &str, kind: FieldKind) -> Vec<char> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\t' if kind == FieldKind::Note => Some(c),
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// The terminal while the questionnaire runs.
pub struct Screen {
    style: Style,
    width: usize,
    height: usize,
    /// The size below the minimum that was last said (said again only when it changes).
    small_said: Option<(usize, usize)>,
    /// A message on the bottom line of the next frames, until a key is pressed (a paste
    /// refused, Ctrl-Z without job control, the terminal too small).
    notice: String,
}

/// The smallest terminal the questionnaire is made for; below it every screen still works, with
/// less on it, and says so.
pub const MINIMUM: (usize, usize) = (60, 20);

impl Screen {
    /// Take the terminal: raw mode, alternate screen, cursor hidden, bracketed paste on.
    pub fn start(style: Style) -> std::io::Result<Screen> {
        #[cfg(unix)]
        handle_stops();
        take()?;
        let (w, h) = terminal::size().unwrap_or((80, 24));
        Ok(Screen {
            style,
            width: w.max(1) as usize,
            height: h.max(1) as usize,
            small_said: None,
            notice: String::new(),
        })
    }

    /// A message on the bottom line until the next key.
    pub fn notice(&mut self, text: &str) {
        self.notice = text.to_string();
    }

    /// Say once, at each size below the minimum, that the terminal is small.
    fn say_if_small(&mut self) {
        let size = (self.width, self.height);
        if (size.0 < MINIMUM.0 || size.1 < MINIMUM.1) && self.small_said != Some(size) {
            self.small_said = Some(size);
            self.notice = layout::truncate(
                &format!(
                    "Terminal {}×{} is below {}×{}: ? shows everything.",
                    size.0, size.1, MINIMUM.0, MINIMUM.1
                ),
                self.width,
            );
            for shorter in [
                format!(
                    "{}×{} is below {}×{}: ? shows everything",
                    size.0, size.1, MINIMUM.0, MINIMUM.1
                ),
                format!("Below {}×{}: ? shows all", MINIMUM.0, MINIMUM.1),
            ] {
                if self.notice.ends_with('…') {
                    self.notice = layout::truncate(&shorter, self.width);
                }
            }
        }
    }

    /// Ctrl-Z: stop as a shell job, as SIGTSTP from the terminal would (the whole process
    /// group, as shells expect). The signal's handler gives the terminal back, stops, and on
    /// `fg` takes it again and has the screen drawn again. `false` when there is no job control
    /// to come back from.
    #[cfg(unix)]
    fn suspend(&mut self) -> bool {
        if !job_control() {
            return false;
        }
        let _ = rustix::process::kill_current_process_group(rustix::process::Signal::TSTP);
        true
    }

    #[cfg(not(unix))]
    fn suspend(&mut self) -> bool {
        false
    }

    fn ansi(&self, tint: Tint) -> &'static str {
        if !self.style.color {
            return match tint {
                Tint::Selected => "\x1b[7m",
                Tint::Cursor => "\x1b[4m",
                _ => "",
            };
        }
        match tint {
            Tint::Plain => "",
            Tint::Bold => "\x1b[1m",
            Tint::Dim => "\x1b[2m",
            Tint::Selected => "\x1b[7m",
            Tint::Warn => "\x1b[33m",
            Tint::Cursor => "\x1b[4m",
            Tint::Level(l, n) => match Tone::of(l, n) {
                Tone::Low => "\x1b[31m",
                Tone::Middle => "\x1b[33m",
                Tone::High => "\x1b[36m",
                Tone::Top => "\x1b[32m",
            },
        }
    }

    /// Paint `lines` from the top, clearing what was there. One synchronized update (DEC mode
    /// 2026): a terminal that knows it shows the frame whole, never half drawn; the others
    /// ignore it. Its end also tells a test that the frame is complete.
    fn draw(&mut self, lines: &[Line]) {
        if let Some(a) = ANNOUNCED.lock().unwrap_or_else(|e| e.into_inner()).take() {
            self.notice = a;
        }
        let mut lines: Vec<Line> = lines.iter().take(self.height).cloned().collect();
        if !self.notice.is_empty() {
            // The notice takes the bottom line.
            lines.resize(self.height, Line::blank());
            lines[self.height - 1] =
                Line::new(layout::truncate(&self.notice, self.width), Tint::Warn);
        }
        let _held = terminal_lock();
        if !ACTIVE.load(Ordering::SeqCst) {
            // Stopped (or given back): drawn again when it is taken.
            return;
        }
        let mut err = out();
        let _ = queue!(err, terminal::BeginSynchronizedUpdate, cursor::MoveTo(0, 0));
        for (k, line) in lines.iter().enumerate() {
            if k > 0 {
                let _ = write!(err, "\r\n");
            }
            for span in &line.0 {
                let code = self.ansi(span.tint);
                // Every text on a screen may come from a file (a name, a note, a custom rubric):
                // shown, never obeyed.
                let text = crate::escape::terminal(&span.text);
                if code.is_empty() {
                    let _ = write!(err, "{text}");
                } else {
                    let _ = write!(err, "{code}{text}\x1b[0m");
                }
            }
            let _ = queue!(err, terminal::Clear(terminal::ClearType::UntilNewLine));
        }
        let _ = queue!(
            err,
            terminal::Clear(terminal::ClearType::FromCursorDown),
            terminal::EndSynchronizedUpdate
        );
        let _ = err.flush();
    }

    /// The next key press (or a resize, after which the caller redraws). A paste is returned
    /// only where text is typed (`text`); anywhere else it is refused with a notice, never read
    /// as keys. Ctrl-Z suspends here.
    fn next(&mut self, text: bool) -> Input {
        loop {
            match event::read() {
                Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => {
                    self.notice.clear();
                    if alt(&k) && !text {
                        // Esc and a key together (Alt or Option held, or typed as one): never
                        // an answer or an action.
                        self.notice = ALT_IGNORED.to_string();
                        return Input::Resized;
                    }
                    if k.code == KeyCode::Char('z') && k.modifiers.contains(KeyModifiers::CONTROL) {
                        if !self.suspend() {
                            self.notice = NO_JOB_CONTROL.to_string();
                        }
                        return Input::Resized;
                    }
                    return Input::Key(k);
                }
                Ok(Event::Paste(p)) if text => return Input::Paste(p),
                Ok(Event::Paste(_)) => {
                    self.notice = "A paste is ignored here (never read as keys).".to_string();
                    return Input::Resized;
                }
                Ok(Event::Resize(w, h)) => {
                    self.width = w.max(1) as usize;
                    self.height = h.max(1) as usize;
                    return Input::Resized;
                }
                Ok(_) => {}
                // The terminal is gone: treat it like the end of input.
                Err(_) => {
                    return Input::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL))
                }
            }
        }
    }

    /// Show `lines` as a scrollable page until a key other than scrolling is pressed.
    fn page(&mut self, lines: &[Line]) -> Option<Stop> {
        let mut offset = 0usize;
        loop {
            let room = self.height.saturating_sub(1).max(1);
            let max = lines.len().saturating_sub(room);
            offset = offset.min(max);
            self.draw(&layout::pager(lines, offset, self.width, self.height));
            match self.next(false) {
                Input::Resized | Input::Paste(_) => {}
                Input::Key(k) => match k.code {
                    _ if stop_key(&k).is_some() => return stop_key(&k),
                    KeyCode::Down | KeyCode::Char('j') => offset = (offset + 1).min(max),
                    KeyCode::Up | KeyCode::Char('k') => offset = offset.saturating_sub(1),
                    KeyCode::PageDown | KeyCode::Char(' ') => offset = (offset + room).min(max),
                    KeyCode::PageUp => offset = offset.saturating_sub(room),
                    _ => return None,
                },
            }
        }
    }

    /// A line of text typed at the bottom of `screen` (which gets the field appended by `show`,
    /// given the text with its line breaks shown as `↵`, the cursor's place in it, in
    /// characters, and the size). Edits as a shell line does: ←→, Home and End (Ctrl-A, Ctrl-E)
    /// move, Backspace and Delete remove a character, Ctrl-W the word before the cursor, Ctrl-U
    /// everything; a paste lands whole at the cursor (see [`pasted`]). Esc after typing asks
    /// first: a second Esc drops what was typed. Every change is handed to `draft`.
    fn read_text(
        &mut self,
        initial: &str,
        kind: FieldKind,
        draft: &dyn Fn(&str),
        show: &dyn Fn(&str, usize, usize, usize) -> Vec<Line>,
    ) -> Typed {
        let mut field = Field::new(initial);
        let mut esc_armed = false;
        loop {
            let value = field.value();
            draft(&value);
            // One visible character for each line break and tab, so the cursor keeps its place.
            let shown = value.replace('\n', "↵").replace('\t', "⇥");
            let lines = show(&shown, field.at, self.width, self.height);
            self.draw(&lines);
            let k = match self.next(true) {
                Input::Resized => continue,
                Input::Paste(p) => {
                    esc_armed = false;
                    if !field.insert(pasted(&p, kind), kind.limit()) {
                        self.notice = format!(
                            "The paste was cut at {} characters, the longest this field holds.",
                            kind.limit()
                        );
                    }
                    continue;
                }
                Input::Key(k) => k,
            };
            if k.code != KeyCode::Esc {
                esc_armed = false;
            }
            if let Some(stop) = stop_key(&k) {
                return Typed::Stop(stop, value);
            }
            match k.code {
                KeyCode::Enter if !alt(&k) => return Typed::Enter(value.trim().to_string()),
                KeyCode::Esc if value.trim() != initial.trim() && !esc_armed => {
                    esc_armed = true;
                    self.notice = "Esc again drops what you typed; Enter keeps it.".to_string();
                }
                KeyCode::Esc => return Typed::Esc,
                _ => {
                    if !edit(&mut field, &k, kind.limit()) && alt(&k) {
                        self.notice = ALT_IGNORED.to_string();
                    }
                }
            }
        }
    }

    /// The intro: what this is, where answers go, the keys; asks for each of `fields` (label,
    /// value) whose value is empty. The values are set as they are typed: when the person
    /// stops, what they typed so far is in `fields` (and the field being typed with it).
    pub fn intro(
        &mut self,
        intro: &layout::Intro,
        fields: &mut [(String, Option<String>)],
    ) -> Result<(), Stop> {
        let mut done: Vec<(String, String)> = Vec::new();
        let values = |fields: &[(String, Option<String>)]| -> Vec<Option<String>> {
            fields.iter().map(|f| f.1.clone()).collect()
        };
        for k in 0..fields.len() {
            if let Some(v) = &fields[k].1 {
                done.push((fields[k].0.clone(), v.clone()));
                continue;
            }
            let label_now = fields[k].0.clone();
            let asked = done.clone();
            let so_far = values(fields);
            let draft = |typed: &str| {
                let mut v = so_far.clone();
                v[k] = (!typed.trim().is_empty()).then(|| typed.trim().to_string());
                publish(Some(Draft::Who(v)));
            };
            let typed = self.read_text("", FieldKind::Label, &draft, &|v, at, w, h| {
                layout::intro(intro, &asked, Some((&label_now, v, at)), w, h)
            });
            match typed {
                Typed::Enter(v) => {
                    done.push((label_now, v.clone()));
                    fields[k].1 = (!v.is_empty()).then_some(v);
                }
                Typed::Esc => done.push((label_now, String::new())),
                Typed::Stop(stop, v) => {
                    let v = v.trim();
                    fields[k].1 = (!v.is_empty()).then(|| v.to_string());
                    publish(None);
                    return Err(stop);
                }
            }
        }
        publish(None);
        loop {
            self.draw(&layout::intro(intro, &done, None, self.width, self.height));
            match self.next(false) {
                Input::Resized | Input::Paste(_) => {}
                Input::Key(k) => match k.code {
                    _ if stop_key(&k).is_some() => return Err(stop_key(&k).unwrap_or(Stop::Quit)),
                    KeyCode::Enter | KeyCode::Char(' ') => return Ok(()),
                    KeyCode::Char('q') | KeyCode::Esc => return Err(Stop::Quit),
                    _ => {}
                },
            }
        }
    }

    /// A question with the given choices (key, label); returns the key chosen.
    pub fn choose(&mut self, title: &[String], choices: &[(char, String)]) -> Result<char, Stop> {
        let mut cursor = 0usize;
        loop {
            let mut lines: Vec<Line> = Vec::new();
            for t in title {
                for l in textwrap::wrap(t, self.width.max(10)) {
                    lines.push(Line::new(l.into_owned(), Tint::Plain));
                }
            }
            lines.push(Line::blank());
            for (k, (key, label)) in choices.iter().enumerate() {
                let selected = k == cursor;
                lines.push(Line::new(
                    layout::truncate(
                        &format!("{}{key}  {label}", if selected { "▶ " } else { "  " }),
                        self.width,
                    ),
                    if selected {
                        Tint::Selected
                    } else {
                        Tint::Plain
                    },
                ));
            }
            lines.push(Line::blank());
            lines.push(Line::new(
                layout::truncate("Press a key, or ↑↓ and Enter", self.width),
                Tint::Dim,
            ));
            self.draw(&lines);
            match self.next(false) {
                Input::Resized | Input::Paste(_) => {}
                Input::Key(k) => match k.code {
                    _ if stop_key(&k).is_some() => return Err(stop_key(&k).unwrap_or(Stop::Quit)),
                    KeyCode::Up => cursor = cursor.saturating_sub(1),
                    KeyCode::Down => cursor = (cursor + 1).min(choices.len() - 1),
                    KeyCode::Enter => return Ok(choices[cursor].0),
                    KeyCode::Esc => return Err(Stop::Quit),
                    KeyCode::Char(c) => {
                        let c = c.to_ascii_lowercase();
                        if choices.iter().any(|(key, _)| *key == c) {
                            return Ok(c);
                        }
                    }
                    _ => {}
                },
            }
        }
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

/// Ctrl-C stops (exit 130, answers saved); Ctrl-D, like `q`, saves and quits.
fn stop_key(k: &KeyEvent) -> Option<Stop> {
    if !k.modifiers.contains(KeyModifiers::CONTROL) {
        return None;
    }
    match k.code {
        KeyCode::Char('c') => Some(Stop::Interrupted),
        KeyCode::Char('d') => Some(Stop::Quit),
        _ => None,
    }
}

/// Whether Alt (Option) was held: the terminal sent Esc first.
fn alt(k: &KeyEvent) -> bool {
    k.modifiers.contains(KeyModifiers::ALT)
}

/// What the bottom line says when Alt (Option) with a key means nothing where it was pressed.
const ALT_IGNORED: &str = "Alt (Option) with a key does nothing here: press the key alone.";

/// A key that edits a field, done; `false` when it does nothing in a field. Keys as a shell
/// line has them: ←→ (a character), Ctrl-←→ and Alt-b/f (a word), Home and End (Ctrl-A,
/// Ctrl-E), Backspace and Delete (a character), Ctrl-W and Alt-Backspace (the word before),
/// Alt-d (the word after), Ctrl-U (everything). Any other key with Alt or Ctrl types nothing.
fn edit(field: &mut Field, k: &KeyEvent, limit: usize) -> bool {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let word = ctrl || alt(k);
    match k.code {
        KeyCode::Left if word => field.word_left(),
        KeyCode::Right if word => field.word_right(),
        KeyCode::Left => field.left(),
        KeyCode::Right => field.right(),
        KeyCode::Home => field.home(),
        KeyCode::End => field.end(),
        KeyCode::Char('a') if ctrl => field.home(),
        KeyCode::Char('e') if ctrl => field.end(),
        KeyCode::Char('b') if alt(k) => field.word_left(),
        KeyCode::Char('f') if alt(k) => field.word_right(),
        KeyCode::Char('d') if alt(k) => field.delete_word_right(),
        KeyCode::Backspace if alt(k) => field.delete_word_left(),
        KeyCode::Char('w') if ctrl => field.delete_word_left(),
        KeyCode::Char('u') if ctrl => field.clear(),
        KeyCode::Backspace => field.backspace(),
        KeyCode::Delete => field.delete(),
        KeyCode::Char(c) if !word && !c.is_control() => {
            field.insert(vec![c], limit);
        }
        _ => return false,
    }
    true
}

/// The level a digit key chooses: 1–9, and 0 for a tenth level.
fn digit_level(c: char, levels: usize) -> Option<usize> {
    let d = c.to_digit(10)? as usize;
    let level = if d == 0 { 9 } else { d - 1 };
    (level < levels).then_some(level)
}

impl Screen {
    /// Finishing with questions still open asks first: `None` goes back to the list.
    fn finish_anyway(&mut self, r: &Review) -> Option<ReviewReply> {
        let open = r.counts.open();
        if open == 0 {
            return Some(ReviewReply::Finish);
        }
        let question = format!(
            "{} still open: finish anyway? A question left open does not count toward the \
             score; run the same command again and press n to answer the open ones later.",
            crate::words::count(open, "question is", "questions are"),
        );
        match self.choose(
            &[question],
            &[
                ('n', "No, back to the list".to_string()),
                ('y', "Yes, finish".to_string()),
            ],
        ) {
            Ok('y') => Some(ReviewReply::Finish),
            Ok(_) => None,
            Err(stop) => Some(ReviewReply::Stop(stop)),
        }
    }
}

impl Frontend for Screen {
    fn ask(&mut self, q: &Question) -> Reply {
        let levels = q.rubric.levels.len();
        let options = layout::options(q.rubric);
        let mut cursor = layout::initial_cursor(q);
        let mut status = String::new();
        loop {
            self.say_if_small();
            self.draw(&layout::question(
                q,
                cursor,
                self.width,
                self.height,
                &status,
            ));
            let k = match self.next(false) {
                Input::Resized | Input::Paste(_) => continue,
                Input::Key(k) => k,
            };
            status.clear();
            match k.code {
                _ if stop_key(&k).is_some() => {
                    return Reply::Stop(stop_key(&k).unwrap_or(Stop::Quit))
                }
                KeyCode::Char(c) if c.is_ascii_digit() => match digit_level(c, levels) {
                    Some(l) => return Reply::Level(l),
                    None => status = format!("There are {levels} levels: press 1 to {levels}."),
                },
                // From no highlight, either arrow starts at the first level.
                KeyCode::Up | KeyCode::Char('k') if cursor == layout::NO_CURSOR => cursor = 0,
                KeyCode::Down | KeyCode::Char('j') if cursor == layout::NO_CURSOR => cursor = 0,
                KeyCode::Up | KeyCode::Char('k') => cursor = cursor.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => cursor = (cursor + 1).min(options - 1),
                KeyCode::Home => cursor = 0,
                KeyCode::End => cursor = options - 1,
                KeyCode::Enter if cursor == layout::NO_CURSOR => {
                    status = format!(
                        "Nothing chosen yet: press {}, or move with ↑↓ and press Enter (s if \
                         you are not sure).",
                        layout::digit_keys(levels).1
                    );
                }
                KeyCode::Enter => {
                    return if cursor < levels {
                        Reply::Level(cursor)
                    } else {
                        Reply::Unsure
                    }
                }
                KeyCode::Char('s' | 'S') => return Reply::Unsure,
                KeyCode::Char('b' | 'B') | KeyCode::Backspace | KeyCode::Left => {
                    return Reply::Back
                }
                KeyCode::Char('r' | 'R') => return Reply::Review,
                KeyCode::Char('q' | 'Q') | KeyCode::Esc => return Reply::Stop(Stop::Quit),
                KeyCode::Char('?' | 'h') | KeyCode::F(1) => {
                    let help = layout::question_help(q, self.width);
                    if let Some(stop) = self.page(&help) {
                        return Reply::Stop(stop);
                    }
                }
                _ => {
                    status = format!(
                        "Press {} to choose, s if you are not sure, or ? for help.",
                        layout::digit_keys(levels).1
                    )
                }
            }
        }
    }

    fn ask_note(&mut self, q: &Question) -> NoteReply {
        let shown = |v: &str, at: usize, w: usize, h: usize| {
            // The note field replaces the keys; the bottom line stays free for a notice.
            let mut lines =
                layout::question(q, layout::initial_cursor(q), w, h.saturating_sub(1), "");
            lines.truncate(lines.len().saturating_sub(2));
            let prompt = [
                "Note (optional; Enter saves it, Esc keeps it as it was; ←→ edit): ",
                "Note (optional; Enter saves it, Esc keeps the old one):",
                "Note: Enter saves · Esc keeps the old one",
            ]
            .into_iter()
            .find(|p| unicode_width::UnicodeWidthStr::width(*p) <= w)
            .unwrap_or("Note (Enter saves):");
            lines.push(Line::new(layout::truncate(prompt, w), Tint::Bold));
            let mut field = Line::new("> ", Tint::Selected);
            field.0.extend(layout::field_spans(
                v,
                at,
                w.saturating_sub(2),
                Tint::Selected,
            ));
            lines.push(field);
            lines.push(Line::blank());
            lines
        };
        let before = q.note.unwrap_or("");
        let attribute = q.index;
        let draft = |typed: &str| {
            publish(Some(Draft::Note {
                attribute,
                text: typed.to_string(),
            }))
        };
        let typed = self.read_text(before, FieldKind::Note, &draft, &shown);
        publish(None);
        match typed {
            Typed::Enter(v) => NoteReply::Note((!v.is_empty()).then_some(v)),
            Typed::Esc => NoteReply::Keep,
            Typed::Stop(stop, v) => {
                let v = v.trim();
                let kept = (!v.is_empty() && v != before.trim()).then(|| v.to_string());
                // Kept as the note: said at the end.
                if let Some(text) = &kept {
                    publish(Some(Draft::Note {
                        attribute,
                        text: text.clone(),
                    }));
                }
                NoteReply::Stop(stop, kept)
            }
        }
    }

    fn review(&mut self, r: &Review) -> ReviewReply {
        let rows = layout::review_rows(r);
        let mut cursor = rows
            .iter()
            .position(|row| *row == Row::Attribute(r.cursor))
            .unwrap_or(0);
        let mut scroll = 0usize;
        let mut status = String::new();
        let step = |from: usize, down: bool| -> usize {
            let mut k = from;
            loop {
                k = if down {
                    if k + 1 >= rows.len() {
                        return from;
                    }
                    k + 1
                } else {
                    if k == 0 {
                        return from;
                    }
                    k - 1
                };
                if rows[k].selectable() {
                    return k;
                }
            }
        };
        loop {
            self.draw(&layout::review(
                r,
                &rows,
                cursor,
                &mut scroll,
                self.width,
                self.height,
                &status,
            ));
            let k = match self.next(false) {
                Input::Resized | Input::Paste(_) => continue,
                Input::Key(k) => k,
            };
            status.clear();
            match k.code {
                _ if stop_key(&k).is_some() => {
                    return ReviewReply::Stop(stop_key(&k).unwrap_or(Stop::Quit))
                }
                KeyCode::Up | KeyCode::Char('k') => cursor = step(cursor, false),
                KeyCode::Down | KeyCode::Char('j') => cursor = step(cursor, true),
                KeyCode::PageUp => {
                    for _ in 0..10 {
                        cursor = step(cursor, false);
                    }
                }
                KeyCode::PageDown => {
                    for _ in 0..10 {
                        cursor = step(cursor, true);
                    }
                }
                KeyCode::Enter => {
                    return match rows[cursor] {
                        Row::Attribute(i) => ReviewReply::Change(i),
                        Row::Resume(_) => ReviewReply::Resume,
                        Row::AnswerOpen => ReviewReply::AnswerOpen,
                        Row::Finish => match self.finish_anyway(r) {
                            Some(reply) => reply,
                            None => continue,
                        },
                        Row::Quit => ReviewReply::Stop(Stop::Quit),
                        Row::Section(_) | Row::Blank => continue,
                    }
                }
                KeyCode::Char('n' | 'N') => {
                    if r.counts.open() > 0 {
                        return ReviewReply::AnswerOpen;
                    }
                    status = "Every question has an answer.".to_string();
                }
                KeyCode::Char('f' | 'F') => {
                    if let Some(reply) = self.finish_anyway(r) {
                        return reply;
                    }
                }
                KeyCode::Char('c' | 'C' | 'b' | 'B') | KeyCode::Backspace | KeyCode::Left
                    if r.resume.is_some() =>
                {
                    return ReviewReply::Resume
                }
                KeyCode::Char('q' | 'Q') | KeyCode::Esc => return ReviewReply::Stop(Stop::Quit),
                _ => {
                    status =
                        "Enter changes the answer under the cursor; f finishes; q saves and quits."
                            .to_string()
                }
            }
        }
    }
}
