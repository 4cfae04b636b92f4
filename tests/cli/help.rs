//! The help text of every command, reviewed like code.

use crate::common::run;

fn help(args: &[&str]) -> String {
    let mut a = args.to_vec();
    a.push("--help");
    let (code, out, _) = run(&a);
    assert_eq!(code, 0, "{args:?}");
    out
}

#[test]
fn help_of_every_command() {
    for cmd in [
        vec![],
        vec!["score"],
        vec!["assess"],
        vec!["check"],
        vec!["form"],
        vec!["import"],
        vec!["history"],
        vec!["plan"],
        vec!["evidence"],
        vec!["evidence", "crm"],
        vec!["evidence", "interviews"],
        vec!["init"],
        vec!["schema"],
        vec!["rubric"],
        vec!["rubric", "show"],
        vec!["rubric", "validate"],
        vec!["explain"],
        vec!["rules"],
        vec!["completions"],
        vec!["man"],
    ] {
        let name = if cmd.is_empty() {
            "main".to_string()
        } else {
            cmd.join("_")
        };
        insta::assert_snapshot!(format!("help_{name}"), help(&cmd));
    }
}

#[test]
fn version_is_printed() {
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("persona-maturity {}", env!("CARGO_PKG_VERSION"))
    );
}

/// One vocabulary for the terminal format: every command that renders takes `table`, `human`
/// and `text` alike for its default output, and the output is the default's, byte for byte.
#[test]
fn every_command_takes_table_human_and_text_for_its_terminal_output() {
    let commands: [&[&str]; 7] = [
        &["score", "examples/answers/acme.yaml"],
        &[
            "check",
            "examples/programs/northwind-program.yaml",
            "--today",
            "2026-11-22",
        ],
        &["plan", "examples/answers/acme.yaml"],
        &["form"],
        &["rubric", "show"],
        &["rules"],
        &["history", "examples/answers/acme.yaml"],
    ];
    for args in commands {
        let (code, default, err) = run(args);
        for name in ["table", "human", "text"] {
            let with: Vec<&str> = args.iter().copied().chain(["--format", name]).collect();
            let (c, out, e) = run(&with);
            assert_eq!(
                (c, &out),
                (code, &default),
                "{with:?} differs from {args:?}: {e} / {err}"
            );
        }
    }
}
