//! A progress line on standard error for work that takes more than a second: shown only on a
//! terminal, rewritten in place at most a few times a second, and cleared when the work ends,
//! so nothing of it is left in a log or a pipe.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// How long work runs before its progress is shown (`PERSONA_MATURITY_PROGRESS_AFTER_MS`
/// changes it: the test suite shows it at once).
const AFTER: Duration = Duration::from_secs(1);
/// How often the line is rewritten.
const EVERY: Duration = Duration::from_millis(200);

pub struct Progress {
    label: String,
    started: Instant,
    after: Duration,
    last: Option<Instant>,
    enabled: bool,
}

impl Progress {
    /// A progress line saying `label` (e.g. "reading contacts.csv"), on when standard error is a
    /// terminal.
    pub fn new(label: &str) -> Progress {
        let after = std::env::var("PERSONA_MATURITY_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(AFTER, Duration::from_millis);
        Progress {
            label: label.to_string(),
            started: Instant::now(),
            after,
            last: None,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    /// `rows` read so far.
    pub fn rows(&mut self, rows: u64) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if now.duration_since(self.started) < self.after
            || self.last.is_some_and(|l| now.duration_since(l) < EVERY)
        {
            return;
        }
        self.last = Some(now);
        let line = format!(
            "\r{}: {} rows…\x1b[K",
            crate::escape::terminal(&self.label),
            crate::words::thousands(rows)
        );
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }

    /// The line cleared, if it was shown.
    pub fn done(&mut self) {
        if self.last.take().is_some() {
            let _ = std::io::stderr().lock().write_all(b"\r\x1b[K");
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done();
    }
}
