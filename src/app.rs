//! The program's top: parse the arguments (with the run's console handed to clap), run the
//! command, print what went wrong, and turn the outcome into an exit code. The output helpers the
//! commands use are in `output`, below them.

use crate::assessment::Assessment;
use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::output::{error, report};
use crate::rubric::Rubric;
use crate::source::Syntax;
use crate::style::{ColorChoice, Console};
use clap::{CommandFactory, FromArgMatches};
use std::ffi::OsString;
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

/// The environment variable that names a rubric file, as `--rubric` does.
const RUBRIC_ENV: &str = "PERSONA_MATURITY_RUBRIC";

pub fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let console = Console::init(color_choice(&args));
    let mut command = Cli::command().color(crate::cli::clap_color(console.choice));
    // A CI variable that is not set often reaches the program as the empty string
    // (`PERSONA_MATURITY_RUBRIC: ${{ vars.RUBRIC }}`): empty is unset, the built-in rubric.
    if std::env::var_os(RUBRIC_ENV).is_some_and(|v| v.is_empty()) {
        command = command.mut_arg("rubric", |a| a.env(None));
    }
    let matches = match command.try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => {
            // --help and --version print to standard output and succeed; usage errors exit 2;
            // help that cannot be written (a full disk) is a write error, a closed pipe is not.
            let code = if e.use_stderr() {
                crate::outcome::CODE_INPUT
            } else {
                0
            };
            return ExitCode::from(match e.print() {
                Ok(()) => code,
                Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => code,
                Err(_) => crate::outcome::CODE_WRITE,
            });
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(crate::outcome::CODE_INPUT);
        }
    };
    match crate::commands::run(cli, &console) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(e) => {
            report_error(&e);
            ExitCode::from(e.code())
        }
    }
}

/// Print an error to standard error: input errors one by one, anything else with its causes.
fn report_error(e: &Error) {
    if let Some(diagnostics) = e.diagnostics() {
        for d in diagnostics {
            report(d);
        }
        return;
    }
    let mut msg = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        msg.push_str(&format!("\n  caused by: {c}"));
        cause = c.source();
    }
    error(&msg);
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
