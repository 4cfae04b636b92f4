//! The line-by-line front-end, for pipes, scripts and terminals without cursor control
//! (`TERM=dumb`): screens as plain text on standard error, one answer per line on standard input.
//! The keys are the questionnaire's keys, typed as a line: `1`–`4` (or a level's id or name), `s`
//! not sure, `b` back, `r` review, `q` save and quit, `?` help; an empty line keeps the answer
//! given before.
//!
//! Input is read defensively: a line is at most `MAX_LINE` bytes (a longer one is refused, never
//! buffered), a line that is not UTF-8 is refused and asked again, and `MAX_BAD_LINES` lines in a
//! row that mean nothing stop the questionnaire (every answer given is already saved).

use super::flow::{Frontend, NoteReply, Pass, Question, Reply, Review, ReviewReply, Stop};
use crate::assessment::{Answer, UNSURE_WORDS};
use crate::diagnostic::excerpt;
use crate::style::{wrap, Style};
use std::io::{BufRead, Write};

/// Longest line read: 4 KiB.
pub const MAX_LINE: usize = 4096;
/// Lines in a row that mean nothing before the questionnaire stops.
pub const MAX_BAD_LINES: usize = 20;
/// A "line" with no end (`/dev/zero`) is given up on after this many bytes (16 MiB), counting as
/// one line that meant nothing; so a stream of them ends the questionnaire instead of running on.
const GIVE_UP: usize = 16 * 1024 * 1024;

/// One line of input, as read.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    Text(String),
    /// Longer than `MAX_LINE`: its first characters, the rest was skipped.
    TooLong(String),
    NotUtf8,
    End,
    /// Standard input cannot be read (a folder, a closed descriptor).
    Failed(String),
}

/// Reads lines of at most `MAX_LINE` bytes, skipping (not storing) the rest of a longer one.
pub struct LineReader<R: BufRead> {
    input: R,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(input: R) -> Self {
        LineReader { input }
    }

    pub fn next_line(&mut self) -> Line {
        let mut bytes: Vec<u8> = Vec::new();
        let mut too_long = false;
        let mut any = false;
        let mut seen = 0usize;
        loop {
            if seen > GIVE_UP {
                break;
            }
            let buf = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Line::Failed(e.to_string()),
            };
            if buf.is_empty() {
                if !any {
                    return Line::End;
                }
                break;
            }
            any = true;
            let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            let room = MAX_LINE.saturating_sub(bytes.len());
            if chunk.len() > room {
                too_long = true;
            }
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            let used = done.unwrap_or(buf.len());
            seen += used;
            self.input.consume(used);
            if done.is_some() {
                break;
            }
        }
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        if too_long {
            let head = String::from_utf8_lossy(&bytes);
            return Line::TooLong(excerpt(&head));
        }
        match String::from_utf8(bytes) {
            Ok(s) => Line::Text(s),
            Err(_) => Line::NotUtf8,
        }
    }
}

/// The text of one question's screen: progress, attribute, question, the levels lowest first
/// with their full descriptions, and the attribute's note.
pub fn screen(q: &Question, style: &Style) -> String {
    let r = q.rubric;
    let a = &r.attributes[q.index];
    let width = style.width;
    let mut out = String::new();
    let mut progress = format!(
        "{} of {} · {}",
        q.index + 1,
        r.attributes.len(),
        r.sections[a.section].name
    );
    match q.pass {
        Pass::All => {}
        Pass::Open { k, n } => progress.push_str(&format!(" · open question {k} of {n}")),
        Pass::Change => progress.push_str(" · changing an answer"),
    }
    out.push_str(&style.dim(&format!("{progress}\n")));
    out.push_str(&style.bold(&a.name));
    out.push('\n');
    out.push_str(&wrap(
        a.question.as_deref().unwrap_or(&a.name),
        width,
        "",
        "",
    ));
    out.push_str("\n\n");
    let name_w = r
        .levels
        .iter()
        .map(|l| l.name.chars().count())
        .max()
        .unwrap_or(0);
    // Numbers right-aligned, so a tenth level lines up with the first nine.
    let num_w = r.levels.len().to_string().len();
    let indent = " ".repeat(name_w + 5 + num_w);
    for (i, l) in r.levels.iter().enumerate() {
        let marker = if q.current == Answer::Level(i) {
            "▶"
        } else {
            " "
        };
        let head = format!("{marker} {:>num_w$} {:<name_w$}  ", i + 1, l.name);
        let body = wrap(&a.descriptions[i], width, &head, &indent);
        // Colour only the level name, after wrapping (so widths are right).
        let body = body.replacen(&l.name, &style.level(i, r.levels.len(), &l.name), 1);
        out.push_str(&body);
        out.push('\n');
    }
    if let Some(note) = &a.note {
        out.push('\n');
        out.push_str(&style.dim(&wrap(&format!("Note: {note}"), width, "", "  ")));
        out.push('\n');
    }
    if let Some(note) = q.note {
        out.push_str(&style.dim(&format!("Your note: {}\n", crate::escape::terminal(note))));
    }
    out
}

