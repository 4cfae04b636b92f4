//! Output every command uses: standard output that a closed pipe does not break, errors,
//! warnings and notes on standard error, coloured by the run's console. Below the commands and the
//! questionnaire (which call it), above nothing but the console and diagnostics.

use crate::diagnostic::{Diagnostic, Kind};
use crate::error::Result;
use crate::style::Console;
use std::io::Write;

/// Print a diagnostic: `error: FILE:LINE: …` or `warning: …`.
pub fn report(d: &Diagnostic) {
    match d.kind {
        Kind::Error => error(&d.to_string()),
        Kind::Warning => warn(&d.to_string()),
        Kind::Note => note(&d.to_string()),
    }
}

/// Write one line to standard error. `eprintln!` panics when standard error is a closed pipe
/// (`persona-maturity score … 2>&1 | head -1`); here a failed write is dropped, as `emit` does for
/// standard output, and the exit code still says what happened.
pub fn to_stderr(line: &str) {
    let line = crate::escape::log_lines(line);
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// One line on standard error: a label in the console's style, then text that may come from an
/// input, shown safely; on a terminal wrapped at words to its width (see [`at_words`]).
fn labelled(label: String, message: &str) {
    let text = format!("{label} {}", crate::escape::terminal(message));
    let width = std::io::IsTerminal::is_terminal(&std::io::stderr())
        .then(crate::style::terminal_width)
        .flatten();
    to_stderr(&at_words(&text, width));
}

/// `text` with every line wrapped at words to `width` (`None`: as it is, for a pipe or a log,
/// which read whole lines), a line's indent kept on the lines it wraps onto; a word is never
/// broken, so a terminal never cuts one in two ("it was not o / verwritten").
pub fn at_words(text: &str, width: Option<usize>) -> String {
    let Some(width) = width.filter(|&w| w >= 20) else {
        return text.to_string();
    };
    text.split('\n')
        .map(|line| {
            let indent = &line[..line.len() - line.trim_start().len()];
            let opts = textwrap::Options::new(width)
                .subsequent_indent(indent)
                .word_splitter(textwrap::WordSplitter::NoHyphenation)
                .break_words(false);
            textwrap::wrap(line, opts).join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Print an error to standard error.
pub fn error(message: &str) {
    let style = Console::get().stderr;
    labelled(style.red(&style.bold("error:")), message);
}

/// Print a warning to standard error.
pub fn warn(message: &str) {
    let style = Console::get().stderr;
    labelled(style.yellow(&style.bold("warning:")), message);
}

/// Print a note to standard error: something the user may want to know, not a problem.
pub fn note(message: &str) {
    labelled(Console::get().stderr.dim("note:"), message);
}

/// Write to standard output as `write` makes it (a long report is never held whole); a reader
/// that went away (`| head`) is not an error.
pub fn emit_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match write(&mut out).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(crate::error::Error::stdout(e)),
    }
}

/// Write to standard output; a reader that went away (`| head`) is not an error. No line starts
/// with `::` ([`escape::log_lines`](crate::escape::log_lines)): a CI runner would read it as a
/// command.
pub fn emit(text: &str) -> Result<()> {
    emit_commands(&crate::escape::log_lines(text))
}

/// [`emit`] for the GitHub annotations format, whose lines are commands to the runner on purpose
/// (the input text in them is escaped by the format's own rules).
pub fn emit_commands(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(crate::error::Error::stdout(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_on_a_terminal_break_between_words_only() {
        let text = "error: a.yaml: was changed outside this session while you answered; it was \
                    not overwritten\n  your answers are saved in a.mine.yaml: compare the two";
        let wrapped = at_words(text, Some(40));
        for l in wrapped.lines() {
            assert!(l.chars().count() <= 40, "{l:?}");
        }
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&wrapped), words(text), "no word cut");
        assert!(wrapped.contains("\n  your answers"), "{wrapped}");
        assert_eq!(at_words(text, None), text, "a pipe gets whole lines");
    }
}
