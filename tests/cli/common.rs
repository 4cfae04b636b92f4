//! Running the binary as a user would: from the repository root, plain output at a fixed width.
//! `Pm` is a small builder whose result shows the command and its standard error whenever an
//! expectation about it fails.
#![allow(dead_code)]

use std::fmt;

/// The binary, with colour off, a fixed width, no rubric from the environment, and the
/// repository root as working folder.
pub fn pm() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("persona-maturity").expect("binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("PERSONA_MATURITY_RUBRIC")
        .env_remove("GITHUB_WORKSPACE")
        .env_remove("CI_PROJECT_DIR");
    cmd
}

/// A run of the binary to set up: arguments, environment, standard input, folder.
pub struct Pm {
    cmd: assert_cmd::Command,
    args: Vec<String>,
}

/// What a run gave: exit code, standard output and standard error.
pub struct Ran {
    pub code: i32,
    pub out: String,
    pub err: String,
    args: Vec<String>,
}

impl Pm {
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(args: I) -> Pm {
        let args: Vec<String> = args.into_iter().map(|a| a.as_ref().to_string()).collect();
        let mut cmd = pm();
        cmd.args(&args);
        Pm { cmd, args }
    }

    pub fn env(mut self, key: &str, value: &str) -> Pm {
        self.cmd.env(key, value);
        self
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Pm {
        self.cmd.write_stdin(input);
        self
    }

    pub fn dir(mut self, dir: &std::path::Path) -> Pm {
        self.cmd.current_dir(dir);
        self
    }

    pub fn run(mut self) -> Ran {
        let out = self.cmd.output().expect("runs");
        Ran {
            code: out.status.code().unwrap_or(-1),
            out: String::from_utf8_lossy(&out.stdout).into_owned(),
            err: String::from_utf8_lossy(&out.stderr).into_owned(),
            args: self.args,
        }
    }
}

impl fmt::Display for Ran {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "persona-maturity {}\nexit code {}\n--- standard error ---\n{}",
            self.args.join(" "),
            self.code,
            self.err
        )
    }
}

impl Ran {
    /// Exit code `code`, or the test fails showing the command and its standard error.
    pub fn exits(self, code: i32) -> Ran {
        assert_eq!(self.code, code, "{self}");
        self
    }

    /// Exit code, standard output and standard error.
    pub fn into_parts(self) -> (i32, String, String) {
        (self.code, self.out, self.err)
    }

    /// Standard error says `text`, or the test fails showing all of it.
    pub fn says(self, text: &str) -> Ran {
        assert!(
            self.err.contains(text),
            "expected {text:?} on standard error:\n{self}"
        );
        self
    }
}

/// Run with `args`; return (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let r = Pm::new(args).run();
    (r.code, r.out, r.err)
}

/// Run with `args` and `stdin`.
pub fn run_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let r = Pm::new(args).stdin(stdin).run();
    (r.code, r.out, r.err)
}

/// The path an environment variable names for a test's outside tool (`JUNIT_XSD`, `VNU_JAR`,
/// `SARIF_SCHEMA`, `AXE_JS`), or `None` with a note when it is not set outside CI. Such a test is
/// also marked `#[cfg_attr(without_tool = "VAR", ignore = …)]`: `build.rs` sets that when the
/// variable was unset at build time, so the test output says "ignored" with the reason; this
/// catches a variable unset after the build. Under CI (`CI` set) a missing tool fails the test:
/// `.ci/run` installs them all.
pub fn tool_path(var: &str, what: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(p) => Some(p),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{var} is needed under CI ({what}; .ci/run installs it)"
            );
            eprintln!("SKIPPED: {var} ({what}) is not set");
            None
        }
    }
}