/// Read one reply from a line. `None` when the line means nothing.
pub fn parse_reply(line: &str, q: &Question) -> Option<Reply> {
    let t = line.trim();
    let lower = t.to_lowercase();
    match lower.as_str() {
        "" => {
            return match q.current {
                Answer::Level(l) => Some(Reply::Level(l)),
                Answer::Unsure => Some(Reply::Unsure),
                Answer::Missing => None,
            }
        }
        "b" | "back" => return Some(Reply::Back),
        "q" | "quit" | "exit" => return Some(Reply::Stop(Stop::Quit)),
        "r" | "review" => return Some(Reply::Review),
        "s" => return Some(Reply::Unsure),
        _ => {}
    }
    if UNSURE_WORDS.iter().any(|w| *w == lower) {
        return Some(Reply::Unsure);
    }
    if let Ok(n) = lower.parse::<usize>() {
        return (1..=q.rubric.levels.len())
            .contains(&n)
            .then(|| Reply::Level(n - 1));
    }
    q.rubric.level_index(t).map(Reply::Level)
}

pub struct Plain<R: BufRead, W: Write> {
    input: LineReader<R>,
    output: W,
    style: Style,
    /// Lines in a row that meant nothing.
    bad: usize,
    /// Hints and prompts wrapped at words to the style's width (a person's terminal; a pipe
    /// gets whole lines).
    wrap: bool,
}

/// What a line read for a prompt came to.
enum Read {
    Text(String),
    Stop(Stop),
}

impl<R: BufRead, W: Write> Plain<R, W> {
    pub fn new(input: R, output: W, style: Style) -> Self {
        Plain {
            input: LineReader::new(input),
            output,
            style,
            bad: 0,
            wrap: false,
        }
    }

    /// Wrap hints and prompts at words (for a person's terminal).
    pub fn wrapping(mut self, wrap: bool) -> Self {
        self.wrap = wrap;
        self
    }

    /// `text` as it is written: wrapped at words when asked to, never breaking a word.
    fn laid_out(&self, text: &str) -> String {
        if !self.wrap {
            return text.to_string();
        }
        let opts = textwrap::Options::new(self.style.width)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .break_words(false);
        // A prompt keeps its trailing blank, where the cursor waits.
        let end = &text[text.trim_end_matches(' ').len()..];
        let mut out = textwrap::wrap(text.trim_end_matches(' '), opts).join("\n");
        out.push_str(end);
        out
    }

    fn say(&mut self, text: &str) {
        let text = self.laid_out(text);
        let _ = writeln!(self.output, "{text}");
    }

