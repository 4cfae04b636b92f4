//! The terminal front-end: one full screen per question on the terminal's alternate screen (so
//! the questionnaire never scrolls the person's terminal, and the summary printed after it stays),
//! one key per answer, the review list, the intro, and help. Screens come from `layout`; this
//! module reads keys (crossterm), paints lines, and redraws when the terminal is resized.
//!
//! Raw mode and the alternate screen are left on every way out: normal return and panics (the
//! `Drop` of [`Screen`]), and signals (`restore`, called by the signal handler in `session`).

use super::flow::{Frontend, NoteReply, Question, Reply, Review, ReviewReply, Stop};
use super::layout::{self, Line, Row, Tint};
use crate::style::{Style, Tone};
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, queue, terminal};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the terminal is in raw mode on the alternate screen (for the signal handler).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Give the terminal back as it was: cooked mode, main screen, cursor shown. Safe to call from
/// any thread and more than once.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut err = std::io::stderr();
        let _ = execute!(err, cursor::Show, terminal::LeaveAlternateScreen);
        let _ = terminal::disable_raw_mode();
    }
}

/// A key, as the questionnaire understands it.
enum Input {
    Key(KeyEvent),
    Resized,
}

/// The terminal while the questionnaire runs.
pub struct Screen {
    style: Style,
    width: usize,
    height: usize,
    /// "The terminal is small" was said (once a session).
    small_said: bool,
}

/// Below this size a question screen leaves out descriptions and notes (`?` shows them).
const SMALL: (usize, usize) = (60, 20);

