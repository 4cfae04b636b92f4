//! What the tool tells a person about their input: errors (the input cannot be used: exit 2) and
//! warnings (it can, but something is off), each with where (file, line, column, key path), what
//! was expected, and a "did you mean" where a name is close. One type for input errors, rubric
//! warnings and answers warnings alike.

use std::fmt;

/// Whether a diagnostic stops the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// The input cannot be used (exit code 2).
    #[default]
    Error,
    /// The input is used; the person should know.
    Warning,
    /// Nothing is wrong; how something was read, for the person to check.
    Note,
}

/// A problem with something the user gave us: a file, a flag value, a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub kind: Kind,
    /// The file (or `<stdin>`, or `--flag`) the problem is in.
    pub origin: String,
    /// 1-based line and column, when known.
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// Key path inside the document, e.g. `answers.training`.
    pub path: Option<String>,
    pub message: String,
    /// Extra lines: what was expected, "did you mean".
    pub help: Vec<String>,
    /// The file holds people's data (a CRM export, an interview log): its lines are never shown
    /// under the message (`check` shows the program file's line a diagnostic points at).
    pub private: bool,
}

impl Diagnostic {
    pub fn new(origin: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            kind: Kind::Error,
            origin: origin.into(),
            line: None,
            column: None,
            path: None,
            message: message.into(),
            help: Vec::new(),
            private: false,
        }
    }

    /// The same, about a file whose lines must never be shown (people's data).
    pub fn private(mut self) -> Self {
        self.private = true;
        self
    }

    /// The same, as a warning.
    pub fn warning(mut self) -> Self {
        self.kind = Kind::Warning;
        self
    }

    /// The same, as a note.
    pub fn note(mut self) -> Self {
        self.kind = Kind::Note;
        self
    }

    pub fn at(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.line = line.map(|l| l.min(u32::MAX as usize) as u32);
        self.column = column.map(|c| c.min(u32::MAX as usize) as u32);
        self
    }

    pub fn path(mut self, path: impl Into<String>) -> Self {
        let p = path.into();
        self.path = if p.is_empty() || p == "." {
            None
        } else {
            Some(p)
        };
        self
    }

    pub fn help(mut self, line: impl Into<String>) -> Self {
        self.help.push(line.into());
        self
    }

    pub fn help_opt(self, line: Option<String>) -> Self {
        match line {
            Some(l) => self.help(l),
            None => self,
        }
    }
}

/// Each part of a diagnostic is one line (a line break in a file name, a key or a quoted value
/// is shown as an escape): the only line breaks in one are those before its help lines, so input
/// text never starts a line on standard error.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::escape::one_line;
        write!(f, "{}", one_line(&self.origin))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(path) = &self.path {
            write!(f, "{}: ", one_line(&shorten(path)))?;
        }
        write!(f, "{}", one_line(&humane(&self.message)))?;
        for h in &self.help {
            write!(f, "\n  {}", one_line(&shorten(h)))?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Longest run of text quoted from an input file that an error message repeats.
pub const MAX_QUOTED_CHARS: usize = 80;

/// Text from an input shown in a message: line breaks as spaces, other control characters as
/// escapes (`\u{1b}`), cut to `MAX_QUOTED_CHARS` ending in "…" when it was longer.
pub fn excerpt(s: &str) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n + 1 == MAX_QUOTED_CHARS && s.chars().nth(MAX_QUOTED_CHARS).is_some() {
            out.push('…');
            break;
        }
        match c {
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

/// Cut text quoted from the input (between `"` or `` ` ``) to `MAX_QUOTED_CHARS`, and the whole to
/// a few lines, so a 500 KB key does not come back as a 500 KB error message.
pub fn shorten(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(1024));
    let mut quoted: Option<(char, usize)> = None;
    for c in s.chars() {
        match quoted {
            Some((q, _)) if c == q => {
                quoted = None;
                out.push(c);
            }
            Some((q, n)) => {
                if n < MAX_QUOTED_CHARS {
                    out.push(c);
                } else if n == MAX_QUOTED_CHARS {
                    out.push('…');
                }
                quoted = Some((q, n + 1));
            }
            None => {
                if c == '"' || c == '`' {
                    quoted = Some((c, 0));
                }
                out.push(c);
            }
        }
    }
    if out.chars().count() > 4 * MAX_QUOTED_CHARS + 400 {
        out = out
            .chars()
            .take(4 * MAX_QUOTED_CHARS + 400)
            .collect::<String>()
            + "…";
    }
    out
}

/// serde's words for a person: "unit value" is a null; quoted input is shortened.
fn humane(message: &str) -> String {
    shorten(&message.replace(
        "invalid type: unit value",
        "invalid type: null (an empty value)",
    ))
}

/// Several input errors found in one pass (e.g. every problem in a custom rubric).
#[derive(Debug)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_of_input_is_one_line_escaped_and_cut_with_an_ellipsis() {
        assert_eq!(excerpt("a\r\nb\u{1b}[2J"), "a  b\\u{1b}[2J");
        let exact = "x".repeat(MAX_QUOTED_CHARS);
        assert_eq!(excerpt(&exact), exact);
        let long = excerpt(&"é".repeat(MAX_QUOTED_CHARS + 1));
        assert_eq!(long.chars().count(), MAX_QUOTED_CHARS);
        assert!(long.ends_with("é…"), "{long}");
    }

    #[test]
    fn long_quoted_input_is_cut_and_the_rest_kept() {
        let long = "x".repeat(10_000);
        let e = Diagnostic::new("a.yaml", format!("unknown attribute `{long}`"))
            .help("did you mean `y`?");
        let shown = e.to_string();
        assert!(shown.len() < 200, "{shown}");
        assert!(shown.contains(&format!(
            "unknown attribute `{}…`",
            "x".repeat(MAX_QUOTED_CHARS)
        )));
        assert!(shown.ends_with("did you mean `y`?"));
    }

    #[test]
    fn a_null_is_called_a_null() {
        let e = Diagnostic::new("a.yaml", "invalid type: unit value, expected a map");
        assert_eq!(
            e.to_string(),
            "a.yaml: invalid type: null (an empty value), expected a map"
        );
    }
}
