//! Shell completion scripts (bash, zsh, fish, elvish, PowerShell) from the command line's own
//! definition, so they complete every command, option and option value.
//!
//! bash: clap_complete's script walks the words typed into `persona__maturity__subcmd__score`,
//! but labels the branch that completes `score` as `persona__subcmd__maturity__subcmd__score`
//! (the binary's own hyphen read as a subcommand separator), so nothing after the command word
//! ever completed (clap-rs/clap#6421). The script is mended here until that is fixed upstream;
//! a test runs it in bash.
//!
//! bash, again: at the first word after a command, clap_complete's script offers only the
//! command's options, so with nothing typed bash inserts their common prefix `-` where a file
//! name belongs (`persona-maturity check <TAB>` gives `check -`). For commands that take files,
//! the script is mended to complete file names there, and options only after a `-`.

use crate::cli::Cli;
use clap::CommandFactory;

const BIN: &str = "persona-maturity";

/// The completion script for `shell`.
pub fn script(shell: clap_complete::Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    match shell {
        clap_complete::Shell::Bash => files_where_files_go(&mend_bash(&text)),
        clap_complete::Shell::Fish => text + &fish_known_positionals(),
        _ => text,
    }
}

/// fish: clap_complete completes no positional argument, so fish offers file names after
/// `rules`. A command whose positionals all have known values (`rules RULE`) completes those
/// values and no file names.
fn fish_known_positionals() -> String {
    let mut out = String::new();
    for sub in Cli::command().get_subcommands() {
        let positionals: Vec<&clap::Arg> = sub.get_positionals().collect();
        if positionals.is_empty()
            || positionals
                .iter()
                .any(|a| a.get_possible_values().is_empty())
        {
            continue;
        }
        let values: Vec<String> = positionals[0]
            .get_possible_values()
            .iter()
            .map(|v| v.get_name().to_string())
            .collect();
        out.push_str(&format!(
            "complete -c {BIN} -n \"__fish_{}_using_subcommand {}\" -f -a \"{}\"\n",
            BIN.replace('-', "_"),
            sub.get_name(),
            values.join(" ")
        ));
    }
    out
}

/// The bash case label of every (sub)command whose positional arguments include a file, and
/// whether its first positional has known values instead (`explain ATTRIBUTE [ANSWERS]`).
fn file_taking(cmd: &clap::Command, label: &str, out: &mut Vec<(String, bool)>) {
    for sub in cmd.get_subcommands() {
        let label = format!("{label}__subcmd__{}", sub.get_name().replace('-', "__"));
        let positionals: Vec<&clap::Arg> = sub.get_positionals().collect();
        let valued = |a: &&clap::Arg| !a.get_possible_values().is_empty();
        if positionals.iter().any(|a| !valued(a)) {
            out.push((label.clone(), positionals.first().is_some_and(valued)));
        }
        file_taking(sub, &label, out);
    }
}

/// Complete file names where a command's file argument goes (see the module's note).
fn files_where_files_go(text: &str) -> String {
    let mut blocks = Vec::new();
    file_taking(&Cli::command(), &BIN.replace('-', "__"), &mut blocks);
    let files = "COMPREPLY=( $(compgen -f -- \"${cur}\") ); compopt -o filenames 2>/dev/null";
    let options = "COMPREPLY=( $(compgen -W \"${opts}\" -- \"${cur}\") )";
    let mut out = String::with_capacity(text.len() + 4096);
    // Whether the current case branch takes files, and whether its first positional has values.
    let mut current: Option<bool> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        // A branch label is indented by exactly eight spaces: `        persona__maturity__subcmd__check)`.
        if line.len() - line.trim_start().len() == 8 {
            if let Some(label) = trimmed.strip_suffix(')') {
                current = blocks.iter().find(|(l, _)| l == label).map(|(_, v)| *v);
            }
        }
        match current {
            Some(false) if trimmed.starts_with("if [[ ${cur} == -* || ${COMP_CWORD} -eq ") => {
                out.push_str("            if [[ ${cur} == -* ]] ; then");
            }
            // The branch's last resort (indented 12), after the option values were tried.
            Some(_) if trimmed == options && line.len() - trimmed.len() == 12 => {
                out.push_str("            ");
                out.push_str(files);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
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
