//! The machine-readable outputs, pinned: schema_version 1 of the JSON, and the CSV columns. A
//! change here is a change to a contract that scripts rely on (README: JSON and CSV output).

use crate::common::run;

fn out(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn score_json_schema_version_1() {
    for (name, args) in [
        (
            "json_acme",
            vec!["score", "examples/answers/acme.yaml", "--format", "json"],
        ),
        (
            "json_acme_vs_q2",
            vec![
                "score",
                "examples/answers/acme.yaml",
                "--baseline",
                "examples/answers/acme-q2.yaml",
                "--format",
                "json",
            ],
        ),
        (
            "json_q4_vs_q2_combined",
            vec![
                "score",
                "examples/responses/acme-q4",
                "--baseline",
                "examples/responses/acme-q2",
                "--format",
                "json",
            ],
        ),
        (
            "json_northwind_toml",
            vec![
                "score",
                "examples/answers/northwind-sales.toml",
                "--format",
                "json",
                "--target",
                "advancing",
            ],
        ),
    ] {
        insta::assert_snapshot!(name, out(&args));
    }
}

#[test]
fn score_csv_columns() {
    insta::assert_snapshot!(
        "csv_acme_vs_q2",
        out(&[
            "score",
            "examples/answers/acme.yaml",
            "--baseline",
            "examples/answers/acme-q2.yaml",
            "--format",
            "csv"
        ])
    );
}

#[test]
fn check_json_schema_version_1() {
    let (_, out, _) = run(&[
        "check",
        "examples/programs/acme-program.yaml",
        "--today",
        "2026-11-22",
        "--format",
        "json",
    ]);
    insta::assert_snapshot!("check_json_acme", out);
}
