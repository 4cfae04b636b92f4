//! How output for people looks on this terminal: colour on or off, and the width to wrap to. One
//! [`Console`] is decided once per run (from `--color`, `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`,
//! `TERM` and the terminal's width) and used for reports, errors and warnings alike.

use std::io::IsTerminal;
use std::sync::OnceLock;

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// Colour when writing to a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb say otherwise
    /// (CLICOLOR_FORCE forces it).
    #[default]
    Auto,
    Always,
    Never,
}

/// Narrowest and widest we wrap to.
pub const MIN_WIDTH: usize = 60;
const MAX_WIDTH: usize = 160;
/// Width when stdout is not a terminal and COLUMNS is not set.
pub const DEFAULT_WIDTH: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// The terminal's width in columns, as the questionnaire's screen measures it (one crate for
/// every terminal size); asked only when the output is a terminal.
pub fn terminal_width() -> Option<usize> {
    crossterm::terminal::size()
        .ok()
        .map(|(w, _)| usize::from(w))
        .filter(|&w| w > 0)
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
        Style::decide(choice, is_tty, &|k| std::env::var(k).ok())
    }

    /// The decision, from the choice, whether the stream is a terminal, and the environment:
    /// `--color always|never` wins; else `CLICOLOR_FORCE` (not `0`) forces colour, `NO_COLOR`
    /// (not empty), `CLICOLOR=0` and `TERM=dumb` turn it off, and a terminal gets it. The width is
    /// `COLUMNS`, else the terminal's, else 100; at least 60 and at most 160.
    pub fn decide(
        choice: ColorChoice,
        is_tty: bool,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Style {
        let set = |k: &str| env(k).filter(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                    true
                } else if set("NO_COLOR").is_some()
                    || set("CLICOLOR").is_some_and(|v| v == "0")
                    || set("TERM").is_some_and(|v| v == "dumb")
                {
                    false
                } else {
                    is_tty
                }
            }
        };
        let columns = set("COLUMNS").and_then(|c| c.trim().parse::<usize>().ok());
        let width = match (is_tty, columns) {
            (_, Some(c)) => c,
            (true, None) => terminal_width().unwrap_or(DEFAULT_WIDTH),
            (false, None) => DEFAULT_WIDTH,
        };
        Style {
            color,
            width: width.clamp(MIN_WIDTH, MAX_WIDTH),
        }
    }

    pub fn paint(&self, code: &str, s: &str) -> String {
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

/// The run's two streams, decided once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Console {
    pub choice: ColorChoice,
    pub stdout: Style,
    pub stderr: Style,
}

static CONSOLE: OnceLock<Console> = OnceLock::new();

impl Console {
    pub fn detect(choice: ColorChoice) -> Console {
        Console {
            choice,
            stdout: Style::detect(choice, false),
            stderr: Style::detect(choice, true),
        }
    }

    /// Decide once, for this run (the first call wins).
    pub fn init(choice: ColorChoice) -> Console {
        *CONSOLE.get_or_init(|| Console::detect(choice))
    }

    /// This run's console (decided with `--color auto` if nothing was said yet).
    pub fn get() -> Console {
        *CONSOLE.get_or_init(|| Console::detect(ColorChoice::Auto))
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
    wrap_lines(text, width, first, rest).join("\n")
}

/// textwrap's optimal fit, with a line wider than the width made so costly that it never wins
/// (its default lets one through when a long word was broken, and a terminal then wraps it
/// mid-word); where nothing overflows, the lines are the same as with the default.
const NEVER_WIDER: textwrap::WrapAlgorithm = {
    let mut p = textwrap::wrap_algorithms::Penalties::new();
    p.overflow_penalty = 1 << 40;
    textwrap::WrapAlgorithm::OptimalFit(p)
};

/// The lines of `text` wrapped to `width` columns, with an indent for the first and the
/// following lines: broken at spaces only (never at a hyphen, so a file name stays whole), and
/// a word longer than the width cut. A line break in `text` starts a new line with the
/// following lines' indent, wrapped to the width that indent leaves (textwrap alone would lay
/// such a line out for the first line's width, then indent it past the edge).
pub fn wrap_lines(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (k, paragraph) in text.split('\n').enumerate() {
        let lead = if k == 0 { first } else { rest };
        if paragraph.is_empty() && k > 0 {
            // A blank line stays blank (no indent left trailing).
            out.push(String::new());
            continue;
        }
        let opts = textwrap::Options::new(width)
            .initial_indent(lead)
            .subsequent_indent(rest)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .break_words(true)
            .wrap_algorithm(NEVER_WIDER);
        out.extend(
            textwrap::wrap(paragraph, opts)
                .into_iter()
                .map(|l| l.into_owned()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn colour_follows_the_flag_then_the_clicolor_and_no_color_conventions() {
        let on = |choice, tty, vars: &[(&str, &str)]| Style::decide(choice, tty, &env(vars)).color;
        assert!(on(ColorChoice::Auto, true, &[]));
        assert!(!on(ColorChoice::Auto, false, &[]));
        assert!(!on(ColorChoice::Auto, true, &[("NO_COLOR", "1")]));
        assert!(on(ColorChoice::Auto, true, &[("NO_COLOR", "")]));
        assert!(!on(ColorChoice::Auto, true, &[("CLICOLOR", "0")]));
        assert!(!on(ColorChoice::Auto, true, &[("TERM", "dumb")]));
        assert!(on(ColorChoice::Auto, false, &[("CLICOLOR_FORCE", "1")]));
        assert!(!on(ColorChoice::Auto, false, &[("CLICOLOR_FORCE", "0")]));
        assert!(on(ColorChoice::Always, false, &[("NO_COLOR", "1")]));
        assert!(!on(ColorChoice::Never, true, &[("CLICOLOR_FORCE", "1")]));
    }

    #[test]
    fn a_line_break_starts_a_line_that_fits_with_its_indent() {
        let text = format!("{}\n{}", "x".repeat(100), "y ".repeat(60));
        for w in [40, 60, 80] {
            let lines = wrap_lines(&text, w, "Note: ", "  ");
            for l in &lines {
                assert!(
                    unicode_width::UnicodeWidthStr::width(l.as_str()) <= w,
                    "{w}: {l:?} is {} wide",
                    l.len()
                );
            }
            assert!(lines.iter().any(|l| l.starts_with("  y y")), "{lines:?}");
        }
        assert_eq!(wrap_lines("a\n\nb", 20, "- ", "  "), ["- a", "", "  b"]);
    }

    #[test]
    fn the_width_is_columns_within_60_to_160() {
        let w = |vars: &[(&str, &str)]| Style::decide(ColorChoice::Never, false, &env(vars)).width;
        assert_eq!(w(&[]), DEFAULT_WIDTH);
        assert_eq!(w(&[("COLUMNS", "72")]), 72);
        assert_eq!(w(&[("COLUMNS", "20")]), 60);
        assert_eq!(w(&[("COLUMNS", "500")]), 160);
    }
}
