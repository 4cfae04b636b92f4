//! Shell completion scripts (bash, zsh, fish, elvish, PowerShell) from the command line's own
//! definition, so they complete every command, option and option value.
//!
//! bash: clap_complete's script walks the words typed into `persona__maturity__subcmd__score`,
//! but labels the branch that completes `score` as `persona__subcmd__maturity__subcmd__score`
//! (the binary's own hyphen read as a subcommand separator), so nothing after the command word
//! ever completed (clap-rs/clap#6421). The script is mended here until that is fixed upstream;
//! a test runs it in bash.

use crate::cli::Cli;
use clap::CommandFactory;

const BIN: &str = "persona-maturity";

/// The completion script for `shell`.
pub fn script(shell: clap_complete::Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    match shell {
        clap_complete::Shell::Bash => mend_bash(&text),
        _ => text,
    }
}

/// Make the case labels of the bash script match the command words it computes.
fn mend_bash(text: &str) -> String {
    let walked = BIN.replace('-', "__");
    let labelled = BIN.replace('-', "__subcmd__");
    text.replace(
        &format!("{labelled}__subcmd__"),
        &format!("{walked}__subcmd__"),
    )
}
