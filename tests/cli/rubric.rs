//! The framework as data: verbatim descriptions, validation of custom rubrics, `rubric show`.

use crate::common::run;
use persona_maturity::hooks::rubric::Rubric;

/// The source table's rows: display name and the four cells, highest level first.
fn source_rows() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/framework-source.txt"
    ))
    .unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("<b>"))
        .map(|l| {
            let (name, rest) = l.split_once("</b>\t").unwrap();
            (
                name.to_string(),
                rest.split('\t').map(str::to_string).collect(),
            )
        })
        .collect()
}

#[test]
fn every_level_description_is_the_source_text_verbatim_lowest_level_first() {
    let rubric = Rubric::builtin();
    let rows = source_rows();
    assert_eq!(rows.len(), 17);
    for (attr, (name, cells)) in rubric.attributes.iter().zip(&rows) {
        assert_eq!(cells.len(), 4, "{name}");
        let lowest_first: Vec<&String> = cells.iter().rev().collect();
        for (li, d) in attr.descriptions.iter().enumerate() {
            assert_eq!(
                d, lowest_first[li],
                "{} level {}",
                attr.id, rubric.levels[li].id
            );
        }
    }
}

#[test]
fn builtin_ids_are_the_documented_ones() {
    let r = Rubric::builtin();
    let sections: Vec<&str> = r.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        sections,
        ["core-attributes", "creating", "using", "maintaining"]
    );
    let attrs: Vec<&str> = r.attributes.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        attrs,
        [
            "internal-persona-ownership",
            "sharing-personas",
            "budget-allocation",
            "training",
            "executive-sponsorship",
            "qualitative-interviews",
            "quantitative-survey",
            "data-analysis",
            "industry-research",
            "number-of-personas",
            "depth-of-personas",
            "organizational-use",
            "database-segmentation",
            "database-completeness",
            "frequency-of-updates",
            "accessibility-and-storage",
            "use-of-data-to-refine"
        ]
    );
    assert_eq!(r.year, Some(2016));
    // Every attribute has a question and tips that cite guidance the rubric defines.
    for a in &r.attributes {
        assert!(a.question.is_some(), "{}", a.id);
        assert!(!a.tips.is_empty(), "{}", a.id);
        for t in &a.tips {
            assert!(
                r.guidance_title(t.source.as_deref().unwrap()).is_some(),
                "{}",
                a.id
            );
        }
    }
}

