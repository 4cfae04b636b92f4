//! The line-by-line front-end, for pipes and scripts: prompts on standard error, one answer per
//! line on standard input (`1`–`4`, a level id or name, `s`/`skip`, `b`/`back`, `q`/`quit`).

use super::flow::{Frontend, Question, Reply};
use crate::assessment::{Answer, UNSURE_WORDS};
use crate::style::{wrap, Style};
use std::io::{BufRead, Write};

/// The text of one question's screen: progress, attribute, question, the levels lowest first with
/// their full descriptions, and the attribute's note.
pub fn screen(q: &Question, style: &Style) -> String {
    let r = q.rubric;
    let a = &r.attributes[q.index];
    let width = style.width;
    let mut out = String::new();
    out.push_str(&style.dim(&format!(
        "{} of {} · {}\n",
        q.index + 1,
        r.attributes.len(),
        r.sections[a.section].name
    )));
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
    let indent = " ".repeat(name_w + 6);
    for (i, l) in r.levels.iter().enumerate() {
        let marker = if q.current == Answer::Level(i) {
            "▶"
        } else {
            " "
        };
        let head = format!("{marker} {} {:<name_w$}  ", i + 1, l.name);
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
        out.push_str(&style.dim(&format!("Your note: {note}\n")));
    }
    out
}

/// Read one reply from a line. `None` when the line means nothing.
pub fn parse_reply(line: &str, q: &Question) -> Option<Reply> {
    let t = line.trim();
    let lower = t.to_lowercase();
    match lower.as_str() {
        "" => return q.current.level().map(Reply::Level),
        "b" | "back" => return Some(Reply::Back),
        "q" | "quit" | "exit" => return Some(Reply::Quit),
        "s" | "?" => return Some(Reply::Unsure),
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
    input: R,
    output: W,
    style: Style,
}

impl<R: BufRead, W: Write> Plain<R, W> {
    pub fn new(input: R, output: W, style: Style) -> Self {
        Plain {
            input,
            output,
            style,
        }
    }

    /// One line of input, without its line ending; `None` at the end of input.
    fn read_line(&mut self) -> Option<String> {
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line.trim_end_matches(['\n', '\r']).to_string()),
        }
    }
}

impl<R: BufRead, W: Write> Frontend for Plain<R, W> {
    fn ask(&mut self, q: &Question) -> Reply {
        let n = q.rubric.levels.len();
        let _ = write!(self.output, "\n{}", screen(q, &self.style));
        loop {
            let keep = match q.current {
                Answer::Level(l) => format!(", Enter keeps {}", q.rubric.levels[l].name),
                _ => String::new(),
            };
            let _ = write!(
                self.output,
                "Answer [1-{n}, s not sure, b back, q save and quit{keep}]: "
            );
            let _ = self.output.flush();
            let Some(line) = self.read_line() else {
                let _ = writeln!(self.output);
                return Reply::EndOfInput;
            };
            match parse_reply(&line, q) {
                Some(reply) => return reply,
                None => {
                    let _ = writeln!(
                        self.output,
                        "Not understood: `{}`. Type a number from 1 to {n}, a level name, s, b or q.",
                        line.trim()
                    );
                }
            }
        }
    }

    fn ask_resume(&mut self, reached: usize, total: usize) -> Option<bool> {
        loop {
            let _ = write!(
                self.output,
                "{reached} of {total} questions answered so far. Resume (r, the default) or start over (o)? "
            );
            let _ = self.output.flush();
            let line = self.read_line()?;
            match line.trim().to_lowercase().as_str() {
                "" | "r" | "resume" | "y" | "yes" => return Some(true),
                "o" | "over" | "start over" | "n" | "no" => return Some(false),
                _ => {
                    let _ = writeln!(self.output, "Type r to resume or o to start over.");
                }
            }
        }
    }

    fn ask_note(&mut self, q: &Question) -> Result<Option<String>, Reply> {
        match q.note {
            Some(n) => write!(self.output, "Note (Enter keeps \"{n}\", - removes it): "),
            None => write!(self.output, "Note (optional, Enter to skip): "),
        }
        .ok();
        let _ = self.output.flush();
        match self.read_line() {
            None => Err(Reply::EndOfInput),
            Some(l) if l.trim() == "-" => Ok(None),
            Some(l) if l.trim().is_empty() => Ok(q.note.map(str::to_string)),
            Some(l) => Ok(Some(l.trim().to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::Rubric;

    fn q(r: &Rubric, current: Answer) -> Question<'_> {
        Question {
            rubric: r,
            index: 0,
            current,
            note: None,
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
        assert_eq!(parse_reply("quit", &q), Some(Reply::Quit));
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
    }
}
