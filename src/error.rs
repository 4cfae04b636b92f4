//! Errors the tool reports to a person: where the problem is (file, line, key path), what was
//! expected, and a "did you mean" where a name is close. Every error maps to exit code 2.

use std::fmt;

/// A problem with something the user gave us: a file, a flag value, a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
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
}

impl InputError {
    pub fn new(origin: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            origin: origin.into(),
            line: None,
            column: None,
            path: None,
            message: message.into(),
            help: Vec::new(),
        }
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

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.origin)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        write!(f, "{}", self.message)?;
        for h in &self.help {
            write!(f, "\n  {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// Several input errors found in one pass (e.g. every problem in a custom rubric).
#[derive(Debug)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
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

impl std::error::Error for InputErrors {}
