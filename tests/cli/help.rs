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
