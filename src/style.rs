//! How output for people looks on this terminal: colour on or off, and the width to wrap to.

use std::io::IsTerminal;

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

/// Narrowest and widest we wrap to.
const MIN_WIDTH: usize = 60;
const MAX_WIDTH: usize = 160;
/// Width when stdout is not a terminal and COLUMNS is not set.
pub const DEFAULT_WIDTH: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// Plain text at the default width (tests, files).
    pub fn plain() -> Style {
        Style {
            color: false,
            width: DEFAULT_WIDTH,
        }
    }

    /// Decide for standard output (or standard error when `stderr`).
    pub fn detect(choice: ColorChoice, stderr: bool) -> Style {
        let is_tty = if stderr {
            std::io::stderr().is_terminal()
        } else {
            std::io::stdout().is_terminal()
        };
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_tty && !no_color,
        };
        let columns = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok());
        let width = match (is_tty, columns) {
            (_, Some(c)) => c,
            (true, None) => terminal_size::terminal_size()
                .map(|(w, _)| w.0 as usize)
                .unwrap_or(DEFAULT_WIDTH),
            (false, None) => DEFAULT_WIDTH,
        };
        Style {
            color,
            width: width.clamp(MIN_WIDTH, MAX_WIDTH),
        }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }

    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }

    pub fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }

    pub fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }

    pub fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }

    /// Colour for a level: lowest red, then yellow, cyan, highest green.
    pub fn level(&self, level: usize, levels: usize, s: &str) -> String {
        self.paint(Tone::of(level, levels).ansi(), s)
    }
}

/// Where a level stands on its scale, which decides its colour everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Low,
    Middle,
    High,
    Top,
}

impl Tone {
    pub fn of(level: usize, levels: usize) -> Tone {
        let top = levels.saturating_sub(1).max(1);
        let frac = level as f64 / top as f64;
        if frac >= 0.999 {
            Tone::Top
        } else if frac >= 0.6 {
            Tone::High
        } else if frac >= 0.3 {
            Tone::Middle
        } else {
            Tone::Low
        }
    }

    /// The ANSI foreground colour code.
    pub fn ansi(self) -> &'static str {
        match self {
            Tone::Low => "31",
            Tone::Middle => "33",
            Tone::High => "36",
            Tone::Top => "32",
        }
    }
}

/// A bar of filled and empty boxes for a level: `■■□□`.
pub fn level_bar(level: Option<usize>, levels: usize) -> String {
    match level {
        Some(l) => "■".repeat(l + 1) + &"□".repeat(levels - l - 1),
        None => "·".repeat(levels),
    }
}

/// Wrap `text` to `width`, with an indent for the first and the following lines.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let opts = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(text, opts)
}
