//! The help text of every command, reviewed like code.

use crate::common::run;

fn help(args: &[&str]) -> String {
    let mut a = args.to_vec();
    a.push("--help");
    let (code, out, _) = run(&a);
    assert_eq!(code, 0, "{args:?}");
    out
}

/// Every command and subcommand, as clap knows them (its `help` aside): a new command gets its
/// help snapshot without a list to keep.
fn every_command() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut p = path.to_vec();
            p.push(sub.get_name().to_string());
            out.push(p.clone());
            walk(sub, &p, out);
        }
    }
    let mut cmd = persona_maturity::hooks::cli::command();
    cmd.build();
    let mut out = vec![Vec::new()];
    walk(&cmd, &[], &mut out);
    out
}

#[test]
fn help_of_every_command() {
    let commands = every_command();
    assert!(commands.len() >= 20, "{commands:?}");
    for cmd in commands {
        let cmd: Vec<&str> = cmd.iter().map(String::as_str).collect();
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

/// Each command offers its own formats, by the one set of names: `--help` lists exactly those,
/// and any other is clap's usage error (exit 2) listing them, as for any flag value.
#[test]
fn each_command_lists_and_accepts_only_the_formats_it_renders() {
    let offered: [(&[&str], &str); 8] = [
        (&["score"], "table, json, markdown, csv, html"),
        (
            &["check"],
            "table, json, markdown, github, junit, html, sarif, gitlab",
        ),
        (&["history"], "table, markdown, csv, json, html"),
        (&["plan"], "table, markdown, csv, json, targets"),
        (&["evidence", "crm"], "table, json, markdown, csv, html"),
        (&["form"], "table, markdown, json, csv, html"),
        (&["rubric", "show"], "table, yaml, json"),
        (&["rules"], "table, json"),
    ];
    for (command, formats) in offered {
        let mut short: Vec<&str> = command.to_vec();
        short.push("-h");
        let (code, out, _) = run(&short);
        assert_eq!(code, 0);
        // As one line, however the help is wrapped.
        let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            out.contains(&format!("[possible values: {formats}]")),
            "{command:?}: {out}"
        );
        // `yaml` is a format of `rubric show` only; `targets` of `plan` only.
        let other = if command == ["plan"] {
            "yaml"
        } else {
            "targets"
        };
        let mut args: Vec<&str> = command.to_vec();
        args.extend(["x.yaml", "--format", other]);
        if command == ["form"] || command == ["rubric", "show"] || command == ["rules"] {
            args.retain(|a| *a != "x.yaml");
        }
        let r = crate::common::Pm::new(&args)
            .run()
            .exits(2)
            .says(&format!("invalid value '{other}' for '--format <FORMAT>'"))
            .says(&format!("[possible values: {formats}]"));
        assert!(r.out.is_empty(), "{r}");
    }
    // A near miss gets clap's hint.
    crate::common::Pm::new(["check", "--format", "sarfi"])
        .run()
        .exits(2)
        .says("a similar value exists: 'sarif'");
}
