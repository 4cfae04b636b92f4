//! The program's top: parse the arguments (with the run's console handed to clap), run the
//! command, print what went wrong, and turn the outcome into an exit code. And the output helpers
//! every command uses: standard output that a closed pipe does not break, errors and warnings on
//! standard error, coloured by the same console.

use crate::assessment::Assessment;
use crate::cli::Cli;
use crate::diagnostic::{Diagnostic, Kind};
use crate::outcome::Outcome;
use crate::rubric::Rubric;
use crate::source::Syntax;
use crate::style::{ColorChoice, Console};
use anyhow::Result;
use clap::{CommandFactory, FromArgMatches};
use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

/// `--color` as given, read before clap parses, so clap's own messages follow it too.
fn color_choice(args: &[OsString]) -> ColorChoice {
    let mut choice = ColorChoice::Auto;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--color") {
            Some("") => it.next().map(|v| v.into_owned()),
            Some(v) if v.starts_with('=') => Some(v[1..].to_string()),
            _ => None,
        };
        if a == "--" {
            break;
        }
        match value.as_deref() {
            Some("always") => choice = ColorChoice::Always,
            Some("never") => choice = ColorChoice::Never,
            Some("auto") => choice = ColorChoice::Auto,
            _ => {}
        }
    }
    choice
}

pub fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let console = Console::init(color_choice(&args));
    let matches = match Cli::command()
        .color(console.clap_choice())
        .try_get_matches_from(&args)
    {
        Ok(m) => m,
        Err(e) => {
            // --help and --version print to standard output and succeed; usage errors exit 2;
            // help that cannot be written (a full disk) is an error too, a closed pipe is not.
            let code = if e.use_stderr() { 2 } else { 0 };
            return ExitCode::from(match e.print() {
                Ok(()) => code,
                Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => code,
                Err(_) => 2,
            });
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    let outcome = match crate::commands::run(cli, &console) {
        Ok(o) => o,
        Err(e) => {
            report_error(&e);
            Outcome::Input(Vec::new())
        }
    };
    if let Outcome::Input(diagnostics) = &outcome {
        for d in diagnostics {
            report(d);
        }
    }
    ExitCode::from(outcome.code())
}

/// Print an error and its causes to standard error.
fn report_error(e: &anyhow::Error) {
    let mut msg = e.to_string();
    for cause in e.chain().skip(1) {
        msg.push_str(&format!("\n  caused by: {cause}"));
    }
    error(&msg);
}

/// Print a diagnostic: `error: FILE:LINE: …` or `warning: …`.
pub fn report(d: &Diagnostic) {
    match d.kind {
        Kind::Error => error(&d.to_string()),
        Kind::Warning => warn(&d.to_string()),
    }
}

/// Write one line to standard error. `eprintln!` panics when standard error is a closed pipe
/// (`persona-maturity score … 2>&1 | head -1`); here a failed write is dropped, as `emit` does for
/// standard output, and the exit code still says what happened.
pub fn to_stderr(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Print an error to standard error (text from the input shown safely).
pub fn error(message: &str) {
    let style = Console::get().stderr;
    to_stderr(&format!(
        "{} {}",
        style.red(&style.bold("error:")),
        crate::escape::terminal(message)
    ));
}

/// Print a warning to standard error.
pub fn warn(message: &str) {
    let style = Console::get().stderr;
    to_stderr(&format!(
        "{} {}",
        style.yellow(&style.bold("warning:")),
        crate::escape::terminal(message)
    ));
}

/// Print a note to standard error: something the user may want to know, not a problem.
pub fn note(message: &str) {
    let style = Console::get().stderr;
    to_stderr(&format!(
        "{} {}",
        style.dim("note:"),
        crate::escape::terminal(message)
    ));
}

/// Write to standard output; a reader that went away (`| head`) is not an error.
pub fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to standard output")),
    }
}

/// The answers file's text, as `assess` writes a new file.
pub fn answers_file_text(rubric: &Rubric, a: &Assessment, syntax: Syntax) -> Result<String> {
    Ok(crate::questionnaire::file::canonical_text(
        rubric, a, syntax,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_colour_flag_is_read_before_clap_in_every_spelling() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            color_choice(&args(&["pm", "score", "x"])),
            ColorChoice::Auto
        );
        assert_eq!(
            color_choice(&args(&["pm", "--color", "never", "score"])),
            ColorChoice::Never
        );
        assert_eq!(
            color_choice(&args(&["pm", "score", "--color=always"])),
            ColorChoice::Always
        );
        assert_eq!(
            color_choice(&args(&["pm", "score", "--", "--color=always"])),
            ColorChoice::Auto
        );
    }
}
