//! How a command fails, and the exit code each way gets: one error type every command returns
//! (as `just` has), beside [`Outcome`](crate::outcome::Outcome), how a command ends when it does
//! not fail. Input errors, usage errors, git failures and outputs that cannot be written are told
//! apart here, so a full disk is never reported as input that cannot be read.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::outcome::{CODE_INPUT, CODE_WRITE};
use std::fmt;
use std::path::PathBuf;

/// A command's result: what it made, or why it failed.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// Input that cannot be read or is invalid (a file, a flag's value, a name): each diagnostic
    /// names the place and what was expected.
    Input(Vec<Diagnostic>),
    /// Arguments that parse but ask for what the command cannot do (`import` with neither
    /// `--out` nor `--print-map`), as clap's own usage errors.
    Usage(String),
    /// git could not be run, or could not read the history the command needs.
    Git(Diagnostic),
    /// An output could not be written (a full disk, no permission): standard output (`None`) or
    /// the file named.
    Write {
        path: Option<PathBuf>,
        source: std::io::Error,
    },
    /// The terminal could not be set up for the questionnaire's screen.
    Terminal(std::io::Error),
    /// Another error, under a heading that says what it was about ("rubric.yaml: 2 errors in
    /// rubric"); its code is the inner error's.
    Context { context: String, source: Box<Error> },
}

impl Error {
    /// The exit code this failure gets (the README's table, and `--help`'s).
    pub fn code(&self) -> u8 {
        match self {
            Error::Input(_) | Error::Usage(_) | Error::Git(_) => CODE_INPUT,
            Error::Write { .. } | Error::Terminal(_) => CODE_WRITE,
            Error::Context { source, .. } => source.code(),
        }
    }

    /// A failed write to `path`.
    pub fn write(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Write {
            path: Some(path.into()),
            source,
        }
    }

    /// A failed write to standard output.
    pub fn stdout(source: std::io::Error) -> Error {
        Error::Write { path: None, source }
    }

    /// The same error under a heading.
    pub fn context(self, context: impl Into<String>) -> Error {
        Error::Context {
            context: context.into(),
            source: Box::new(self),
        }
    }

    /// The error as one diagnostic, for a report that gives each input its problem (`check`,
    /// one file at a time): a git failure's or an input error's own, else its message under
    /// `origin`.
    pub fn into_diagnostic(self, origin: &str) -> Diagnostic {
        match self {
            Error::Git(d) => d,
            Error::Input(mut ds) if ds.len() == 1 => ds.remove(0),
            other => Diagnostic::new(origin, other.to_string()),
        }
    }

    /// The input errors to print one by one (each labelled), or `None`: the error is printed as
    /// one message with its causes.
    pub fn diagnostics(&self) -> Option<&[Diagnostic]> {
        match self {
            Error::Input(d) => Some(d),
            Error::Git(d) => Some(std::slice::from_ref(d)),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(ds) => {
                for (i, d) in ds.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            Error::Usage(message) => write!(f, "{message}"),
            Error::Git(d) => write!(f, "{d}"),
            Error::Write { path: None, .. } => write!(f, "cannot write to standard output"),
            Error::Write {
                path: Some(path), ..
            } => write!(f, "cannot write {}", path.display()),
            Error::Terminal(_) => write!(f, "cannot use the terminal for the questionnaire"),
            Error::Context { context, .. } => write!(f, "{context}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Write { source, .. } | Error::Terminal(source) => Some(source),
            Error::Context { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(vec![d])
    }
}

impl From<Diagnostics> for Error {
    fn from(d: Diagnostics) -> Self {
        Error::Input(d.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_failure_has_its_documented_code() {
        let full = || std::io::Error::from_raw_os_error(28);
        assert_eq!(Error::from(Diagnostic::new("a.yaml", "bad")).code(), 2);
        assert_eq!(Error::Usage("needs --out".into()).code(), 2);
        assert_eq!(Error::Git(Diagnostic::new("a.yaml", "no git")).code(), 2);
        assert_eq!(Error::stdout(full()).code(), 74);
        assert_eq!(Error::write("r.html", full()).code(), 74);
        assert_eq!(Error::write("r.html", full()).context("heading").code(), 74);
        assert_eq!(
            Error::from(Diagnostic::new("a.yaml", "bad"))
                .context("a.yaml: 1 error")
                .code(),
            2
        );
        assert_eq!(
            Error::write("r.html", full()).to_string(),
            "cannot write r.html"
        );
    }
}