    /// A line of text; lines that cannot be text are refused here (with a hint) and count as
    /// meaning nothing. End of input and a failed read stop.
    fn read(&mut self, prompt: &str) -> Read {
        let prompt = self.laid_out(prompt);
        loop {
            let _ = write!(self.output, "{prompt}");
            let _ = self.output.flush();
            match self.input.next_line() {
                Line::Text(t) => return Read::Text(t),
                Line::End => {
                    let _ = writeln!(self.output);
                    return Read::Stop(Stop::EndOfInput);
                }
                Line::Failed(e) => {
                    self.say(&format!("\nCannot read standard input: {e}."));
                    return Read::Stop(Stop::EndOfInput);
                }
                Line::TooLong(head) => {
                    let hint = format!(
                        "That line is longer than {} KiB and was not read (it began `{head}`).",
                        MAX_LINE / 1024
                    );
                    if let Some(stop) = self.not_understood(&hint) {
                        return Read::Stop(stop);
                    }
                }
                Line::NotUtf8 => {
                    if let Some(stop) = self.not_understood(
                        "That line is not UTF-8 text and was not read; type it again.",
                    ) {
                        return Read::Stop(stop);
                    }
                }
            }
        }
    }

    /// Say why a line was not used; past `MAX_BAD_LINES` in a row, stop.
    fn not_understood(&mut self, hint: &str) -> Option<Stop> {
        self.bad += 1;
        self.say(hint);
        if self.bad >= MAX_BAD_LINES {
            self.say(&format!(
                "Stopping: {MAX_BAD_LINES} lines in a row were not answers."
            ));
            return Some(Stop::TooManyBadLines);
        }
        None
    }

    fn understood(&mut self) {
        self.bad = 0;
    }

    fn help(&mut self, q: &Question) {
        let r = q.rubric;
        let a = &r.attributes[q.index];
        let mut out = format!("\n{}\n", self.style.bold(&format!("Help: {}", a.name)));
        if !a.tips.is_empty() {
            out.push_str("What helps to get to the next level:\n");
            for t in &a.tips {
                out.push_str(&wrap(&r.tip_line(t), self.style.width, "- ", "  "));
                out.push('\n');
            }
        }
        out.push_str(&format!(
            "Type 1-{} (or a level's name) to choose, s if you are not sure, b to go back, r to \
             review every answer, q to save and quit. An empty line keeps the answer given before.\n",
            r.levels.len()
        ));
        let _ = write!(self.output, "{out}");
    }
}

impl<R: BufRead, W: Write> Frontend for Plain<R, W> {
    fn ask(&mut self, q: &Question) -> Reply {
        let n = q.rubric.levels.len();
        let _ = write!(self.output, "\n{}", screen(q, &self.style));
        loop {
            let keep = match q.current {
                Answer::Level(l) => format!("; Enter keeps {}", q.rubric.levels[l].name),
                Answer::Unsure => "; Enter keeps not sure".to_string(),
                Answer::Missing => String::new(),
            };
            let prompt = format!(
                "Answer [1-{n}, s not sure, b back, r review, q save and quit, ? help{keep}]: "
            );
            let line = match self.read(&prompt) {
                Read::Text(t) => t,
                Read::Stop(s) => return Reply::Stop(s),
            };
            if matches!(line.trim(), "?" | "h" | "help") {
                self.understood();
                self.help(q);
                continue;
            }
            match parse_reply(&line, q) {
                Some(reply) => {
                    self.understood();
                    return reply;
                }
                None => {
                    let shown = excerpt(line.trim());
                    let hint = if shown.is_empty() {
                        format!(
                            "An empty line keeps the answer given before, and this question has \
                             none yet: type a number from 1 to {n}, a level name, s, b, r, q or ?."
                        )
                    } else {
                        format!(
                            "Not understood: `{shown}`. Type a number from 1 to {n}, a level name, s, b, r, q or ?."
                        )
                    };
                    if let Some(stop) = self.not_understood(&hint) {
                        return Reply::Stop(stop);
                    }
                }
            }
        }
    }

    fn ask_note(&mut self, q: &Question) -> NoteReply {
        let prompt = match q.note {
            Some(n) => format!(
                "Note (Enter keeps \"{}\", - removes it): ",
                crate::escape::terminal(n)
            ),
            None => "Note (optional, Enter to skip): ".to_string(),
        };
        match self.read(&prompt) {
            Read::Stop(s) => NoteReply::Stop(s, None),
            Read::Text(l) => {
                self.understood();
                let t = l.trim();
                if t == "-" {
                    NoteReply::Note(None)
                } else if t.is_empty() {
                    NoteReply::Keep
                } else {
                    NoteReply::Note(Some(
                        t.chars().take(crate::assessment::MAX_NOTE_CHARS).collect(),
                    ))
                }
            }
        }
    }

