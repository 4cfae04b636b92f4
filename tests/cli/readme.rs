//! The README is the user's manual: every command it shows runs, from a clean clone, and ends with
//! the exit code the README gives it.
//!
//! Each ```sh, ```bash or ```console block that runs `persona-maturity` (or `cargo run --release
//! --`, the same program) is a sequence a reader types in order, from the root of a fresh clone:
//! the test copies `examples/` into a new folder, commits it to a new git repository (a clone is
//! one), and runs the block's commands there, one after the other, in one bash (so a `cd` or a
//! file written by one command carries over to the next), with the built binary first on PATH and
//! standard input empty. In a `console` block only the
//! lines after `$ ` are commands. A line ending in `\` goes on on the next line.
//!
//! What the README says in a command's trailing comment:
//! - `# exit N …`: the command is shown failing, and must exit N (otherwise it must exit 0);
//! - `# (needs …) …`: the command is not run, and the test lists it as skipped with the reason
//!   (a terminal for the questionnaire). `# (needs PROGRAM)`, one word, is run where PROGRAM is
//!   on PATH (`jq`). Keep these few: at most [`MAX_SKIPPED`].
//!
//! `cargo` itself (`cargo test`, `cargo clippy`, …) is not run, and is listed as skipped too;
//! `cargo run --release -- ARGS` is run as `persona-maturity ARGS`.
//!
//! The reader's environment is assumed only where the README says so: `/tmp/` in a command is a
//! folder of the test's own, and `$GITHUB_STEP_SUMMARY` is a file (as on a GitHub runner).

use std::path::Path;

/// Commands the README may show without the test running them.
const MAX_SKIPPED: usize = 6;

/// One command of the README, with what the README says it does.
#[derive(Debug)]
struct Command {
    /// The README's line number where the command starts.
    line: usize,
    /// The command, comment removed, continuation lines joined.
    text: String,
    expect: Expect,
}

#[derive(Debug, PartialEq)]
enum Expect {
    Exit(i32),
    Skip(String),
}

/// A block of commands run in one shell, in one fresh copy of the clone.
#[derive(Debug)]
struct Block {
    commands: Vec<Command>,
}

/// What running the README's blocks gave.
#[derive(Default)]
struct Report {
    ran: usize,
    skipped: Vec<String>,
    failures: Vec<String>,
}

/// The trailing `# comment` of a shell line (outside quotes), split from the command.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let (mut single, mut double) = (false, false);
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single && prev != '\\' => double = !double,
            '#' if !single && !double && prev.is_whitespace() => {
                return (line[..i].trim_end(), Some(line[i + 1..].trim()));
            }
            _ => {}
        }
        prev = c;
    }
    (line.trim_end(), None)
}

/// What a command's comment says about how it ends.
fn expectation(command: &str, comment: Option<&str>) -> Expect {
    if command.starts_with("cargo ") && !command.starts_with("cargo run --release -- ") {
        return Expect::Skip("cargo: builds or tests the project itself".into());
    }
    let comment = comment.unwrap_or("");
    if let Some(rest) = comment.strip_prefix("(needs ") {
        let reason = rest.split(')').next().unwrap_or(rest);
        return Expect::Skip(format!("needs {reason}"));
    }
    if let Some(rest) = comment.strip_prefix("exit ") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(code) = digits.parse() {
            return Expect::Exit(code);
        }
    }
    Expect::Exit(0)
}

/// Whether a command runs this tool (or is the README's `cargo run` of it).
fn runs_the_tool(command: &str) -> bool {
    command.starts_with("cargo run --release -- ")
        || command.split(['|', '&', ';', '(']).any(|part| {
            let part = part.trim_start();
            part == "persona-maturity" || part.starts_with("persona-maturity ")
        })
}

/// The fenced code blocks of a Markdown text: the info string, the line the code starts on, the
/// code.
fn code_blocks(markdown: &str) -> Vec<(String, usize, String)> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut open: Option<(String, usize, String)> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let line = markdown[..range.start].lines().count() + 2;
                open = Some((info.trim().to_string(), line, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, _, code)) = open.as_mut() {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(open.take()),
            _ => {}
        }
    }
    out
}

