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

/// Words as the validator compares them: lowercase, "&" as "and", punctuation dropped.
fn words(s: &str) -> String {
    s.to_lowercase()
        .replace('&', " and ")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '%' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_step_of_every_attribute_has_its_own_tip_quoting_the_next_level() {
    let r = Rubric::builtin();
    for a in &r.attributes {
        assert!(a.stage.is_some(), "{} has a stage", a.id);
        for t in &a.tips {
            let to =
                t.to.unwrap_or_else(|| panic!("{}: a tip for every step", a.id));
            let quote = t.quote.as_deref().unwrap();
            // The tip answers the words of the level its step reaches.
            assert!(
                words(&a.descriptions[to]).contains(&words(quote)),
                "{} to {}: {quote:?}",
                a.id,
                r.levels[to].id
            );
            let source = t.source.as_deref().unwrap();
            assert!(r.guidance_title(source).is_some(), "{}: {source}", a.id);
        }
        for to in 1..r.levels.len() {
            let step: Vec<_> = a.tips.iter().filter(|t| t.to == Some(to)).collect();
            assert!(!step.is_empty(), "{} has a tip for the step to {to}", a.id);
            // At least one tip per step quotes what the level adds to the one below; where the
            // framework gives the two levels the same words, a tip says how this tool reads it.
            let new_words = step.iter().any(|t| {
                !words(&a.descriptions[to - 1]).contains(&words(t.quote.as_deref().unwrap()))
            });
            let reading = step.iter().any(|t| t.source.as_deref() == Some("tool"));
            assert!(
                new_words || reading,
                "{} to {}: quotes only what the level below already says",
                a.id,
                r.levels[to].id
            );
        }
    }
}

#[test]
fn tips_cite_what_the_guides_say_and_no_vague_guidance() {
    let r = Rubric::builtin();
    let ids: Vec<&str> = r.guidance.iter().map(|g| g.id.as_str()).collect();
    // One entry per named part of a guide, the framework, and this tool's reading; no entry
    // for a whole guide ("from the buyer-persona guidance").
    assert!(ids.contains(&"framework") && ids.contains(&"tool"));
    assert!(!ids.contains(&"creating-buyer-personas") && !ids.contains(&"negative-personas"));
    for g in &r.guidance {
        assert!(
            g.id == "framework"
                || g.id == "tool"
                || g.title.starts_with("the buyer-persona guide")
                || g.title.starts_with("the negative-persona guide"),
            "{}: {}",
            g.id,
            g.title
        );
    }
    // Every guidance entry is used by some tip.
    for g in &ids {
        assert!(
            r.attributes
                .iter()
                .any(|a| a.tips.iter().any(|t| t.source.as_deref() == Some(g))),
            "{g} is cited"
        );
    }
    // Whether personas work is measured: the Ownership KPI step and a maintenance step name
    // the negative-persona guide's measures.
    let tips_of = |id: &str, to: usize| -> String {
        r.attributes[r.attribute_index(id).unwrap()]
            .tips
            .iter()
            .filter(|t| t.to == Some(to))
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    for (id, to) in [
        ("internal-persona-ownership", 3),
        ("frequency-of-updates", 2),
    ] {
        let text = tips_of(id, to);
        for kpi in ["conversion rate", "lead quality", "customer lifetime value"] {
            assert!(text.contains(kpi), "{id} to {to}: {kpi} in {text}");
        }
    }
}

#[test]
fn the_seeds_ambiguities_are_named_where_a_next_level_is_no_goal() {
    let r = Rubric::builtin();
    let reading = |id: &str, to: usize| -> String {
        r.attributes[r.attribute_index(id).unwrap()]
            .tips
            .iter()
            .filter(|t| t.to == Some(to) && t.source.as_deref() == Some("tool"))
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(reading("number-of-personas", 1).contains("rather than a goal"));
    assert!(reading("number-of-personas", 1).contains("economic buyer"));
    assert!(reading("sharing-personas", 1).contains("a warning, not a target"));
    let demographics = &r.attributes[r.attribute_index("sharing-personas").unwrap()].tips;
    assert!(demographics
        .iter()
        .any(|t| t.to == Some(1) && t.source.as_deref() == Some("mistake-demographics")));
    assert!(reading("use-of-data-to-refine", 1).contains("not advice to stop using the CRM"));
    assert!(reading("depth-of-personas", 2).contains("at least 6"));
    assert!(reading("depth-of-personas", 3).contains("at least 9"));
    assert!(reading("qualitative-interviews", 3).contains("lost deals and churned customers"));
    assert!(reading("qualitative-interviews", 3).contains("latest round"));
}

/// A copy of the three-level fixture with `tips` added to its first attribute.
fn with_tips(tips: &str) -> (tempfile::TempDir, String) {
    let text = std::fs::read_to_string("tests/fixtures/rubrics/three-levels.yaml").unwrap();
    let text = text.replacen(
        "          optimized: A calendar tied to persona journeys.\n",
        &format!(
            "          optimized: A calendar tied to persona journeys.\n        tips:\n{tips}"
        ),
        1,
    );
    let text = text.replacen(
        "levels:\n  - { id: ad-hoc",
        "guidance:\n  - { id: own, title: our playbook }\nlevels:\n  - { id: ad-hoc",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.yaml");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

#[test]
fn a_tip_that_misquotes_its_level_or_names_no_step_is_an_error() {
    let (_d, path) = with_tips(
        "          - { to: repeatable, quote: \"a monthly calendar\", text: Plan ahead., source: own }\n\
         \x20         - { to: ad-hoc, text: Start., source: own }\n\
         \x20         - { to: optimised, text: Tie it., source: own }\n\
         \x20         - { quote: \"calendar\", text: Loose., source: own }\n",
    );
    let (code, _, err) = run(&["rubric", "validate", &path]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "the description of level `repeatable` does not contain \"a monthly calendar\""
        ),
        "{err}"
    );
    assert!(
        err.contains("`ad-hoc` is the lowest level: no step leads to it"),
        "{err}"
    );
    assert!(
        err.contains("names level `optimised`, which the rubric does not define"),
        "{err}"
    );
    assert!(err.contains("did you mean `optimized`?"), "{err}");
    assert!(err.contains("a quote needs `to`"), "{err}");
    // Quoted right (case, punctuation and "&" aside), it loads.
    let (_d, path) = with_tips(
        "          - { to: repeatable, quote: \"a QUARTERLY calendar\", text: Plan ahead., source: own }\n\
         \x20         - { to: optimized, quote: \"tied to persona journeys\", text: Tie it., source: own }\n",
    );
    let (code, out, err) = run(&["rubric", "validate", &path]);
    assert_eq!(code, 0, "{err}");
    // The other two attributes have no tip for either step: said once each, not per step.
    assert!(
        out.contains("attribute `audience` has no tip for the step to `repeatable`, `optimized`"),
        "{out}"
    );
    assert!(
        !out.contains("attribute `editorial-calendar` has no tip"),
        "{out}"
    );
}

#[test]
fn a_rubric_without_tips_loads_with_one_warning_and_reports_quote_the_next_level() {
    let (code, out, _) = run(&[
        "rubric",
        "validate",
        "tests/fixtures/rubrics/three-levels.yaml",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out.matches("no tip").count(), 1, "{out}");
    assert!(out.contains(
        "the rubric has no tips; reports show each step's next level description instead"
    ));
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
    let step = &v["next_steps"][0];
    assert_eq!(step["attribute"], "analytics");
    assert_eq!(step["tips"].as_array().unwrap().len(), 1);
    assert_eq!(step["tips"][0]["source"], serde_json::Value::Null);
    assert_eq!(
        step["tips"][0]["text"],
        "Work toward Repeatable's own words: \u{201c}Conversions per piece.\u{201d}"
    );
    assert!(step.get("stage").is_none(), "no stages, no stage");
    let (code, out, _) = run(&[
        "--rubric",
        "tests/fixtures/rubrics/three-levels.yaml",
        "plan",
        "tests/fixtures/rubrics/custom-answers.yaml",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Work toward Repeatable's own words: “Conversions per piece.” (the rubric has no tip for this step)"),
        "{out}"
    );
}

#[test]
fn stages_are_named_once_and_every_attribute_names_one_of_them() {
    let text = std::fs::read_to_string("tests/fixtures/rubrics/three-levels.yaml").unwrap();
    let staged = text
        .replacen(
            "sections:\n",
            "stages:\n  - { id: plan, name: Plan }\n  - { id: measure, name: Measure }\nsections:\n",
            1,
        )
        .replacen("        question: Do you plan content ahead?\n", "        question: Do you plan content ahead?\n        stage: plan\n", 1)
        .replacen("        question: Do you know who you write for?\n", "        question: Do you know who you write for?\n        stage: plann\n", 1);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.yaml");
    std::fs::write(&path, staged).unwrap();
    let (code, _, err) = run(&["rubric", "validate", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("names stage `plann`, which the rubric's `stages` list does not define"),
        "{err}"
    );
    assert!(err.contains("did you mean `plan`?"), "{err}");
    assert!(
        err.contains(
            "attribute `analytics` names no stage; the rubric's stages are: plan, measure"
        ),
        "{err}"
    );
}

#[test]
fn a_level_id_an_answers_file_reads_as_another_type_is_refused() {
    // `null`, `1` and `true` written as answers (`editorial-calendar: 1`) read as no value, a
    // number and a boolean: the answer would count as unanswered or be refused.
    let err = invalid("yaml-typed-level.yaml");
    for says in [
        "yaml-typed-level.yaml:6: levels[0].id: level id `null` reads as no value at all (an unanswered question) in an answers file (`attribute: null`), not as this level",
        "yaml-typed-level.yaml:7: levels[1].id: level id `1` reads as a number in an answers file",
        "yaml-typed-level.yaml:8: levels[2].id: level id `true` reads as true or false in an answers file",
        "give the level another id, such as `level-1`",
    ] {
        assert!(err.contains(says), "{says}\n{err}");
    }
    let (code, out, err) = run(&[
        "--rubric",
        "tests/fixtures/rubrics/yaml-typed-level.yaml",
        "form",
        "--format",
        "html",
    ]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
}

#[test]
fn short_level_descriptions_that_differ_are_not_called_near_identical() {
    // "No" against "Partly", "10–60 %" against "Over 60 %": one word apart, and all the meaning.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("short.yaml");
    std::fs::write(
        &path,
        "id: short\nversion: \"1\"\nname: Short\nlevels:\n  - { id: no, name: No }\n  - { id: partly, name: Partly }\n  - { id: most, name: Most }\n\
         sections:\n  - id: s\n    name: S\n    attributes:\n      - id: reviews\n        name: Reviews\n        question: Are personas reviewed?\n        levels:\n\
         \x20         no: \"No\"\n          partly: \"Partly\"\n          most: \"Yes\"\n\
         \x20     - id: coverage\n        name: Coverage\n        question: How much of the database is mapped?\n        levels:\n\
         \x20         no: \"Under 10 %\"\n          partly: \"10–60 %\"\n          most: \"Over 60 %\"\n",
    )
    .unwrap();
    let (code, out, err) = run(&["rubric", "validate", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("near-identical"), "{err}");
}

/// The three-level fixture with stages (plan, measure), each attribute in one of them, and the
/// extra lines given under each attribute's question (or, for `analytics`, its name).
fn staged_rubric(calendar: &str, audience: &str, analytics: &str) -> String {
    std::fs::read_to_string("tests/fixtures/rubrics/three-levels.yaml")
        .unwrap()
        .replacen(
            "sections:\n",
            "stages:\n  - { id: plan, name: Plan }\n  - { id: measure, name: Measure }\nsections:\n",
            1,
        )
        .replacen(
            "        question: Do you plan content ahead?\n",
            &format!("        question: Do you plan content ahead?\n        stage: plan\n{calendar}"),
            1,
        )
        .replacen(
            "        question: Do you know who you write for?\n",
            &format!("        question: Do you know who you write for?\n        stage: plan\n{audience}"),
            1,
        )
        .replacen(
            "        name: Analytics\n",
            &format!("        name: Analytics\n        stage: measure\n{analytics}"),
            1,
        )
}

#[test]
fn what_an_attribute_rests_on_is_an_attribute_of_an_earlier_stage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.yaml");
    let validate = |text: String| {
        std::fs::write(&path, text).unwrap();
        run(&["rubric", "validate", path.to_str().unwrap()])
    };
    // Analytics (measure) rests on the calendar (plan), and audience goes to `optimized` in the
    // first round: valid.
    let (code, out, err) = validate(staged_rubric(
        "",
        "        first_target: optimized\n",
        "        rests_on: [editorial-calendar]\n",
    ));
    assert_eq!(code, 0, "{out}{err}");
    // A misspelt attribute, one of the same stage, and a first target at the lowest level:
    // each named at its place.
    let (code, _, err) = validate(staged_rubric(
        "        rests_on: [audience]\n",
        "        first_target: ad-hoc\n",
        "        rests_on: [editorial-calender]\n",
    ));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("`editorial-calendar` rests on `audience`, which is not of an earlier stage"),
        "{err}"
    );
    assert!(
        err.contains("names attribute `editorial-calender`, which the rubric does not define"),
        "{err}"
    );
    assert!(err.contains("did you mean `editorial-calendar`?"), "{err}");
    assert!(
        err.contains("`ad-hoc` is the lowest level: no step leads to it"),
        "{err}"
    );
    let (code, _, err) = validate(staged_rubric("", "        first_target: great\n", ""));
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown level `great`; expected one of: ad-hoc, repeatable, optimized"),
        "{err}"
    );
}

#[test]
fn a_custom_rubrics_plan_waits_for_what_a_step_rests_on() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = dir.path().join("r.yaml");
    std::fs::write(
        &rubric,
        staged_rubric("", "", "        rests_on: [editorial-calendar]\n"),
    )
    .unwrap();
    let answers = dir.path().join("a.yaml");
    std::fs::write(
        &answers,
        "answers: { editorial-calendar: ad-hoc, audience: optimized, analytics: ad-hoc }\n",
    )
    .unwrap();
    let (code, out, err) = run(&[
        "--rubric",
        rubric.to_str().unwrap(),
        "plan",
        answers.to_str().unwrap(),
        "--start",
        "2027-01-01",
        "--format",
        "csv",
        "--per-quarter",
        "3",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<(String, String, String)> = csv::Reader::from_reader(out.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[2].to_string(), r[6].to_string())
        })
        .collect();
    // Analytics to repeatable waits for the calendar to reach repeatable, in the same quarter at
    // the earliest; to optimized, for the calendar at optimized.
    let quarter = |a: &str, l: &str| {
        rows.iter()
            .find(|(_, x, y)| x == a && y == l)
            .map(|(q, _, _)| q.clone())
            .unwrap()
    };
    assert!(quarter("analytics", "repeatable") >= quarter("editorial-calendar", "repeatable"));
    assert!(quarter("analytics", "optimized") >= quarter("editorial-calendar", "optimized"));
}

#[test]
fn an_empty_rubric_variable_is_unset_as_an_unset_ci_variable_is() {
    // `PERSONA_MATURITY_RUBRIC: ${{ vars.RUBRIC }}` with no such variable: the empty string.
    let r = crate::common::Pm::new(["score", "examples/answers/acme.yaml"])
        .env("PERSONA_MATURITY_RUBRIC", "")
        .run()
        .exits(0);
    assert!(
        r.out.contains("Persona Optimization Framework"),
        "{}",
        r.out
    );
    // Set, it still names the rubric.
    crate::common::Pm::new(["score", "examples/answers/acme.yaml"])
        .env("PERSONA_MATURITY_RUBRIC", "no-such-rubric.yaml")
        .run()
        .exits(2)
        .says("no-such-rubric.yaml");
}
