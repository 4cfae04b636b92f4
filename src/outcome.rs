//! How a command ends when it does not fail, and the exit code each way gets; a failure is an
//! [`Error`](crate::error::Error), which knows its own. The `--help` text's exit-code block and
//! the README's table come from the one list here.

/// How a command ended.
#[derive(Debug)]
pub enum Outcome {
    /// It did what was asked (for `check`: the check passed).
    Success,
    /// `check` found something at or above the failing severity (or `rubric validate --strict`
    /// found warnings).
    CheckFailed,
    /// The person stopped it (answers given so far are saved).
    Interrupted,
    /// `assess`: the input ended before the questionnaire was finished (answers given are
    /// saved; with none given, no file is written).
    Unfinished,
}

/// Usage errors, input that cannot be read or is invalid, git failing to read a history.
pub const CODE_INPUT: u8 = 2;
/// An output that cannot be written (sysexits' EX_IOERR).
pub const CODE_WRITE: u8 = 74;

/// Every exit code, what it means.
pub const EXIT_CODES: [(u8, &str); 6] = [
    (0, "success (for `check`: the check passed)"),
    (
        1,
        "`check` failed: a finding at or above the failing severity",
    ),
    (
        CODE_INPUT,
        "usage error, input that cannot be read or is invalid, or git failing to read the history",
    ),
    (
        3,
        "`assess`: the input ended before every question was reached (answers given are saved)",
    ),
    (
        CODE_WRITE,
        "an output cannot be written (a full disk, no permission): the message names it",
    ),
    (
        130,
        "interrupted by the user (answers given so far are saved)",
    ),
];

impl Outcome {
    pub fn code(&self) -> u8 {
        match self {
            Outcome::Success => EXIT_CODES[0].0,
            Outcome::CheckFailed => EXIT_CODES[1].0,
            Outcome::Unfinished => EXIT_CODES[3].0,
            Outcome::Interrupted => EXIT_CODES[5].0,
        }
    }
}

/// The block `--help` ends with.
pub fn exit_codes_help() -> String {
    let mut out = String::from("Exit codes:");
    for (code, meaning) in EXIT_CODES {
        out.push_str(&format!("\n  {code:<4} {meaning}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_has_its_documented_code() {
        assert_eq!(Outcome::Success.code(), 0);
        assert_eq!(Outcome::CheckFailed.code(), 1);
        assert_eq!(EXIT_CODES[2].0, 2);
        assert_eq!(EXIT_CODES[4].0, 74);
        assert_eq!(Outcome::Unfinished.code(), 3);
        assert_eq!(Outcome::Interrupted.code(), 130);
        assert!(exit_codes_help().contains("\n  130  interrupted by the user"));
    }
}