/// The commands of one code block, if it is a shell or console block.
fn commands(info: &str, first_line: usize, code: &str) -> Vec<Command> {
    let console = match info {
        "sh" | "bash" | "shell" => false,
        "console" => true,
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in code.lines().enumerate() {
        let line = match (console, raw.strip_prefix("$ "), &pending) {
            (false, _, _) | (true, _, Some(_)) => raw,
            (true, Some(command), None) => command,
            (true, None, None) => continue,
        };
        let (start, mut text) = pending.take().unwrap_or((first_line + i, String::new()));
        if let Some(first) = line.trim_end().strip_suffix('\\') {
            text.push_str(first.trim());
            text.push(' ');
            pending = Some((start, text));
            continue;
        }
        text.push_str(line.trim());
        let (command, comment) = split_comment(&text);
        if command.is_empty() {
            continue;
        }
        out.push(Command {
            line: start,
            text: command.to_string(),
            expect: expectation(command, comment),
        });
    }
    out
}

/// The blocks of a Markdown text that run the tool, in order.
fn blocks(markdown: &str) -> Vec<Block> {
    code_blocks(markdown)
        .into_iter()
        .map(|(info, line, code)| Block {
            commands: commands(&info, line, &code),
        })
        .filter(|block| block.commands.iter().any(|c| runs_the_tool(&c.text)))
        .collect()
}

/// The author and committer of the clone's commits.
const GIT_ENV: [(&str, &str); 4] = [
    ("GIT_AUTHOR_NAME", "Reader"),
    ("GIT_AUTHOR_EMAIL", "reader@example.com"),
    ("GIT_COMMITTER_NAME", "Reader"),
    ("GIT_COMMITTER_EMAIL", "reader@example.com"),
];

/// A fresh "clone": the repository's `examples/`, copied and committed.
fn clone_of_examples(into: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.expect("examples/ reads");
        let to = into
            .join("examples")
            .join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let git = "git init -q -b main && git add -A && git commit -q -m clone";
    let status = std::process::Command::new("bash")
        .args(["-c", git])
        .current_dir(into)
        .env("HOME", into)
        .envs(GIT_ENV)
        .status()
        .expect("git runs");
    assert!(status.success(), "{git}: {status}");
}

/// The bash script for a block: each command run in turn in the same shell, its exit code and
/// standard error kept in `.readme/`.
fn script(block: &Block, tmp: &Path) -> String {
    let mut script = String::from("set -o pipefail\n");
    for (n, command) in block.commands.iter().enumerate() {
        if matches!(expected(command), Expect::Skip(_)) {
            continue;
        }
        let text = command
            .text
            .replace("cargo run --release -- ", "persona-maturity ")
            .replace("/tmp/", &format!("{}/", tmp.display()));
        script.push_str(&format!(
            "{{ {text}\n}} 2> \"$README_RUN/err-{n}\" < /dev/null\necho \"{n} $?\" >> \"$README_RUN/codes\"\n"
        ));
    }
    script
}

/// `needs jq` where `jq` is on PATH: the command can run here.
fn need_is_met(reason: &str) -> bool {
    let Some(program) = reason.strip_prefix("needs ") else {
        return false;
    };
    !program.contains(' ')
        && std::env::var_os("PATH")
            .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// What a command is expected to do, once the needs met here are known.
fn expected(command: &Command) -> &Expect {
    match &command.expect {
        Expect::Skip(reason) if need_is_met(reason) => &Expect::Exit(0),
        expect => expect,
    }
}

/// Runs a block in a fresh copy of the clone and adds what it gave to the report.
fn run_block(block: &Block, report: &mut Report) {
    let dir = tempfile::tempdir().unwrap();
    let (clone, tmp, run) = (
        dir.path().join("clone"),
        dir.path().join("tmp"),
        dir.path().join("run"),
    );
    for d in [&clone, &tmp, &run] {
        std::fs::create_dir_all(d).unwrap();
    }
    clone_of_examples(&clone);
    let bin = Path::new(env!("CARGO_BIN_EXE_persona-maturity"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = std::process::Command::new("bash")
        .arg("-c")
        .arg(script(block, &tmp))
        .current_dir(&clone)
        .env("PATH", path)
        .env("HOME", dir.path())
        .envs(GIT_ENV)
        .env("README_RUN", &run)
        .env("GITHUB_STEP_SUMMARY", run.join("step-summary.md"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("PERSONA_MATURITY_RUBRIC")
        .env_remove("GITHUB_WORKSPACE")
        .env_remove("CI_PROJECT_DIR")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("bash runs");
    let codes = std::fs::read_to_string(run.join("codes")).unwrap_or_default();
    let codes: std::collections::HashMap<usize, i32> = codes
        .lines()
        .filter_map(|l| {
            let (n, code) = l.split_once(' ')?;
            Some((n.parse().ok()?, code.parse().ok()?))
        })
        .collect();
    for (n, command) in block.commands.iter().enumerate() {
        let want = match expected(command) {
            Expect::Skip(reason) => {
                report.skipped.push(format!(
                    "README.md:{}: {} ({reason})",
                    command.line, command.text
                ));
                continue;
            }
            Expect::Exit(code) => *code,
        };
        report.ran += 1;
        let got = codes.get(&n).copied();
        if got != Some(want) {
            let err = std::fs::read_to_string(run.join(format!("err-{n}"))).unwrap_or_default();
            let got = got.map_or(
                format!("did not run (the block's shell ended: {status})"),
                |c| format!("exited {c}"),
            );
            report.failures.push(format!(
                "README.md:{}: `{}` {got}, the README says {want}\n{}",
                command.line,
                command.text,
                err.trim_end()
            ));
        }
    }
}

fn run_readme(markdown: &str) -> Report {
    let mut report = Report::default();
    for block in blocks(markdown) {
        run_block(&block, &mut report);
    }
    report
}

#[test]
fn every_command_in_the_readme_runs_from_a_clean_clone() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md reads");
    let report = run_readme(&readme);
    eprintln!(
        "README commands: {} run, {} skipped",
        report.ran,
        report.skipped.len()
    );
    for skipped in &report.skipped {
        eprintln!("  skipped: {skipped}");
    }
    assert!(report.ran > 0, "no command found in README.md");
    assert!(
        report.failures.is_empty(),
        "{} README commands do not do what the README says:\n\n{}",
        report.failures.len(),
        report.failures.join("\n\n")
    );
    let needs: Vec<&String> = report
        .skipped
        .iter()
        .filter(|s| !s.ends_with("(cargo: builds or tests the project itself)"))
        .collect();
    assert!(
        needs.len() <= MAX_SKIPPED,
        "{} README commands are marked (needs …) and not run (at most {MAX_SKIPPED}): {needs:#?}",
        needs.len()
    );
}

#[test]
fn a_command_naming_a_file_the_clone_lacks_fails_the_readme_test() {
    let markdown = "Try it:\n\n```sh\npersona-maturity score examples/answers/acme.yaml\n\
        persona-maturity score answers.yaml              # a file only the reader has\n```\n";
    let report = run_readme(markdown);
    assert_eq!(report.ran, 2);
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    assert!(
        report.failures[0]
            .starts_with("README.md:5: `persona-maturity score answers.yaml` exited 2"),
        "{}",
        report.failures[0]
    );
}

#[test]
fn the_readme_says_how_a_command_ends_in_its_comment() {
    let markdown =
        "```console\n$ persona-maturity check examples/programs/northwind-program.yaml \\\n  \
        --today 2026-11-22 --concise  # exit 1: claims ahead of its facts\nFAIL …\n\
        $ persona-maturity assess  # (needs a terminal) the questionnaire\n```\n\
        ```text\npersona-maturity score missing.yaml\n```\n";
    let blocks = blocks(markdown);
    assert_eq!(blocks.len(), 1);
    let commands = &blocks[0].commands;
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert_eq!(
        commands[0].text,
        "persona-maturity check examples/programs/northwind-program.yaml --today 2026-11-22 --concise"
    );
    assert_eq!(commands[0].expect, Expect::Exit(1));
    assert_eq!(commands[1].expect, Expect::Skip("needs a terminal".into()));
    let report = run_readme(markdown);
    assert_eq!((report.ran, report.skipped.len()), (1, 1));
    assert!(report.failures.is_empty(), "{:?}", report.failures);
}