impl Screen {
    /// Take the terminal: raw mode, alternate screen, cursor hidden.
    pub fn start(style: Style) -> std::io::Result<Screen> {
        terminal::enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut err = std::io::stderr();
        execute!(err, terminal::EnterAlternateScreen, cursor::Hide)?;
        let (w, h) = terminal::size().unwrap_or((80, 24));
        Ok(Screen {
            style,
            width: w.max(1) as usize,
            height: h.max(1) as usize,
            small_said: false,
        })
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
        let mut err = std::io::stderr().lock();
        let _ = queue!(err, terminal::BeginSynchronizedUpdate, cursor::MoveTo(0, 0));
        for (k, line) in lines.iter().take(self.height).enumerate() {
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

    /// The next key press (or a resize, after which the caller redraws).
    fn next(&mut self) -> Input {
        loop {
            match event::read() {
                Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => return Input::Key(k),
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
            match self.next() {
                Input::Resized => {}
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
    /// given the text and the cursor's place in it, in characters). `Ok(text)` on Enter,
    /// `Err(None)` on Esc, `Err(Some(stop))` on Ctrl-C. Edits as a shell line does: ←→, Home and
    /// End (Ctrl-A, Ctrl-E) move, Backspace and Delete remove a character, Ctrl-W the word
    /// before the cursor, Ctrl-U everything; the field shows the part around the cursor.
    fn read_text(
        &mut self,
        initial: &str,
        show: &dyn Fn(&str, usize, usize, usize) -> Vec<Line>,
    ) -> Result<String, Option<Stop>> {
        let mut text: Vec<char> = initial.chars().collect();
        let mut at = text.len();
        loop {
            let value: String = text.iter().collect();
            let lines = show(&value, at, self.width, self.height);
            self.draw(&lines);
            let ctrl = |k: &crossterm::event::KeyEvent| k.modifiers.contains(KeyModifiers::CONTROL);
            match self.next() {
                Input::Resized => {}
                Input::Key(k) => match k.code {
                    _ if stop_key(&k).is_some() => return Err(stop_key(&k)),
                    KeyCode::Enter => return Ok(value.trim().to_string()),
                    KeyCode::Esc => return Err(None),
                    KeyCode::Left => at = at.saturating_sub(1),
                    KeyCode::Right => at = (at + 1).min(text.len()),
                    KeyCode::Home => at = 0,
                    KeyCode::End => at = text.len(),
                    KeyCode::Char('a') if ctrl(&k) => at = 0,
                    KeyCode::Char('e') if ctrl(&k) => at = text.len(),
                    KeyCode::Backspace if at > 0 => {
                        at -= 1;
                        text.remove(at);
                    }
                    KeyCode::Delete if at < text.len() => {
                        text.remove(at);
                    }
                    KeyCode::Char('w') if ctrl(&k) => {
                        // The word before the cursor, and the blanks after it.
                        let mut from = at;
                        while from > 0 && text[from - 1].is_whitespace() {
                            from -= 1;
                        }
                        while from > 0 && !text[from - 1].is_whitespace() {
                            from -= 1;
                        }
                        text.drain(from..at);
                        at = from;
                    }
                    KeyCode::Char('u') if ctrl(&k) => {
                        text.clear();
                        at = 0;
                    }
                    KeyCode::Char(c)
                        if !ctrl(&k)
                            && text.len() < crate::assessment::MAX_NOTE_CHARS
                            && !c.is_control() =>
                    {
                        text.insert(at, c);
                        at += 1;
                    }
                    _ => {}
                },
            }
        }
    }

    /// The intro: what this is, where answers go, the keys; asks for each of `fields` (label,
    /// value) whose value is empty. Returns the values, or how the person stopped.
    pub fn intro(
        &mut self,
        intro: &layout::Intro,
        fields: &mut [(String, Option<String>)],
    ) -> Result<(), Stop> {
        let mut done: Vec<(String, String)> = Vec::new();
        for (label, value) in fields.iter_mut() {
            if let Some(v) = value {
                done.push((label.clone(), v.clone()));
                continue;
            }
            let label_now = label.clone();
            let asked = done.clone();
            let typed = self.read_text("", &|v, at, w, h| {
                layout::intro(intro, &asked, Some((&label_now, v, at)), w, h)
            });
            match typed {
                Ok(v) => {
                    done.push((label.clone(), v.clone()));
                    *value = (!v.is_empty()).then_some(v);
                }
                Err(None) => done.push((label.clone(), String::new())),
                Err(Some(stop)) => return Err(stop),
            }
        }
        loop {
            self.draw(&layout::intro(intro, &done, None, self.width, self.height));
            match self.next() {
                Input::Resized => {}
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
            match self.next() {
                Input::Resized => {}
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
            "{} still open: finish anyway? Open questions count toward no score; you can \
             answer them later by running the same command again.",
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
        if !self.small_said && (self.width < SMALL.0 || self.height < SMALL.1) {
            self.small_said = true;
            status = "Small terminal: ? shows everything.".to_string();
        }
        loop {
            self.draw(&layout::question(
                q,
                cursor,
                self.width,
                self.height,
                &status,
            ));
            let k = match self.next() {
                Input::Resized => continue,
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
                        "Nothing chosen yet: press 1 to {}, or move with ↑↓ and press Enter \
                         (s if you are not sure).",
                        levels.min(9)
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
                        "Press 1 to {} to choose, s if you are not sure, or ? for help.",
                        levels.min(9)
                    )
                }
            }
        }
    }

    fn ask_note(&mut self, q: &Question) -> NoteReply {
        let shown = |v: &str, at: usize, w: usize, h: usize| {
            let mut lines = layout::question(q, layout::initial_cursor(q), w, h, "");
            // The note field replaces the keys and status lines.
            lines.truncate(lines.len().saturating_sub(2));
            let prompt = "Note (optional; Enter saves it, Esc keeps it as it was; ←→ edit): ";
            lines.push(Line::new(layout::truncate(prompt, w), Tint::Bold));
            let mut field = Line::new("> ", Tint::Selected);
            field.0.extend(layout::field_spans(
                v,
                at,
                w.saturating_sub(2),
                Tint::Selected,
            ));
            lines.push(field);
            lines
        };
        match self.read_text(q.note.unwrap_or(""), &shown) {
            Ok(v) => NoteReply::Note((!v.is_empty()).then_some(v)),
            Err(None) => NoteReply::Keep,
            Err(Some(stop)) => NoteReply::Stop(stop),
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
            let k = match self.next() {
                Input::Resized => continue,
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