    fn review(&mut self, r: &Review) -> ReviewReply {
        let rubric = r.rubric;
        let mut out = format!(
            "\n{}\n{}\n",
            self.style.bold("Review your answers"),
            r.counts.sentence()
        );
        for (si, s) in rubric.sections.iter().enumerate() {
            out.push_str(&format!("{}\n", self.style.bold(&rubric.sections[si].name)));
            for i in s.attributes.clone() {
                let answer = match r.answers[i] {
                    Answer::Level(l) => rubric.levels[l].name.clone(),
                    Answer::Unsure => "not sure".to_string(),
                    Answer::Missing => "not answered".to_string(),
                };
                let note = if r.notes[i].is_some() {
                    " (with a note)"
                } else {
                    ""
                };
                out.push_str(&format!(
                    "  {:>2}. {}: {answer}{note}\n",
                    i + 1,
                    rubric.attributes[i].name
                ));
            }
        }
        let _ = write!(self.output, "{out}");
        let open = if r.counts.open() > 0 {
            ", n to answer the not-sure and unanswered ones"
        } else {
            ""
        };
        let resume = match r.resume {
            Some(i) => format!(", c to carry on at question {}", i + 1),
            None => String::new(),
        };
        let prompt = format!(
            "Type a number to change that answer{resume}{open}, f to finish, q to save and quit [f]: "
        );
        loop {
            let line = match self.read(&prompt) {
                Read::Text(t) => t,
                // The end of the input on the review list finishes once every question has been
                // reached; before that it is an unfinished questionnaire, as on a question.
                Read::Stop(Stop::EndOfInput) if r.counts.not_reached == 0 => {
                    return ReviewReply::Finish
                }
                Read::Stop(s) => return ReviewReply::Stop(s),
            };
            let t = line.trim().to_lowercase();
            let reply = match t.as_str() {
                "" | "f" | "finish" => Some(ReviewReply::Finish),
                "n" if r.counts.open() > 0 => Some(ReviewReply::AnswerOpen),
                "c" | "b" if r.resume.is_some() => Some(ReviewReply::Resume),
                "q" | "quit" | "exit" => Some(ReviewReply::Stop(Stop::Quit)),
                _ => match t.parse::<usize>() {
                    Ok(k) if (1..=r.answers.len()).contains(&k) => Some(ReviewReply::Change(k - 1)),
                    _ => rubric.attribute_index(&t).map(ReviewReply::Change),
                },
            };
            match reply {
                Some(reply) => {
                    self.understood();
                    return reply;
                }
                None => {
                    let shown = excerpt(line.trim());
                    let hint = format!(
                        "Not understood: `{shown}`. Type a number from 1 to {}, f or q.",
                        r.answers.len()
                    );
                    if let Some(stop) = self.not_understood(&hint) {
                        return ReviewReply::Stop(stop);
                    }
                }
            }
        }
    }
}

impl<R: BufRead, W: Write> Plain<R, W> {
    /// The answers file exists: resume (`r`), answer the `open` questions (`n`, when there are
    /// any) or start over (`o`)? Asked on a terminal without cursor control; scripts say it with
    /// --resume or --start-over.
    pub fn ask_resume(&mut self, sentence: &str, open: usize) -> Result<char, Stop> {
        let n = if open > 0 {
            ", answer the open ones (n)"
        } else {
            ""
        };
        loop {
            let prompt = format!("{sentence}. Resume (r, the default){n} or start over (o)? ");
            let line = match self.read(&prompt) {
                Read::Text(t) => t,
                Read::Stop(s) => return Err(s),
            };
            match line.trim().to_lowercase().as_str() {
                "" | "r" | "resume" => return Ok('r'),
                "n" if open > 0 => return Ok('n'),
                "o" | "over" | "start over" => return Ok('o'),
                "q" | "quit" => return Err(Stop::Quit),
                _ => {
                    let hint = if open > 0 {
                        "Type r to resume, n to answer the open ones or o to start over."
                    } else {
                        "Type r to resume or o to start over."
                    };
                    if let Some(stop) = self.not_understood(hint) {
                        return Err(stop);
                    }
                }
            }
        }
    }