#[test]
fn validating_the_builtin_rubric_gives_exactly_the_qualitative_interviews_warning() {
    let (code, out, _) = run(&["rubric", "validate"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("rubric_validate_builtin", out);
    assert_eq!(out.matches("warning:").count(), 1);
    assert!(out.contains("`advancing` and `fully-optimized` of `qualitative-interviews`"));
    let (code, _, _) = run(&["rubric", "validate", "--strict"]);
    assert_eq!(code, 1);
}

#[test]
fn rubric_show_prints_the_framework_section_by_section() {
    let (code, out, _) = run(&["rubric", "show"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("rubric_show", out);
}

#[test]
fn rubric_show_as_yaml_round_trips_into_a_valid_identical_rubric() {
    let (code, out, _) = run(&["rubric", "show", "--format", "yaml"]);
    assert_eq!(code, 0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.yaml");
    std::fs::write(&path, &out).unwrap();
    let src = persona_maturity::hooks::source::Source::read(&path, None).unwrap();
    let (copy, _) = Rubric::load(&src).unwrap();
    assert_eq!(copy, Rubric::builtin());
    let (code, out, _) = run(&["rubric", "show", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["sections"][3]["attributes"][2]["id"],
        "use-of-data-to-refine"
    );
}

#[test]
fn a_custom_rubric_with_three_levels_scores_by_position() {
    let (code, out, err) = run(&[
        "--rubric",
        "tests/fixtures/rubrics/three-levels.yaml",
        "score",
        "tests/fixtures/rubrics/custom-answers.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // strategy: (2 + 3) / 2 = 2.5 -> repeatable; measurement: 1 -> ad-hoc; overall 1.75 -> ad-hoc
    assert_eq!(v["sections"][0]["score"], 2.5);
    assert_eq!(v["sections"][0]["level"], "repeatable");
    assert_eq!(v["overall"]["score"], 1.75);
    assert_eq!(v["overall"]["level"], "ad-hoc");
    assert_eq!(v["target"], "optimized");
}

/// Validate `tests/fixtures/rubrics/NAME`; assert exit 2 and return stderr.
fn invalid(name: &str) -> String {
    let path = format!("tests/fixtures/rubrics/{name}");
    let (code, _, err) = run(&["rubric", "validate", &path]);
    assert_eq!(code, 2, "{name}: {err}");
    assert!(!err.contains("panicked"));
    err
}

#[test]
fn rubrics_without_enough_levels_or_sections_are_errors() {
    assert!(invalid("zero-levels.yaml")
        .contains("levels: has 0 levels; a rubric needs at least 2 levels"));
    assert!(invalid("one-level.yaml").contains("has 1 level; a rubric needs at least 2 levels"));
    assert!(invalid("hundred-levels.yaml").contains("has 100 levels; at most 10 are supported"));
    assert!(invalid("no-sections.yaml").contains("no sections"));
}

#[test]
fn a_missing_or_unknown_level_description_is_an_error_with_a_suggestion() {
    let err = invalid("missing-description.yaml");
    assert!(err.contains("sections[1].attributes[0].levels: attribute `analytics` has no description for level `optimized`"), "{err}");
    let err = invalid("unknown-level.yaml");
    assert!(
        err.contains("describes level `repeatible`, which the rubric does not define"),
        "{err}"
    );
    assert!(err.contains("did you mean `repeatable`?"), "{err}");
}

#[test]
fn bad_duplicate_and_empty_names_are_errors() {
    let err = invalid("bad-id.yaml");
    assert!(
        err.contains("`Target Audience` is not a kebab-case id"),
        "{err}"
    );
    assert!(invalid("duplicate-id.yaml").contains("duplicate attribute id `audience`"));
    assert!(invalid("empty-name.yaml").contains("sections[1].attributes[0].name: name is empty"));
}

#[test]
fn an_attribute_without_a_question_is_a_warning() {
    let (code, out, _) = run(&[
        "rubric",
        "validate",
        "tests/fixtures/rubrics/three-levels.yaml",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("attribute `analytics` has no question"),
        "{out}"
    );
}

#[test]
fn a_rubric_file_without_a_known_extension_is_told_to_be_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rubric.txt");
    std::fs::copy("rubric/persona-optimization-framework.yaml", &file).unwrap();
    let file = file.to_str().unwrap();
    for args in [
        vec!["--rubric", file, "score", "examples/answers/acme.yaml"],
        vec!["rubric", "validate", file],
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            err.contains(
                "rubric.txt: unknown file extension; a rubric file ends in .yaml, .yml or .toml"
            ),
            "{err}"
        );
        assert!(
            !err.contains("--input-format"),
            "no flag that cannot help: {err}"
        );
    }
}

#[test]
fn a_level_named_as_an_answers_file_says_not_sure_is_refused() {
    // `unsure` as an id and `N/A` as a name: an answer at either level would be read as not
    // sure, and on the offline page the level would share its value with "Not sure".
    let err = invalid("reserved-level.yaml");
    assert!(
        err.contains("reserved-level.yaml:6: levels[0].id: level id `unsure` means \"not sure\" in an answers file"),
        "{err}"
    );
    assert!(
        err.contains("reserved-level.yaml:8: levels[2].name: level name `N/A` means \"not sure\""),
        "{err}"
    );
    assert!(
        err.contains("unsure, not sure, unanswered, skip, n/a"),
        "{err}"
    );
    // Not only `rubric validate`: every command that loads the rubric refuses it.
    let (code, _, err) = run(&[
        "--rubric",
        "tests/fixtures/rubrics/reserved-level.yaml",
        "form",
        "--format",
        "html",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("level id `unsure`"), "{err}");
}
