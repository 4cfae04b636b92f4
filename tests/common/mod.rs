//! Running the binary as a user would: from the repository root, plain output at a fixed width.
#![allow(dead_code)]

use assert_cmd::Command;

/// The binary, with colour off, a fixed width and the repository root as working folder.
pub fn pm() -> Command {
    let mut cmd = Command::cargo_bin("persona-maturity").expect("binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("PERSONA_MATURITY_RUBRIC");
    cmd
}

/// Run with `args`; return (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = pm().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Run with `args` and `stdin`.
pub fn run_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = pm().args(args).write_stdin(stdin).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