    /// A yes/no question; no is the default.
    pub fn confirm(&mut self, question: &str) -> Result<bool, Stop> {
        match self.read(&format!("{question} (y/N) ")) {
            Read::Text(t) => Ok(matches!(t.trim().to_lowercase().as_str(), "y" | "yes")),
            Read::Stop(s) => Err(s),
        }
    }

    /// A line of free text for the intro; `None` when skipped.
    pub fn ask_text(&mut self, label: &str) -> Result<Option<String>, Stop> {
        match self.read(&format!("{label} (Enter skips): ")) {
            Read::Text(t) => {
                let t = t.trim();
                Ok((!t.is_empty())
                    .then(|| t.chars().take(crate::assessment::MAX_LABEL_CHARS).collect()))
            }
            Read::Stop(s) => Err(s),
        }
    }

    pub fn print(&mut self, text: &str) {
        let text = self.laid_out(text);
        let _ = write!(self.output, "{text}");
        let _ = self.output.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::Assessment;
    use crate::questionnaire::flow::Counts;
    use crate::rubric::Rubric;

    fn q(r: &Rubric, current: Answer) -> Question<'_> {
        Question {
            rubric: r,
            index: 0,
            current,
            note: None,
            pass: Pass::All,
            counts: Counts::of(&Assessment::empty(r)),
        }
    }

    #[test]
    fn numbers_level_names_and_commands_are_understood() {
        let r = Rubric::builtin();
        let q = q(&r, Answer::Missing);
        assert_eq!(parse_reply("3", &q), Some(Reply::Level(2)));
        assert_eq!(parse_reply(" Fully Optimized ", &q), Some(Reply::Level(3)));
        assert_eq!(parse_reply("emerging", &q), Some(Reply::Level(1)));
        assert_eq!(parse_reply("s", &q), Some(Reply::Unsure));
        assert_eq!(parse_reply("skip", &q), Some(Reply::Unsure));
        assert_eq!(parse_reply("B", &q), Some(Reply::Back));
        assert_eq!(parse_reply("r", &q), Some(Reply::Review));
        assert_eq!(parse_reply("quit", &q), Some(Reply::Stop(Stop::Quit)));
    }

    #[test]
    fn nonsense_out_of_range_and_empty_lines_are_not_answers() {
        let r = Rubric::builtin();
        let q = q(&r, Answer::Missing);
        assert_eq!(parse_reply("5", &q), None);
        assert_eq!(parse_reply("0", &q), None);
        assert_eq!(parse_reply("maybe", &q), None);
        assert_eq!(parse_reply("", &q), None);
    }

    #[test]
    fn an_empty_line_keeps_the_previous_answer() {
        let r = Rubric::builtin();
        assert_eq!(
            parse_reply("", &q(&r, Answer::Level(2))),
            Some(Reply::Level(2))
        );
        assert_eq!(parse_reply("", &q(&r, Answer::Unsure)), Some(Reply::Unsure));
    }

    #[test]
    fn lines_are_read_up_to_the_limit_and_the_rest_is_skipped_not_stored() {
        let long = "x".repeat(10 * 1024 * 1024);
        let input = format!("3\n{long}\n\u{e9}t\u{e9}\n");
        let mut bytes = input.into_bytes();
        bytes.extend_from_slice(b"\xff\xfe\n4");
        let mut r = LineReader::new(std::io::Cursor::new(bytes));
        assert_eq!(r.next_line(), Line::Text("3".into()));
        assert_eq!(r.next_line(), Line::TooLong(format!("{}…", "x".repeat(79))));
        assert_eq!(r.next_line(), Line::Text("été".into()));
        assert_eq!(r.next_line(), Line::NotUtf8);
        assert_eq!(r.next_line(), Line::Text("4".into()));
        assert_eq!(r.next_line(), Line::End);
    }
}
