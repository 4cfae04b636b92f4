//! The terminal front-end: one screen per question, arrow keys and Enter (inquire), typing a
//! number filters the choices to that level. Ctrl-C and Esc interrupt (answers are already saved);
//! inquire restores the terminal (cursor, raw mode) before returning.

use super::flow::{Frontend, Question, Reply};
use super::plain::screen;
use crate::assessment::Answer;
use crate::style::Style;
use inquire::error::InquireError;
use std::fmt;
use std::io::Write;

/// One line of the choice list.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Choice {
    Level(usize, String),
    Unsure,
    Back,
    Quit,
}

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Choice::Level(i, name) => write!(f, "{} {name}", i + 1),
            Choice::Unsure => f.write_str("Not sure (leave unanswered)"),
            Choice::Back => f.write_str("← Back to the previous question"),
            Choice::Quit => f.write_str("Save and quit"),
        }
    }
}

pub struct Tty {
    style: Style,
}

impl Tty {
    pub fn new(style: Style) -> Tty {
        Tty { style }
    }

    /// Clear the screen and show `text` (on standard error, where the prompts are).
    fn show(&self, text: &str) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "\x1b[2J\x1b[H{text}");
        let _ = err.flush();
    }
}

fn interrupted(e: &InquireError) -> Reply {
    match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => Reply::Interrupted,
        _ => Reply::EndOfInput,
    }
}

impl Frontend for Tty {
    fn ask(&mut self, q: &Question) -> Reply {
        self.show(&screen(q, &self.style));
        let r = q.rubric;
        let mut options: Vec<Choice> = r
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| Choice::Level(i, l.name.clone()))
            .collect();
        options.extend([Choice::Unsure, Choice::Back, Choice::Quit]);
        let cursor = match q.current {
            Answer::Level(l) => l,
            Answer::Unsure => r.levels.len(),
            Answer::Missing => 0,
        };
        let page = options.len();
        let help = format!(
            "↑↓ move · Enter choose · type 1-{} to jump · Esc saves and stops",
            r.levels.len()
        );
        let result = inquire::Select::new("Your level:", options)
            .with_starting_cursor(cursor)
            .with_page_size(page)
            .with_help_message(&help)
            .prompt();
        match result {
            Ok(Choice::Level(i, _)) => Reply::Level(i),
            Ok(Choice::Unsure) => Reply::Unsure,
            Ok(Choice::Back) => Reply::Back,
            Ok(Choice::Quit) => Reply::Quit,
            Err(e) => interrupted(&e),
        }
    }

    fn ask_resume(&mut self, reached: usize, total: usize) -> Option<bool> {
        let options = vec!["Resume where I stopped", "Start over"];
        let message = format!("{reached} of {total} questions answered so far.");
        match inquire::Select::new(&message, options).prompt() {
            Ok(choice) => Some(choice == "Resume where I stopped"),
            Err(_) => None,
        }
    }

    fn ask_note(&mut self, q: &Question) -> Result<Option<String>, Reply> {
        let mut prompt = inquire::Text::new("Note (optional, Enter to skip):");
        if let Some(n) = q.note {
            prompt = prompt.with_initial_value(n);
        }
        match prompt.prompt() {
            Ok(s) if s.trim().is_empty() => Ok(None),
            Ok(s) => Ok(Some(s.trim().to_string())),
            Err(e) => Err(interrupted(&e)),
        }
    }
}
